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
): FieldStateRow[] {
  const found = new Map<string, FieldStateRow>();
  for (const { index, column, ids } of ranges) {
    const sql = `SELECT f.entity, f.record_id, f.field, f.hlc, f.commit_seq FROM field_state f INDEXED BY ${index}
      WHERE f.${column} IS NOT NULL AND f.${column} = @bucket AND f.commit_seq > @after AND f.commit_seq <= @through
      ORDER BY f.commit_seq, f.entity, f.record_id, f.field LIMIT @limit`;
    for (const bucket of new Set(ids(buckets))) {
      for (const row of query(sql, { bucket, after: range.afterSeq, through: range.throughSeq, limit })) {
        const state = toFieldState(row);
        found.set(JSON.stringify([state.entity, state.recordId, state.field]), state);
      }
    }
  }
  return [...found.values()].sort(compare).slice(0, limit);
}
