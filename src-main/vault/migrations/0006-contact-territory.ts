// 0006: contacts carry their account's territory, kept by triggers, and a
// tag's records sort without reading their rows. The
// territory filter of the contact list ("contacts whose live account is in
// territory T") used to test each contact's account: a walk down a sort
// index passed page ÷ share entries and looked each account up, and a small
// territory gathered the contacts of each of its accounts and sorted them.
// At a million contacts those pages were the slowest of the list mix
// (bench/crm: territory pages 15-30 ms, with a territory and a tag up to
// 270 ms). Now:
//   contacts.account_territory   the territory of the contact's account while
//                                that account is live (its '' included), NULL
//                                otherwise; NOCASE like accounts.territory.
//                                Derived, local: never synced (sync skips it,
//                                src-main/vault/derived-columns.ts).
//   contacts_live_territory      (account_territory, name, id) + created_at,
//                                updated_at, tags: one territory's contacts in
//                                name order, with the columns other filters test
//   contacts_live_updated        rebuilt with account_territory at the end, so
//                                "recently updated in a territory" tests it on
//                                index entries
//   contacts_trash_account       lets the triggers reach trashed contacts
//                                (contacts_live_account covers live ones only)
//   contacts_live_id             (id) + name, created_at, updated_at: a filter
//                                that names contacts by id (a tag's record_tags
//                                rows) sorts its matches on index data. A
//                                contact's row keeps deleted_at and the dates
//                                after its notes, so testing and sorting rows
//                                followed the notes' overflow pages: 60-100 µs
//                                a match, a tag of 1,000 contacts 60 ms a page.
//   accounts_live_id             the same for accounts: (id) + name, territory,
//                                created_at, updated_at
//   accounts_live_territory      rebuilt with created_at, updated_at and tags
//                                after (territory, name, id): a territory's
//                                accounts are tested for a tag on index entries
// Triggers keep the column exact whichever path writes (services, sync, import):
// a contact inserted or moved to another account (or restored), and an
// account inserted, moved to another territory, trashed, restored or erased.
// The backfill rewrites every contact that has an account, once.
import type { Migration } from './migration';

/** The territory a contact with this account id has: its live account's, else NULL. */
const territoryOf = (accountId: string) => `(SELECT a.territory FROM accounts AS a WHERE a.id = ${accountId} AND a.deleted_at IS NULL)`;

/** What an account's contacts get after the account changed (NEW) or left (NULL). */
const pushToContacts = (value: string, accountId: string) => `
    UPDATE contacts SET account_territory = ${value} WHERE account_id = ${accountId} AND deleted_at IS NULL AND account_territory IS NOT ${value};
    UPDATE contacts SET account_territory = ${value} WHERE account_id = ${accountId} AND deleted_at IS NOT NULL AND account_territory IS NOT ${value};`;

const accountValue = 'CASE WHEN NEW.deleted_at IS NULL THEN NEW.territory END';

export const migration0006ContactTerritory: Migration = {
  version: 6,
  name: 'contact-territory',
  async up(tx) {
    await tx.exec(`
      ALTER TABLE contacts ADD COLUMN account_territory TEXT COLLATE NOCASE;
      UPDATE contacts SET account_territory = ${territoryOf('contacts.account_id')} WHERE account_id IS NOT NULL;
      CREATE INDEX contacts_live_territory ON contacts (account_territory, name, id, created_at, updated_at, tags)
        WHERE deleted_at IS NULL AND account_territory IS NOT NULL;
      DROP INDEX contacts_live_updated;
      CREATE INDEX contacts_live_updated ON contacts (updated_at, id, account_id, tags, account_territory) WHERE deleted_at IS NULL;
      CREATE INDEX contacts_trash_account ON contacts (account_id) WHERE deleted_at IS NOT NULL;
      CREATE INDEX contacts_live_id ON contacts (id, name, created_at, updated_at) WHERE deleted_at IS NULL;
      CREATE INDEX accounts_live_id ON accounts (id, name, territory, created_at, updated_at) WHERE deleted_at IS NULL;
      DROP INDEX accounts_live_territory;
      CREATE INDEX accounts_live_territory ON accounts (territory, name, id, created_at, updated_at, tags) WHERE deleted_at IS NULL;

      CREATE TRIGGER contacts_account_territory_insert AFTER INSERT ON contacts
        WHEN NEW.account_id IS NOT NULL AND ${territoryOf('NEW.account_id')} IS NOT NEW.account_territory
      BEGIN
        UPDATE contacts SET account_territory = ${territoryOf('NEW.account_id')} WHERE rowid = NEW.rowid;
      END;
      CREATE TRIGGER contacts_account_territory_move AFTER UPDATE OF account_id, deleted_at ON contacts
        WHEN ${territoryOf('NEW.account_id')} IS NOT NEW.account_territory
      BEGIN
        UPDATE contacts SET account_territory = ${territoryOf('NEW.account_id')} WHERE rowid = NEW.rowid;
      END;
      CREATE TRIGGER accounts_territory_insert AFTER INSERT ON accounts WHEN NEW.deleted_at IS NULL
      BEGIN${pushToContacts(accountValue, 'NEW.id')}
      END;
      CREATE TRIGGER accounts_territory_change AFTER UPDATE OF territory, deleted_at ON accounts
        WHEN (CASE WHEN OLD.deleted_at IS NULL THEN OLD.territory END) IS NOT ${accountValue}
      BEGIN${pushToContacts(accountValue, 'NEW.id')}
      END;
      CREATE TRIGGER accounts_territory_delete AFTER DELETE ON accounts
      BEGIN${pushToContacts('NULL', 'OLD.id')}
      END;
    `);
  },
};
