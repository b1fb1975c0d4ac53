// Runs a global search over the FTS5 index (migration 0003) and turns the
// ranked matches into hits with titles read from the entity tables.
//
// Two passes: records whose *name* matches come first, then records that
// match only in the body (emails, phones, job titles, tags, …). Within each,
// people and companies (contacts, accounts) come before deals, tasks and
// activities: a rep who types the first letters of a name is after a person
// or a company. In the demo organisation "a" listed thirty "Book a demo for
// …" tasks, and "c" thirty "Note on Chloé" activities, all newer than any
// contact, and no contact at all.
//
// Ranking within a pass, and why it is bounded: bm25 has to read the
// position lists of every matching row and, for its term weights, count
// every row holding each term, so ranking "ma*" in a million-contact vault
// costs 50–100 ms and "a*" seconds. Each pass therefore looks at the newest
// `candidateLimit` matches at most (newer records are the likelier target in
// a CRM). When a pass has no more matches than that — every query past its
// first few characters — they are ranked by exact bm25 (name weighted 8:1
// over body), after whole-word matches and then names that start with the
// first word typed. When it has more, the query is still a broad prefix
// ("m", "ma", "王"), which says little about relevance: the newest
// candidates are listed names starting with the word first, then shortest
// name first (what bm25 favours for a single term), at no ranking cost,
// after the newest records holding the query as a whole word ("li" finds Li
// among thousands of Lisas; a CJK run typed is a whole word where a name's
// run is that run, so "张伟" finds 张伟 among thousands of 张伟明s). When
// newer deals, tasks or activities fill that page, the newest matches of
// contacts and accounts alone are looked up too.
// A query of one letter or digit has no whole-word tier: "a", "i", "y" are
// words of their own in many languages, and "a" means the names that start
// with it, not every "Book a demo".
//
// Accents: the index holds folded text, so "mül" finds Mulder as well as
// Müller, and a query typed without accents finds names with and without
// them alike. A query typed with them (anything folding changes: ü, é, ß,
// full-width letters) says which spelling is meant: the titles of the best
// `accentDepth` pages of matches are read, and within each group above
// those holding the words as typed come first.
//
// Finding the newest candidates: FTS5 walking a prefix query's doclists in
// descending rowid order ("ORDER BY rowid DESC LIMIT n") took 0.5–1 s for a
// three-letter prefix at a million contacts, while the same matches in
// ascending order took milliseconds. So the candidates are collected in
// windows of doc ids, newest window first, each scanned ascending, the
// windows growing fourfold until enough matches are found. Ranking runs in
// a materialised step: left to itself SQLite hands the ORDER BY rank to
// FTS5, which then ranks every match, not only the candidates.
import { foldText, matchExpression } from '../../../src-shared/search/search-text';
import type { SearchHit, SearchQuery } from '../../../src-shared/search/search';
import { syncedEntities, type SyncedEntity } from '../../../src-shared/sync/protocol';
import { z } from 'zod';
import type { ReadTx } from '../../vault/connection';
import { matchedContactFields } from './matched-field';
import { plainTitles, recordTitles, type RecordTitle } from './record-titles';

export const defaultCandidateLimit = 200;

export interface SearchOptions {
  /** The entities the caller may read; others are never searched. */
  readonly readable: readonly SyncedEntity[];
  readonly candidateLimit?: number;
}

const CandidateRow = z.object({ doc_id: z.number().int(), entity: z.enum(syncedEntities), id: z.string() });
type Candidate = z.infer<typeof CandidateRow>;

/** The people and companies a rep typing the first letters of a name is looking for: first within each pass. */
const peopleAndCompanies: readonly SyncedEntity[] = ['contacts', 'accounts'];

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

/**
 * A pass's MATCH expressions: prefix words, and whole words only (null when
 * there is no such tier); `people`, the same limited to contacts and
 * accounts, when other entities are searched too (null otherwise). `start`
 * is the first word typed, folded: names that start with it come before
 * those that hold it further in ("a": Anja before Maja Åberg). A CJK name's
 * index text starts with its first bigram, so one or two CJK characters
 * typed count too, and longer runs never (no effect).
 */
interface PassMatch {
  readonly prefix: string;
  readonly exact: string | null;
  readonly people: { readonly prefix: string; readonly exact: string | null } | null;
  readonly start: string;
}

/** SQL true for an entry of a contact or an account (its one parameter: peopleJson). */
const isPerson = 'entity IN (SELECT value FROM json_each(?))';
const peopleJson = JSON.stringify(peopleAndCompanies);

async function rankedPass(tx: ReadTx, match: PassMatch, candidateLimit: number, limit: number, top: number): Promise<Candidate[]> {
  const newest = await newestMatches(tx, match.prefix, candidateLimit, top);
  if (newest.length > candidateLimit) {
    // A short name ("Li", "Wu") among the many newer longer names its letters
    // start would not be among the newest candidates: whole-word matches, the
    // newest `limit` of them, come first.
    const exact = match.exact === null ? [] : (await newestMatches(tx, match.exact, limit, top)).slice(0, limit);
    const order = async (candidates: readonly number[], wholeWords: readonly number[]) =>
      z.array(CandidateRow).parse(
        await tx.all(
          `SELECT doc_id, entity, record_id AS id FROM search_docs WHERE doc_id IN (${candidates.map(() => '?').join(', ')})
           ORDER BY ${isPerson} DESC, doc_id IN (SELECT value FROM json_each(?)) DESC, substr(name, 1, length(?)) = ? DESC, length(name), doc_id DESC LIMIT ?`,
          [...candidates, peopleJson, JSON.stringify(wholeWords), match.start, match.start, limit],
        ),
      );
    const page = await order([...new Set([...exact, ...newest.slice(0, candidateLimit)])], exact);
    // Deals, tasks or activities made the page: newer ones may have crowded
    // contacts and accounts out of the newest candidates, whose own newest
    // matches join them (no extra work when those are the newest anyway).
    if (match.people === null || page.every((candidate) => peopleAndCompanies.includes(candidate.entity))) return page;
    const people = match.people;
    const peopleExact = people.exact === null ? [] : (await newestMatches(tx, people.exact, limit, top)).slice(0, limit);
    const peopleNewest = (await newestMatches(tx, people.prefix, candidateLimit, top)).slice(0, candidateLimit);
    const wholeWords = [...exact, ...peopleExact];
    return order([...new Set([...wholeWords, ...peopleNewest, ...newest.slice(0, candidateLimit)])], wholeWords);
  }
  // People and companies first, then whole-word matches: bm25 normalises by
  // the length of the whole entry (every column), so "anna" ranked Annabelle
  // Maria Theresa, with no email or phone, above Anna Berg, who has both.
  if (match.exact !== null) {
    const rows = await tx.all(
      `WITH c AS MATERIALIZED (SELECT rowid, rank FROM search_fts WHERE search_fts MATCH ?),
            e AS MATERIALIZED (SELECT rowid FROM search_fts WHERE search_fts MATCH ?)
       SELECT d.doc_id, d.entity, d.record_id AS id FROM c JOIN search_docs d ON d.doc_id = c.rowid
       ORDER BY d.${isPerson} DESC, c.rowid IN (SELECT rowid FROM e) DESC, substr(d.name, 1, length(?)) = ? DESC, c.rank, d.doc_id DESC LIMIT ?`,
      [match.prefix, match.exact, peopleJson, match.start, match.start, limit],
    );
    return z.array(CandidateRow).parse(rows);
  }
  const rows = await tx.all(
    `WITH c AS MATERIALIZED (SELECT rowid, rank FROM search_fts WHERE search_fts MATCH ?)
     SELECT d.doc_id, d.entity, d.record_id AS id FROM c JOIN search_docs d ON d.doc_id = c.rowid
     ORDER BY d.${isPerson} DESC, substr(d.name, 1, length(?)) = ? DESC, c.rank, d.doc_id DESC LIMIT ?`,
    [match.prefix, peopleJson, match.start, match.start, limit],
  );
  return z.array(CandidateRow).parse(rows);
}

/** The query as whole words (a pass's whole-word tier), or null: when that is the same query, or a single letter or digit. */
function wholeWordExpression(text: string, expression: string): string | null {
  const exact = matchExpression(text, true);
  if (exact === null || exact === expression || /^"[^"]"$/u.test(exact)) return null;
  return exact;
}

/** How many pages' worth of a query's best matches are read for the titles holding its words as typed (accents). */
const accentDepth = 2;

const wordSeparator = /[^\p{L}\p{N}\p{M}]+/u;
const wordOf = /[\p{L}\p{N}\p{M}]+/u;

/** The words typed, lower-cased but not folded, when folding changes them (an accent, ß, a full-width letter); null otherwise. */
function wordsAsTyped(text: string): string[] | null {
  const typed = text.normalize('NFC').toLowerCase();
  if (foldText(typed) === typed) return null;
  const words = typed.split(wordSeparator).filter((word) => word !== '');
  return words.length > 0 ? words : null;
}

/** Whether every word typed starts a word of the title, accents and all. */
function holdsAsTyped(title: string, typed: readonly string[]): boolean {
  const words = title.normalize('NFC').toLowerCase().split(wordSeparator);
  return typed.every((word) => words.some((candidate) => candidate.startsWith(word)));
}

/** Ranked hits for the query among the readable entities. */
export async function searchRecords(tx: ReadTx, query: SearchQuery, options: SearchOptions): Promise<SearchHit[]> {
  const expression = matchExpression(query.text);
  const wanted = syncedEntities.filter(
    (entity) => options.readable.includes(entity) && (query.entities === undefined || query.entities.includes(entity)),
  );
  if (expression === null || wanted.length === 0) return [];
  const wholeWords = wholeWordExpression(query.text, expression);
  const candidateLimit = options.candidateLimit ?? defaultCandidateLimit;
  const typed = wordsAsTyped(query.text);
  // With accents typed, the passes hand over two pages' worth, for the titles holding them to go first.
  const wanting = typed === null ? query.limit : accentDepth * query.limit;
  const start = foldText(query.text).match(wordOf)?.[0] ?? '';
  const people = wanted.filter((entity) => peopleAndCompanies.includes(entity));

  const newest = z.object({ top: z.number().int() }).parse(await tx.get('SELECT coalesce(max(doc_id), 0) AS top FROM search_docs'));
  const expressions = (columns: string, entities: readonly SyncedEntity[]) => {
    const filter = entityFilter(entities);
    return { prefix: `${columns} : (${expression})${filter}`, exact: wholeWords === null ? null : `${columns} : (${wholeWords})${filter}` };
  };
  const pass = (columns: string): PassMatch => ({
    ...expressions(columns, wanted),
    people: people.length === 0 || people.length === wanted.length ? null : expressions(columns, people),
    start,
  });
  const byName = await rankedPass(tx, pass('{name}'), candidateLimit, wanting, newest.top);
  let candidates = byName.map((candidate) => ({ ...candidate, pass: 0 }));
  // The body's matches come after every name match: only wanted when those do not fill the page.
  if (byName.length < query.limit) {
    const seen = new Set(byName.map((candidate) => candidate.doc_id));
    // Over-fetch by the name hits, which this pass finds again.
    const anyField = await rankedPass(tx, pass('{name body}'), candidateLimit, wanting + byName.length, newest.top);
    candidates = [...candidates, ...anyField.filter((candidate) => !seen.has(candidate.doc_id)).map((candidate) => ({ ...candidate, pass: 1 }))].slice(0, wanting);
  }

  // Within each group (name matches, then the rest; people and companies
  // first in each, as the passes gave them), the titles holding the words as
  // typed go first, each part in its ranked order (a stable sort).
  let page = candidates;
  if (typed !== null) {
    const asTyped = new Set<string>();
    for (const entity of wanted) {
      const ids = candidates.filter((candidate) => candidate.entity === entity).map((candidate) => candidate.id);
      for (const [id, title] of await plainTitles(tx, entity, ids)) if (holdsAsTyped(title, typed)) asTyped.add(`${entity}/${id}`);
    }
    const group = (candidate: (typeof candidates)[number]) => candidate.pass * 2 + (peopleAndCompanies.includes(candidate.entity) ? 0 : 1);
    const typedFirst = (candidate: (typeof candidates)[number]) => (asTyped.has(`${candidate.entity}/${candidate.id}`) ? 0 : 1);
    page = [...candidates].sort((a, b) => group(a) - group(b) || typedFirst(a) - typedFirst(b));
  }
  page = page.slice(0, query.limit);

  const titles = new Map<SyncedEntity, Map<string, RecordTitle>>();
  for (const entity of wanted) {
    const ids = page.filter((candidate) => candidate.entity === entity).map((candidate) => candidate.id);
    titles.set(entity, await recordTitles(tx, entity, ids, options.readable));
  }
  // Contacts the name pass did not find matched by their body: the email or phone that did, if one did.
  const bodyContacts = page.filter((candidate) => candidate.pass === 1 && candidate.entity === 'contacts').map((candidate) => candidate.id);
  const matched = await matchedContactFields(tx, query.text, bodyContacts);
  const hits: SearchHit[] = [];
  for (const candidate of page) {
    const title = titles.get(candidate.entity)?.get(candidate.id);
    const field = candidate.entity === 'contacts' ? matched.get(candidate.id) : undefined;
    if (title !== undefined) hits.push({ entity: candidate.entity, id: candidate.id, ...title, ...(field === undefined ? {} : { matched: field }) });
  }
  return hits;
}
