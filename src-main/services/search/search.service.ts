// Runs a global search over the FTS5 index (migration 0003) and turns the
// ranked matches into hits with titles read from the entity tables.
//
// Ranking, and why it is bounded: bm25 has to read the position lists of
// every matching row and, for its term weights, count every row holding each
// term, so ranking "ma*" in a million-contact vault costs 50–100 ms and "a*"
// seconds. Each pass therefore looks at the newest `candidateLimit` matches
// at most (newer records are the likelier target in a CRM). When a pass has
// no more matches than that — every query past its first few characters —
// they are ranked by exact bm25 (name weighted 8:1 over body), whole-word
// matches before prefix-only ones. When it has
// more, the query is still a broad prefix ("m", "ma", "王"), which says
// little about relevance: the newest candidates are listed shortest name
// first (what bm25 favours for a single term), at no ranking cost, after
// the newest records holding the query as a whole word ("li" finds Li
// among thousands of Lisas). Two
// passes: records whose *name* matches come first, then records that match
// only in the body (emails, phones, titles, …).
//
// Finding the newest candidates: FTS5 walking a prefix query's doclists in
// descending rowid order ("ORDER BY rowid DESC LIMIT n") took 0.5–1 s for a
// three-letter prefix at a million contacts, while the same matches in
// ascending order took milliseconds. So the candidates are collected in
// windows of doc ids, newest window first, each scanned ascending, the
// windows growing fourfold until enough matches are found. Ranking runs in
// a materialised step: left to itself SQLite hands the ORDER BY rank to
// FTS5, which then ranks every match, not only the candidates.
import { matchExpression } from '../../../src-shared/search/search-text';
import type { SearchHit, SearchQuery } from '../../../src-shared/search/search';
import { syncedEntities, type SyncedEntity } from '../../../src-shared/sync/protocol';
import { z } from 'zod';
import type { ReadTx } from '../../vault/connection';
import { recordTitles } from './record-titles';

export const defaultCandidateLimit = 200;

export interface SearchOptions {
  /** The entities the caller may read; others are never searched. */
  readonly readable: readonly SyncedEntity[];
  readonly candidateLimit?: number;
}

const CandidateRow = z.object({ doc_id: z.number().int(), entity: z.enum(syncedEntities), id: z.string() });
type Candidate = z.infer<typeof CandidateRow>;

/** entity : ("contacts" OR "deals"), or '' when every entity is allowed. */
function entityFilter(entities: readonly SyncedEntity[]): string {
  if (entities.length === syncedEntities.length) return '';
  return ` AND entity : (${entities.map((entity) => `"${entity}"`).join(' OR ')})`;
}

/** The first window of doc ids scanned; each next one is four times larger. */
const firstWindow = 4096;

const RowId = z.object({ rowid: z.number().int() });

/** The newest matches, up to `count` + 1 (one more tells that there are more than `count`), newest first. */
async function newestMatches(tx: ReadTx, match: string, count: number, top: number): Promise<number[]> {
  const found: number[] = [];
  let high = top;
  for (let window = firstWindow; high > 0 && found.length <= count; window *= 4) {
    const low = Math.max(0, high - window);
    const rows = z.array(RowId).parse(await tx.all('SELECT rowid FROM search_fts WHERE search_fts MATCH ? AND rowid > ? AND rowid <= ?', [match, low, high]));
    found.push(...rows.map((row) => row.rowid).reverse());
    high = low;
  }
  return found.slice(0, count + 1);
}

/** A pass's MATCH expression: prefix words, and whole words only (null when that is the same query). */
interface PassMatch {
  readonly prefix: string;
  readonly exact: string | null;
}

async function rankedPass(tx: ReadTx, match: PassMatch, candidateLimit: number, limit: number, top: number): Promise<Candidate[]> {
  const newest = await newestMatches(tx, match.prefix, candidateLimit, top);
  if (newest.length > candidateLimit) {
    // A short name ("Li", "Wu") among the many newer longer names its letters
    // start would not be among the newest candidates: whole-word matches, the
    // newest `limit` of them, come first.
    const exact = match.exact === null ? [] : (await newestMatches(tx, match.exact, limit, top)).slice(0, limit);
    const candidates = [...new Set([...exact, ...newest.slice(0, candidateLimit)])];
    const rows = await tx.all(
      `SELECT doc_id, entity, record_id AS id FROM search_docs WHERE doc_id IN (${candidates.map(() => '?').join(', ')})
       ORDER BY doc_id IN (SELECT value FROM json_each(?)) DESC, length(name), doc_id DESC LIMIT ?`,
      [...candidates, JSON.stringify(exact), limit],
    );
    return z.array(CandidateRow).parse(rows);
  }
  // Whole-word matches first: bm25 normalises by the length of the whole
  // entry (every column), so "anna" ranked Annabelle Maria Theresa, with no
  // email or phone, above Anna Berg, who has both.
  if (match.exact !== null) {
    const rows = await tx.all(
      `WITH c AS MATERIALIZED (SELECT rowid, rank FROM search_fts WHERE search_fts MATCH ?),
            e AS MATERIALIZED (SELECT rowid FROM search_fts WHERE search_fts MATCH ?)
       SELECT d.doc_id, d.entity, d.record_id AS id FROM c JOIN search_docs d ON d.doc_id = c.rowid
       ORDER BY c.rowid IN (SELECT rowid FROM e) DESC, c.rank, d.doc_id DESC LIMIT ?`,
      [match.prefix, match.exact, limit],
    );
    return z.array(CandidateRow).parse(rows);
  }
  const rows = await tx.all(
    `WITH c AS MATERIALIZED (SELECT rowid, rank FROM search_fts WHERE search_fts MATCH ?)
     SELECT d.doc_id, d.entity, d.record_id AS id FROM c JOIN search_docs d ON d.doc_id = c.rowid
     ORDER BY c.rank, d.doc_id DESC LIMIT ?`,
    [match.prefix, limit],
  );
  return z.array(CandidateRow).parse(rows);
}

/** Ranked hits for the query among the readable entities. */
export async function searchRecords(tx: ReadTx, query: SearchQuery, options: SearchOptions): Promise<SearchHit[]> {
  const expression = matchExpression(query.text);
  const wholeWords = matchExpression(query.text, true);
  const wanted = syncedEntities.filter(
    (entity) => options.readable.includes(entity) && (query.entities === undefined || query.entities.includes(entity)),
  );
  if (expression === null || wanted.length === 0) return [];
  const candidateLimit = options.candidateLimit ?? defaultCandidateLimit;
  const filter = entityFilter(wanted);

  const newest = z.object({ top: z.number().int() }).parse(await tx.get('SELECT coalesce(max(doc_id), 0) AS top FROM search_docs'));
  const pass = (columns: string): PassMatch => ({
    prefix: `${columns} : (${expression})${filter}`,
    exact: wholeWords === null || wholeWords === expression ? null : `${columns} : (${wholeWords})${filter}`,
  });
  const byName = await rankedPass(tx, pass('{name}'), candidateLimit, query.limit, newest.top);
  let candidates = byName;
  if (byName.length < query.limit) {
    const seen = new Set(byName.map((candidate) => candidate.doc_id));
    // Over-fetch by the name hits, which this pass finds again.
    const anyField = await rankedPass(tx, pass('{name body}'), candidateLimit, query.limit + byName.length, newest.top);
    candidates = [...byName, ...anyField.filter((candidate) => !seen.has(candidate.doc_id))].slice(0, query.limit);
  }

  const titles = new Map<SyncedEntity, Map<string, { title: string; subtitle: string }>>();
  for (const entity of wanted) {
    const ids = candidates.filter((candidate) => candidate.entity === entity).map((candidate) => candidate.id);
    titles.set(entity, await recordTitles(tx, entity, ids, options.readable));
  }
  const hits: SearchHit[] = [];
  for (const candidate of candidates) {
    const title = titles.get(candidate.entity)?.get(candidate.id);
    if (title !== undefined) hits.push({ entity: candidate.entity, id: candidate.id, ...title });
  }
  return hits;
}
