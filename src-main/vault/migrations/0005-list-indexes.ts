// 0005: indexes for the contact and account lists at a million rows.
// Measured on the CRM benchmark's vault (bench/crm.bench.ts: 1,000,000
// contacts, 100,000 accounts), territory and tag filters cost 50 ms to
// seconds a page: every plan read and decrypted whole rows to test or sort
// them. Each live-row sort index now also carries the columns the filters
// test, so a walk down the sort order tests them on index entries and reads
// only the rows of the page, and a small territory's contacts sort on index
// data alone:
//   contacts_live_name     (name, id) + account_id, created_at, updated_at, tags
//   contacts_live_updated  (updated_at, id) + account_id, tags
//   contacts_live_owner    (owner_id, name, id) + tags
//   contacts_live_account  (account_id, name, id) + created_at, updated_at
//   accounts_live_name     (name, id) + created_at, updated_at, tags
// (rebuilt under their names), and new ones:
//   accounts_live_id_territory  the per-contact test of a very large territory
//   accounts_live_industry      the industry filter, sorted by name
//   *_trash_name                the trash, sorted by name, without a sort step
// The widened indexes add about a tenth to a large vault, and rebuilding them
// costs a large vault a minute or so, once, at the unlock that migrates it.
import type { Migration } from './migration';

const live = 'WHERE deleted_at IS NULL';

export const migration0005ListIndexes: Migration = {
  version: 5,
  name: 'list-indexes',
  async up(tx) {
    await tx.exec(`
      DROP INDEX contacts_live_name;
      CREATE INDEX contacts_live_name ON contacts (name, id, account_id, created_at, updated_at, tags) ${live};
      DROP INDEX contacts_live_updated;
      CREATE INDEX contacts_live_updated ON contacts (updated_at, id, account_id, tags) ${live};
      DROP INDEX contacts_live_owner;
      CREATE INDEX contacts_live_owner ON contacts (owner_id, name, id, tags) ${live};
      DROP INDEX contacts_live_account;
      CREATE INDEX contacts_live_account ON contacts (account_id, name, id, created_at, updated_at) ${live};
      CREATE INDEX contacts_trash_name ON contacts (name, id) WHERE deleted_at IS NOT NULL;
      DROP INDEX accounts_live_name;
      CREATE INDEX accounts_live_name ON accounts (name, id, created_at, updated_at, tags) ${live};
      CREATE INDEX accounts_live_id_territory ON accounts (id, territory) ${live};
      CREATE INDEX accounts_live_industry ON accounts (industry, name, id) ${live};
      CREATE INDEX accounts_trash_name ON accounts (name, id) WHERE deleted_at IS NOT NULL;
    `);
  },
};
