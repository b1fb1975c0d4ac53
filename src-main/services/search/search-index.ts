// Writes to the global search index (migration 0003). Entity services call
// these inside the same write transaction as the record change, so the index
// never disagrees with the committed data. Convention for `texts`: texts[0] is
// the record's name or title (weighted higher in ranking), the rest is body
// text (emails, phones, company, notes, …). Empty strings are ignored.
//
// search_fts is an external-content FTS5 table over search_docs: every FTS
// write below is paired with the search_docs row it was built from, and a
// removal passes FTS5 the exact text it indexed ('delete' command), which with
// 'secure-delete' on removes those tokens from the index pages themselves.
import type { SqlValue, WriteTx } from '../../vault/connection';
import { insertRows } from '../../vault/json-rows';
import type { SyncedEntity } from '../../../src-shared/sync/protocol';
import { indexColumns } from '../../../src-shared/search/search-text';

/** One record's search texts (texts[0] is its name or title). */
export interface IndexInput {
  readonly id: string;
  readonly texts: readonly string[];
}

/**
 * Leaf pages of merge work a write that added entries may do ('merge'
 * command): FTS5 merges a level's segments once it has two (its 'usermerge',
 * set by migration 0007); a merge larger than this goes on in the next writes.
 */
const mergePages = 256;

/** Records per statement: the widest statement below binds 4 values per record, well under SQLite's parameter limit. */
const reindexChunk = 500;

interface IndexedDoc {
  readonly docId: number;
  readonly name: string;
  readonly body: string;
}

async function findDocs(tx: WriteTx, entity: SyncedEntity, ids: readonly string[]): Promise<Map<string, IndexedDoc>> {
  const rows = await tx.all<{ doc_id: unknown; record_id: unknown; name: unknown; body: unknown }>(
    'SELECT doc_id, record_id, name, body FROM search_docs WHERE entity = ? AND record_id IN (SELECT value FROM json_each(?))',
    [entity, JSON.stringify(ids)],
  );
  const docs = new Map<string, IndexedDoc>();
  for (const { doc_id: docId, record_id: id, name, body } of rows) {
    // The table is STRICT, so anything else means a damaged file.
    if (typeof docId !== 'number' || typeof id !== 'string' || typeof name !== 'string' || typeof body !== 'string') {
      throw new Error('A search index row has an unexpected shape');
    }
    docs.set(id, { docId, name, body });
  }
  return docs;
}

/**
 * Brings the index up to date for records written in this transaction, in a
 * few statements per 500 records whatever their number: `live` records are
 * indexed with their texts (an entry whose text did not change is left
 * alone), `removed` ones leave the index. A removal or a changed text passes
 * FTS5 the exact text it indexed ('delete' command, read from search_docs
 * before that row goes), which with 'secure-delete' on removes those tokens
 * from the index pages themselves.
 *
 * A changed text gets a new entry, so a doc_id above every entry left: that
 * keeps the small FTS5 segments that edits write made only of rowids higher
 * than those of older entries. A secure delete looks each token of the entry
 * up in every segment, stepping through a segment's entries below the rowid
 * it deletes (FTS5 only skips ahead in a doclist long enough to have an
 * index), so with edits kept in place every later edit stepped through all
 * earlier ones. Search's "newest first" is then "most recently indexed".
 * A write that added entries ends with a bounded merge of the small
 * segments (mergePages, migration 0007), since each lookup also visits
 * every segment.
 */
export async function reindexRecords(tx: WriteTx, entity: SyncedEntity, live: readonly IndexInput[], removed: readonly string[] = []): Promise<void> {
  // One entry per record; the last texts given for an id win.
  const wanted = new Map<string, { name: string; body: string } | null>();
  for (const record of live) wanted.set(record.id, indexColumns(record.texts));
  for (const id of removed) wanted.set(id, null);
  const entries = [...wanted];
  let added = false;
  for (let start = 0; start < entries.length; start += reindexChunk) {
    const part = entries.slice(start, start + reindexChunk);
    const existing = await findDocs(tx, entity, part.map(([id]) => id));
    const gone: number[] = [];
    const fresh: SqlValue[][] = [];
    const toIndex: string[] = [];
    for (const [id, text] of part) {
      const doc = existing.get(id);
      if (doc !== undefined && text !== null && doc.name === text.name && doc.body === text.body) continue;
      if (doc !== undefined) gone.push(doc.docId);
      if (text !== null) {
        fresh.push([entity, id, text.name, text.body]);
        toIndex.push(id);
      }
    }
    added ||= fresh.length > 0;
    // In doc_id (FTS5 rowid) order: FTS5 writes out what it holds in memory whenever it is given a rowid lower than the last.
    if (gone.length > 0) {
      await tx.run(
        "INSERT INTO search_fts (search_fts, rowid, name, body, entity) SELECT 'delete', doc_id, name, body, entity FROM search_docs WHERE doc_id IN (SELECT value FROM json_each(?)) ORDER BY doc_id",
        [JSON.stringify(gone)],
      );
      await tx.run('DELETE FROM search_docs WHERE doc_id IN (SELECT value FROM json_each(?))', [JSON.stringify(gone)]);
    }
    if (fresh.length > 0) {
      await insertRows(tx, 'INSERT INTO search_docs (entity, record_id, name, body)', fresh);
      await tx.run(
        'INSERT INTO search_fts (rowid, name, body, entity) SELECT doc_id, name, body, entity FROM search_docs WHERE entity = ? AND record_id IN (SELECT value FROM json_each(?)) ORDER BY doc_id',
        [entity, JSON.stringify(toIndex)],
      );
    }
  }
  // Only added entries make a segment: a removal's secure delete edits the existing ones in place.
  if (added) await tx.run("INSERT INTO search_fts (search_fts, rank) VALUES ('merge', ?)", [mergePages]);
}

/** Replaces the record's index entry with the given texts (texts[0] is its name). */
export function indexRecord(tx: WriteTx, entity: SyncedEntity, id: string, texts: readonly string[]): Promise<void> {
  return reindexRecords(tx, entity, [{ id, texts }]);
}

/**
 * Removes the record from the index: its tokens leave the FTS5 pages in this
 * transaction and its search_docs row is deleted. Erasure must still
 * checkpoint the WAL afterwards so older page images leave the -wal file.
 */
export function removeFromIndex(tx: WriteTx, entity: SyncedEntity, id: string): Promise<void> {
  return reindexRecords(tx, entity, [], [id]);
}

/**
 * Indexes records created in this transaction in bulk (imports, an initial
 * sync): a few statements for the whole set instead of three per record. A
 * record that is already indexed makes it throw (UNIQUE), so nothing is
 * indexed twice.
 */
export function indexNewRecords(tx: WriteTx, entity: SyncedEntity, records: readonly IndexInput[]): Promise<void> {
  return writeNewIndexRows(tx, newIndexRows(entity, records));
}

/** The search_docs rows of records new to the index: the text folding, without touching the vault. */
export function newIndexRows(entity: SyncedEntity, records: readonly IndexInput[]): NewIndexRows {
  return {
    rows: records.map((record) => {
      const { name, body } = indexColumns(record.texts);
      return [entity, record.id, name, body];
    }),
  };
}

/** Rows made by newIndexRows. */
export interface NewIndexRows {
  readonly rows: readonly (readonly SqlValue[])[];
}

/** Writes rows made by newIndexRows: their search_docs rows and FTS5 entries (indexNewRecords, in two halves). */
export async function writeNewIndexRows(tx: WriteTx, { rows }: NewIndexRows): Promise<void> {
  if (rows.length === 0) return;
  const before = await tx.get<{ top: unknown }>('SELECT coalesce(max(doc_id), 0) AS top FROM search_docs');
  const top = before?.top;
  if (typeof top !== 'number') throw new Error('The search index has no readable row count');
  await insertRows(tx, 'INSERT INTO search_docs (entity, record_id, name, body)', rows);
  // doc_id is an INTEGER PRIMARY KEY: the rows just inserted are exactly those above the old maximum.
  await tx.run('INSERT INTO search_fts (rowid, name, body, entity) SELECT doc_id, name, body, entity FROM search_docs WHERE doc_id > ?', [top]);
}

/**
 * A bulk write that brought at least this share of the index's entries ends
 * by merging the index into one segment (compactAfterBulk).
 */
export const compactShare = 0.25;

/**
 * After a bulk write of `written` records (an initial sync): when that is at
 * least compactShare of the index, merges FTS5's segments into one
 * ('optimize'). Each chunk of a bulk write leaves segments of its own, and
 * every later search and every secure delete visits each segment (an
 * incremental sync of 100 edits into 100,000 synced contacts spent about a
 * third less time after the merge, which itself took about 1 s). A small
 * bulk write into a large index skips it: the merge rewrites the whole
 * index. Returns whether it merged.
 */
export async function compactAfterBulk(tx: WriteTx, written: number): Promise<boolean> {
  const row = await tx.get<{ n: unknown }>('SELECT count(*) AS n FROM search_docs');
  const total = typeof row?.n === 'number' ? row.n : 0;
  if (total === 0 || written < total * compactShare) return false;
  await tx.run("INSERT INTO search_fts (search_fts) VALUES ('optimize')");
  return true;
}
