// A snapshot, backfill or eviction page of the embedded store
// (StoreReadTx.listRecordPage): live records visible to some buckets (and,
// when given, not to others; with `liveAt`, also those deleted after that
// sequence), in (entity, record_id) order after a key. One
// ordered index range per bucket (records_by_owner/_team/_territory, whose
// entries are (bucket, entity, record_id), so each range comes in key
// order and the LIMIT stops the walk), each at most `limit` rows,
// merged here. Walking the primary key and filtering buckets per row instead
// read the whole table for a user who holds a few records of a large
// organisation (200 such devices took minutes: bench/sync).
import type { Buckets, RecordKey, RecordRow } from '../rows';
import { int, toRecord, type SqlRow } from './columns';
import { bucketParams, visible } from './sqlite-buckets';

export function recordPage(
  query: (sql: string, params: Record<string, unknown>) => SqlRow[],
  visibleTo: Buckets,
  notVisibleTo: Buckets | null,
  after: RecordKey | null,
  limit: number,
  liveAt?: number,
): RecordRow[] {
  const conditions = [liveAt === undefined ? 'r.deleted_seq IS NULL' : '(r.deleted_seq IS NULL OR r.deleted_seq > @liveAt)'];
  const params: Record<string, unknown> = { limit, ...(liveAt === undefined ? {} : { liveAt }) };
  if (notVisibleTo !== null) {
    conditions.push(`NOT ${visible('n', notVisibleTo)}`);
    Object.assign(params, bucketParams('n', notVisibleTo));
  }
  if (after !== null) {
    conditions.push('(r.entity, r.record_id) > (@afterEntity, @afterRecordId)');
    Object.assign(params, { afterEntity: after.entity, afterRecordId: after.recordId });
  }
  const ranges = [
    { index: 'records_by_owner', column: 'owner_user_id', values: visibleTo.userIds },
    { index: 'records_by_team', column: 'team_id', values: visibleTo.teamIds },
    { index: 'records_by_territory', column: 'territory_id', values: visibleTo.territoryIds },
  ];
  const found = new Map<string, RecordRow>();
  for (const range of ranges) {
    const sql = `SELECT r.* FROM records r INDEXED BY ${range.index}
      WHERE r.${range.column} IS NOT NULL AND r.${range.column} = @bucket AND ${conditions.join(' AND ')}
      ORDER BY r.entity, r.record_id LIMIT @limit`;
    for (const bucket of new Set(range.values)) {
      for (const row of query(sql, { ...params, bucket })) {
        const record = toRecord(row);
        found.set(`${record.entity}/${record.recordId}`, record);
      }
    }
  }
  // Byte order, as SQLite's BINARY collation sorts: entity names and record ids are ASCII.
  const ordered = [...found.values()].sort((a, b) => (a.entity < b.entity ? -1 : a.entity > b.entity ? 1 : a.recordId < b.recordId ? -1 : a.recordId > b.recordId ? 1 : 0));
  return ordered.slice(0, limit);
}

/**
 * How many live records are visible to `visibleTo` (StoreReadTx.countRecords).
 * The bucket indexes hold (bucket, entity, record_id) and the rowid but not
 * deleted_seq, so the union of their rowids counts every visible record from
 * the indexes alone, and the visible tombstones (records_by_deleted_seq, a
 * partial index of tombstones only) are subtracted. Counting live rows with
 * the visibility test per row read the whole table instead, sealed values and
 * all (measured on 100,000 records: docs/ARCHITECTURE.md "Pull").
 */
export function countVisibleRecords(query: (sql: string, params: Record<string, unknown>) => SqlRow[], visibleTo: Buckets): number {
  const arms = [
    { index: 'records_by_owner', column: 'owner_user_id', letter: 'U', ids: visibleTo.userIds },
    { index: 'records_by_team', column: 'team_id', letter: 'T', ids: visibleTo.teamIds },
    { index: 'records_by_territory', column: 'territory_id', letter: 'R', ids: visibleTo.territoryIds },
  ]
    .filter((arm) => arm.ids.length > 0)
    .map(({ index, column, letter, ids }) => {
      const list = ids.map((_, position) => `@b${letter}${position}`).join(', ');
      return `SELECT rowid FROM records INDEXED BY ${index} WHERE ${column} IS NOT NULL AND ${column} IN (${list})`;
    });
  if (arms.length === 0) return 0;
  const sql = `SELECT (SELECT count(*) FROM (${arms.join(' UNION ')}))
    - (SELECT count(*) FROM records r INDEXED BY records_by_deleted_seq WHERE r.deleted_seq IS NOT NULL AND ${visible('b', visibleTo)}) AS n`;
  const [row] = query(sql, bucketParams('b', visibleTo));
  return row === undefined ? 0 : int(row, 'n');
}
