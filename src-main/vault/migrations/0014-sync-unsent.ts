// 0014: records the sync server holds nothing of because it refused their
// creation as `invalid` (a push answer's rejection with no compensation). The
// device keeps them, with everything typed into them; while a record is
// listed here, its next push sends it whole, as a create, so an edit that
// makes it valid brings it to the server (src-main/sync/unsent.ts). Ids only.
import type { Migration } from './migration';

export const migration0014SyncUnsent: Migration = {
  version: 14,
  name: 'sync-unsent',
  async up(tx) {
    await tx.exec(`CREATE TABLE sync_unsent (
      entity    TEXT NOT NULL,
      record_id TEXT NOT NULL,
      PRIMARY KEY (entity, record_id)
    ) STRICT, WITHOUT ROWID;`);
  },
};
