// Keyset-paged lists for every CRM entity. A page is
//   SELECT … WHERE deleted_at IS NULL AND <filters> AND (sortKey, id) > (?, ?)
//   ORDER BY sortKey, id LIMIT n + 1
// (reversed for descending; a sort whose groups stay ascending takes two
// seeks across a group's end, PageStart), which walks one of the partial indexes over
// live rows (migrations 0002 and 0005) instead of counting an offset: page
// 10,000 costs what page 1 costs. The cursor is the last row's (sort key,
// id), bound to the sort it came from.
//
// A filter with alternative plans (list-conditions.ts) is settled per query
// from a count of its matches. When a narrow filter drives the query, the
// page is picked in two phases: first the rowids of the page, sorted on
// index data alone, then only those rows are read. Sorting whole rows would
// read and decrypt every match; at a million contacts that is what made the
// territory and tag filters slow.
import { z } from 'zod';
import { listCountCap, type Cursor, type ListCount, type SortDirection } from '../../../src-shared/domain/common';
import { BadInputError } from '../../../src-shared/ipc/errors';
import type { Reason } from '../../../src-shared/ipc/reasons';
import type { ReadTx, SqlValue } from '../../vault/connection';
import { decodeRow, selectColumns, type CrmRecord, type EntityTable } from './entity-table';
import type { Condition, SortKey } from './list-conditions';

export { commonConditions, equals, hasTags, inContactTerritory, inTerritory, oneOf, timeSorts, within } from './list-conditions';
export type { BroadPlans, Condition, SortKey } from './list-conditions';

export interface ListRequest<R> {
  readonly sortField: string;
  readonly sort: SortKey<R>;
  readonly direction: SortDirection;
  readonly conditions: readonly Condition[];
  readonly deleted: 'exclude' | 'only';
  readonly after: Cursor | undefined;
  readonly limit: number;
}

export interface Page<R> {
  readonly items: R[];
  readonly next: Cursor | null;
}

/** A field-level BAD_INPUT in the registry's format ("Invalid input (field: message)"). */
export function fieldError(field: string, message: string, reason?: Reason): BadInputError {
  return new BadInputError(`Invalid input (${field}: ${message})`, reason);
}

const CursorBody = z.tuple([z.string(), z.enum(['asc', 'desc']), z.array(z.union([z.string(), z.number()])).max(4), z.string().uuid()]);

export function encodeCursor(sortField: string, direction: SortDirection, values: (string | number)[], id: string): Cursor {
  return Buffer.from(JSON.stringify([sortField, direction, values, id]), 'utf8').toString('base64url');
}

function decodeCursor(
  cursor: Cursor,
  sortField: string,
  direction: SortDirection,
  width: number,
): { values: (string | number)[]; id: string } {
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw fieldError('after', 'Not a list cursor');
  }
  const parsed = CursorBody.safeParse(body);
  if (!parsed.success) throw fieldError('after', 'Not a list cursor');
  const [field, dir, values, id] = parsed.data;
  if (field !== sortField || dir !== direction || values.length !== width) {
    throw fieldError('after', 'The cursor belongs to another sort order');
  }
  return { values, id };
}

interface ListQueryShape<Field extends string, Filter> {
  readonly sort: { readonly field: Field; readonly direction: SortDirection };
  readonly filter: Filter;
  readonly deleted: 'exclude' | 'only';
  readonly after?: Cursor | undefined;
  readonly limit: number;
}

/** Turns an entity's parsed list query into a ListRequest through its sort keys and filter conditions. */
export function listRequest<R, Field extends string, Filter>(
  query: ListQueryShape<Field, Filter>,
  sorts: Record<Field, SortKey<R>>,
  conditions: (filter: Filter) => Condition[],
): ListRequest<R> {
  const sort = sorts[query.sort.field];
  return {
    sortField: query.sort.field,
    sort: query.sort.direction === 'desc' && sort.descending !== undefined ? { ...sort, ...sort.descending } : sort,
    direction: query.sort.direction,
    conditions: conditions(query.filter),
    deleted: query.deleted,
    after: query.after,
    limit: query.limit,
  };
}

/** The WHERE terms of a list (trash side and filters, no cursor) and their parameters. */
function listFilter<R>(request: ListRequest<R>): { where: string[]; params: SqlValue[] } {
  const where: string[] = [request.deleted === 'only' ? 'deleted_at IS NOT NULL' : 'deleted_at IS NULL'];
  const params: SqlValue[] = [];
  for (const condition of request.conditions) {
    where.push(condition.sql);
    params.push(...condition.params);
  }
  return { where, params };
}

/**
 * Where a page's rows start: after the cursor's row or, for a sort whose
 * groups stay ascending when descending (SortKey.groupsAscending), in the
 * groups after the cursor's, once its own group has run out. Mixed directions
 * have no single row-value comparison that seeks, so such a page may take two
 * queries (listPage), each a seek in the index.
 */
export type PageStart = 'cursor' | 'next-groups';

/** The group expression and the rest of a descending grouped sort's key, or null when the key reverses whole. */
function splitGroups<R>(request: ListRequest<R>): { group: string; rest: readonly string[] } | null {
  const [group, ...rest] = request.sort.sql;
  return request.sort.groupsAscending === true && request.direction === 'desc' && group !== undefined ? { group, rest } : null;
}

/**
 * The page's SQL and parameters (exported so tests can EXPLAIN exactly what
 * runs). A condition that still carries its alternatives is its narrow form,
 * driving the query: then the page's rowids are chosen first and its rows read after.
 */
export function buildListQuery<R extends CrmRecord>(
  table: EntityTable<R>,
  request: ListRequest<R>,
  from: PageStart = 'cursor',
): { sql: string; params: SqlValue[] } {
  const { where, params } = listFilter(request);
  const ascending = request.direction === 'asc';
  const key = [...request.sort.sql, 'id'];
  const split = splitGroups(request);
  if (request.after !== undefined) {
    const { values, id } = decodeCursor(request.after, request.sortField, request.direction, request.sort.sql.length);
    if (split === null) {
      where.push(`(${key.join(', ')}) ${ascending ? '>' : '<'} (${key.map(() => '?').join(', ')})`);
      params.push(...values, id);
    } else if (from === 'cursor') {
      // The rest of the cursor's group: one seek, as the reversed part of the key is uniform.
      const rest = [...split.rest, 'id'];
      where.push(`${split.group} = ?`, `(${rest.join(', ')}) < (${rest.map(() => '?').join(', ')})`);
      params.push(values[0] ?? null, ...values.slice(1), id);
    } else {
      where.push(`${split.group} > ?`);
      params.push(values[0] ?? null);
    }
  }
  const directions = key.map((expression, index) => `${expression} ${ascending || (split !== null && index === 0) ? 'ASC' : 'DESC'}`);
  const order = `ORDER BY ${directions.join(', ')}`;
  // One extra row tells whether another page follows without a count query.
  params.push(request.limit + 1);
  const columns = selectColumns(table);
  const drivers = request.conditions.filter((condition) => condition.broad !== undefined);
  const driven = drivers.length > 0;
  // Index names are fixed identifiers from the repos (Condition.drivesThrough), never input.
  const through = request.deleted === 'exclude' ? drivers.find((condition) => condition.drivesThrough !== undefined)?.drivesThrough : undefined;
  const source = through === undefined ? table.entity : `${table.entity} INDEXED BY ${through}`;
  const sql = driven
    ? `SELECT ${columns} FROM ${table.entity} WHERE rowid IN (SELECT rowid FROM ${source} WHERE ${where.join(' AND ')} ${order} LIMIT ?) ${order}`
    : `SELECT ${columns} FROM ${table.entity} WHERE ${where.join(' AND ')} ${order} LIMIT ?`;
  return { sql, params };
}

const Count = z.object({ n: z.number() });

async function countUpTo(tx: ReadTx, sql: string, params: readonly SqlValue[], limit: number): Promise<number> {
  // limit is a computed integer, never input.
  return Count.parse(await tx.get(`SELECT count(*) AS n FROM (${sql} LIMIT ${Math.max(1, Math.ceil(limit))})`, params)).n;
}

/** Rows of a table, estimated from its largest rowid: exact enough to scale thresholds, and one index step. */
async function tableRows(tx: ReadTx, table: string): Promise<number> {
  return Math.max(1, Count.parse(await tx.get(`SELECT coalesce(max(rowid), 0) AS n FROM ${table}`)).n);
}

/** How much dearer a walk is when the sort index lacks the tested column: each entry passed costs a row read. */
const uncoveredWalkCost = 40;

/**
 * Settles each filter that has alternatives (Condition.broad) by counting
 * its matches, up to the point where the next plan is known to win: fewer
 * than sqrt(narrowFactor × rows × page) drive the query from the filter's
 * own index; more walk the sort index; more than sqrt(perRow.factor × rows ×
 * page) test each walked row with a correlated lookup. A walk over an index
 * that lacks the tested column reads rows, so narrow wins for longer there.
 * A range over the sort column needs no choice: the sort index serves it.
 * When every such filter walks, driveCombinedWalk looks at them together.
 */
export async function chooseConditionPlans<R>(tx: ReadTx, request: ListRequest<R>, entity?: string): Promise<ListRequest<R>> {
  const conditions: Condition[] = [];
  /** Filters that ended up walking the sort index, with what a second look needs. */
  const walking: { index: number; condition: Condition; narrowBelow: number; count: (upTo: number) => Promise<number> }[] = [];
  /** Filters whose own index yields the sort order (BroadPlans.orders): the plan unless another filter drives. */
  const ordering: { index: number; condition: Condition }[] = [];
  let rows: number | null = null;
  let narrowed = false;
  const page = request.limit + 1;
  const firstKey = request.sort.sql[0] ?? '';
  for (const condition of request.conditions) {
    const broad = condition.broad;
    const servedBySort = broad?.isRange === true && broad.column === firstKey;
    if (broad === undefined || entity === undefined || request.deleted === 'only' || servedBySort) {
      conditions.push({ sql: condition.sql, params: condition.params });
      continue;
    }
    if (broad.orders?.includes(firstKey) === true) {
      conditions.push({ sql: condition.sql, params: condition.params });
      ordering.push({ index: conditions.length - 1, condition });
      continue;
    }
    rows ??= await tableRows(tx, entity);
    const scale = broad.probedTable === undefined ? 1 : rows / (await tableRows(tx, broad.probedTable));
    const count = async (upTo: number) => (await countUpTo(tx, broad.probeSql, condition.params, upTo / scale)) * scale;
    const covered = request.sort.covers?.includes(broad.column) === true;
    const narrowBelow = Math.sqrt(broad.narrowFactor * (covered ? 1 : uncoveredWalkCost) * rows * page);
    const perRowAbove = broad.perRow === undefined ? Number.POSITIVE_INFINITY : Math.sqrt(broad.perRow.factor * rows * page);
    if ((await count(narrowBelow)) < narrowBelow) {
      conditions.push(condition);
      narrowed = true;
    } else {
      if (broad.perRow !== undefined && (await count(perRowAbove)) >= perRowAbove) conditions.push({ sql: broad.perRow.sql, params: condition.params });
      else conditions.push({ sql: broad.sql, params: broad.params ?? condition.params });
      walking.push({ index: conditions.length - 1, condition, narrowBelow, count });
    }
  }
  if (!narrowed && walking.length > 1) await driveCombinedWalk(tx, conditions, walking);
  if (conditions.some((condition) => condition.broad !== undefined)) {
    // Another filter drives the query: an ordering filter is tested on its rows (SQLite would take the ordered index).
    for (const { index, condition } of ordering) {
      const broad = condition.broad;
      if (broad !== undefined) conditions[index] = { sql: broad.sql, params: broad.params ?? condition.params };
    }
  }
  return { ...request, conditions };
}

/** Probe rows counted to learn a territory-like filter's share of the rows (accounts are ten times fewer than contacts). */
const shareProbeCap = 100_000;

/**
 * Several filters all walking the sort index pass page ÷ (their joint share)
 * entries, not page ÷ one share: a tag on 968 of a million contacts and a
 * territory holding a few percent of them walked most of the million entries
 * for one page (about 1 s, bench/crm). Each filter was settled alone above;
 * here the narrow threshold of each is divided by √(the other filters'
 * share), and the filter with the fewest matches under its threshold drives
 * the query instead. Only shares measured exactly count: a filter over
 * another table (a territory's accounts) is counted up to shareProbeCap
 * probe rows; the counts taken above stop at a threshold, so they are lower
 * bounds and would make a large filter look narrow.
 */
async function driveCombinedWalk(
  tx: ReadTx,
  conditions: Condition[],
  walking: readonly { index: number; condition: Condition; narrowBelow: number; count: (upTo: number) => Promise<number> }[],
): Promise<void> {
  const shares: (number | null)[] = [];
  for (const walk of walking) {
    const broad = walk.condition.broad;
    if (broad?.probedTable === undefined) {
      shares.push(null);
      continue;
    }
    const probed = await countUpTo(tx, broad.probeSql, walk.condition.params, shareProbeCap);
    shares.push(probed < shareProbeCap ? probed / (await tableRows(tx, broad.probedTable)) : null);
  }
  let driver: { index: number; condition: Condition; matches: number } | null = null;
  for (const [position, walk] of walking.entries()) {
    let others = 1;
    for (const [other, share] of shares.entries()) if (other !== position && share !== null) others *= Math.max(share, 1e-6);
    if (others >= 1) continue;
    const threshold = walk.narrowBelow / Math.sqrt(others);
    const matches = await walk.count(threshold);
    if (matches < threshold && (driver === null || matches < driver.matches)) driver = { index: walk.index, condition: walk.condition, matches };
  }
  if (driver !== null) conditions[driver.index] = driver.condition;
}

/**
 * How many rows the list holds (its filters and trash side; sort and cursor
 * play no part), counting no further than upTo: an export learns it is too
 * large from the index alone instead of reading that many rows first. Given
 * ids, only the list's rows among them.
 */
export function countList<R extends CrmRecord>(tx: ReadTx, table: EntityTable<R>, request: ListRequest<R>, upTo: number, ids?: readonly string[]): Promise<number> {
  const { where, params } = listFilter(request);
  // Only these of its rows (an export of the selected rows): one bound list, however many.
  if (ids !== undefined) {
    where.push('id IN (SELECT value FROM json_each(?))');
    params.push(JSON.stringify(ids));
  }
  return countUpTo(tx, `SELECT 1 FROM ${table.entity} WHERE ${where.join(' AND ')}`, params, upTo);
}

/**
 * A list's count as the list page shows it: exact up to listCountCap, else
 * capped there. `count` counts no further than it is told (countList), so a
 * count over a million rows stops after cap + 1 matches.
 */
export async function cappedCount(count: (upTo: number) => Promise<number>): Promise<ListCount> {
  const counted = await count(listCountCap + 1);
  return counted > listCountCap ? { count: listCountCap, capped: true } : { count: counted, capped: false };
}

export async function listPage<R extends CrmRecord>(tx: ReadTx, table: EntityTable<R>, request: ListRequest<R>): Promise<Page<R>> {
  const planned = await chooseConditionPlans(tx, request, table.entity);
  const read = async (from: PageStart, limit: number) => {
    const { sql, params } = buildListQuery(table, { ...planned, limit }, from);
    return (await tx.all<unknown>(sql, params)).map((row) => decodeRow(table, row));
  };
  const rows = await read('cursor', request.limit);
  if (rows.length <= request.limit && request.after !== undefined && splitGroups(request) !== null) {
    // The cursor's group ran out: the page goes on in the groups after it.
    rows.push(...(await read('next-groups', request.limit - rows.length)));
  }
  const items = rows.slice(0, request.limit);
  const last = items.at(-1);
  const next =
    rows.length > request.limit && last !== undefined
      ? encodeCursor(request.sortField, request.direction, request.sort.valuesOf(last), last.id)
      : null;
  return { items, next };
}
