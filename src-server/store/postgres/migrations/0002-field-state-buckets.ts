// Migration 0002: field state carries its record's current buckets, indexed
// by bucket and commit sequence (the embedded store's migration 3 does the
// same). An incremental pull used to walk every field any device changed
// since its cursor and join each to its record to test buckets, so with
// hundreds of devices pushing every pull read the organisation's whole
// traffic. Now a pull reads one index range per bucket of the device. The
// columns are filled from records when field state is written and follow the
// record when its buckets change (updateRecordBuckets). Only a live record's
// field state has buckets (a tombstone has no field state), and the indexes
// hold the HLC too, so a pull reads nothing but index ranges.
import type { PostgresMigration } from './migration';

export const migration0002: PostgresMigration = {
  version: 2,
  name: 'field state by bucket',
  statements: [
    `ALTER TABLE field_state ADD COLUMN owner_user_id text COLLATE "C", ADD COLUMN team_id text COLLATE "C", ADD COLUMN territory_id text COLLATE "C"`,
    `UPDATE field_state f SET owner_user_id = r.owner_user_id, team_id = r.team_id, territory_id = r.territory_id
       FROM records r WHERE r.entity = f.entity AND r.record_id = f.record_id AND r.deleted_seq IS NULL`,
    `DROP INDEX field_state_by_commit`,
    `CREATE INDEX field_state_by_owner ON field_state (owner_user_id, commit_seq, entity, record_id, field, hlc) WHERE owner_user_id IS NOT NULL`,
    `CREATE INDEX field_state_by_team ON field_state (team_id, commit_seq, entity, record_id, field, hlc) WHERE team_id IS NOT NULL`,
    `CREATE INDEX field_state_by_territory ON field_state (territory_id, commit_seq, entity, record_id, field, hlc) WHERE territory_id IS NOT NULL`,
  ],
};
