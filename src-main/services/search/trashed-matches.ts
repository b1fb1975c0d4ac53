// Records in the trash that a search would have found. The search index holds
// live records only (saveChanges and sync's hooks remove a record's entry when
// it is trashed, and add it back on a restore), so a contact deleted a moment
// ago answered "Nothing matches" with no hint that it is in the trash.
//
// Rather than keep trashed records in the index (every search would have to
// filter them out, and an erasure's scrub relies on removed tokens leaving),
// the trash is read here, and only when the live hits do not fill the page: the
// titles (and a contact's emails) of the most recently trashed rows of each
// readable entity, `scanLimit` at most (the trash's partial indexes keep the
// read to trashed rows), folded as the index folds them and matched as the
// index matches a query: every word typed starts a word of the record, a CJK
// run typed lies within one. A trash holds few records as a rule; one that holds more (an import
// trashed whole) is looked through as far as its newest `scanLimit`, and the
// count stops past `trashedCountCap`.
import { foldText } from '../../../src-shared/search/search-text';
import { trashedCountCap, type SearchQuery, type SearchResult, type TrashedMatches } from '../../../src-shared/search/search';
import { syncedEntities, type SyncedEntity } from '../../../src-shared/sync/protocol';
import { z } from 'zod';
import type { ReadTx } from '../../vault/connection';
import { searchRecords, type SearchOptions } from './search.service';

/** Trashed rows of one entity looked through at most, the most recently trashed first. */
export const scanLimit = 2000;

/** The columns of each entity a trashed record is matched by: its title, and a contact's emails (a JSON array, its words read as they stand). */
const matchedColumns: Readonly<Record<SyncedEntity, string>> = {
  contacts: "name || ' ' || emails",
  accounts: 'name',
  deals: 'name',
  activities: 'subject',
  tasks: 'title',
};

const wordOf = /[\p{L}\p{N}\p{M}]+/gu;
const cjkChar = /[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{scx=Hangul}]/u;

/** Whether every word typed starts a word of the text (a word holding CJK: lies within the text), both folded. */
function matches(text: string, typed: readonly string[]): boolean {
  const words = text.match(wordOf) ?? [];
  return typed.every((word) => (cjkChar.test(word) ? text.includes(word) : words.some((candidate) => candidate.startsWith(word))));
}

const Row = z.object({ text: z.string() });

/**
 * How many trashed records of each of `entities` match the text, in their order and only those with any;
 * each count stops at `trashedCountCap` + 1 (more than the cap).
 */
export async function countTrashedMatches(tx: ReadTx, text: string, entities: readonly SyncedEntity[]): Promise<TrashedMatches> {
  const typed = foldText(text).match(wordOf) ?? [];
  if (typed.length === 0) return [];
  const found: TrashedMatches = [];
  for (const entity of entities) {
    const rows = z
      .array(Row)
      .parse(await tx.all(`SELECT ${matchedColumns[entity]} AS text FROM ${entity} WHERE deleted_at IS NOT NULL ORDER BY deleted_at DESC LIMIT ?`, [scanLimit]));
    let count = 0;
    for (const row of rows) {
      if (matches(foldText(row.text), typed)) count += 1;
      if (count > trashedCountCap) break;
    }
    if (count > 0) found.push({ entity, count });
  }
  return found;
}

/**
 * search.query's answer: the ranked hits, and, when they do not fill the page asked for, the trashed
 * records that match (`trashed`, left out when there are none).
 */
export async function searchWithTrash(tx: ReadTx, query: SearchQuery, options: SearchOptions): Promise<SearchResult> {
  const hits = await searchRecords(tx, query, options);
  if (hits.length >= query.limit) return { hits };
  const wanted = syncedEntities.filter((entity) => options.readable.includes(entity) && (query.entities === undefined || query.entities.includes(entity)));
  const trashed = await countTrashedMatches(tx, query.text, wanted);
  return trashed.length === 0 ? { hits } : { hits, trashed };
}
