import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../migrate';
import { indexColumns, queryPlan, readsContactRows as readsContactRows_, useFreshConnection } from '../fixtures/fresh-connection';

const north = '0190a5d0-ac96-774b-bcce-b302099a8050';
const gone = '0190a5d0-ac96-774b-bcce-b302099a8051';
const ada = '0190a5d0-ac96-774b-bcce-b302099a8057';
const bea = '0190a5d0-ac96-774b-bcce-b302099a8058';
const cid = '0190a5d0-ac96-774b-bcce-b302099a8059';
const meta = "'local-owner', 1, 'local-owner', 2, 'local-owner'";

describe('migration 0005-list-indexes', () => {
  const vault = useFreshConnection('m0005');

  const columns = (index: string) => indexColumns(vault.connection, index);
  const plan = (sql: string, params: readonly string[] = []) => queryPlan(vault.connection, sql, params);
  const readsContactRows = (sql: string, params: readonly string[] = []) => readsContactRows_(vault.connection, sql, params);
  const ids = (sql: string, params: readonly string[] = []) =>
    vault.connection.read(async (tx) => (await tx.all<{ id: string }>(sql, params)).map((row) => row.id));

  const walk = `SELECT rowid FROM contacts WHERE deleted_at IS NULL AND +account_id IN (SELECT id FROM accounts WHERE territory = ?)
    AND +created_at >= 0 AND tags LIKE '%"vip"%' ORDER BY name, id`;
  const small = 'SELECT rowid FROM contacts WHERE deleted_at IS NULL AND account_id IN (SELECT id FROM accounts WHERE territory = ? AND deleted_at IS NULL) ORDER BY updated_at, id';

  it('widens the live sort indexes by the columns filters test and adds industry, territory-test and trash indexes, over existing rows', async () => {
    await migrate(vault.connection, 4);
    await vault.connection.write(async (tx) => {
      await tx.run(`INSERT INTO accounts (id, name, industry, territory, owner_id, created_at, created_by, updated_at, updated_by) VALUES (?, 'Nordwind', 'Retail', 'North', ${meta})`, [north]);
      await tx.run(
        `INSERT INTO accounts (id, name, industry, territory, owner_id, created_at, created_by, updated_at, updated_by, deleted_at) VALUES (?, 'Gone Ltd', 'Retail', 'North', ${meta}, 9)`,
        [gone],
      );
      await tx.run(`INSERT INTO contacts (id, name, account_id, owner_id, created_at, created_by, updated_at, updated_by) VALUES (?, 'Bea', ?, ${meta})`, [bea, north]);
      await tx.run(`INSERT INTO contacts (id, name, account_id, owner_id, created_at, created_by, updated_at, updated_by) VALUES (?, 'Ada', ?, ${meta})`, [ada, north]);
      await tx.run(`INSERT INTO contacts (id, name, owner_id, created_at, created_by, updated_at, updated_by, deleted_at) VALUES (?, 'Cid', ${meta}, 9)`, [cid]);
    });

    // Before: walking the name order had to read each row it passed to test territory and dates.
    expect(await readsContactRows(walk, ['North'])).toBe(true);
    expect(await readsContactRows(small, ['North'])).toBe(true);

    await migrate(vault.connection, 5);
    expect(await vault.connection.read(schemaVersion)).toBe(5);

    expect(await columns('contacts_live_name')).toEqual(['name', 'id', 'account_id', 'created_at', 'updated_at', 'tags']);
    expect(await columns('contacts_live_updated')).toEqual(['updated_at', 'id', 'account_id', 'tags']);
    expect(await columns('contacts_live_owner')).toEqual(['owner_id', 'name', 'id', 'tags']);
    expect(await columns('accounts_live_name')).toEqual(['name', 'id', 'created_at', 'updated_at', 'tags']);
    expect(await columns('contacts_live_account')).toEqual(['account_id', 'name', 'id', 'created_at', 'updated_at']);
    expect(await columns('contacts_trash_name')).toEqual(['name', 'id']);
    expect(await columns('accounts_live_id_territory')).toEqual(['id', 'territory']);
    expect(await columns('accounts_live_industry')).toEqual(['industry', 'name', 'id']);
    expect(await columns('accounts_trash_name')).toEqual(['name', 'id']);
    const partial = await vault.connection.read((tx) =>
      tx.all<{ name: string; sql: string }>(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND (name LIKE '%\\_live\\_%' ESCAPE '\\' OR name LIKE '%\\_trash\\_name' ESCAPE '\\') AND tbl_name IN ('contacts', 'accounts')",
      ),
    );
    expect(partial.length).toBe(14);
    for (const index of partial) {
      expect(index.sql, index.name).toMatch(index.name.includes('_trash_') ? /WHERE deleted_at IS NOT NULL$/ : /WHERE deleted_at IS NULL$/);
    }

    // The rebuilt indexes hold the rows that existed, live ones only, in order.
    expect(await ids('SELECT id FROM contacts INDEXED BY contacts_live_name WHERE deleted_at IS NULL ORDER BY name, id')).toEqual([ada, bea]);
    expect(await ids('SELECT id FROM contacts INDEXED BY contacts_trash_name WHERE deleted_at IS NOT NULL ORDER BY name, id')).toEqual([cid]);
    expect(await ids('SELECT id FROM accounts INDEXED BY accounts_live_industry WHERE deleted_at IS NULL AND industry = ? ORDER BY name, id', ['Retail'])).toEqual([north]);

    // Walking the name order tests the territory and date range on index data: no row is read to test it.
    expect(await plan(walk, ['North'])).toMatch(/SCAN contacts USING (COVERING )?INDEX contacts_live_name/);
    expect(await readsContactRows(walk, ['North'])).toBe(false);
    // A small territory's contacts sort by update time from the index alone.
    expect(await plan(small, ['North'])).toMatch(/SEARCH contacts USING (COVERING )?INDEX contacts_live_account \(account_id=\?\)/);
    expect(await readsContactRows(small, ['North'])).toBe(false);
    // A very large territory is tested per contact: one probe of the (id, territory) index.
    const perRow = 'SELECT rowid FROM contacts WHERE deleted_at IS NULL AND EXISTS (SELECT 1 FROM accounts AS a WHERE a.id = contacts.account_id AND a.territory = ? AND a.deleted_at IS NULL) ORDER BY name, id';
    expect(await plan(perRow, ['North'])).toMatch(/SEARCH a EXISTS USING (COVERING )?INDEX accounts_live_id_territory \(id=\? AND territory=\?\)/);
    expect(await readsContactRows(perRow, ['North'])).toBe(false);
    expect(await plan('SELECT id FROM contacts WHERE deleted_at IS NOT NULL ORDER BY name, id')).not.toMatch(/TEMP B-TREE/);
    expect(await plan('SELECT id FROM accounts WHERE deleted_at IS NULL AND industry = ? ORDER BY name, id', ['Retail'])).toMatch(/accounts_live_industry/);
  });
});
