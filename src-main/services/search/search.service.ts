// Runs a global search over the FTS5 index (migration 0003) and turns the
// ranked matches into hits with titles read from the entity tables.
//
// Ranking, and why it is bounded: bm25 has to read the position lists of
// every matching row, so ranking all of "a*" in a million-contact vault costs
// seconds. Each query therefore ranks at most `candidateLimit` candidates,
// taken newest first (FTS5 walks its doclists by rowid, and newer records are
// the likelier target in a CRM). Two passes: records whose *name* matches
// come first, then records that match only in the body (emails, phones,
// notes, …). When a pass has no more than `candidateLimit` matches — every
// query past the first few characters — its ranking is exact bm25
// (name weighted 8:1 over body).
import { matchExpression } from '../../../src-shared/search/search-text';
import type { SearchHit, SearchQuery } from '../../../src-shared/search/search';
import { syncedEntities, type SyncedEntity } from '../../../src-shared/sync/protocol';
import { z } from 'zod';
import type { ReadTx } from '../../vault/connection';
import { recordTitles } from './record-titles';

export const defaultCandidateLimit = 1000;

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

async function rankedPass(tx: ReadTx, match: string, candidateLimit: number, limit: number): Promise<Candidate[]> {
  const rows = await tx.all(
    `SELECT d.doc_id, d.entity, d.record_id AS id FROM
       (SELECT rowid, rank FROM search_fts WHERE search_fts MATCH ? ORDER BY rowid DESC LIMIT ?) AS c
       JOIN search_docs d ON d.doc_id = c.rowid
     ORDER BY c.rank, d.doc_id DESC LIMIT ?`,
    [match, candidateLimit, limit],
  );
  return z.array(CandidateRow).parse(rows);
}

/** Ranked hits for the query among the readable entities. */
export async function searchRecords(tx: ReadTx, query: SearchQuery, options: SearchOptions): Promise<SearchHit[]> {
  const expression = matchExpression(query.text);
  const wanted = syncedEntities.filter(
    (entity) => options.readable.includes(entity) && (query.entities === undefined || query.entities.includes(entity)),
  );
  if (expression === null || wanted.length === 0) return [];
  const candidateLimit = options.candidateLimit ?? defaultCandidateLimit;
  const filter = entityFilter(wanted);

  const byName = await rankedPass(tx, `{name} : (${expression})${filter}`, candidateLimit, query.limit);
  let candidates = byName;
  if (byName.length < query.limit) {
    const seen = new Set(byName.map((candidate) => candidate.doc_id));
    // Over-fetch by the name hits, which this pass finds again.
    const anyField = await rankedPass(tx, `{name body} : (${expression})${filter}`, candidateLimit, query.limit + byName.length);
    candidates = [...byName, ...anyField.filter((candidate) => !seen.has(candidate.doc_id))].slice(0, query.limit);
  }

  const titles = new Map<SyncedEntity, Map<string, { title: string; subtitle: string }>>();
  for (const entity of wanted) {
    const ids = candidates.filter((candidate) => candidate.entity === entity).map((candidate) => candidate.id);
    titles.set(entity, await recordTitles(tx, entity, ids));
  }
  const hits: SearchHit[] = [];
  for (const candidate of candidates) {
    const title = titles.get(candidate.entity)?.get(candidate.id);
    if (title !== undefined) hits.push({ entity: candidate.entity, id: candidate.id, ...title });
  }
  return hits;
}
