// Keyset-paged lists for every CRM entity. A page is
//   SELECT … WHERE deleted_at IS NULL AND <filters> AND (sortKey, id) > (?, ?)
//   ORDER BY sortKey, id LIMIT n + 1
// (reversed for descending), which walks one of migration 0002's partial
// indexes over live rows instead of counting an offset: page 10,000 costs
// what page 1 costs. The cursor is the last row's (sort key, id), bound to
// the sort it came from.
import { z } from 'zod';
import type { Cursor, SortDirection, TimeRange } from '../../../src-shared/domain/common';
import { BadInputError } from '../../../src-shared/ipc/errors';
import type { ReadTx, SqlValue } from '../../vault/connection';
import { decodeRow, selectColumns, type CrmRecord, type EntityTable } from './entity-table';

/** One WHERE term with its bound parameters. */
export interface Condition {
  readonly sql: string;
  readonly params: readonly SqlValue[];
  /**
   * A subquery filter (tags, territory) has two good plans: drive from the
   * subquery and sort its rows (best when it matches few), or walk the sort
   * index and test membership (best when it matches many; sorting them all
   * would cost more than the page). SQLite has no statistics for one tag
   * value, so the list probes: when `probeSql` counts `threshold` rows,
   * `broadSql` (the same test with the column behind a unary +, which keeps
   * SQLite off that column's index) is used instead.
   */
  readonly broad?: { readonly probeSql: string; readonly threshold: number; readonly sql: string };
}

export interface SortKey<R> {
  /** The SQL expressions an index is built on, in order (must match migration 0002 exactly); id follows. */
  readonly sql: readonly string[];
  readonly valuesOf: (record: R) => (string | number)[];
}

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
export function fieldError(field: string, message: string): BadInputError {
  return new BadInputError(`Invalid input (${field}: ${message})`);
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
  return {
    sortField: query.sort.field,
    sort: sorts[query.sort.field],
    direction: query.sort.direction,
    conditions: conditions(query.filter),
    deleted: query.deleted,
    after: query.after,
    limit: query.limit,
  };
}

/** The page's SQL and parameters (exported so tests can EXPLAIN exactly what runs). */
export function buildListQuery<R extends CrmRecord>(table: EntityTable<R>, request: ListRequest<R>): { sql: string; params: SqlValue[] } {
  const where: string[] = [request.deleted === 'only' ? 'deleted_at IS NOT NULL' : 'deleted_at IS NULL'];
  const params: SqlValue[] = [];
  for (const condition of request.conditions) {
    where.push(condition.sql);
    params.push(...condition.params);
  }
  const ascending = request.direction === 'asc';
  const key = [...request.sort.sql, 'id'];
  if (request.after !== undefined) {
    const { values, id } = decodeCursor(request.after, request.sortField, request.direction, request.sort.sql.length);
    where.push(`(${key.join(', ')}) ${ascending ? '>' : '<'} (${key.map(() => '?').join(', ')})`);
    params.push(...values, id);
  }
  const order = ascending ? 'ASC' : 'DESC';
  // One extra row tells whether another page follows without a count query.
  params.push(request.limit + 1);
  return {
    sql: `SELECT ${selectColumns(table)} FROM ${table.entity} WHERE ${where.join(' AND ')} ORDER BY ${key.map((expression) => `${expression} ${order}`).join(', ')} LIMIT ?`,
    params,
  };
}

/** Picks each subquery filter's plan by probing how many rows it matches (see Condition.broad). */
export async function chooseConditionPlans<R>(tx: ReadTx, request: ListRequest<R>): Promise<ListRequest<R>> {
  const conditions: Condition[] = [];
  for (const condition of request.conditions) {
    if (condition.broad === undefined) {
      conditions.push(condition);
      continue;
    }
    const { probeSql, threshold, sql } = condition.broad;
    const probe = z
      .object({ n: z.number() })
      .parse(await tx.get(`SELECT count(*) AS n FROM (${probeSql} LIMIT ${threshold})`, condition.params));
    conditions.push({ sql: probe.n >= threshold ? sql : condition.sql, params: condition.params });
  }
  return { ...request, conditions };
}

export async function listPage<R extends CrmRecord>(tx: ReadTx, table: EntityTable<R>, request: ListRequest<R>): Promise<Page<R>> {
  const { sql, params } = buildListQuery(table, await chooseConditionPlans(tx, request));
  const rows = (await tx.all<unknown>(sql, params)).map((row) => decodeRow(table, row));
  const items = rows.slice(0, request.limit);
  const last = items.at(-1);
  const next =
    rows.length > request.limit && last !== undefined
      ? encodeCursor(request.sortField, request.direction, request.sort.valuesOf(last), last.id)
      : null;
  return { items, next };
}

// ------------------------------------------------------------ conditions

export function equals(column: string, value: SqlValue | undefined): Condition[] {
  return value === undefined ? [] : [{ sql: `${column} = ?`, params: [value] }];
}

export function oneOf(column: string, values: readonly string[] | undefined): Condition[] {
  if (values === undefined || values.length === 0) return [];
  return [{ sql: `${column} IN (${values.map(() => '?').join(', ')})`, params: values }];
}

export function within(column: string, range: { from?: SqlValue; to?: SqlValue } | undefined): Condition[] {
  const out: Condition[] = [];
  if (range?.from !== undefined) out.push({ sql: `${column} >= ?`, params: [range.from] });
  if (range?.to !== undefined) out.push({ sql: `${column} <= ?`, params: [range.to] });
  return out;
}

/** Above this many matches a subquery filter walks the sort index instead of sorting its matches. */
export const broadFilterThreshold = 2_000;

export function hasTags(entity: string, tags: readonly string[] | undefined): Condition[] {
  const subquery = 'SELECT record_id FROM record_tags WHERE entity = ? AND tag = ?';
  return (tags ?? []).map((tag) => ({
    sql: `id IN (${subquery})`,
    params: [entity, tag],
    broad: { probeSql: subquery, threshold: broadFilterThreshold, sql: `+id IN (${subquery})` },
  }));
}

/** Records linked to a live account in the territory. */
export function inTerritory(column: string, territory: string | undefined): Condition[] {
  if (territory === undefined) return [];
  const subquery = 'SELECT id FROM accounts WHERE territory = ? AND deleted_at IS NULL';
  // Accounts, not linked records, are counted: a tenth of the threshold keeps the sorted set small.
  return [
    {
      sql: `${column} IN (${subquery})`,
      params: [territory],
      broad: { probeSql: subquery, threshold: broadFilterThreshold / 10, sql: `+${column} IN (${subquery})` },
    },
  ];
}

interface CommonFilter {
  readonly ownerId?: string | undefined;
  readonly tags?: readonly string[] | undefined;
  readonly createdAt?: TimeRange | undefined;
  readonly updatedAt?: TimeRange | undefined;
}

/** The filters every entity understands: owner, tags, created and updated ranges. */
export function commonConditions(entity: string, filter: CommonFilter): Condition[] {
  return [
    ...equals('owner_id', filter.ownerId),
    ...hasTags(entity, filter.tags),
    ...within('created_at', filter.createdAt),
    ...within('updated_at', filter.updatedAt),
  ];
}

/** Sort keys every entity has. */
export function timeSorts<R extends CrmRecord>(): { createdAt: SortKey<R>; updatedAt: SortKey<R> } {
  return {
    createdAt: { sql: ['created_at'], valuesOf: (record) => [record.createdAt] },
    updatedAt: { sql: ['updated_at'], valuesOf: (record) => [record.updatedAt] },
  };
}
