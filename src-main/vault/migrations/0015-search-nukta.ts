// 0015: the nukta is folded like an accent in the search index.
// Since 0012 the marks of the Indic scripts are kept, the nukta with them, so
// "जफर", typed as most people type it, no longer found ज़फ़र. foldText now
// drops the nukta signs (src-shared/search/search-text.ts, nuktaSigns), and a
// precomposed nukta letter (ज़ U+095B) with them, as NFKD takes it apart.
//
// search_docs keeps the folded index text, in which a nukta stands apart
// after its letter (NFKD), so an entry's new text is its text without the
// nukta signs, white space collapsed as indexText collapses it: the entries
// are rewritten from search_docs alone, each under its own doc_id, whether
// or not their record can still be read. (A nukta straight after a CJK
// letter, or in a phone number with no other non-digit, would tokenise
// otherwise now; no text holds one, and its record's next write indexes it
// whole.) Only entries holding a nukta sign change, and the tokenizer does
// not, so the FTS5 table is kept.
//
// One pass over search_docs in doc_id order, 5,000 entries at a time, its
// progress reported in rows (entries whose index is done, of all). While
// fewer than one entry in 500 has turned out to hold a nukta, each batch's
// are reindexed alone (FTS5 'delete' of the old text, then insert), at up to
// a few ms an entry, and the entries looked through are done. Past that
// share, the index is emptied ('delete-all') and the count starts again: the
// entries before the batch are indexed again 5,000 at a time, each batch
// reported, then every batch after it, its nukta entries rewritten just
// before (search-index-batches.ts, reindexChanged). A vault without a nukta
// is only read.
// Measured with a script that fills search_docs of a version-14 vault
// through the driver, builds its index and times migrate to 15, on two cores
// under a load average of 4-10: 1,000,000 entries with one nukta entry 5 s,
// with 1,000 (one by one) 5-8 s, a third of them (made anew) 36 s, as long
// as a bare FTS5 'rebuild' of them (28-38 s); 100,000 entries, a third of
// them, 2.8 s. It all runs in the migration's one write transaction: a
// process killed midway leaves version 14 and the index as it was, and the
// next unlock runs it again.
import { z } from 'zod';
import { nuktaSigns } from '../../../src-shared/search/search-text';
import type { WriteTx } from '../connection';
import type { Migration } from './migration';
import { changedOneByOneBelow, reindexChanged } from './search-index-batches';

const Entry = z.object({ doc_id: z.number().int(), entity: z.string(), name: z.string(), body: z.string() });
type Entry = z.infer<typeof Entry>;

/**
 * GLOBs for text holding a nukta sign (SQLite's GLOB compares code points):
 * first the span of code points the signs lie in, cheap to test (a class of
 * one range), then the signs themselves (a class of 24, tried at every
 * character: counting the entries of 1,000,000 that hold one took 13 s with
 * it alone, a count within the span 0.6 s).
 */
const inNuktaSpan = '*[\u093C-\u0CBC\u1C37\u{110BA}-\u{11D42}]*';
const holdsNukta = `*[${nuktaSigns}]*`;
const nukta = new RegExp(`[${nuktaSigns}]`, 'gu');
/** While fewer entries than one in this many hold a nukta, they are reindexed one by one, not the whole index. */
export const oneByOneBelow = changedOneByOneBelow;

/** Index text as indexText writes it now: without the nukta signs. */
function withoutNukta(indexed: string): string {
  return indexed.replace(nukta, '').replace(/\s+/g, ' ').trim();
}

/** The entries holding a nukta sign with doc_id in (after, upTo], in doc_id order. */
async function nuktaEntries(tx: WriteTx, after: number, upTo: number): Promise<Entry[]> {
  return z
    .array(Entry)
    .parse(
      await tx.all(
        'SELECT doc_id, entity, name, body FROM search_docs WHERE doc_id > ? AND doc_id <= ? AND (name GLOB ? OR body GLOB ?) AND (name GLOB ? OR body GLOB ?) ORDER BY doc_id',
        [after, upTo, inNuktaSpan, inNuktaSpan, holdsNukta, holdsNukta],
      ),
    );
}

export const migration0015SearchNukta: Migration = {
  version: 15,
  name: 'search-nukta',
  // Every entry holding a nukta changes: its new text is its text without them.
  up: (tx, progress) =>
    reindexChanged(tx, progress, async (after, upTo) =>
      (await nuktaEntries(tx, after, upTo)).map((entry) => ({ ...entry, next: { name: withoutNukta(entry.name), body: withoutNukta(entry.body) } })),
    ),
};
