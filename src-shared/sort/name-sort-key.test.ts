import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nameSortKey } from './name-sort-key';
import { hanInPinyinOrder } from './pinyin-order';

/** Keys compare as SQLite's BINARY collation compares their UTF-8, i.e. by code point (JavaScript's < compares UTF-16 units). */
function byKey(a: string, b: string): number {
  const left = [...nameSortKey(a)].map((char) => char.codePointAt(0) ?? 0);
  const right = [...nameSortKey(b)].map((char) => char.codePointAt(0) ?? 0);
  for (let index = 0; index < Math.min(left.length, right.length); index += 1) {
    const step = (left[index] ?? 0) - (right[index] ?? 0);
    if (step !== 0) return Math.sign(step);
  }
  return Math.sign(left.length - right.length);
}
const sortByKey = (names: readonly string[]) => [...names].sort(byKey);

const root = new Intl.Collator('und', { sensitivity: 'base' });
const pinyin = new Intl.Collator('zh-u-co-pinyin');

// Letters whose base letter the root collation and the key agree on: ASCII, precomposed letters NFKD takes
// apart, the ones the key maps itself (ł ø æ œ đ), ß, and the space (before every letter in both).
const latinLetters = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ', ...'äöüÄÖÜßéèêëÉÈáàâåÅãñÑçÇíìîïóòôõúùûýÿ', ...'łŁøØæÆœđ'];
const latinName = fc.array(fc.constantFrom(...latinLetters, ' '), { minLength: 1, maxLength: 8 }).map((chars) => chars.join(''));
const hanName = fc.array(fc.constantFrom(...hanInPinyinOrder.slice(0, 20_000)), { minLength: 1, maxLength: 3 }).map((chars) => chars.join(''));

describe('nameSortKey', () => {
  it('sorts accented and other-case Latin names among their base letters', () => {
    expect(sortByKey(['Zimmermann', 'Pa', 'Özdemir', 'oz', 'Oz', 'Émile', 'Ångström', 'Łukasz', 'Luz', 'Eve'])).toEqual([
      'Ångström',
      'Émile',
      'Eve',
      'Łukasz',
      'Luz',
      'oz',
      'Oz',
      'Özdemir',
      'Pa',
      'Zimmermann',
    ]);
    // Full case folding: ß is ss, so Straße and STRASSE are one key; a compatibility ligature is its letters.
    expect(nameSortKey('Straße')).toBe(nameSortKey('STRASSE'));
    expect(nameSortKey('ﬁsh')).toBe('fish');
    expect(nameSortKey('Müller')).toBe(nameSortKey('muller'));
  });

  it('sorts Chinese names by pinyin, after the Latin ones', () => {
    expect(sortByKey(['张伟', 'Zimmermann', '王芳', '李娜', 'Anna'])).toEqual(['Anna', 'Zimmermann', '李娜', '王芳', '张伟']);
    // A compatibility ideograph is its unified character (NFKD), so it sorts with it.
    expect(nameSortKey('\uF900')).toBe(nameSortKey('豈'));
  });

  it('agrees with the root collation (base letters) on Latin names wherever the collation tells them apart', () => {
    fc.assert(
      fc.property(latinName, latinName, (a, b) => {
        const expected = root.compare(a, b);
        if (expected === 0) return;
        expect(byKey(a, b), `${a} | ${b}`).toBe(Math.sign(expected));
      }),
      { numRuns: 5_000 },
    );
  });

  it('agrees with Chinese pinyin collation on Han names', () => {
    fc.assert(
      fc.property(hanName, hanName, (a, b) => {
        expect(byKey(a, b), `${a} | ${b}`).toBe(Math.sign(pinyin.compare(a, b)));
      }),
      { numRuns: 5_000 },
    );
  });

  it('ranks the whole table as this runtime’s pinyin collation does (a table for another ICU would disagree)', () => {
    const chars = [...hanInPinyinOrder];
    expect(chars).toHaveLength(0x4dbf - 0x3400 + 1 + 0x9fff - 0x4e00 + 1);
    let disagreements = 0;
    for (let index = 1; index < chars.length; index += 1) if (pinyin.compare(chars[index - 1] ?? '', chars[index] ?? '') > 0) disagreements += 1;
    expect(disagreements).toBe(0);
  });

  it('is the same text for the same name, and keeps a name without letters', () => {
    expect(nameSortKey('')).toBe('');
    expect(nameSortKey('  ')).toBe('  ');
    expect(nameSortKey('42 Ltd')).toBe('42 ltd');
    expect(nameSortKey('Иванов')).toBe('иванов');
  });
});
