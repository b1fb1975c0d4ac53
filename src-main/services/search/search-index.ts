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
import type { WriteTx } from '../../vault/connection';
import type { SyncedEntity } from '../../../src-shared/sync/protocol';
import { indexColumns } from '../../../src-shared/search/search-text';

interface IndexedDoc {
  readonly docId: number;
  readonly entity: SyncedEntity;
  readonly name: string;
  readonly body: string;
}

async function findDoc(tx: WriteTx, entity: SyncedEntity, id: string): Promise<IndexedDoc | null> {
  const row = await tx.get<{ doc_id: unknown; name: unknown; body: unknown }>(
    'SELECT doc_id, name, body FROM search_docs WHERE entity = ? AND record_id = ?',
    [entity, id],
  );
  if (row === undefined) return null;
  const { doc_id: docId, name, body } = row;
  // The table is STRICT, so anything else means a damaged file.
  if (typeof docId !== 'number' || typeof name !== 'string' || typeof body !== 'string') {
    throw new Error('A search index row has an unexpected shape');
  }
  return { docId, entity, name, body };
}

async function deleteTokens(tx: WriteTx, doc: IndexedDoc): Promise<void> {
  await tx.run("INSERT INTO search_fts (search_fts, rowid, name, body, entity) VALUES ('delete', ?, ?, ?, ?)", [
    doc.docId,
    doc.name,
    doc.body,
    doc.entity,
  ]);
}

/** Replaces the record's index entry with the given texts (texts[0] is its name). */
export async function indexRecord(tx: WriteTx, entity: SyncedEntity, id: string, texts: string[]): Promise<void> {
  const { name, body } = indexColumns(texts);
  const existing = await findDoc(tx, entity, id);
  let docId: number;
  if (existing !== null) {
    if (existing.name === name && existing.body === body) return;
    await deleteTokens(tx, existing);
    await tx.run('UPDATE search_docs SET name = ?, body = ? WHERE doc_id = ?', [name, body, existing.docId]);
    docId = existing.docId;
  } else {
    docId = (await tx.run('INSERT INTO search_docs (entity, record_id, name, body) VALUES (?, ?, ?, ?)', [entity, id, name, body])).lastID;
  }
  await tx.run('INSERT INTO search_fts (rowid, name, body, entity) VALUES (?, ?, ?, ?)', [docId, name, body, entity]);
}

/**
 * Removes the record from the index: its tokens leave the FTS5 pages in this
 * transaction and its search_docs row is deleted. Erasure must still
 * checkpoint the WAL afterwards so older page images leave the -wal file.
 */
export async function removeFromIndex(tx: WriteTx, entity: SyncedEntity, id: string): Promise<void> {
  const existing = await findDoc(tx, entity, id);
  if (existing === null) return;
  await deleteTokens(tx, existing);
  await tx.run('DELETE FROM search_docs WHERE doc_id = ?', [existing.docId]);
}

/** Rows per multi-row INSERT: 4 parameters each, well under SQLite's parameter limit. */
const batchRows = 250;

/**
 * Indexes records created in this transaction in bulk (imports): a few
 * statements per batch instead of three per record. A record that is already
 * indexed makes it throw (UNIQUE), so nothing is indexed twice.
 */
export async function indexNewRecords(
  tx: WriteTx,
  entity: SyncedEntity,
  records: readonly { readonly id: string; readonly texts: readonly string[] }[],
): Promise<void> {
  for (let start = 0; start < records.length; start += batchRows) {
    const batch = records.slice(start, start + batchRows);
    const params: string[] = [];
    for (const record of batch) {
      const { name, body } = indexColumns(record.texts);
      params.push(entity, record.id, name, body);
    }
    const before = await tx.get<{ top: unknown }>('SELECT coalesce(max(doc_id), 0) AS top FROM search_docs');
    const top = before?.top;
    if (typeof top !== 'number') throw new Error('The search index has no readable row count');
    await tx.run(`INSERT INTO search_docs (entity, record_id, name, body) VALUES ${batch.map(() => '(?, ?, ?, ?)').join(', ')}`, params);
    // doc_id is an INTEGER PRIMARY KEY: the rows just inserted are exactly those above the old maximum.
    await tx.run('INSERT INTO search_fts (rowid, name, body, entity) SELECT doc_id, name, body, entity FROM search_docs WHERE doc_id > ?', [top]);
  }
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
