// Letters and digits that different keyboards write differently for the same
// thing, folded to one form by foldText (search-text.ts) after NFKD, on the
// index and the query side alike (migration 0033 refolded the entries indexed
// before):
//   - katakana to hiragana (マイクロ and まいくろ are the same word, written
//     for a foreign word or for emphasis; a Japanese IME offers either), the
//     voiced forms once NFC puts the mark back (ガ → か + ゙ → が);
//   - every decimal digit to its ASCII digit: Arabic-Indic and Persian
//     (۰۹۱۲ is 0912), Devanagari, Bengali, Thai and the others NFKD leaves
//     alone (it takes care of the full-width and mathematical ones), so a
//     phone typed on a Persian keyboard gets its phone tokens and a query of
//     ASCII digits finds it;
//   - the Persian forms of yeh and kaf to the Arabic ones (ی → ي, ک → ك):
//     the two keyboards write the same name, علی and علي, with either.

/** Katakana letters with a hiragana counterpart U+60 below (ァ–ヶ), and the iteration marks ヽ ヾ. */
export const katakanaLetters = '\u30A1-\u30F6\u30FD\u30FE';
const katakana = new RegExp(`[${katakanaLetters}]`, 'gu');
const hiraganaOffset = 0x60;

/** The Persian letters written for the Arabic ones, and what they fold to. */
export const persianLetterFolds: Readonly<Record<string, string>> = { '\u06CC': '\u064A', '\u06A9': '\u0643' };

/** A decimal digit that is not ASCII. */
export const nonAsciiDigit = /(?![0-9])\p{Nd}/u;
const nonAsciiDigits = new RegExp(nonAsciiDigit.source, 'gu');
/** What folds here: a katakana letter, a Persian yeh or kaf, a decimal digit not ASCII (for a GLOB-less test). */
export const scriptFolded = new RegExp(`[${katakanaLetters}\u06CC\u06A9]|${nonAsciiDigit.source}`, 'u');
const persianLetters = new RegExp(`[${Object.keys(persianLetterFolds).join('')}]`, 'gu');

const digitValues = new Map<string, string>();

/**
 * The ASCII digit of a decimal digit. Unicode assigns decimal digits only in
 * runs of ten, 0 to 9 in order (a stability policy), some runs next to each
 * other: a digit's value is how many digits come before it in its run of
 * code points, modulo 10.
 */
function asciiDigit(digit: string): string {
  const known = digitValues.get(digit);
  if (known !== undefined) return known;
  const code = digit.codePointAt(0) ?? 0;
  let before = 0;
  while (nonAsciiDigit.test(String.fromCodePoint(code - before - 1))) before += 1;
  const value = String(before % 10);
  digitValues.set(digit, value);
  return value;
}

/** Katakana written as hiragana; before NFC puts the voicing marks back on their letters. */
export function katakanaAsHiragana(text: string): string {
  return text.replace(katakana, (letter) => String.fromCodePoint((letter.codePointAt(0) ?? 0) - hiraganaOffset));
}

/** Decimal digits as ASCII digits, and Persian yeh and kaf as the Arabic letters. */
export function foldDigitsAndVariants(text: string): string {
  return text.replace(nonAsciiDigits, asciiDigit).replace(persianLetters, (letter) => persianLetterFolds[letter] ?? letter);
}
