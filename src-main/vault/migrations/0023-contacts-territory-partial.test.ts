import { describe, expect, it } from 'vitest';
import { ContactListQuery } from '../../../src-shared/domain/contact';
import { contactListRequest, contactTable } from '../../services/crm/contact.repo';
import { buildListQuery, chooseConditionPlans } from '../../services/crm/list-query';
import { migrate, schemaVersion } from '../migrate';
import { indexColumns, queryPlan, useFreshConnection } from '../fixtures/fresh-connection';

const meta = "'local-owner', 1, 'local-owner', 2, 'local-owner'";
const uuid = (n: number) => `0190a5d0-ac96-774b-bcce-${String(n).padStart(12, '0')}`;
const north = uuid(1);
const gone = uuid(2);

describe('migration 0023-contacts-territory-partial', () => {
  const vault = useFreshConnection('m0023');
  const sql = (statement: string, params: (string | number | null)[] = []) => vault.connection.write((tx) => tx.run(statement, params));
  /** The entries the index holds: ANALYZE's row count for it (sqlite_stat1's first number), which counts the b-tree, not a query over it. */
  const entries = () =>
    vault.connection.write(async (tx) => {
      await tx.exec('ANALYZE contacts_live_territory');
      const stat = await tx.get<{ stat: string }>("SELECT stat FROM sqlite_stat1 WHERE idx = 'contacts_live_territory'");
      // ANALYZE writes no row for an empty index.
      return Number((stat?.stat ?? '0').split(' ')[0]);
    });
  const definition = () =>
    vault.connection.read(async (tx) => (await tx.get<{ sql: string }>("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = 'contacts_live_territory'"))?.sql);

  it('keeps only live contacts with a territory in contacts_live_territory, and the territory list by name still walks it', async () => {
    await migrate(vault.connection, 21);
    await sql(`INSERT INTO accounts (id, name, territory, owner_id, created_at, created_by, updated_at, updated_by) VALUES (?, 'Nordwind', 'North', ${meta})`, [north]);
    await sql(`INSERT INTO accounts (id, name, territory, owner_id, created_at, created_by, updated_at, updated_by, deleted_at) VALUES (?, 'Gone', 'North', ${meta}, 9)`, [gone]);
    // Ada and Bea in North; Cid without an account; Dan with a trashed account (no territory); Eve in North but trashed.
    for (const [n, name, account, deletedAt] of [
      [10, 'Ada', north, null],
      [11, 'Bea', north, null],
      [12, 'Cid', null, null],
      [13, 'Dan', gone, null],
      [14, 'Eve', north, 9],
    ] as const) {
      await sql(`INSERT INTO contacts (id, name, name_key, account_id, owner_id, created_at, created_by, updated_at, updated_by, deleted_at) VALUES (?, ?, ?, ?, ${meta}, ?)`, [
        uuid(n),
        name,
        name.toLowerCase(),
        account,
        deletedAt,
      ]);
    }
    // As 0016 left it: every live contact has an entry, Cid and Dan included.
    expect(await definition()).toMatch(/WHERE deleted_at IS NULL$/);
    expect(await entries()).toBe(4);

    await migrate(vault.connection, 23);
    expect(await vault.connection.read(schemaVersion)).toBe(23);
    expect(await definition()).toMatch(/WHERE deleted_at IS NULL AND account_territory IS NOT NULL$/);
    expect(await indexColumns(vault.connection, 'contacts_live_territory')).toEqual(['account_territory', 'name_key', 'id', 'created_at', 'updated_at', 'tags']);

    // The territory list by name walks the index in order (no sort step) and finds North's live contacts.
    const request = await vault.connection.read((tx) => chooseConditionPlans(tx, contactListRequest(ContactListQuery.parse({ filter: { territory: 'north' } })), 'contacts'));
    const list = buildListQuery(contactTable, request);
    const plan = await queryPlan(vault.connection, list.sql, list.params.map(String));
    expect(plan).toMatch(/SEARCH contacts USING (COVERING )?INDEX contacts_live_territory \(account_territory=\?\)/);
    expect(plan).not.toMatch(/TEMP B-TREE/);
    const ids = await vault.connection.read(async (tx) => (await tx.all<{ id: string }>(list.sql, list.params)).map((row) => row.id));
    expect(ids).toEqual([uuid(10), uuid(11)]);

    // Only Ada and Bea have entries; a contact gains one as its account gives it a territory, and loses it without.
    expect(await entries()).toBe(2);
    await sql('UPDATE contacts SET account_id = ? WHERE id = ?', [north, uuid(12)]);
    expect(await entries()).toBe(3);
    await sql('UPDATE contacts SET account_id = NULL WHERE id = ?', [uuid(10)]);
    expect(await entries()).toBe(2);
  });
});
