// 0019: a phone written in national form with a trunk 0 ("020 7946 0018",
// "030 1234567") is found typed without that 0, as a number with its country
// code already was ("20 7946", "2079460018"). indexText now adds, behind the
// phone mark, the national number after the trunk 0: the phone tokens
// come from phoneTokens in src-shared/search/phone-tokens.ts, where they are
// defined (search-text.ts's indexText adds them; phoneTokens lived in
// search-text.ts when this migration shipped); a number typed with its
// country code reaches such a phone by its digits token, a query change alone.
//
// Only an entry holding such a phone changes: its digits token, which
// follows the phone's text, is a 0 and then four digits or more, the first
// not 0 (a number starting 00 is international). Those entries are indexed
// again from their records' texts, read from the rows, on 0017's path
// (reindexChanged): one by one while fewer than one in 500 change, else the
// index made anew a batch at a time; an entry whose record is gone or
// trashed keeps its text. The tokenizer does not change. Measured with a
// script that fills a version-18 vault with contacts and their entries and
// times migrate to 19, on two cores under a load average of 25: 100,000
// contacts each with a national phone, 67 s (17 s of CPU; about ten times
// that at 1,000,000); 100 of 100,000, one by one, 2.3 s. All of it runs in
// the migration's one write transaction: a process killed midway leaves
// version 18 and the index as it was. The search of changed entries is
// search-record-texts.ts's changedEntries, the one 0017 runs with its own glob.
import type { Migration } from './migration';
import { reindexChanged } from './search-index-batches';
import { changedEntries } from './search-record-texts';

/** A national phone's digits token (SQLite's GLOB): a space, 0, a digit other than 0, three digits more. */
const nationalDigits = '* 0[1-9][0-9][0-9][0-9]*';

export const migration0019SearchPhoneTrunk: Migration = {
  version: 19,
  name: 'search-phone-trunk',
  up: (tx, progress) => reindexChanged(tx, progress, (after, upTo) => changedEntries(tx, after, upTo, nationalDigits)),
};
