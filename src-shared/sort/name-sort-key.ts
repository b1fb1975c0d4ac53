// The sort key of a name (a contact's, account's or deal's name, a task's
// title): a text whose byte order (SQLite's BINARY collation on UTF-8, which
// is code point order) is the order people expect a list of names in,
// whatever the device's locale. The vault stores it beside the name and the
// list indexes sort on it (migration 0016).
//   - Latin and other alphabetic scripts: NFKD, combining marks dropped, case
//     folded (full folding: ß → ss), and the Latin letters NFKD leaves whole
//     that the root collation sorts as a base letter (ł as l, ø as o, æ as
//     ae …). So Özdemir sorts between Oz… and Pa…, Émile among the E's.
//   - Han characters: by their pinyin order (pinyin-order.ts, ICU's Chinese
//     pinyin collation), each as one code point of Supplementary Private Use
//     Area-A, U+F0000 + its rank: 李 (li) < 王 (wang) < 张 (zhang). Those code
//     points are above every assigned character, so a Han name sorts after
//     Latin, Greek, Cyrillic and the rest, and a Latin prefix before Han text
//     sorts by the Latin: Chinese collation puts Han first, but the users of
//     this CRM mostly read Latin lists (DACH, France, the Netherlands, Spain),
//     and interleaving by pinyin letters would need a pinyin reading, not only
//     an order, of each character. A rare Han character outside the table
//     (extension B and later) sorts by code point, before the tabled ones.
// Equal keys (Müller, muller) are ordered by id, as every list is.
// The key is stored: changing this function (or the table) needs a vault
// migration that writes every key again, else a list mixes two orders and a
// keyset cursor (computed here from the record's name) can skip rows.
import { hanInPinyinOrder } from './pinyin-order';

/** Latin letters NFKD does not take apart that the root collation sorts as base letters (checked against Intl.Collator in the tests). */
const latinBase: Readonly<Record<string, string>> = {
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  ħ: 'h',
  ı: 'i',
  ŧ: 't',
};

const hanFirst = 0x3400;
const hanLast = 0x9fff;
const rankBase = 0xf0000;
/** rank + 1 of each Han character by code point − hanFirst (0: not tabled); filled at first use (about 1 ms). */
let ranks: Uint16Array | null = null;

function hanRanks(): Uint16Array {
  if (ranks !== null) return ranks;
  const table = new Uint16Array(hanLast - hanFirst + 1);
  let rank = 0;
  for (const char of hanInPinyinOrder) {
    rank += 1;
    table[(char.codePointAt(0) ?? 0) - hanFirst] = rank;
  }
  ranks = table;
  return table;
}

const marks = /\p{M}/gu;
/** Printable ASCII only: the key is the lower-cased name (most names, and three times faster than the full fold). */
const printableAscii = /^[\x20-\x7e]*$/;

/** The name's sort key; compare keys by code point (SQLite's BINARY), not by JavaScript's UTF-16 `<`. */
export function nameSortKey(name: string): string {
  if (printableAscii.test(name)) return name.toLowerCase();
  const folded = name.normalize('NFKD').replace(marks, '').toUpperCase().toLowerCase().normalize('NFKD').replace(marks, '');
  let key = '';
  for (const char of folded) {
    const code = char.codePointAt(0) ?? 0;
    if (code >= hanFirst && code <= hanLast) {
      const rank = hanRanks()[code - hanFirst] ?? 0;
      key += rank === 0 ? char : String.fromCodePoint(rankBase + rank - 1);
    } else {
      key += latinBase[char] ?? char;
    }
  }
  return key;
}
