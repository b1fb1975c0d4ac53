// 0026: what each import created, so an import can be undone.
//
// `import_created` holds, per step of a job's chunks and per table, the rowid
// range its new records took and the step's time (their created_at). Inside
// the step's write transaction nothing else inserts, and SQLite gives a new
// row the largest rowid plus one, so the range is exactly the records the
// step created; created_at tells them apart from a record that takes a freed
// rowid later (a purge frees the largest ones). Ranges, not ids: two rows per
// step instead of one per record, nothing of the records' values.
// `import_jobs.undone_at` is when the import's records went to the trash
// (their deleted_at, which a restore of the undo looks for); NULL: not undone.
import type { Migration } from './migration';

export const migration0026ImportCreated: Migration = {
  version: 26,
  name: 'import-created',
  async up(tx) {
    await tx.exec(`
CREATE TABLE import_created (
  job_id      TEXT    NOT NULL REFERENCES import_jobs (id) ON DELETE CASCADE,
  entity      TEXT    NOT NULL CHECK (entity IN ('contacts', 'accounts')),
  first_rowid INTEGER NOT NULL CHECK (first_rowid > 0),
  last_rowid  INTEGER NOT NULL CHECK (last_rowid >= first_rowid),
  created_at  INTEGER NOT NULL,
  PRIMARY KEY (job_id, entity, first_rowid)
) STRICT, WITHOUT ROWID;
ALTER TABLE import_jobs ADD COLUMN undone_at INTEGER;
`);
  },
};
