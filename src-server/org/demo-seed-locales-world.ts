// The sales territories of the demo organisation outside Europe (North
// America, Greater China, Japan) and the full list of locales (see
// demo-seed-locales.ts for what a locale holds and why the data is invented).
import { englishSectors, type Locale } from './demo-seed-locales';
import { europeanLocales } from './demo-seed-locales-europe';

const cnMobile = '+86 138 0555 ####';
const jpMobile = '+81 90 5555 ####';

const worldLocales: readonly Locale[] = [
  {
    territory: 'North America', country: 'United States', currency: 'USD', weight: 12, addressStyle: 'numberFirst',
    phoneFormats: ['+1 212 555 01##', '+1 312 555 01##', '+1 512 555 01##', '+1 206 555 01##'],
    cities: [
      // 555-0100 to 555-0199 are the numbers set aside for fiction in every area code: more codes, more numbers.
      { city: 'New York', region: 'NY', postalCode: '10013', phoneFormats: ['+1 212 555 01##', '+1 646 555 01##', '+1 718 555 01##', '+1 917 555 01##', '+1 332 555 01##'] },
      { city: 'Chicago', region: 'IL', postalCode: '60601', phoneFormats: ['+1 312 555 01##', '+1 773 555 01##', '+1 872 555 01##'] },
      { city: 'Austin', region: 'TX', postalCode: '78701', phoneFormats: ['+1 512 555 01##', '+1 737 555 01##'] },
      { city: 'Seattle', region: 'WA', postalCode: '98101', phoneFormats: ['+1 206 555 01##', '+1 564 555 01##'] },
      { city: 'Boston', region: 'MA', postalCode: '02110', phoneFormats: ['+1 617 555 01##', '+1 857 555 01##'] },
      { city: 'Denver', region: 'CO', postalCode: '80202', phoneFormats: ['+1 303 555 01##', '+1 720 555 01##'] },
    ],
    streets: ['Main Street', 'Broadway', 'Market Street', 'Elm Street', 'Lakeshore Drive'],
    firstNames: [
      'Aaliyah', 'Carlos', 'Renée', 'DeShawn', 'Priya', 'Mateo', 'Emily', 'Jamal', 'Hannah', 'Andrés', 'Mei', 'Tyler', 'Brianna', 'Marcus', 'Sofia', 'Ethan',
      'Lakshmi', 'Jordan', 'Madison', 'Diego', 'Grace', 'Malik', 'Olivia', 'Ryan', 'Ximena', 'Caleb', 'Aisha', 'Logan', 'Chloe', 'Dmitri',
    ],
    lastNames: [
      'Johnson', 'Williams', 'Ramírez', 'Nguyễn', 'Patel', 'Kim', 'O’Connor', 'Rodríguez', 'Washington', 'Chen', 'Kowalski', 'Brown', 'Davis', 'Miller',
      'Garcia', 'Wilson', 'Anderson', 'Jackson', 'Thomas', 'Moore', 'Martin', 'Lee', 'Thompson', 'White', 'Harris', 'Clark', 'Lewis', 'Robinson', 'Walker', 'Young',
    ],
    companyStems: ['Summit', 'Liberty', 'Cascade', 'Great Lakes', 'Redwood', 'Keystone', 'Pioneer'], sectors: englishSectors,
    legalForms: ['Inc.', 'LLC', 'Corp.'],
  },
  {
    territory: 'North America', country: 'Canada', currency: 'CAD', weight: 4, addressStyle: 'numberFirst',
    phoneFormats: ['+1 416 555 01##', '+1 514 555 01##', '+1 604 555 01##'],
    cities: [
      { city: 'Toronto', region: 'ON', postalCode: 'M5H 2N2', phoneFormats: ['+1 416 555 01##', '+1 647 555 01##', '+1 437 555 01##'], streets: ['Yonge Street', 'Bay Street', 'Queen Street West'] },
      { city: 'Montréal', region: 'QC', postalCode: 'H2Y 1C6', phoneFormats: ['+1 514 555 01##', '+1 438 555 01##'], streets: ['rue Sainte-Catherine', 'boulevard Saint-Laurent'] },
      { city: 'Vancouver', region: 'BC', postalCode: 'V6B 1A1', phoneFormats: ['+1 604 555 01##', '+1 778 555 01##'], streets: ['Granville Street', 'Robson Street'] },
    ],
    streets: ['Yonge Street', 'Rue Sainte-Catherine', 'Granville Street', 'Bay Street'],
    firstNames: ['Émilie', 'Olivier', 'Chloé', 'Liam', 'Maëlle', 'Noah', 'Gabrielle', 'Ethan'],
    lastNames: ['Tremblay', 'Gagnon', 'Côté', 'Roy', 'Bouchard', 'MacDonald', 'Wilson', 'Leblanc'],
    companyStems: ['Maple Leaf', 'Laurentian', 'Northern', 'Boréal'], sectors: englishSectors, legalForms: ['Inc.', 'Ltd.'],
  },
  {
    territory: 'Greater China', country: '中国', currency: 'CNY', weight: 10, familyFirst: true, addressStyle: 'chinese',
    phoneFormats: ['+86 21 5555 ####', '+86 10 5555 ####', '+86 138 0555 ####'],
    cities: [
      { city: '上海', region: '上海市', postalCode: '200001', ascii: 'shanghai', phoneFormats: ['+86 21 5555 ####', cnMobile], streets: ['南京东路', '淮海中路', '中山北路'] },
      { city: '北京', region: '北京市', postalCode: '100005', ascii: 'beijing', phoneFormats: ['+86 10 5555 ####', cnMobile], streets: ['长安街', '王府井大街', '建国路'] },
      { city: '深圳', region: '广东省', postalCode: '518000', ascii: 'shenzhen', phoneFormats: ['+86 755 5555 ####', cnMobile], streets: ['深南大道', '华强北路'] },
      { city: '广州', region: '广东省', postalCode: '510000', ascii: 'guangzhou', phoneFormats: ['+86 20 5555 ####', cnMobile], streets: ['天河路', '环市东路'] },
      { city: '杭州', region: '浙江省', postalCode: '310000', ascii: 'hangzhou', phoneFormats: ['+86 571 5555 ####', cnMobile], streets: ['延安路', '文三路'] },
      { city: '成都', region: '四川省', postalCode: '610000', ascii: 'chengdu', phoneFormats: ['+86 28 5555 ####', cnMobile], streets: ['人民南路', '春熙路'] },
    ],
    streets: ['南京东路', '长安街', '深南大道', '天河路', '中山北路', '人民路'],
    firstNames: [
      ['小明', 'xiaoming'], ['静', 'jing'], ['伟', 'wei'], ['洋', 'yang'], ['晓燕', 'xiaoyan'], ['建国', 'jianguo'], ['丽', 'li'], ['敏', 'min'], ['强', 'qiang'],
      ['磊', 'lei'], ['婷', 'ting'], ['芳', 'fang'], ['杰', 'jie'], ['海涛', 'haitao'], ['志强', 'zhiqiang'], ['秀英', 'xiuying'], ['佳怡', 'jiayi'], ['子轩', 'zixuan'],
      ['雨桐', 'yutong'], ['浩然', 'haoran'], ['欣怡', 'xinyi'], ['俊杰', 'junjie'], ['梓涵', 'zihan'], ['文博', 'wenbo'], ['思远', 'siyuan'], ['美玲', 'meiling'],
      ['国华', 'guohua'], ['春梅', 'chunmei'], ['宇航', 'yuhang'], ['晨曦', 'chenxi'],
    ],
    lastNames: [
      ['王', 'wang'], ['李', 'li'], ['张', 'zhang'], ['刘', 'liu'], ['陈', 'chen'], ['杨', 'yang'], ['黄', 'huang'], ['赵', 'zhao'], ['吴', 'wu'], ['周', 'zhou'],
      ['徐', 'xu'], ['孙', 'sun'], ['马', 'ma'], ['朱', 'zhu'], ['胡', 'hu'], ['郭', 'guo'], ['林', 'lin'], ['高', 'gao'], ['何', 'he'], ['罗', 'luo'], ['郑', 'zheng'],
      ['梁', 'liang'], ['谢', 'xie'], ['宋', 'song'], ['唐', 'tang'],
    ],
    companyStems: [['星辰', 'xingchen'], ['华信', 'huaxin'], ['恒通', 'hengtong'], ['瑞丰', 'ruifeng'], ['金桥', 'jinqiao'], ['东方', 'dongfang'], ['远航', 'yuanhang']],
    sectors: [['贸易', 'trading', 'Wholesale'], ['科技', 'tech', 'Electronics'], ['医疗器械', 'medical', 'Healthcare'], ['物流', 'logistics', 'Logistics'], ['食品', 'foods', 'Food & Beverage'], ['新能源', 'energy', 'Energy']],
    legalForms: ['有限公司', '股份有限公司'],
    titles: ['采购经理', '总经理', '运营总监', '财务总监', '销售经理', 'IT主管', '工厂厂长'],
  },
  {
    territory: 'Japan', country: '日本', currency: 'JPY', weight: 5, familyFirst: true, addressStyle: 'japanese',
    phoneFormats: ['+81 3 5555 ####', '+81 6 5555 ####', '+81 90 5555 ####'],
    cities: [
      // Each city's street is the district its postal code names (丸の内 100-0005, 梅田 530-0001, 名駅 450-0002, 天神 810-0001).
      { city: '東京', region: '東京都', postalCode: '100-0005', ascii: 'tokyo', phoneFormats: ['+81 3 5555 ####', jpMobile], streets: ['丸の内'] },
      { city: '大阪', region: '大阪府', postalCode: '530-0001', ascii: 'osaka', phoneFormats: ['+81 6 5555 ####', jpMobile], streets: ['梅田'] },
      { city: '名古屋', region: '愛知県', postalCode: '450-0002', ascii: 'nagoya', phoneFormats: ['+81 52 555 ####', jpMobile], streets: ['名駅'] },
      { city: '福岡', region: '福岡県', postalCode: '810-0001', ascii: 'fukuoka', phoneFormats: ['+81 92 555 ####', jpMobile], streets: ['天神'] },
    ],
    streets: ['丸の内', '梅田', '名駅', '天神'],
    firstNames: [
      ['健太', 'kenta'], ['花子', 'hanako'], ['翔', 'sho'], ['美咲', 'misaki'], ['大輔', 'daisuke'], ['陽菜', 'hina'], ['拓也', 'takuya'], ['由美', 'yumi'],
      ['直樹', 'naoki'], ['恵', 'megumi'], ['誠', 'makoto'], ['愛', 'ai'], ['裕子', 'yuko'], ['亮', 'ryo'], ['さくら', 'sakura'], ['和也', 'kazuya'],
    ],
    lastNames: [
      ['佐藤', 'sato'], ['鈴木', 'suzuki'], ['高橋', 'takahashi'], ['田中', 'tanaka'], ['伊藤', 'ito'], ['渡辺', 'watanabe'], ['山本', 'yamamoto'], ['中村', 'nakamura'],
      ['小林', 'kobayashi'], ['加藤', 'kato'], ['吉田', 'yoshida'], ['山田', 'yamada'], ['松本', 'matsumoto'], ['井上', 'inoue'], ['木村', 'kimura'], ['林', 'hayashi'],
    ],
    companyStems: [['さくら', 'sakura'], ['富士', 'fuji'], ['青葉', 'aoba'], ['東邦', 'toho'], ['大和', 'yamato']],
    sectors: [['精機', 'seiki', 'Manufacturing'], ['物流', 'butsuryu', 'Logistics'], ['商事', 'shoji', 'Wholesale'], ['製薬', 'seiyaku', 'Healthcare'], ['電機', 'denki', 'Electronics']],
    legalForms: ['株式会社'],
    titles: ['購買部長', '営業部長', '代表取締役', '工場長', '総務課長'],
  },
];

export const demoLocales: readonly Locale[] = [...europeanLocales, ...worldLocales];
