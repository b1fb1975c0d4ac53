// The search entries (search_docs) a batch at a time, in doc_id order, for
// the migrations that look through them or index them again and report
// their progress in rows: 0012, 0015, 0017, 0019 and 0022 (and the type
// search-record-texts.ts answers them with). They are shipped: what they put
// in the index must not change, only how they report it.
import { z } from 'zod';
import type { WriteTx } from '../connection';
import type { MigrationRows } from './migration';

/** Entries read or indexed at a time, and between two reports of progress. */
export const batchRows = 5000;

const Batch = z.object({ last: z.number().int().nullable(), rows: z.number().int() });
export type Batch = z.infer<typeof Batch>;
const Count = z.object({ n: z.number().int() });

/** How many entries search_docs holds. */
export async function entryCount(tx: WriteTx): Promise<number> {
  return Count.parse(await tx.get('SELECT count(*) AS n FROM search_docs')).n;
}

/** The next batch of up to `rows` entries after doc_id `after` (and up to `upTo`, when given): its last doc_id, null when none is left, and its rows. */
export async function nextBatch(tx: WriteTx, after: number, { upTo, rows = batchRows }: { upTo?: number; rows?: number } = {}): Promise<Batch> {
  const [bound, params] = upTo === undefined ? ['', [after]] : [' AND doc_id <= ?', [after, upTo]];
  return Batch.parse(
    await tx.get(`SELECT max(doc_id) AS last, count(*) AS rows FROM (SELECT doc_id FROM search_docs WHERE doc_id > ?${bound} ORDER BY doc_id LIMIT ${rows})`, params),
  );
}

/** Indexes the entries with doc_id in (after, upTo] as search_docs holds them. */
export async function indexRange(tx: WriteTx, after: number, upTo: number): Promise<void> {
  await tx.run('INSERT INTO search_fts (rowid, name, body, entity) SELECT doc_id, name, body, entity FROM search_docs WHERE doc_id > ? AND doc_id <= ?', [after, upTo]);
}

/**
 * Runs `each` on the entries up to doc_id `upTo` (all of them when not
 * given), `rows` at a time in doc_id order, each batch as its doc_ids
 * (after, last], and tells `done` after each batch the entries it has run on.
 */
export async function forEachBatch(
  tx: WriteTx,
  each: (after: number, last: number) => Promise<void>,
  done: (entries: number) => void,
  { upTo, rows = batchRows }: { upTo?: number; rows?: number } = {},
): Promise<void> {
  let entries = 0;
  // From the first entry: the doc_ids SQLite gives are positive.
  for (let after = 0; ; ) {
    const batch = await nextBatch(tx, after, { upTo, rows });
    if (batch.last === null) return;
    await each(after, batch.last);
    entries += batch.rows;
    done(entries);
    after = batch.last;
  }
}

/**
 * Indexes the entries up to doc_id `upTo` (all of them when not given) into
 * an empty index, `rows` at a time, reporting after each batch the entries
 * indexed of `total`. The index holds what FTS5's 'rebuild' would put in it,
 * the same entries inserted in the same order; only its segments part where
 * the batches do (FTS5 writes its pending terms out at each statement).
 */
export async function indexInBatches(
  tx: WriteTx,
  progress: (rows: MigrationRows) => void,
  { total, upTo, rows = batchRows }: { total: number; upTo?: number; rows?: number },
): Promise<void> {
  await forEachBatch(tx, (after, last) => indexRange(tx, after, last), (done) => progress({ done: Math.min(done, total), total }), { upTo, rows });
}

/** An entry whose index text changes: as search_docs holds it, and its new name and body. */
export interface IndexChange {
  readonly doc_id: number;
  readonly entity: string;
  readonly name: string;
  readonly body: string;
  readonly next: { readonly name: string; readonly body: string };
}

/** While fewer entries than one in this many change, reindexChanged reindexes them one by one, not the whole index. */
export const changedOneByOneBelow = 500;

async function rewriteEntry(tx: WriteTx, change: IndexChange): Promise<void> {
  await tx.run('UPDATE search_docs SET name = ?, body = ? WHERE doc_id = ?', [change.next.name, change.next.body, change.doc_id]);
}

/**
 * Rewrites the entries `changed` finds in each batch of search_docs (doc_ids
 * in (after, upTo]), keeping the index in step, as migration 0015 does for
 * its nukta entries: while fewer than one entry in changedOneByOneBelow has
 * changed, each is reindexed alone (FTS5 'delete' of its old text, then
 * insert, in doc_id order so that FTS5 keeps them in its pending data);
 * past that share the index is emptied and indexed again, the entries before
 * the batch first (each batch reported, the count starting again), then
 * each batch after its entries are rewritten. Reports the entries done of
 * all after each batch.
 */
export async function reindexChanged(
  tx: WriteTx,
  progress: (rows: MigrationRows) => void,
  changed: (after: number, upTo: number) => Promise<readonly IndexChange[]>,
): Promise<void> {
  const total = await entryCount(tx);
  let found = 0;
  let anew = false;
  let done = 0;
  for (let after = 0; ; ) {
    const batch = await nextBatch(tx, after);
    if (batch.last === null) return;
    const changes = await changed(after, batch.last);
    found += changes.length;
    if (!anew && found * changedOneByOneBelow >= total) {
      await tx.run("INSERT INTO search_fts (search_fts) VALUES ('delete-all')");
      await indexInBatches(tx, progress, { total, upTo: after });
      anew = true;
    }
    if (anew) {
      for (const change of changes) await rewriteEntry(tx, change);
      await indexRange(tx, after, batch.last);
    } else {
      for (const change of changes) {
        await tx.run("INSERT INTO search_fts (search_fts, rowid, name, body, entity) VALUES ('delete', ?, ?, ?, ?)", [change.doc_id, change.name, change.body, change.entity]);
        await rewriteEntry(tx, change);
        await tx.run('INSERT INTO search_fts (rowid, name, body, entity) VALUES (?, ?, ?, ?)', [change.doc_id, change.next.name, change.next.body, change.entity]);
      }
    }
    done += batch.rows;
    progress({ done: Math.min(done, total), total });
    after = batch.last;
  }
}
