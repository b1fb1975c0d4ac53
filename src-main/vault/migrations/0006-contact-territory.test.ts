import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../migrate';
import { indexColumns, queryPlan, readsContactRows, useFreshConnection } from '../fixtures/fresh-connection';

const north = '0190a5d0-ac96-774b-bcce-b302099a8050';
const gone = '0190a5d0-ac96-774b-bcce-b302099a8051';
const blank = '0190a5d0-ac96-774b-bcce-b302099a8052';
const later = '0190a5d0-ac96-774b-bcce-b302099a8053';
const ada = '0190a5d0-ac96-774b-bcce-b302099a8057';
const bea = '0190a5d0-ac96-774b-bcce-b302099a8058';
const cid = '0190a5d0-ac96-774b-bcce-b302099a8059';
const dan = '0190a5d0-ac96-774b-bcce-b302099a805a';
const eve = '0190a5d0-ac96-774b-bcce-b302099a805b';
const fay = '0190a5d0-ac96-774b-bcce-b302099a805c';
const meta = "'local-owner', 1, 'local-owner', 2, 'local-owner'";

describe('migration 0006-contact-territory', () => {
  const vault = useFreshConnection('m0006');

  const account = (id: string, name: string, territory: string, deletedAt: number | null = null) =>
    vault.connection.write((tx) =>
      tx.run(`INSERT INTO accounts (id, name, territory, owner_id, created_at, created_by, updated_at, updated_by, deleted_at) VALUES (?, ?, ?, ${meta}, ?)`, [
        id,
        name,
        territory,
        deletedAt,
      ]),
    );
  const contact = (id: string, name: string, accountId: string | null, deletedAt: number | null = null) =>
    vault.connection.write((tx) =>
      tx.run(`INSERT INTO contacts (id, name, account_id, owner_id, created_at, created_by, updated_at, updated_by, deleted_at) VALUES (?, ?, ?, ${meta}, ?)`, [
        id,
        name,
        accountId,
        deletedAt,
      ]),
    );
  const territories = () =>
    vault.connection.read(async (tx) =>
      Object.fromEntries((await tx.all<{ name: string; t: string | null }>('SELECT name, account_territory AS t FROM contacts ORDER BY name')).map((row) => [row.name, row.t])),
    );
  const sql = (statement: string, params: (string | number | null)[] = []) => vault.connection.write((tx) => tx.run(statement, params));

  it("fills every contact's account territory, then keeps it exact whichever side changes", async () => {
    await migrate(vault.connection, 5);
    await account(north, 'Nordwind', 'North');
    await account(gone, 'Gone Ltd', 'North', 9);
    await account(blank, 'Blank', '');
    await contact(ada, 'Ada', north);
    await contact(bea, 'Bea', gone);
    await contact(cid, 'Cid', null);
    await contact(dan, 'Dan', north, 9);
    await contact(eve, 'Eve', blank);

    await migrate(vault.connection, 6);
    expect(await vault.connection.read(schemaVersion)).toBe(6);
    // A live account's territory ('' included); a trashed or missing account gives none. Trashed contacts too.
    expect(await territories()).toEqual({ Ada: 'North', Bea: null, Cid: null, Dan: 'North', Eve: '' });

    // A contact written later: by insert, by moving it to another account, by clearing its account.
    await contact(fay, 'Fay', north);
    expect((await territories()).Fay).toBe('North');
    await sql('UPDATE contacts SET account_id = ? WHERE id = ?', [blank, fay]);
    expect((await territories()).Fay).toBe('');
    await sql('UPDATE contacts SET account_id = NULL WHERE id = ?', [fay]);
    expect((await territories()).Fay).toBeNull();

    // The account moves territory: its live and trashed contacts follow. Case alone changes nothing the NOCASE filter sees.
    await sql("UPDATE accounts SET territory = 'South' WHERE id = ?", [north]);
    expect(await territories()).toMatchObject({ Ada: 'South', Dan: 'South' });
    // Trashed, its contacts are in no territory (the filter means a live account); restored, they are back.
    await sql('UPDATE accounts SET deleted_at = 10 WHERE id = ?', [north]);
    expect(await territories()).toMatchObject({ Ada: null, Dan: null });
    await sql('UPDATE accounts SET deleted_at = NULL WHERE id = ?', [north]);
    expect(await territories()).toMatchObject({ Ada: 'South', Dan: 'South' });
    // A restored account brings its territory to its contacts; a contact restored from the trash keeps it.
    await sql('UPDATE accounts SET deleted_at = NULL WHERE id = ?', [gone]);
    expect((await territories()).Bea).toBe('North');
    await sql('UPDATE contacts SET deleted_at = NULL WHERE id = ?', [dan]);
    expect((await territories()).Dan).toBe('South');

    // A contact that arrives before its account (sync order) gets the territory when the account arrives.
    await contact(fay, 'Fay 2', later).catch(() => undefined);
    await sql('UPDATE contacts SET account_id = ? WHERE id = ?', [later, fay]);
    expect((await territories()).Fay).toBeNull();
    await account(later, 'Later', 'East');
    expect((await territories()).Fay).toBe('East');
    // An erased account (hard delete) leaves its contacts in no territory.
    await sql('DELETE FROM accounts WHERE id = ?', [later]);
    expect((await territories()).Fay).toBeNull();
  });

  it("lists one territory by name from its own index, the newest of a territory on the updated index alone, and a tag's contacts on index data", async () => {
    // The indexes as 0006 left them (0016 rebuilt the name-ordered ones on the names' sort keys; its test checks those).
    await migrate(vault.connection, 6);
    await account(north, 'Nordwind', 'North');
    await contact(ada, 'Ada', north);
    const plan = (statement: string) => queryPlan(vault.connection, statement, ['north']);
    const byName = await plan('SELECT id FROM contacts WHERE deleted_at IS NULL AND account_territory = ? ORDER BY name, id LIMIT 51');
    expect(byName).toMatch(/USING (COVERING )?INDEX contacts_live_territory \(account_territory=\?\)/);
    expect(byName).not.toMatch(/TEMP B-TREE/);
    const newest = await plan('SELECT rowid FROM contacts WHERE deleted_at IS NULL AND +account_territory = ? ORDER BY updated_at DESC, id DESC LIMIT 51');
    expect(newest).toMatch(/USING (COVERING )?INDEX contacts_live_updated/);
    expect(await vault.connection.read((tx) => tx.all<{ id: string }>('SELECT id FROM contacts WHERE deleted_at IS NULL AND account_territory = ?', ['NORTH']))).toEqual([{ id: ada }]);
    // A tag's contacts (by id from record_tags) are picked and sorted on contacts_live_id's entries, reading no row
    // (the list names the index: SQLite would take the id's own index and read each row).
    for (const order of ['name, id', 'created_at, id', 'updated_at DESC, id DESC']) {
      const tagged = (index: string) =>
        `SELECT rowid FROM contacts ${index} WHERE deleted_at IS NULL AND id IN (SELECT record_id FROM record_tags WHERE entity = 'contacts' AND tag = ?) ORDER BY ${order} LIMIT 51`;
      expect(await plan(tagged('INDEXED BY contacts_live_id')), order).toMatch(/USING (COVERING )?INDEX contacts_live_id \(id=\?\)/);
      expect(await readsContactRows(vault.connection, tagged('INDEXED BY contacts_live_id'), ['vip']), order).toBe(false);
      // What it replaces: the id's own index, then each row read.
      expect(await readsContactRows(vault.connection, tagged(''), ['vip']), order).toBe(true);
    }
    expect(await indexColumns(vault.connection, 'contacts_live_id')).toEqual(['id', 'name', 'created_at', 'updated_at']);
    expect(await indexColumns(vault.connection, 'accounts_live_id')).toEqual(['id', 'name', 'territory', 'created_at', 'updated_at']);
    expect(await indexColumns(vault.connection, 'accounts_live_territory')).toEqual(['territory', 'name', 'id', 'created_at', 'updated_at', 'tags']);
    expect(await indexColumns(vault.connection, 'contacts_live_updated')).toEqual(['updated_at', 'id', 'account_id', 'tags', 'account_territory']);
  });
});
