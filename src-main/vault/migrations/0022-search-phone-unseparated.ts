// 0022: a phone written without separators ("02079460018", "+442079460018",
// "00442079460018", "2079460018") is found as one written in groups: by its
// phone tokens (a run of digits alone got none) and, as plain words, by its
// last 8, 7 and 4 digits ("7946", "0018"); and a number of Russia or
// Kazakhstan in national form with its trunk 8 ("8 495 123-45-67") by its
// number after the 8 ("4951234567"), as 0019 did for a trunk 0
// (src-shared/search/phone-tokens.ts). The tokenizer does not change.
//
// Only an entry holding seven digits in a row can change (both kinds hold
// such a digits token), and of those only one whose text, as version 21
// wrote it, holds such a phone (mayChange): a token of + and digits, a
// digits token that reads as 8 and a +7 national number, or a run of digits
// not followed by the phone tokens of a grouped phone. Those are indexed
// again from their records' texts, and only the ones whose text differs are
// written, on 0019's path
// (reindexChanged): one by one while fewer than one in 500 change, else the
// index made anew a batch at a time, with progress for the lock screen; an
// entry whose record is gone or trashed keeps its text. All of it runs in
// the migration's one write transaction: a process killed midway leaves
// version 21 and the index as it was. Measured in docs/ARCHITECTURE.md
// (Search).
import { phoneMark } from '../../../src-shared/search/search-text';
import type { Migration } from './migration';
import { reindexChanged } from './search-index-batches';
import { changedEntries } from './search-record-texts';

/** Seven digits in a row (SQLite's GLOB): every phone that may change holds them, grouped ones too. */
const sevenDigits = '*[0-9][0-9][0-9][0-9][0-9][0-9][0-9]*';

/**
 * Whether index text as version 21 wrote it may hold a phone whose tokens
 * 0022 changes: "+" and digits ("+442079460018", which had its phone
 * tokens but no group words); 8 and a +7 national number, grouped or not
 * ("8 495 123-45-67"'s digits token 84951234567); or a run of digits (after
 * 00 or not) that no phone token of it follows, as one follows the digits
 * token of a grouped phone of eight digits or more. A grouped phone of
 * seven digits or fewer has none and is looked at too; the comparison with
 * its record then leaves it.
 */
function mayChange(text: string): boolean {
  const tokens = text.split(' ');
  return tokens.some((token, index) => {
    if (/^\+[0-9]{7,15}$/.test(token) || /^8[346-9][0-9]{9}$/.test(token)) return true;
    const next = tokens[index + 1] ?? '';
    return /^[0-9]{7,17}$/.test(token) && !(next.startsWith(phoneMark) && token.endsWith(next.slice(phoneMark.length)));
  });
}

export const migration0022SearchPhoneUnseparated: Migration = {
  version: 22,
  name: 'search-phone-unseparated',
  up: (tx, progress) => reindexChanged(tx, progress, (after, upTo) => changedEntries(tx, after, upTo, sevenDigits, mayChange)),
};
