// 0031: who owns each record the server sent (its `ownerUserId`, PullResponse.owners):
// only the owner may change a record on the server, which refused a teammate's
// edit only at the next push, as a conflict. The CRM services read this table
// to refuse such an edit at once (services/crm/record-owners.ts). A record
// with no row (made here, or pulled from a server from before owners were sent)
// has no known owner and stays editable. Rows leave with their record
// (sync/remove-record.ts). A table of its own, not a column on each entity's
// table: it is sync's knowledge, written by pulls only, never by a CRM write.
import type { Migration } from './migration';

export const migration0031RecordOwners: Migration = {
  version: 31,
  name: 'record-owners',
  async up(tx) {
    await tx.exec(`CREATE TABLE record_owners (
      entity        TEXT NOT NULL,
      record_id     TEXT NOT NULL,
      owner_user_id TEXT NOT NULL,
      PRIMARY KEY (entity, record_id)
    ) STRICT, WITHOUT ROWID;`);
  },
};
