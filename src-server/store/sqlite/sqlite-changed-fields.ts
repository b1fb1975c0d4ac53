// The field-state stream of an incremental pull in the embedded store
// (StoreReadTx.listChangedFields): field state written by commits in a range,
// of live records visible to some buckets, in (commit_seq, entity,
// record_id, field) order. Field state carries its record's buckets (schema
// migration 3), so each bucket of the device is one ordered index range
// (field_state_by_owner/_team/_territory: (bucket, commit_seq, key, hlc),
// covering) that the LIMIT stops; the ranges are merged here. Only a live
// record's field state has buckets, so no lookup of records is needed. A field in two of the
// device's buckets (its owner's and its team's) comes once. The old plan
// walked every field anyone changed since the cursor and looked up its
// record to test buckets: each pull read the organisation's whole traffic.
// Leaving out one device's own commits (`exceptDeviceId`) costs a lookup of
// each listed row's commit by its key (commits.seq is the rowid).
import type { Buckets, FieldStateRow } from '../rows';
import type { SeqRange } from '../store';
import { toFieldState, type SqlRow } from './columns';

const ranges = [
  { index: 'field_state_by_owner', column: 'owner_user_id', ids: (buckets: Buckets) => buckets.userIds },
  { index: 'field_state_by_team', column: 'team_id', ids: (buckets: Buckets) => buckets.teamIds },
  { index: 'field_state_by_territory', column: 'territory_id', ids: (buckets: Buckets) => buckets.territoryIds },
] as const;

const compare = (a: FieldStateRow, b: FieldStateRow): number =>
  a.commitSeq - b.commitSeq ||
  // Byte order, as SQLite's BINARY collation sorts: entity, id and field names are ASCII.
  (a.entity < b.entity ? -1 : a.entity > b.entity ? 1 : 0) ||
  (a.recordId < b.recordId ? -1 : a.recordId > b.recordId ? 1 : 0) ||
  (a.field < b.field ? -1 : a.field > b.field ? 1 : 0);

export function changedFields(
  query: (sql: string, params: Record<string, unknown>) => SqlRow[],
  range: SeqRange,
  buckets: Buckets,
  limit: number,
  exceptDeviceId?: string,
): FieldStateRow[] {
  const lists: FieldStateRow[][] = [];
  const notOwn = exceptDeviceId === undefined ? '' : 'AND NOT EXISTS (SELECT 1 FROM commits c WHERE c.seq = f.commit_seq AND c.device_id = @device)';
  const device = exceptDeviceId === undefined ? {} : { device: exceptDeviceId };
  for (const { index, column, ids } of ranges) {
    const sql = `SELECT f.entity, f.record_id, f.field, f.hlc, f.commit_seq FROM field_state f INDEXED BY ${index}
      WHERE f.${column} IS NOT NULL AND f.${column} = @bucket AND f.commit_seq > @after AND f.commit_seq <= @through ${notOwn}
      ORDER BY f.commit_seq, f.entity, f.record_id, f.field LIMIT @limit`;
    for (const bucket of new Set(ids(buckets))) {
      const rows = query(sql, { bucket, after: range.afterSeq, through: range.throughSeq, limit, ...device });
      if (rows.length > 0) lists.push(rows.map(toFieldState));
    }
  }
  return mergeRanges(lists, limit);
}

/**
 * Merges ranges, each already in `compare` order and without repeats, into
 * the first `limit` rows in that order. A field in two ranges is the same
 * row in both, so its copies meet side by side and the second is dropped.
 */
export function mergeRanges(lists: readonly (readonly FieldStateRow[])[], limit: number): FieldStateRow[] {
  if (lists.length === 1) return (lists[0] ?? []).slice(0, limit);
  const next = lists.map(() => 0);
  const merged: FieldStateRow[] = [];
  let last: FieldStateRow | undefined;
  while (merged.length < limit) {
    let from = -1;
    let head: FieldStateRow | undefined;
    for (const [index, list] of lists.entries()) {
      const row = list[next[index] ?? 0];
      if (row !== undefined && (head === undefined || compare(row, head) < 0)) {
        from = index;
        head = row;
      }
    }
    if (head === undefined) break;
    next[from] = (next[from] ?? 0) + 1;
    if (last === undefined || compare(last, head) !== 0) merged.push(head);
    last = head;
  }
  return merged;
}
