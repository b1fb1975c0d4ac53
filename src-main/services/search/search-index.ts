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
import type { ReadTx, SqlValue, WriteTx } from '../../vault/connection';
import { insertRows } from '../../vault/json-rows';
import type { SyncedEntity } from '../../../src-shared/sync/protocol';
import { indexColumns } from '../../../src-shared/search/search-text';
import { withAccountNames } from './account-names';

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
export function reindexRecords(tx: WriteTx, entity: SyncedEntity, live: readonly IndexInput[], removed: readonly string[] = []): Promise<void> {
  return writeIndex(tx, entity, live, removed, true);
}

/**
 * reindexRecords; `staying` says the records stay on the device, so an entry
 * replaced or taken out (a trash) is marked (indexReplaced).
 */
async function writeIndex(tx: WriteTx, entity: SyncedEntity, live: readonly IndexInput[], removed: readonly string[], staying: boolean): Promise<void> {
  // One entry per record; the last texts given for an id win.
  const texts = new Map<string, { name: string; body: string }>();
  for (const record of live) texts.set(record.id, indexColumns(record.texts));
  const wanted = new Map<string, { name: string; body: string } | null>(await withAccountNames(tx, entity, texts));
  for (const id of removed) wanted.set(id, null);
  const entries = [...wanted];
  let added = false;
  for (let start = 0; start < entries.length; start += reindexChunk) {
    const part = entries.slice(start, start + reindexChunk);
    const existing = await findDocs(tx, entity, part.map(([id]) => id));
    const gone: number[] = [];
    const replaced: SqlValue[][] = [];
    const fresh: SqlValue[][] = [];
    const toIndex: string[] = [];
    for (const [id, text] of part) {
      const doc = existing.get(id);
      if (doc !== undefined && text !== null && doc.name === text.name && doc.body === text.body) continue;
      if (doc !== undefined) {
        gone.push(doc.docId);
        if (staying) replaced.push([entity, id]);
      }
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
      await insertRows(tx, 'INSERT OR IGNORE INTO search_replaced (entity, record_id)', replaced);
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
 * Removes a record that leaves the device from the index: its tokens leave
 * the FTS5 pages in this transaction and its search_docs row is deleted, and
 * its mark as replaced (indexReplaced) goes too. Erasure must still
 * checkpoint the WAL afterwards so older page images leave the -wal file. A
 * trashed record stays: reindexRecords takes it out.
 */
export async function removeFromIndex(tx: WriteTx, entity: SyncedEntity, id: string): Promise<void> {
  await writeIndex(tx, entity, [], [id], false);
  await tx.run('DELETE FROM search_replaced WHERE entity = ? AND record_id = ?', [entity, id]);
}

/**
 * Whether this device's index held an earlier text of the record (migration
 * 0032 `search_replaced`) since the index was last rewritten: its entry was
 * replaced with a changed text, or taken out while the record stayed (a
 * trash; the record may change while out of the index). A page key may then
 * hold a value the record no longer has, which no check of its current texts
 * finds. Migration 0032's ('*', '*') row marks every record until then.
 */
export async function indexReplaced(tx: ReadTx, entity: SyncedEntity, id: string): Promise<boolean> {
  // ('*', '*'): every record, as migration 0032 marks a vault edited before it.
  const found = await tx.get("SELECT 1 AS found FROM search_replaced WHERE (entity = ? AND record_id = ?) OR (entity = '*' AND record_id = '*')", [entity, id]);
  return found !== undefined;
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
  return { entity, entries: new Map(records.map((record) => [record.id, indexColumns(record.texts)])) };
}

/** Rows made by newIndexRows: each record's columns by id, before its account's name is added (account-names.ts). */
export interface NewIndexRows {
  readonly entity: SyncedEntity;
  readonly entries: ReadonlyMap<string, { readonly name: string; readonly body: string }>;
}

/** Writes rows made by newIndexRows: their search_docs rows and FTS5 entries (indexNewRecords, in two halves). */
export async function writeNewIndexRows(tx: WriteTx, { entity, entries }: NewIndexRows): Promise<void> {
  if (entries.size === 0) return;
  const rows = [...(await withAccountNames(tx, entity, entries))].map(([id, { name, body }]): SqlValue[] => [entity, id, name, body]);
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
 * After a bulk write of `written` records (an initial sync, an import), or
 * before a bulk removal of that many (an import's undo): when that is at
 * least compactShare of the index, merges FTS5's segments into one
 * ('optimize'). Each chunk of a bulk write leaves segments of its own, and
 * every later search and every secure delete visits each segment (an
 * incremental sync of 100 edits into 100,000 synced contacts spent about a
 * third less time after the merge, which itself took about 1 s; undoing an
 * import of 20,000 contacts into 20,000, 29 s from ten segments, 12 s from
 * one, the merge 0.25 s). A small bulk write into a large index skips it:
 * the merge rewrites the whole index. Returns whether it merged.
 */
export async function compactAfterBulk(tx: WriteTx, written: number): Promise<boolean> {
  const row = await tx.get<{ n: unknown }>('SELECT count(*) AS n FROM search_docs');
  const total = typeof row?.n === 'number' ? row.n : 0;
  if (total === 0 || written < total * compactShare) return false;
  await tx.run("INSERT INTO search_fts (search_fts) VALUES ('optimize')");
  return true;
}

/**
 * FTS5's secure delete takes a removed entry's tokens out of the index's
 * leaf pages, but not out of search_fts_idx. That table keys each leaf page
 * by a prefix of the page's first term, just long enough to sort after the
 * previous page's last term, and the key stays when that term leaves. Terms
 * that share long prefixes (a phone's digits, email addresses) make keys
 * that are whole tokens: a number erased from the device stayed readable in
 * the file. The prefix indexes ('1 2') are keyed the same way, by prefixes
 * of their 1- and 2-character terms, which for CJK names are whole tokens
 * (bigrams).
 *
 * A key is bytes, cut after the first byte that differs from the previous
 * term: within a multi-byte UTF-8 character whenever two terms differ there
 * (most keys of non-Latin words). Keys and terms are compared as bytes here,
 * never as text.
 *
 * After records left the device for good (eviction, erasure), a key (of any
 * of those indexes) that is a byte prefix of one of their tokens, and of no
 * term still in the index, is what is left of them. Then the index is
 * rewritten from its live entries: a throwaway entry makes a second segment
 * so that 'optimize' merges everything into a new one, with keys made only
 * from live terms; the old pages are freed (and zeroed by SQLCipher's
 * secure_delete). The caller's WAL checkpoint then removes the old page
 * images from the -wal file. Measured: about 0.45 s for an index of 100,000
 * contacts. Returns whether it rewrote.
 *
 * `removedTexts` are the removed records' search texts, as given to the
 * index (IndexInput.texts), for records still indexed or already trashed.
 */
export async function scrubIndexKeys(tx: WriteTx, removedTexts: readonly (readonly string[])[]): Promise<boolean> {
  const tokens = removedTokens(removedTexts);
  if (tokens.length === 0) return false;
  const keys = await tx.all<{ term: unknown }>('SELECT term FROM search_fts_idx');
  let termsReady = false;
  for (const { term } of keys) {
    // A key starts with its index's marker: '0' for the main index, '1' and '2' for the prefix indexes.
    if (!(term instanceof Uint8Array) || term.length < 2 || term[0] === undefined || term[0] < mainIndexMarker || term[0] > lastIndexMarker) continue;
    const key = Buffer.from(term.subarray(1));
    if (!startsSomeToken(tokens, key)) continue;
    if (!termsReady) {
      await tx.run(`CREATE VIRTUAL TABLE IF NOT EXISTS ${liveTerms} USING fts5vocab(main, search_fts, instance)`);
      termsReady = true;
    }
    if (await liveTermStartsWith(tx, key)) continue;
    await rewriteIndex(tx);
    return true;
  }
  return false;
}

const mainIndexMarker = 0x30;
/** The marker of the last prefix index ('2', migration 0012's prefix = '1 2'). */
const lastIndexMarker = 0x32;

/**
 * The main index's terms, one row per occurrence in a live entry, in term
 * (byte) order: FTS5's vocabulary table over search_fts, made per connection
 * (it stores nothing). It reads what this transaction wrote too.
 */
const liveTerms = 'temp.search_fts_terms';

/** Distinct tokens of the texts as FTS5's unicode61 tokenizer splits the folded index text, sorted by their bytes. */
function removedTokens(removedTexts: readonly (readonly string[])[]): Buffer[] {
  const tokens = new Set<string>();
  for (const texts of removedTexts) {
    const { name, body } = indexColumns(texts);
    // Its categories: L* N* Co M* (migration 0012). unicode61 also folds a final sigma to σ, which
    // toLowerCase keeps (a Greek name's page key went unmatched, and the name stayed in the file).
    const folded = `${name} ${body}`.toLowerCase().replaceAll('ς', 'σ');
    for (const token of folded.split(/[^\p{L}\p{N}\p{Co}\p{M}]+/u)) if (token !== '') tokens.add(token);
  }
  return [...tokens].map((token) => Buffer.from(token, 'utf8')).sort((a, b) => Buffer.compare(a, b));
}

/** Whether a token (sorted by bytes) starts with `key`: the first token not below `key` is the only candidate. */
function startsSomeToken(tokens: readonly Buffer[], key: Buffer): boolean {
  let low = 0;
  let high = tokens.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const token = tokens[middle];
    if (token !== undefined && Buffer.compare(token, key) < 0) low = middle + 1;
    else high = middle;
  }
  const candidate = tokens[low];
  return candidate !== undefined && candidate.length >= key.length && candidate.subarray(0, key.length).equals(key);
}

/**
 * Whether a live entry has a term whose bytes start with `key`: a term in
 * [key, key's successor), compared as bytes (SQLite compares text with
 * memcmp and does not check that it is valid UTF-8, so a key cut inside a
 * character bounds the range as it is). The vocabulary table stops at the
 * upper bound and at the first occurrence.
 */
async function liveTermStartsWith(tx: WriteTx, key: Buffer): Promise<boolean> {
  const found = await tx.get(`SELECT 1 AS found FROM ${liveTerms} WHERE term >= CAST(? AS TEXT) AND term < CAST(? AS TEXT) LIMIT 1`, [key, successor(key)]);
  return found !== undefined;
}

/** The first byte string above every string that starts with `key`. UTF-8 has no 0xff byte, so the last byte can always go up by one. */
function successor(key: Buffer): Buffer {
  const last = key.at(-1);
  if (last === undefined || last === 0xff) throw new Error('A search index key is not UTF-8');
  const next = Buffer.from(key);
  next[next.length - 1] = last + 1;
  return next;
}

/**
 * Rewrites the index from its live entries whatever its page keys hold: after an erasure, whose record's values
 * edited away before (a phone number changed, then the contact erased) can be page keys too, and no removed
 * text names them (scrubIndexKeys checks the texts the record holds when it goes).
 */
export async function rewriteIndex(tx: WriteTx): Promise<void> {
  // A rowid no search_docs row has (doc_id starts at 1), given last so FTS5 needs no extra flush.
  const throwaway = -1;
  await tx.run("INSERT INTO search_fts (rowid, name, body, entity) VALUES (?, 'scrub', '', 'scrub')", [throwaway]);
  await tx.run("INSERT INTO search_fts (search_fts) VALUES ('optimize')");
  await tx.run("INSERT INTO search_fts (search_fts, rowid, name, body, entity) VALUES ('delete', ?, 'scrub', '', 'scrub')", [throwaway]);
  // Every key is now made from live terms: no earlier text of any record is left in the index.
  await tx.run('DELETE FROM search_replaced');
}
