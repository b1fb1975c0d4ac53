// The WHERE terms of entity lists (equality, IN, ranges, tags, territory)
// and the sort keys every entity shares. A filter that can be answered in
// more than one good way carries its alternatives (Condition.broad); which
// one runs is decided per query by list-query.ts's chooseConditionPlans, from
// a count of the filter's matches. The factors below set where one plan
// overtakes the next; they come from timing each plan on the CRM benchmark's
// vault (bench/crm.bench.ts: 1,000,000 contacts, 100,000 accounts).
import { tagKey, type TimeRange } from '../../../src-shared/domain/common';
import type { SqlValue } from '../../vault/connection';
import type { CrmRecord } from './entity-table';

/** One WHERE term with its bound parameters. */
export interface Condition {
  readonly sql: string;
  readonly params: readonly SqlValue[];
  /**
   * Set on a filter with several good plans; `sql` is then its narrow form,
   * which drives the query from the filter's own index and sorts the matches
   * (cheap when they are few). The broad forms walk the sort index instead.
   */
  readonly broad?: BroadPlans;
  /**
   * The index the query reads through while this condition drives it (its
   * narrow form): SQLite would take the table's own id index and read each
   * matching row to test and sort it.
   */
  readonly drivesThrough?: string;
}

export interface BroadPlans {
  /** Selects one row per match of the filter (bound with the condition's params); the plan choice counts them. */
  readonly probeSql: string;
  /** The probe counts rows of another table (accounts of a territory): scale by listed rows per probed row. */
  readonly probedTable?: string;
  /**
   * The walk: the sort index is walked and each entry tested (the column
   * behind a unary + or inside an expression, so SQLite keeps off the
   * column's own index). Cheap when the sort index carries `column`: the
   * test then reads no row.
   */
  readonly sql: string;
  /** The walk's parameters, when they are not the condition's. */
  readonly params?: readonly SqlValue[];
  /** The column the walk tests; a sort whose index lacks it makes the walk read every row it passes. */
  readonly column: string;
  /** Narrow while the matches are fewer than sqrt(narrowFactor × listed rows × page size). */
  readonly narrowFactor: number;
  /** For very common values: a correlated test per walked row, cheaper than materialising every match. */
  readonly perRow?: { readonly sql: string; readonly factor: number };
  /** A range over the sort column needs no choice: the sort index serves it. */
  readonly isRange?: boolean;
  /**
   * Sorts (their first key) the narrow form's own index yields in order, so
   * it needs no choice there: alone it is the whole plan; beside a filter
   * that drives the query it becomes the walk form, tested on that filter's rows.
   */
  readonly orders?: readonly string[];
}

export interface SortKey<R> {
  /** The SQL expressions an index is built on, in order (must match the live-row indexes exactly); id follows. */
  readonly sql: readonly string[];
  readonly valuesOf: (record: R) => (string | number)[];
  /** Filter columns the sort's index carries after its keys (migration 0005), so a walk tests them without reading rows. */
  readonly covers?: readonly string[];
  /**
   * The key of the descending sort when it is not the ascending one reversed (tasks by due time: undated last both
   * ways, migration 0030); it has live-row indexes of its own.
   */
  readonly descending?: { readonly sql: readonly string[]; readonly valuesOf: (record: R) => (string | number)[] };
  /**
   * The first expression names groups that stay in ascending order when the
   * sort is descending (deals by amount: currencies in code order, each one's
   * largest amounts first); the rest and id reverse. Needs an index in that
   * mixed order (migration 0021) for the descending walk.
   */
  readonly groupsAscending?: true;
}

export function equals(column: string, value: SqlValue | undefined): Condition[] {
  return value === undefined ? [] : [{ sql: `${column} = ?`, params: [value] }];
}

export function oneOf(column: string, values: readonly string[] | undefined): Condition[] {
  if (values === undefined || values.length === 0) return [];
  return [{ sql: `${column} IN (${values.map(() => '?').join(', ')})`, params: values }];
}

/**
 * An inclusive range. Given the listed table, a range over a column the list
 * is not sorted by gets a choice: a narrow range drives from the column's
 * index and sorts its few rows; a wide one walks the sort index (the live
 * name indexes carry created_at and updated_at for that, migration 0005).
 */
export function within(column: string, range: { from?: SqlValue; to?: SqlValue } | undefined, table?: string): Condition[] {
  const terms: string[] = [];
  const params: SqlValue[] = [];
  if (range?.from !== undefined) {
    terms.push(`${column} >= ?`);
    params.push(range.from);
  }
  if (range?.to !== undefined) {
    terms.push(`${column} <= ?`);
    params.push(range.to);
  }
  if (terms.length === 0) return [];
  const sql = terms.join(' AND ');
  if (table === undefined) return [{ sql, params }];
  return [
    {
      sql,
      params,
      broad: {
        probeSql: `SELECT 1 FROM ${table} WHERE deleted_at IS NULL AND ${sql}`,
        sql: terms.map((term) => `+${term}`).join(' AND '),
        column,
        narrowFactor: 0.04,
        isRange: true,
      },
    },
  ];
}

/**
 * A LIKE pattern matching, as one element of a tags column (JSON.stringify of the list, as sqlOf writes it), every
 * spelling of the tag whose key is `key` (and a few more, which record_tags then turns away). LIKE folds ASCII only:
 * each other character of the key, and each run of them, matches anything ('%'), and so do "i" and "k", which
 * "İ" and the Kelvin sign (U+212A) fold to (the only characters outside ASCII whose lower case holds ASCII letters).
 */
export function tagPattern(key: string): string {
  let pattern = '%';
  for (const char of JSON.stringify(key)) {
    if (char.charCodeAt(0) <= 0x7f && char !== 'i' && char !== 'k') pattern += char.replace(/[\\%_]/, (special) => `\\${special}`);
    else if (!pattern.endsWith('%') || pattern.endsWith('\\%')) pattern += '%';
  }
  return `${pattern}%`;
}

/**
 * Records carrying the tag, one condition per tag. A rare tag drives from
 * record_tags and sorts its few records; any other walks the sort index,
 * testing the tags column it carries (migration 0005) with a LIKE that
 * allocates nothing (under SQLCipher's memory security every allocation is
 * costly), then confirms each candidate in record_tags, which is what the
 * filter means: the tag's key (tagKey), its case folded in every script.
 */
export function hasTags(entity: string, tags: readonly string[] | undefined, drivesThrough?: string): Condition[] {
  const subquery = 'SELECT record_id FROM record_tags WHERE entity = ? AND tag = ?';
  return (tags ?? []).map(tagKey).map((tag) => ({
    sql: `id IN (${subquery})`,
    params: [entity, tag],
    ...(drivesThrough === undefined ? {} : { drivesThrough }),
    broad: {
      probeSql: subquery,
      sql: `tags LIKE ? ESCAPE '\\' AND EXISTS (SELECT 1 FROM record_tags AS t WHERE t.entity = ? AND t.tag = ? AND t.record_id = ${entity}.id)`,
      params: [tagPattern(tag), entity, tag],
      column: 'tags',
      // Re-timed with the id indexes of migration 0006 (a match costs an index seek, 15-30 µs;
      // a walked entry about 1.2 µs): a tag of 1,000 of a million contacts drives, 30-60 ms to 15-30 ms.
      narrowFactor: 0.04,
    },
  }));
}

/**
 * Contacts whose live account is in the territory, by the territory each
 * contact carries (migration 0006, kept by triggers). contacts_live_territory
 * holds one territory's contacts in name order, so a list by name reads just
 * its page; other sorts choose between that index (a territory with few
 * contacts, sorted on index data) and a walk of their own index, which
 * carries the column.
 */
export function inContactTerritory(territory: string | undefined): Condition[] {
  if (territory === undefined) return [];
  return [
    {
      sql: 'account_territory = ?',
      params: [territory],
      broad: {
        probeSql: 'SELECT 1 FROM contacts WHERE account_territory = ? AND deleted_at IS NULL',
        sql: '+account_territory = ?',
        column: 'account_territory',
        narrowFactor: 0.15,
        orders: ['name_key'],
      },
    },
  ];
}

/** Records of `table` linked (by `column`) to a live account in the territory. */
export function inTerritory(column: string, territory: string | undefined, table = 'contacts'): Condition[] {
  if (territory === undefined) return [];
  const subquery = 'SELECT id FROM accounts WHERE territory = ? AND deleted_at IS NULL';
  return [
    {
      sql: `${column} IN (${subquery})`,
      params: [territory],
      broad: {
        probeSql: subquery,
        probedTable: 'accounts',
        sql: `+${column} IN (${subquery})`,
        column,
        narrowFactor: 0.15,
        perRow: {
          sql: `EXISTS (SELECT 1 FROM accounts AS a WHERE a.id = ${table}.${column} AND a.territory = ? AND a.deleted_at IS NULL)`,
          // Re-timed on a quiet machine (the first timing ran at load 6-9): a territory of
          // more than ~700 accounts is tested per contact; that halved its pages' median
          // (10-16 ms to 5-6 ms) at a million contacts, with no other group slower.
          factor: 1,
        },
      },
    },
  ];
}

interface CommonFilter {
  readonly ownerId?: string | undefined;
  readonly tags?: readonly string[] | undefined;
  readonly createdAt?: TimeRange | undefined;
  readonly updatedAt?: TimeRange | undefined;
}

/**
 * The filters every entity understands: owner, tags, created and updated
 * ranges. `byIdIndex`: a live-row index led by id that carries the sort keys
 * (contacts_live_id, migration 0006), for filters that name records by id.
 */
export function commonConditions(entity: string, filter: CommonFilter, byIdIndex?: string): Condition[] {
  return [
    ...equals('owner_id', filter.ownerId),
    ...hasTags(entity, filter.tags, byIdIndex),
    ...within('created_at', filter.createdAt, entity),
    ...within('updated_at', filter.updatedAt, entity),
  ];
}

/** Sort keys every entity has. */
export function timeSorts<R extends CrmRecord>(): { createdAt: SortKey<R>; updatedAt: SortKey<R> } {
  return {
    createdAt: { sql: ['created_at'], valuesOf: (record) => [record.createdAt] },
    updatedAt: { sql: ['updated_at'], valuesOf: (record) => [record.updatedAt] },
  };
}
