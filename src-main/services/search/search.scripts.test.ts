// The search service on a real vault, for names in scripts other than
// Latin: Indic, Thai, Lao, Khmer and Myanmar with their marks, the nukta,
// letters with no accent to drop, Chinese, Japanese and Korean runs, mixed
// text, emoji and right-to-left names.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addAccount, addContact } from './testing/search-records';
import { useSearchService } from './testing/search-service';

describe('global search service: scripts', () => {
  const { connection, titles } = useSearchService();

  it('finds names in Hindi, Tamil, Bengali, Thai, Lao, Khmer and Myanmar by every prefix typed with their marks, composed or not (property)', async () => {
    const names = ['प्रिया शर्मा', 'हिन्दी', 'தமிழ்செல்வி கொற்றவை', 'সৌমিত্র চট্টোপাধ্যায়', 'สมศักดิ์ ใจดี', 'ป่าน สุขใจ', 'ສົມພອນ', 'សុខា ចាន់', 'အောင်ဆန်း', 'Résumé Writer'];
    await connection.write(async (tx) => {
      for (const name of names) await addContact(tx, { name });
    });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...names), fc.constantFrom('NFC', 'NFD'), fc.nat(), async (name, form, cut) => {
        // Typed a code point at a time from the first character: precomposed vowels (கொ, সৌ) or their parts.
        const typed = [...name.normalize(form)];
        const prefix = typed.slice(0, 1 + (cut % typed.length)).join('');
        expect(await titles(prefix), prefix).toContain(name);
      }),
      { numRuns: 300 },
    );
    // And by each word typed whole, last name first.
    expect(await titles('शर्मा प्रि')).toEqual(['प्रिया शर्मा']);
    expect(await titles('கொற்ற')).toEqual(['தமிழ்செல்வி கொற்றவை']);
    expect(await titles('ใจดี')).toEqual(['สมศักดิ์ ใจดี']);
    expect(await titles('resume')).toEqual(['Résumé Writer']);
    expect(await titles('résumé')).toEqual(['Résumé Writer']);
  });

  it('tells names apart that differ only by a vowel sign or a tone mark: कोमल and कमल, ป่าน and ปาน', async () => {
    await connection.write(async (tx) => {
      await addContact(tx, { name: 'कोमल' });
      await addContact(tx, { name: 'कमल' });
      await addContact(tx, { name: 'ป่าน สุขใจ' });
      await addContact(tx, { name: 'ปาน สุขใจ' });
    });
    expect(await titles('कोमल')).toEqual(['कोमल']);
    expect(await titles('कमल')).toEqual(['कमल']);
    expect(await titles('को')).toEqual(['कोमल']);
    expect((await titles('क')).sort()).toEqual(['कमल', 'कोमल']);
    // The tone mark comes straight after the first letter, so the name typed with it is no prefix of the other, nor the other way round.
    expect(await titles('ป่าน')).toEqual(['ป่าน สุขใจ']);
    expect(await titles('ป่')).toEqual(['ป่าน สุขใจ']);
    expect(await titles('ปาน')).toEqual(['ปาน สุขใจ']);
    expect((await titles('ป')).sort()).toEqual(['ปาน สุขใจ', 'ป่าน สุขใจ'].sort());
    expect((await titles('สุขใจ')).sort()).toEqual(['ปาน สุขใจ', 'ป่าน สุขใจ'].sort());
  });

  it('finds ज़फ़र by जफर: a nukta, combining or in a precomposed letter, is folded like an accent on either side', async () => {
    const combining = '\u091C\u093C\u092B\u093C\u0930 \u0916\u093C\u093E\u0928';
    const precomposed = '\u095B\u095E\u0930 \u0959\u093E\u0928 \u092C\u0947\u0917';
    await connection.write(async (tx) => {
      await addContact(tx, { name: combining });
      await addContact(tx, { name: precomposed });
      // Bengali বড়ুয়া with the precomposed RRA and YYA (U+09DC, U+09DF); a Gurmukhi title with the precomposed ZA (U+0A5B).
      await addContact(tx, { name: 'অমিত \u09AC\u09DC\u09C1\u09DF\u09BE', title: '\u0A5B\u0A4B\u0A30\u0A3E\u0A35\u0A30' });
    });
    expect((await titles('जफर')).sort()).toEqual([combining, precomposed].sort());
    expect((await titles('जफ')).sort()).toEqual([combining, precomposed].sort());
    expect((await titles('खान')).sort()).toEqual([combining, precomposed].sort());
    // Typed with the nukta, combining or precomposed, it finds both too.
    expect((await titles('\u095Bफ़र')).sort()).toEqual([combining, precomposed].sort());
    expect((await titles('ज़फ़र ख़ा')).sort()).toEqual([combining, precomposed].sort());
    expect(await titles('जफर बेग')).toEqual([precomposed]);
    // Bengali and Gurmukhi: found by their base letters, and by the nukta typed combining.
    const bengali = 'অমিত \u09AC\u09DC\u09C1\u09DF\u09BE';
    expect(await titles('\u09AC\u09A1\u09C1\u09AF\u09BE')).toEqual([bengali]);
    expect(await titles('\u09AC\u09A1\u09BC\u09C1')).toEqual([bengali]);
    expect(await titles('\u0A1C\u0A4B\u0A30\u0A3E')).toEqual([bengali]);
  });

  it('finds names with letters that have no accent to drop: Đặng by dang, Søren by soren, Straße by strasse', async () => {
    await connection.write(async (tx) => {
      await addContact(tx, { name: 'Đặng Văn Lâm' });
      await addContact(tx, { name: 'Søren Ørsted' });
      await addContact(tx, { name: 'Łukasz Kowalski', title: 'Straße der Pariser Kommune' });
    });
    expect(await titles('dang')).toEqual(['Đặng Văn Lâm']);
    expect(await titles('Đặng')).toEqual(['Đặng Văn Lâm']);
    expect(await titles('soren orst')).toEqual(['Søren Ørsted']);
    expect(await titles('søren')).toEqual(['Søren Ørsted']);
    expect(await titles('lukasz')).toEqual(['Łukasz Kowalski']);
    expect(await titles('strasse')).toEqual(['Łukasz Kowalski']);
    expect(await titles('straße')).toEqual(['Łukasz Kowalski']);
  });

  it('finds Chinese names from the first character: 王小明 by 王, 王小, 小明, 明 and the whole name', async () => {
    await connection.write(async (tx) => {
      await addContact(tx, { name: '王小明' });
      await addContact(tx, { name: '李娜' });
      await addContact(tx, { name: '王芳' });
    });
    expect((await titles('王')).sort()).toEqual(['王小明', '王芳'].sort());
    expect(await titles('王小')).toEqual(['王小明']);
    expect(await titles('小明')).toEqual(['王小明']);
    expect(await titles('明')).toEqual(['王小明']);
    expect(await titles('王小明')).toEqual(['王小明']);
    expect(await titles('李')).toEqual(['李娜']);
    // Characters of the name, but not next to each other in it.
    expect(await titles('王明')).toEqual([]);
    expect(await titles('小王')).toEqual([]);
  });

  it('finds CJK names typed with or without a space between family and given name, the name as typed first', async () => {
    await connection.write(async (tx) => {
      await addContact(tx, { name: '王 小明' });
      await addContact(tx, { name: '山田太郎' });
      await addContact(tx, { name: '山田 太一' });
    });
    // Newer, and holding the typed characters too.
    await connection.write(async (tx) => {
      await addContact(tx, { name: '小明 王' });
      await addContact(tx, { name: '王小明华' });
      await addContact(tx, { name: '李明', title: '王小明 助理' });
    });
    expect(await titles('王小')).toEqual(['王 小明', '王小明华', '李明']);
    expect(await titles('王小明')).toEqual(['王 小明', '王小明华', '李明']);
    // Typed with the space: every name holding both, those holding them in the order typed first.
    expect(await titles('王 小明')).toEqual(['王 小明', '王小明华', '小明 王', '李明']);
    expect((await titles('山田太')).sort()).toEqual(['山田 太一', '山田太郎'].sort());
    expect(await titles('山田 太郎')).toEqual(['山田太郎']);
    expect((await titles('山田 太')).sort()).toEqual(['山田 太一', '山田太郎'].sort());
  });

  it('finds a Chinese name among more newer names it starts than a pass ranks (张伟 among 250 张伟…)', async () => {
    await connection.write(async (tx) => {
      await addContact(tx, { name: '张伟' });
    });
    await connection.write(async (tx) => {
      // 张伟 and one more Han character each (U+4E00 on, none of them 张 or 伟).
      for (let index = 0; index < 250; index += 1) await addContact(tx, { name: `张伟${String.fromCodePoint(0x4e00 + index)}` });
    });
    const found = await titles('张伟');
    expect(found[0]).toBe('张伟');
    expect(found.slice(1).every((title) => title.startsWith('张伟') && [...title].length === 3)).toBe(true);
    expect(found).toHaveLength(50);
  });

  it('finds Japanese kanji, hiragana and katakana (full- and half-width)', async () => {
    await connection.write(async (tx) => {
      await addContact(tx, { name: '山田太郎', title: 'やまだ たろう' });
      await addContact(tx, { name: 'ヤマダ・ハナコ' });
      await addContact(tx, { name: 'ｽｽﾞｷ ｲﾁﾛｳ' });
    });
    expect(await titles('山')).toEqual(['山田太郎']);
    expect(await titles('太郎')).toEqual(['山田太郎']);
    // Hiragana finds katakana too (folded alike), and the other way round.
    expect((await titles('やまだ')).sort()).toEqual(['ヤマダ・ハナコ', '山田太郎'].sort());
    expect(await titles('ハナ')).toEqual(['ヤマダ・ハナコ']);
    expect((await titles('ヤ')).sort()).toEqual(['ヤマダ・ハナコ', '山田太郎'].sort());
    // Half-width katakana is stored and matched as full-width, voicing marks intact.
    expect(await titles('スズキ')).toEqual(['ｽｽﾞｷ ｲﾁﾛｳ']);
    expect(await titles('ススキ')).toEqual([]);
  });

  it('finds mixed Latin and CJK text with mixed queries', async () => {
    await connection.write(async (tx) => {
      await addContact(tx, { name: 'Wang 王小明', emails: ['wang@example.cn'] });
      await addAccount(tx, 'Acme株式会社');
    });
    expect(await titles('wang 王')).toEqual(['Wang 王小明']);
    expect(await titles('王小明wang')).toEqual(['Wang 王小明']);
    expect(await titles('acme 株式')).toEqual(['Acme株式会社']);
    expect(await titles('会社')).toEqual(['Acme株式会社']);
    expect(await titles('example.cn')).toEqual(['Wang 王小明']);
  });

  it('keeps emoji and right-to-left names searchable', async () => {
    await connection.write(async (tx) => {
      await addContact(tx, { name: 'محمد علي 🚀' });
      await addContact(tx, { name: 'דוד כהן' });
    });
    expect(await titles('محم')).toEqual(['محمد علي 🚀']);
    expect(await titles('כה')).toEqual(['דוד כהן']);
  });
});
