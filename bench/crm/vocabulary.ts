// The invented words the CRM fixture is made of: people's names (Latin with
// accents, Chinese, Japanese), company name parts, places, territories,
// industries, titles and tags, each list with the weights that shape the
// filters the benchmark measures (a few large territories and many small
// ones, common and rare tags). Nothing here is customer data: names are
// common given and family names combined at random, domains end in the
// reserved .example TLD (RFC 2606).

/** A value with its relative weight. */
export type Weighted<T> = readonly (readonly [T, number])[];

/** Latin-script given names, some with diacritics (folded away by search). */
export const latinGiven = [
  'Ada', 'Adrián', 'Agnès', 'Aiko', 'Alejandro', 'Amara', 'Ana', 'André', 'Anja', 'Ben', 'Björn', 'Bruno', 'Carla', 'Chloé',
  'Clément', 'Dara', 'Diego', 'Dorota', 'Elif', 'Élodie', 'Emil', 'Fatima', 'Finn', 'François', 'Grace', 'Hana', 'Hélène',
  'Hugo', 'Inês', 'Ingrid', 'Ivan', 'Jana', 'João', 'Jonas', 'José', 'Jürgen', 'Kai', 'Kemi', 'Lars', 'Lena', 'Léa', 'Luis',
  'Łukasz', 'Magnús', 'Maja', 'María', 'Mateo', 'Matthias', 'Maya', 'Mehmet', 'Nadia', 'Nils', 'Noémie', 'Noor', 'Olga',
  'Omar', 'Ólafur', 'Paula', 'Priya', 'Quinn', 'Rafael', 'Renée', 'Rosa', 'Sami', 'Sébastien', 'Sofia', 'Søren', 'Stéphane',
  'Tariq', 'Tess', 'Thomas', 'Uma', 'Valérie', 'Viktor', 'Wen', 'Xavier', 'Yara', 'Yusuf', 'Zoë', 'Zuzana',
] as const;

export const latinFamily = [
  'Abbott', 'Almeida', 'Álvarez', 'Becker', 'Bianchi', 'Brandão', 'Castillo', 'Çelik', 'Dubois', 'Dvořák', 'Eriksen',
  'Fernández', 'Fischer', 'García', 'Gonçalves', 'Haddad', 'Hansen', 'Hoffmann', 'Jensen', 'Jiménez', 'Kowalski',
  'Kovačević', 'Kumar', 'Lambert', 'Lefèvre', 'Lindqvist', 'Martin', 'Martínez', 'Moreau', 'Müller', 'Novák', 'Núñez',
  'Ødegaard', 'Okafor', 'Olsen', 'Öztürk', 'Park', 'Pérez', 'Petrov', 'Quispe', 'Rossi', 'Sánchez', 'Santos', 'Schmidt',
  'Schröder', 'Silva', 'Szabó', 'Torres', 'Usman', 'Varga', 'Wagner', 'Weber', 'Wiśniewski', 'Yılmaz', 'Zhang', 'Żak',
] as const;

/** Chinese family names with a romanisation for e-mail addresses. */
export const chineseFamily = [
  ['王', 'wang'], ['李', 'li'], ['张', 'zhang'], ['刘', 'liu'], ['陈', 'chen'], ['杨', 'yang'], ['黄', 'huang'], ['赵', 'zhao'],
  ['吴', 'wu'], ['周', 'zhou'], ['徐', 'xu'], ['孙', 'sun'], ['马', 'ma'], ['朱', 'zhu'], ['胡', 'hu'], ['郭', 'guo'],
  ['何', 'he'], ['高', 'gao'], ['林', 'lin'], ['罗', 'luo'], ['郑', 'zheng'], ['梁', 'liang'], ['谢', 'xie'], ['宋', 'song'],
  ['唐', 'tang'], ['许', 'xu'], ['韩', 'han'], ['冯', 'feng'], ['邓', 'deng'], ['曹', 'cao'], ['欧阳', 'ouyang'], ['司马', 'sima'],
] as const;

export const chineseGiven = [
  ['伟', 'wei'], ['芳', 'fang'], ['娜', 'na'], ['敏', 'min'], ['静', 'jing'], ['丽', 'li'], ['强', 'qiang'], ['磊', 'lei'],
  ['军', 'jun'], ['洋', 'yang'], ['勇', 'yong'], ['艳', 'yan'], ['杰', 'jie'], ['娟', 'juan'], ['涛', 'tao'], ['明', 'ming'],
  ['超', 'chao'], ['秀英', 'xiuying'], ['霞', 'xia'], ['平', 'ping'], ['刚', 'gang'], ['桂英', 'guiying'], ['小明', 'xiaoming'],
  ['晓东', 'xiaodong'], ['志强', 'zhiqiang'], ['海燕', 'haiyan'], ['建华', 'jianhua'], ['文', 'wen'], ['斌', 'bin'], ['宇', 'yu'],
  ['浩', 'hao'], ['婷', 'ting'], ['欣怡', 'xinyi'], ['子涵', 'zihan'], ['梓萱', 'zixuan'], ['一诺', 'yinuo'], ['俊杰', 'junjie'],
  ['雨桐', 'yutong'], ['嘉怡', 'jiayi'], ['思远', 'siyuan'],
] as const;

export const japaneseFamily = [
  ['佐藤', 'sato'], ['鈴木', 'suzuki'], ['高橋', 'takahashi'], ['田中', 'tanaka'], ['渡辺', 'watanabe'], ['伊藤', 'ito'],
  ['山本', 'yamamoto'], ['中村', 'nakamura'], ['小林', 'kobayashi'], ['加藤', 'kato'],
] as const;

export const japaneseGiven = [
  ['健', 'ken'], ['翔太', 'shota'], ['陽菜', 'hina'], ['さくら', 'sakura'], ['ゆうき', 'yuki'], ['大輔', 'daisuke'],
  ['美咲', 'misaki'], ['拓也', 'takuya'], ['あおい', 'aoi'], ['蓮', 'ren'],
] as const;

export const titles: Weighted<string> = [
  ['', 30], ['Sales Manager', 8], ['Head of Procurement', 6], ['Purchasing Agent', 6], ['CTO', 2], ['CEO', 2], ['Buyer', 8],
  ['Operations Lead', 5], ['Einkaufsleiter', 3], ['Directrice commerciale', 2], ['Jefe de compras', 2], ['采购经理', 3],
  ['销售总监', 2], ['営業部長', 1], ['Office Manager', 4], ['Facility Manager', 3], ['Finance Director', 3], ['IT-Leiter', 2],
];

/** City, country, and the territory accounts there mostly belong to. */
export const places = [
  ['Berlin', 'Germany', 'DACH North'], ['Hamburg', 'Germany', 'DACH North'], ['München', 'Germany', 'DACH South'],
  ['Stuttgart', 'Germany', 'DACH South'], ['Zürich', 'Switzerland', 'DACH South'], ['Wien', 'Austria', 'DACH South'],
  ['Paris', 'France', 'Île-de-France'], ['Lyon', 'France', 'France Sud'], ['Lille', 'France', 'France Nord'],
  ['Bruxelles', 'Belgium', 'Benelux'], ['Amsterdam', 'Netherlands', 'Benelux'], ['Madrid', 'Spain', 'Iberia'],
  ['Sevilla', 'Spain', 'Iberia'], ['Lisboa', 'Portugal', 'Iberia'], ['Milano', 'Italy', 'Italia'], ['Kraków', 'Poland', 'Poland'],
  ['Praha', 'Czechia', 'CEE'], ['Budapest', 'Hungary', 'CEE'], ['Stockholm', 'Sweden', 'Nordics'], ['Oslo', 'Norway', 'Nordics'],
  ['København', 'Denmark', 'Nordics'], ['Reykjavík', 'Iceland', 'Nordics'], ['London', 'United Kingdom', 'UK & Ireland'],
  ['Dublin', 'Ireland', 'UK & Ireland'], ['New York', 'USA', 'US East'], ['Boston', 'USA', 'US East'], ['Chicago', 'USA', 'US Central'],
  ['Austin', 'USA', 'US Central'], ['San Francisco', 'USA', 'US West'], ['Seattle', 'USA', 'US West'], ['Toronto', 'Canada', 'Canada'],
  ['São Paulo', 'Brazil', 'Brazil'], ['Ciudad de México', 'Mexico', 'Mexico'], ['上海', '中国', '华东 East China'],
  ['杭州', '中国', '华东 East China'], ['北京', '中国', '华北 North China'], ['深圳', '中国', '华南 South China'],
  ['東京', '日本', 'Japan'], ['大阪', '日本', 'Japan'], ['서울', '대한민국', 'Korea'], ['Sydney', 'Australia', 'ANZ'],
  ['Mumbai', 'India', 'India'], ['Dubai', 'UAE', 'Middle East'], ['İstanbul', 'Türkiye', 'Türkiye'], ['Nairobi', 'Kenya', 'Africa'],
] as const;

/** How many accounts each place gets: a few big territories, a long tail of small ones. */
export const placeWeights: readonly number[] = places.map((_, index) => Math.round(400 / (index + 2) ** 1.1) + 2);

export const industries: Weighted<string> = [
  ['Manufacturing', 18], ['Logistics', 10], ['Retail', 12], ['Healthcare', 8], ['Construction', 7], ['Hospitality', 6],
  ['Energy', 5], ['Public sector', 5], ['Education', 4], ['Software', 6], ['Financial services', 5], ['Agriculture', 3],
  ['Automotive', 4], ['Chemicals', 2], ['Media', 2], ['Telecommunications', 2], ['Pharmaceuticals', 1],
];

export const companyStems = [
  'Nordwind', 'Alpen', 'Soleil', 'Vértice', 'Atlas', 'Boreal', 'Cobalt', 'Delta', 'Élan', 'Fjord', 'Granit', 'Helios', 'Iberia',
  'Juniper', 'Kraft', 'Lumen', 'Meridian', 'Nova', 'Orbis', 'Pioneer', 'Quantum', 'Rhein', 'Sierra', 'Tauern', 'Union',
  'Vanguard', 'Weser', 'Xenon', 'Yggdrasil', 'Zenit', 'Aurora', 'Bärenfels', 'Cascade', 'Dünen', 'Eisberg', 'Falcon',
  'Greenfield', 'Harbor', 'Insel', 'Jadestone',
] as const;
export const companyNouns = [
  'Logistik', 'Systems', 'Distribution', 'Ingeniería', 'Foods', 'Medical', 'Bau', 'Energie', 'Retail', 'Tools', 'Textil',
  'Solutions', 'Trading', 'Pharma', 'Robotics', 'Print', 'Hotels', 'Agrar', 'Motors', 'Chemie', 'Software', 'Consulting',
] as const;
export const companySuffixes = ['GmbH', 'AG', 'SARL', 'SA', 'SL', 'Ltd', 'Inc.', 'BV', 'AB', 'Sp. z o.o.', 's.r.o.', 'KG', 'LLC'] as const;
export const chineseCompanyWords = [
  ['华盛', 'huasheng'], ['东方', 'dongfang'], ['长城', 'changcheng'], ['新华', 'xinhua'], ['金桥', 'jinqiao'], ['远航', 'yuanhang'],
  ['恒通', 'hengtong'], ['瑞丰', 'ruifeng'], ['天成', 'tiancheng'], ['宏达', 'hongda'], ['博远', 'boyuan'], ['安信', 'anxin'],
] as const;
export const chineseCompanyTrades = ['贸易', '科技', '物流', '制造', '医疗器械', '建材', '食品', '电子'] as const;

/** Contact tags with the share of contacts carrying each; rare ones make the narrow filter plans. */
export const contactTags: Weighted<string> = [
  ['newsletter', 0.2], ['decision-maker', 0.1], ['vip', 0.08], ['technical', 0.07], ['webinar', 0.06], ['trade-fair-2024', 0.05],
  ['trade-fair-2025', 0.05], ['champion', 0.04], ['procurement', 0.04], ['partner', 0.03], ['finance', 0.03], ['中文客户', 0.03],
  ['churn-risk', 0.02], ['key-account', 0.02], ['it-security', 0.02], ['renewal-q1', 0.015], ['renewal-q3', 0.015],
  ['référence', 0.01], ['do-not-call', 0.01], ['beta-program', 0.005], ['board-member', 0.001], ['advisory-council', 0.0005],
  ['hackathon-2023', 0.0002], ['legacy-import', 0.00005],
];

export const accountTags: Weighted<string> = [
  ['customer', 0.4], ['prospect', 0.3], ['public-sector', 0.06], ['strategic', 0.05], ['churned', 0.05], ['partner', 0.04],
  ['key-account', 0.03], ['reseller', 0.03], ['framework-contract', 0.002],
];

/** The local vault owner owns a fifth of the records; teammates the rest, a few of them most. */
export const localOwner = 'local-owner';
export const teammates: Weighted<string> = Array.from({ length: 24 }, (_, index) => [`rep-${String(index + 1).padStart(2, '0')}`, 1 / (index + 1)] as const);
export const localOwnerShare = 0.2;

/** Country calling codes for phone numbers (the digits after them are random; 555 marks them as made up). */
export const callingCodes = ['+49', '+33', '+34', '+44', '+1', '+86', '+81', '+48', '+46', '+41', '+351', '+55'] as const;
