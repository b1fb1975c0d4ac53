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
        // Every term is "…" or "…"*, with inner quotes doubled: removing them leaves only terms and spaces.
        expect(expression.replace(/"(?:[^"]|"")*"\*?/g, '').trim()).toBe('');
      }),
      { numRuns: 1000 },
    );
  });
});
