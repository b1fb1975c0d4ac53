// 0025: `import_jobs.updated_rows`, the rows an import wrote into the
// existing records they matched (an import run with duplicates 'update').
// A job's committed rows are then imported + updated + rejected + duplicates;
// every job recorded before this column counts none updated, as it updated none.
import type { Migration } from './migration';

export const migration0025ImportUpdatedRows: Migration = {
  version: 25,
  name: 'import-updated-rows',
  async up(tx) {
    await tx.exec(`ALTER TABLE import_jobs ADD COLUMN updated_rows INTEGER NOT NULL DEFAULT 0 CHECK (updated_rows >= 0);`);
  },
};
