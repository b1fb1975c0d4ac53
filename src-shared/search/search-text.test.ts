import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldText, indexText, matchExpression } from './search-text';

describe('search text folding and tokenising', () => {
  it('folds accents, case and width but keeps kana voicing and Hangul syllables', () => {
    expect(foldText('José ÅNGSTRÖM Zoë')).toBe('jose angstrom zoe');
    expect(foldText('ＡＢＣ１２３')).toBe('abc123');
    expect(foldText('ｶﾞｷﾞ')).toBe('ガギ');
    expect(foldText('がぎ')).toBe('がぎ');
    expect(foldText('김민준')).toBe('김민준');
  });

  it('stores CJK runs as bigrams then unigrams, and other text as it is', () => {
    expect(indexText('王小明')).toBe('王小 小明 王 小 明');
    expect(indexText('Wang 王小明 Li')).toBe('wang 王小 小明 王 小 明 li');
    expect(indexText('山田 太郎')).toBe('山田 山 田 太郎 太 郎');
    expect(indexText('+44 7700 900123')).toBe('+44 7700 900123 447700900123');
  });

  it('takes ASCII text by its fast path to the same result as the general one', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.integer({ min: 0, max: 0x7f }).map((code) => String.fromCharCode(code)), maxLength: 80 }), (ascii) => {
        // A lone combining mark sends the text down the general path, and folding drops it again.
        expect(foldText(ascii)).toBe(foldText(`${ascii}\u0301`));
      }),
      { numRuns: 1000 },
    );
    expect(indexText('  Jane   DOE\t')).toBe('jane doe');
    expect(indexText('07700 900123')).toBe('07700 900123 07700900123');
  });

  it('folds letters NFKD leaves whole as people type them', () => {
    expect(foldText('Đặng Đức Ðórr')).toBe('dang duc dorr');
    expect(foldText('Søren Ørsted Łukasz STRASSE Straße ẞ')).toBe('soren orsted lukasz strasse strasse ss');
    expect(foldText('Æsir œuvre Þór ıstanbul İstanbul Ħamrun')).toBe('aesir oeuvre thor istanbul istanbul hamrun');
    expect(indexText('Nguyễn Đình Đỗ')).toBe('nguyen dinh do');
  });

  it('matches a phone number typed with any grouping by its digits', () => {
    expect(matchExpression('0770 0900123')).toBe('("0770"* "0900123"*) OR "07700900123"*');
    expect(matchExpression('+44 (0)7700-900')).toBe('("44"* "0"* "7700"* "900"*) OR "4407700900"*');
    // Not phone-like: letters, too few digits, or no separator (one word already).
    expect(matchExpression('room 101 22')).toBe('"room"* "101"* "22"*');
    expect(matchExpression('12 34')).toBe('"12"* "34"*');
    expect(matchExpression('07700900123')).toBe('"07700900123"*');
  });

  it('builds whole-word terms when asked, for the exact-name pass', () => {
    expect(matchExpression('li', true)).toBe('"li"');
    expect(matchExpression('wu li', true)).toBe('"wu" "li"');
    expect(matchExpression('王小明', true)).toBe('"王小 小明"');
    expect(matchExpression('0770 0900123', true)).toBe('"0770" "0900123"');
  });

  it('builds quoted prefix terms and CJK phrases', () => {
    expect(matchExpression('jo sm')).toBe('"jo"* "sm"*');
    expect(matchExpression('王')).toBe('"王"');
    expect(matchExpression('王小明')).toBe('"王小 小明"');
    expect(matchExpression('say "hi"')).toBe('"say"* "hi"*');
    expect(matchExpression('  !! ')).toBeNull();
  });

  it('never lets a quote out of a term, whatever is typed', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (typed) => {
        const expression = matchExpression(typed);
        if (expression === null) return;
        // Every term is "…" or "…"*, with inner quotes doubled; between them only spaces, or the phone form's ( ) OR.
        expect(expression.replace(/"(?:[^"]|"")*"\*?/g, 'T')).toMatch(/^(T( T)*|\(T( T)*\) OR T)$/);
      }),
      { numRuns: 1000 },
    );
  });
});
