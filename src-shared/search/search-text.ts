// Shared (pure TypeScript) so that the vault migration that backfills the
// index and the search service tokenise identically.
// Turns record text and user queries into what the FTS5 index stores and
// matches. Both sides go through the same folding, so what was indexed is what
// a query can reach:
//   - fold: NFKD, drop the combining marks that are accents, NFC for Hangul
//     and kana, lowercase. A mark is an accent when it belongs to no script
//     of its own (the combining diacriticals of é, ñ, ά, й and the harakat of
//     Arabic are Inherited), or to Latin, Greek or Cyrillic, or to Arabic,
//     Hebrew or Syriac, whose vowel points are written or left out at will. Every other script's
//     marks are letters in effect and are kept: the vowel signs and virama of
//     Devanagari, Tamil and the other Indic scripts (हिन्दी), the vowel and tone
//     marks of Thai, Lao, Khmer and Myanmar (น้ำ and นำ are different names).
//     The nukta of those scripts is the exception, folded as an accent: a
//     dot under a letter for a sound borrowed from Persian, Arabic or English
//     (ज़ फ़ ड़, the precomposed letters U+0958–U+095F and their like NFKD takes
//     apart), which people often leave out when they type, so जफर finds
//     ज़फ़र (migration 0015 refolded the entries indexed before).
//     Kana voicing marks (U+3099/U+309A, Inherited) are kept too: か and が are
//     different sounds, not accents. Hangul and kana are then put back
//     together (Hangul syllables, が); the marks kept elsewhere stay apart
//     from their letters, so that a prefix typed a mark at a time reaches
//     them: Tamil கொ is stored as க ெ ா, and கெ, typed on the way, finds it.
//     Letters NFKD leaves whole are then written as people type them without
//     the special key: đ ð → d, ø → o, ł → l, ß → ss, æ → ae, œ → oe, ı → i,
//     þ → th, ħ → h (Đặng by "dang", Søren by "soren", Straße by "strasse").
//     Katakana is written as hiragana, every decimal digit as its ASCII digit,
//     Persian ی ک as Arabic ي ك (script-folds.ts, migration 0033).
//   - CJK runs (Han, Hiragana, Katakana, Hangul) have no spaces between words,
//     and most Chinese names are two or three characters, which FTS5's trigram
//     tokenizer cannot match. Each run is stored as its overlapping bigrams
//     followed by its unigrams, as space-separated tokens for unicode61. A one-
//     character query matches a unigram; a longer one is the phrase of its
//     consecutive bigrams, which only matches inside one run because the
//     unigrams separate the bigrams of neighbouring runs. Runs that only white
//     space or a middle dot parts within one text are one run here: names are
//     stored both as "王小明" and as "王 小明" (family and given name apart, as
//     much imported data has them), and either is found by "王小", "王小明" or
//     "王 小明"; "迈克尔·乔丹" and "ヤマダ・ハナコ" are found without the dot.
//     A query keeps its spaces: they separate terms, as between words ("王 小明"
//     finds both 王小明 and 小明王); only the exact-name pass of ranking joins
//     the runs (matchExpression with `exact`), and matches a run typed as the
//     phrase of its stored tokens, which only a run equal to it holds.
//   - other text is left to unicode61 (remove_diacritics 2, its categories
//     'L* N* Co M*' keeping the marks folding kept inside a word, migration
//     0012) and matched by word prefix from the first character.
//   - a phone-like text (digits and separators, no letter, or digits alone)
//     also stores the tokens of phone-tokens.ts, and a query of digits
//     matches them, so a number is found typed in any grouping, without its
//     country code, with or without its trunk prefix, or as its local number.
import { phoneIndexTokens, phoneQueryTerms } from './phone-tokens';
import { foldDigitsAndVariants, katakanaAsHiragana } from './script-folds';

export { phoneMark } from './phone-tokens';

/** Hangul jamo, and kana with their voicing marks: the text that NFC puts back together after folding. */
const hangulOrKana = /[\p{sc=Hang}\p{sc=Hira}\p{sc=Kana}\u3099\u309A]+/gu;
/**
 * The nukta signs of the Indic scripts (the marks Unicode names NUKTA, Adlam's
 * left out): Devanagari, Bengali, Gurmukhi, Gujarati (with its three nukta
 * variants for Arabic sounds), Oriya, Telugu, Kannada, Lepcha, Kaithi,
 * Mahajani, Sharada, Khojki, Khudawadi, Grantha, Newa, Tirhuta, Siddham,
 * Takri, Dogra, Dives Akuru and Masaram Gondi. Grantha's combining bindu
 * below (U+1133B) is Inherited, an accent already. Folded as accents (see
 * fold above); a character class for a RegExp or an SQLite GLOB.
 */
export const nuktaSigns = '\u093C\u09BC\u0A3C\u0ABC\u0AFD\u0AFE\u0AFF\u0B3C\u0C3C\u0CBC\u1C37\u{110BA}\u{11173}\u{111CA}\u{11236}\u{112E9}\u{1133C}\u{11446}\u{114C3}\u{115C0}\u{116B7}\u{1183A}\u{11943}\u{11D42}';
/** A combining mark that is an accent (see fold above), kana voicing marks excepted. */
const accentMark = new RegExp(
  `(?![\\u3099\\u309A])(?=\\p{M})[\\p{sc=Zinh}\\p{sc=Zyyy}\\p{sc=Latn}\\p{sc=Grek}\\p{sc=Cyrl}\\p{sc=Arab}\\p{sc=Hebr}\\p{sc=Syrc}${nuktaSigns}]`,
  'gu',
);
const cjkChar = /[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{scx=Hangul}]/u;
const letterOrDigit = /[\p{L}\p{N}]/u;

/** Longest text taken from one record field; a 10 MB note is searchable by its start. */
export const maxIndexedChars = 20_000;
/**
 * Longest query the search channel takes (its schema refuses a longer one); nobody types more into a
 * search box. The expressions below take the whole text they are given, every word of it: a query cut
 * short, or a word of it left out, finds records that do not hold what was typed. Their callers bound
 * the text (the search box and its schema here; a look-alike's keys by theirs).
 */
export const maxQueryChars = 200;

/** Text with no character above U+007F: NFKD, NFC and the CJK split leave it as it is, so only case folds. */
const nonAscii = /[^\p{ASCII}]/u;

/** Lower-case letters without a decomposition, and what they fold to (migration 0008 refolds indexed text holding them). */
export const letterFolds: Readonly<Record<string, string>> = {
  đ: 'd',
  ð: 'd',
  ø: 'o',
  ł: 'l',
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ı: 'i',
  þ: 'th',
  ħ: 'h',
};
const unfoldedLetter = new RegExp(`[${Object.keys(letterFolds).join('')}]`, 'gu');

/** Applies letterFolds to lower-case text. */
export function foldLetters(text: string): string {
  return text.replace(unfoldedLetter, (letter) => letterFolds[letter] ?? letter);
}

export function foldText(text: string): string {
  if (!nonAscii.test(text)) return text.toLowerCase();
  // NFKD leaves no accent to compose once they are dropped: only the marks kept, of which those outside Hangul and kana stay apart.
  const folded = text
    .normalize('NFKD')
    .replace(accentMark, '');
  // Katakana as hiragana before NFC, which puts their voicing marks back on the hiragana letters.
  const composed = katakanaAsHiragana(folded).replace(hangulOrKana, (run) => run.normalize('NFC'));
  return foldLetters(foldDigitsAndVariants(composed.toLowerCase()));
}

function isCjk(char: string): boolean {
  return cjkChar.test(char) && letterOrDigit.test(char);
}

interface Segment {
  readonly cjk: boolean;
  readonly chars: readonly string[];
}

/** Splits folded text into alternating CJK and other runs (by code point). */
function segments(folded: string): Segment[] {
  const result: Segment[] = [];
  let current: string[] = [];
  let currentCjk = false;
  for (const char of folded) {
    const cjk = isCjk(char);
    if (current.length > 0 && cjk !== currentCjk) {
      result.push({ cjk: currentCjk, chars: current });
      current = [];
    }
    currentCjk = cjk;
    current.push(char);
  }
  if (current.length > 0) result.push({ cjk: currentCjk, chars: current });
  return result;
}

function bigrams(chars: readonly string[]): string[] {
  const out: string[] = [];
  for (let index = 0; index + 1 < chars.length; index += 1) out.push(`${chars[index]}${chars[index + 1]}`);
  return out;
}

/** A CJK run as stored: its bigrams, then its unigrams. */
function cjkTokens(chars: readonly string[]): string {
  return [...bigrams(chars), ...chars].join(' ');
}

/**
 * What may part the names of one person without parting the name: white
 * space, and the middle dots that Chinese writes between the names of a
 * foreign name (迈克尔·乔丹, U+00B7) and Japanese between katakana names
 * (ヤマダ・ハナコ, U+30FB; its half-width form folds to it), and their
 * look-alikes (U+2022, U+2027).
 */
const nameJoint = /^[\s\u00B7\u2022\u2027\u30FB]+$/u;

/** Whether a token is only such a joint (white space or middle dots). */
export function isNameJoint(token: string): boolean {
  return nameJoint.test(token);
}

/** segments(), with CJK runs that only white space or a middle dot parts joined into one run (the joint dropped). */
function joinedSegments(folded: string): Segment[] {
  const all = segments(folded);
  const result: Segment[] = [];
  for (const [index, segment] of all.entries()) {
    const before = result.at(-1);
    if (before?.cjk !== true) result.push(segment);
    else if (segment.cjk) result[result.length - 1] = { cjk: true, chars: [...before.chars, ...segment.chars] };
    else if (all[index + 1]?.cjk !== true || !nameJoint.test(segment.chars.join(''))) result.push(segment);
  }
  return result;
}

/** The string stored in an FTS5 column for one piece of record text. */
export function indexText(text: string): string {
  const folded = foldText(text.slice(0, maxIndexedChars));
  // Most record text is ASCII: one non-CJK run, taken whole instead of a character at a time.
  const parts: string[] = nonAscii.test(folded) ? [] : [folded];
  if (parts.length === 0) {
    for (const segment of joinedSegments(folded)) parts.push(segment.cjk ? cjkTokens(segment.chars) : segment.chars.join(''));
  }
  parts.push(...phoneIndexTokens(folded));
  return parts.join(' ').replace(/\s+/g, ' ').trim();
}

/**
 * One text's index text as indexText wrote it before CJK runs were joined
 * across white space and middle dots (migration 0009), written as indexText
 * writes it now. The CJK tokens of a run come together (bigrams, then
 * unigrams), and runs that only white space parted came out next to each
 * other, that space collapsed, or with the dots as tokens of their own
 * between them: each stretch of CJK tokens is rewritten from its unigrams, in
 * order. Index text already in the new form comes back as it is. Only for one
 * text: a record's body joins several, and the joint between two of them
 * looks the same.
 */
export function joinCjkRuns(indexed: string): string {
  const parts: string[] = [];
  let run: string[] = [];
  // Joint tokens met after a run: dropped if another run follows, kept otherwise.
  let joints: string[] = [];
  for (const token of indexed.split(' ')) {
    const chars = [...token];
    if (chars.length > 0 && chars.every(isCjk)) {
      if (chars.length === 1) run.push(token);
      joints = [];
      continue;
    }
    if (run.length > 0 && nameJoint.test(token)) {
      joints.push(token);
      continue;
    }
    if (run.length > 0) parts.push(cjkTokens(run));
    run = [];
    parts.push(...joints);
    joints = [];
    if (token !== '') parts.push(token);
  }
  if (run.length > 0) parts.push(cjkTokens(run));
  parts.push(...joints);
  return parts.join(' ');
}

/** Words of a non-CJK run as unicode61 would split them (its categories take the marks folding keeps as part of a word, migration 0012). */
function words(chars: readonly string[]): string[] {
  return chars
    .join('')
    .split(/[^\p{L}\p{N}\p{M}]+/u)
    .filter((word) => word.length > 0);
}

/** FTS5 string literal: the only quoting FTS5 has is doubling the quote character. */
function quote(token: string): string {
  return `"${token.replaceAll('"', '""')}"`;
}

/**
 * A Hangul letter (jamo) standing alone after a syllable at the end of a
 * query: a syllable still being typed ("김민ㅅ" on the way to 김민수), which
 * no indexed run holds, as runs hold whole syllables. Left out, the query
 * finds what the syllables before it find. (A syllable that will take a final
 * consonant yet, 미 on the way to 민, cannot be told from a whole one: the
 * search box does not search while an input method composes.)
 */
const trailingJamo = /(?<=[\uAC00-\uD7A3])[\u1100-\u11FF\u3131-\u318E]\s*$/u;

function withoutTrailingJamo(folded: string): string {
  return folded.replace(trailingJamo, '');
}

/**
 * The FTS5 MATCH expression for what the user typed, or null when it holds
 * nothing searchable. Every term is quoted, so no FTS5 syntax can come from
 * the user; terms are ANDed. Words match by prefix; with `exact`, only whole
 * words (how a short name is found among many longer ones it starts), and
 * CJK runs typed with only white space between them as one run, in the
 * order typed ("王 小明" then finds 王小明 before 小明王). A CJK run of two
 * characters or more is then the phrase of the run as stored (cjkTokens:
 * "张伟 张 伟"), which only a run equal to it holds (or, rarely, a longer run
 * that both starts and ends with it, 张伟张伟): 张伟 is a whole word, not
 * the start of 张伟明. Without `exact` it is the phrase of its bigrams,
 * which every run holding it holds.
 *
 * A phone-like query also matches the digits typed, joined, as the start of
 * a record's phone digits (indexText), so "0770 0900123" finds 07700 900123
 * whatever the grouping; a query of six digits or more also matches a
 * phone's national and local numbers (phoneQueryTerms), so "2065551111" and
 * "5551111" find +1 206 555 1111.
 */
export function matchExpression(query: string, exact = false): string | null {
  const folded = withoutTrailingJamo(foldText(query));
  const terms: string[] = [];
  for (const segment of exact ? joinedSegments(folded) : segments(folded)) {
    if (segment.cjk) {
      const first = segment.chars[0];
      if (segment.chars.length === 1 && first !== undefined) terms.push(quote(first));
      // Exact: the run as stored, its bigrams then its unigrams, found only where a run is the one typed (a whole word).
      else terms.push(quote(exact ? cjkTokens(segment.chars) : bigrams(segment.chars).join(' ')));
    } else {
      for (const word of words(segment.chars)) terms.push(exact ? quote(word) : `${quote(word)}*`);
    }
  }
  if (terms.length === 0) return null;
  // A word typed twice is one term: the same match, one doclist read.
  const all = [...new Set(terms)].join(' ');
  const phone = phoneQueryTerms(folded, (token) => (exact ? quote(token) : `${quote(token)}*`));
  return phone.length === 0 ? all : `(${all}) OR ${phone.join(' OR ')}`;
}

/**
 * The FTS5 MATCH expression for a text's words in the order written, next to one another (one phrase):
 * how an email address is looked up whole ("ada@example.org" matches its three words in a row, not
 * every record holding "ada", "example" and "org" somewhere), or null when it holds no word. A text with
 * a CJK run takes matchExpression's exact terms instead (the index holds such runs as bigrams).
 */
export function phraseExpression(text: string): string | null {
  const parts = segments(foldText(text));
  if (parts.some((segment) => segment.cjk)) return matchExpression(text, true);
  const all = parts.flatMap((segment) => words(segment.chars));
  return all.length === 0 ? null : quote(all.join(' '));
}

/** The phone tokens a number typed reaches as whole tokens (phoneQueryTerms), ORed; null when it has too few digits. */
export function phoneExpression(text: string): string | null {
  const terms = phoneQueryTerms(foldText(text), quote);
  return terms.length === 0 ? null : terms.join(' OR ');
}

/** The FTS column values for a record's texts: texts[0] is its name, the rest its body. */
export function indexColumns(texts: readonly string[]): { name: string; body: string } {
  const [title = '', ...rest] = texts;
  return {
    name: indexText(title),
    body: rest
      .filter((text) => text.length > 0)
      .map(indexText)
      .join(' '),
  };
}

/** The tokens unicode61 reads from index text (its categories L* N* Co M*, so a phone token keeps its mark). */
function indexTokens(indexed: string): string[] {
  return indexed.split(/[^\p{L}\p{N}\p{M}\p{Co}]+/u).filter((token) => token.length > 0);
}

/**
 * How many of the query's terms (matchExpression's, prefix words, CJK runs,
 * and its phone terms counted as one) one record text holds as the index
 * would match them: which of a record's texts a body match came from (the
 * email or phone a search hit shows), without asking the index again.
 */
export function termsHeld(query: string, text: string): number {
  const folded = withoutTrailingJamo(foldText(query));
  const tokens = indexTokens(indexText(text));
  const joined = ` ${tokens.join(' ')} `;
  let held = 0;
  for (const segment of segments(folded)) {
    if (segment.cjk) {
      const run = segment.chars.length === 1 ? segment.chars : bigrams(segment.chars);
      if (joined.includes(` ${run.join(' ')} `)) held += 1;
    } else {
      for (const word of new Set(words(segment.chars))) if (tokens.some((token) => token.startsWith(word))) held += 1;
    }
  }
  const phone = phoneQueryTerms(folded, (token) => token);
  if (phone.some((term) => tokens.some((token) => token.startsWith(term)))) held += 1;
  return held;
}
