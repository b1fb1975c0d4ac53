// 0024: `conflicts.reason` may hold `deleted_elsewhere`. 0004 added the
// column with a CHECK that predates it, so a record trashed on another
// device over this device's edits (src-main/sync/trashed-elsewhere.ts) was
// stored as `concurrent` of the whole record (field '*'), a pair nothing
// else writes, and translated on every read. SQLite cannot change a CHECK in
// place, so the table is rebuilt (sqlite.org/lang_altertable.html, "other
// kinds of table schema changes"): a new table with the widened CHECK, every
// row copied with its id, the old one dropped, the new one renamed, its two
// indexes made again as 0002 made them. Those `concurrent` '*' rows become
// `deleted_elsewhere`. Nothing refers to `conflicts` (no foreign key,
// trigger or view names it), so the rebuild needs no foreign-key pause,
// which could not be had anyway: PRAGMA foreign_keys is a no-op inside the
// migration's transaction. The reasons are written out here, not taken from
// src-shared's ConflictReason: a shipped migration must not change with
// later code.
import type { Migration } from './migration';

export const migration0024ConflictReasons: Migration = {
  version: 24,
  name: 'conflict-reasons',
  async up(tx) {
    await tx.exec(`
      CREATE TABLE conflicts_v24 (
        id           INTEGER NOT NULL PRIMARY KEY,
        entity       TEXT    NOT NULL,
        record_id    TEXT    NOT NULL,
        field        TEXT    NOT NULL,
        local_value  TEXT    CHECK (local_value IS NULL OR json_valid(local_value)),
        local_hlc    TEXT    NOT NULL,
        remote_value TEXT    CHECK (remote_value IS NULL OR json_valid(remote_value)),
        remote_hlc   TEXT    NOT NULL,
        created_at   INTEGER NOT NULL,
        resolved_at  INTEGER,
        reason       TEXT    NOT NULL DEFAULT 'concurrent'
          CHECK (reason IN ('concurrent', 'invalid', 'forbidden', 'conflict', 'unknown_field', 'erased', 'deleted_elsewhere'))
      ) STRICT;

      INSERT INTO conflicts_v24 (id, entity, record_id, field, local_value, local_hlc, remote_value, remote_hlc, created_at, resolved_at, reason)
        SELECT id, entity, record_id, field, local_value, local_hlc, remote_value, remote_hlc, created_at, resolved_at,
               CASE WHEN reason = 'concurrent' AND field = '*' THEN 'deleted_elsewhere' ELSE reason END
        FROM conflicts ORDER BY id;

      DROP TABLE conflicts;
      ALTER TABLE conflicts_v24 RENAME TO conflicts;
      CREATE INDEX conflicts_record ON conflicts (entity, record_id);
      CREATE INDEX conflicts_open ON conflicts (created_at) WHERE resolved_at IS NULL;
    `);
  },
};
