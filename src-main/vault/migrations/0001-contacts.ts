// 0001: the contacts table of the foundation.
import type { Migration } from './migration';

export const migration0001Contacts: Migration = {
  version: 1,
  name: 'contacts',
  async up(tx) {
    // name sorts case-insensitively (ASCII) so the list reads as a person expects;
    // (name, id) is the keyset for paging, id breaks ties between equal names.
    await tx.exec(`
      CREATE TABLE contacts (
        id         TEXT    NOT NULL PRIMARY KEY,
        name       TEXT    NOT NULL COLLATE NOCASE,
        email      TEXT    NOT NULL DEFAULT '',
        phone      TEXT    NOT NULL DEFAULT '',
        notes      TEXT    NOT NULL DEFAULT '',
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX contacts_name_id ON contacts (name, id);
    `);
  },
};
