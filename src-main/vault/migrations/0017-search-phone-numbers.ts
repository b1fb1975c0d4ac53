// 0017: a phone number is found typed without its country code, with its
// trunk prefix, or as its local number. The index held a phone's digits as
// one token from its country code ("+1 206 555 1111" as 12065551111), so
// "2065551111" found nothing, nor 13812345678 for +86 138 1234 5678, nor
// 02079460202 for +44 20 7946 0202. indexText now adds, behind a mark no
// keyboard types, the national number (with its trunk prefix too where that
// is not 0) and the last 7 and 8 digits of each phone: the phone tokens
// come from phoneTokens in src-shared/search/phone-tokens.ts, where they are
// defined (search-text.ts's indexText adds them; phoneTokens lived in
// search-text.ts when this migration shipped); a query of six digits or
// more matches their start, and without a leading 0 (a trunk 0 typed).
//
// search_docs keeps the index text, which does not say where one phone ends
// and the next text starts, so an entry holding five digits in a row (every
// phone's digits token has them) is indexed again from its record's texts,
// read from the record's row (search-record-texts.ts, changedEntries, which
// 0019 shares; as 0012 does); it keeps
// its doc_id. A record whose row is gone, trashed or does not decode keeps
// its entry, and its next write indexes it whole. The tokenizer does not
// change, so the FTS5 table is kept.
//
// One pass over search_docs in doc_id order, 5,000 entries at a time, its
// progress reported in rows, as 0015 makes it: while fewer than one entry in
// 500 has changed, each batch's are reindexed alone (FTS5 'delete' of the old
// text, then insert); past that share (most contact vaults: nearly every
// contact has a phone) the index is emptied and indexed again a batch at a
// time, the count starting again (search-index-batches.ts, reindexChanged).
// A vault without a phone number is only read. Measured with a script that
// fills a version-16 vault with contacts and their entries and times migrate
// to 17, on two cores under a load average of 12: 100,000 contacts, each
// with a phone, 23 s. It all runs in the migration's one write transaction:
// a process killed midway leaves version 16 and the index as it was, and the
// next unlock runs it again.
import type { Migration } from './migration';
import { reindexChanged } from './search-index-batches';
import { changedEntries } from './search-record-texts';

/** Five digits in a row: the fewest a phone's digits token has (SQLite's GLOB). */
const fiveDigits = '*[0-9][0-9][0-9][0-9][0-9]*';

export const migration0017SearchPhoneNumbers: Migration = {
  version: 17,
  name: 'search-phone-numbers',
  up: (tx, progress) => reindexChanged(tx, progress, (after, upTo) => changedEntries(tx, after, upTo, fiveDigits)),
};
