// Phone numbers in the search index (shared, pure TypeScript, as
// search-text.ts, which folds the text first): what a phone-like text stores
// besides its words, and the terms by which a query of digits reaches them.
// A phone-like text (digits and separators, no letter) also stores its digits
// joined as one token, and behind a private-use mark its national number and
// its last 7 and 8 digits (phoneTokens, migration 0017), its number after a
// trunk prefix in national form (0019, 0022), so a number is found typed in
// any grouping, without its country code, with or without its trunk prefix,
// or as its local number; a phone written without separators also stores the
// starts of its likely groups as words (groupStarts, 0022).
import { countryCodeLength } from '../domain/calling-codes';

/** Digits of a phone-like text as one token, so "07700 900123" is found by "0770090". */
function phoneDigits(folded: string): string | null {
  if (/\p{L}/u.test(folded)) return null;
  const digits = folded.replace(/\D/g, '');
  return digits.length >= 5 && /\D/.test(folded.trim()) ? digits : null;
}

/**
 * Marks the phone tokens below, so that only a query of phoneQueryDigits
 * digits or more reaches them, not a short number typed for something else
 * (a year, a house number, a price in a subject). A private-use character:
 * unicode61 keeps it in the token (its categories take Co), and no keyboard
 * types it.
 */
export const phoneMark = '\uE000';
/** Fewest digits a query needs to reach the phone tokens. */
export const phoneQueryDigits = 6;
/** The local numbers indexed: the last 7 and last 8 digits (NANP's 555 1111, London's 7946 0202, a Beijing landline). */
const phoneSuffixes = [7, 8] as const;

/**
 * The national trunk prefix, dialled before a national number within its
 * country: 0 but where listed (the NANP's 1, Russia's and Kazakhstan's 8,
 * Hungary's 06). Where it is 0, a query's leading 0 is dropped to reach the
 * national number (phoneQueryTerms), so that no token is stored for it.
 */
const trunkPrefixes: Readonly<Record<string, string>> = { '1': '1', '7': '8', '36': '06' };
const trunkPrefix = (code: string): string => trunkPrefixes[code] ?? '0';

/** A number written with its country code ("+44 20 7946 0202", "0044 …", "+44 (0)20 …"): the code and the national significant number. */
function nationalNumber(folded: string): { code: string; national: string } | null {
  // "(0)" is the trunk prefix written inside an international number, not part of it.
  const text = folded.replace(/\(\s*0\s*\)/g, ' ').trim();
  const digits = text.replace(/\D/g, '');
  let international: string;
  if (text.startsWith('+')) international = digits;
  else if (/^\(?00/.test(text)) international = digits.slice(2);
  else return null;
  if (international.startsWith('0')) return null;
  const code = international.slice(0, countryCodeLength(international));
  const national = international.slice(code.length);
  return national.length >= 4 ? { code, national } : null;
}

/**
 * The extra tokens of a phone (the digits of its text, phoneDigits or
 * unseparatedPhone), each behind phoneMark: for a number with its country
 * code, its national significant number (2065551111 for +1 206 555 1111,
 * 2079460202 for +44 20 7946 0202, 13812345678 for +86 138 1234 5678), and
 * that with its trunk prefix where it is not 0 (84951234567 for +7 495
 * 123-45-67); for one in national form, its number after the trunk prefix
 * (afterTrunk); for any phone, its last 7 and 8 digits (5551111, 79460202).
 * A query is matched as their prefix (matchExpression), so a number typed
 * without its country code, with or without its trunk prefix, or as its local
 * number is found. A phone written without separators also gets its groupStarts.
 */
function phoneTokens(folded: string, digits: string): string[] {
  const found = nationalNumber(folded);
  const tokens = new Set<string>();
  let local = digits;
  if (found !== null) {
    const { code, national } = found;
    tokens.add(national);
    const trunk = trunkPrefix(code);
    const trunked = `${trunk}${national}`;
    // A trunk 0 is dropped from the query instead; the NANP's 1 gives the number's digits token.
    if (trunk !== '0' && trunked !== digits) tokens.add(trunked);
    local = national;
  } else {
    const national = afterTrunk(folded, digits);
    if (national !== null) tokens.add(national);
  }
  for (const length of phoneSuffixes) if (local.length > length) tokens.add(local.slice(-length));
  const marked = [...tokens].map((token) => `${phoneMark}${token}`);
  return unseparatedPhone.test(folded.trim()) ? [...marked, ...groupStarts(local)] : marked;
}

/**
 * A phone written without separators, after + or 00 or not ("02079460018",
 * "+442079460018", "00442079460018", "2079460018"): 7 digits (a local
 * number) to 15 (E.164's longest).
 */
const unseparatedPhone = /^(\+|00)?[0-9]{7,15}$/;

/** The digits of a phone written without separators (unseparatedPhone), its own word in the index already. */
function unseparatedDigits(folded: string): string | null {
  const text = folded.trim();
  return unseparatedPhone.test(text) ? text.replace(/\D/g, '') : null;
}

/**
 * The national number after the trunk prefix of a number written in national
 * form: after a 0 ("020 7946 0018", "030 1234567"), and after the 8 of
 * Russia and Kazakhstan (+7) for a number of theirs: 8 and ten digits, the
 * first of them one a +7 national number starts with (3, 4, 6 to 9), the 8
 * written as a group of its own ("8 495 123-45-67", "8 (7172) 12-34-56") or
 * the whole written without separators. Elsewhere 8 is an ordinary first
 * digit: Brazil writes "(84) 98765-4321", its area code first, and a number
 * of Belarus (+375, trunk 8 too) starts with 0 after its 8.
 */
function afterTrunk(folded: string, digits: string): string | null {
  if (/^0[1-9]/.test(digits)) return digits.slice(1);
  if (/^8[346-9][0-9]{9}$/.test(digits) && /^(8[^0-9]|[0-9]+$)/.test(folded.trim())) return digits.slice(1);
  return null;
}

/** The lengths of the tails a phone written without separators is stored by as words (groupStarts). */
const groupLengths = [8, 7, 4] as const;

/**
 * Plain words (no phoneMark) for a phone written without separators, which
 * has no groups of its own for a short query to start: its last 8, 7 and 4
 * digits, where the groups of a local number most often start (London's
 * 7946 0018, the NANP's 555 1111, a Beijing 8-digit number), so "7946" and
 * "0018" find 02079460018 as they find 020 7946 0018. Such a query also
 * reaches a stretch that is no group in the country's grouping (6555 in
 * 2065551111), a rare false hit.
 */
function groupStarts(local: string): string[] {
  const starts = new Set<string>();
  for (const length of groupLengths) if (local.length > length) starts.add(local.slice(-length));
  return [...starts];
}

/**
 * What a phone-like text stores besides its own words: its digits joined
 * (when separators part them; written without, the text is that word
 * already) and its phoneTokens; nothing for other text.
 */
export function phoneIndexTokens(folded: string): string[] {
  const grouped = phoneDigits(folded);
  if (grouped !== null) return [grouped, ...phoneTokens(folded, grouped)];
  const digits = unseparatedDigits(folded);
  return digits === null ? [] : phoneTokens(folded, digits);
}

/**
 * The terms by which a query of digits (and no letters) reaches phone numbers:
 * its digits joined, as the start of a record's phone digits, when it is
 * phone-like (a non-digit between them); with phoneQueryDigits digits or more,
 * as the start of a phone token (phoneTokens: the national number, the local
 * number), and so without a leading 0 (a trunk 0); and typed with a country
 * code, the digits of the forms a number of that country is stored in
 * (internationalForms). Each token becomes an FTS5 term through `term`: a
 * prefix, or with matchExpression's `exact` a whole token (the whole number
 * typed, for the whole-word tier of ranking).
 */
export function phoneQueryTerms(folded: string, term: (token: string) => string): string[] {
  if (/\p{L}/u.test(folded)) return [];
  const terms = new Set<string>();
  const joined = phoneDigits(folded);
  if (joined !== null) terms.add(term(joined));
  const digits = folded.replace(/\D/g, '');
  // Typed with a trunk 0: also the national number after it.
  for (const typed of digits.startsWith('0') ? [digits, digits.slice(1)] : [digits]) {
    if (typed.length >= phoneQueryDigits) terms.add(term(`${phoneMark}${typed}`));
  }
  const typedCode = nationalNumber(folded);
  // Digits alone that do not start with 0 may start with a country code too ("4420794600").
  const found = typedCode ?? (phoneDigits(folded) === null && /^[1-9]/.test(digits) ? splitCountryCode(digits) : null);
  if (found !== null && found.national.length >= phoneQueryDigits) {
    // Digits alone are matched as typed by the query's own word already.
    for (const form of internationalForms(found, typedCode !== null)) if (form !== digits || joined !== null) terms.add(term(form));
  }
  return [...terms];
}

/** Digits read as a country code and the national number after it. */
function splitCountryCode(digits: string): { code: string; national: string } {
  const code = digits.slice(0, countryCodeLength(digits));
  return { code, national: digits.slice(code.length) };
}

/**
 * The digits tokens (indexText) of the forms a number of one country is
 * stored in: with its code after + ("+44 20 …"), after 00 ("0044 20 …"),
 * with its trunk 0 in brackets ("+44 (0)20 …"), and in national form with
 * its trunk prefix ("020 …", Italy's "06 …" as it is); where the trunk prefix is not 0, also without
 * it ("(206) 555-2222"), but only for a code typed after + or 00, as digits
 * alone that start with 1 or 7 are as often a national number. A number
 * stored with another country's code is not among them, though its national
 * number be the same (+1 207 946 0018 and +44 20 7946 0018).
 */
function internationalForms({ code, national }: { code: string; national: string }, typedCode: boolean): string[] {
  const trunk = trunkPrefix(code);
  const forms = [`${code}${national}`, `00${code}${national}`];
  // A national number that starts with 0 (Italy's 06 …) is written so in national form too.
  if (national.startsWith('0')) forms.push(national);
  else {
    forms.push(`${trunk}${national}`);
    if (trunk === '0') forms.push(`${code}0${national}`);
    else if (typedCode) forms.push(national);
  }
  return forms;
}
