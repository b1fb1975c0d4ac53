import { describe, expect, it } from 'vitest';
import { othersRecords } from '../../services/crm/record-owners';
import { removeRecord } from '../../sync/remove-record';
import { knownOwners, storeOwners } from '../../sync/record-owners';
import { countingHooks } from '../../sync/testing/sync-vault';
import { migrate, schemaVersion } from '../migrate';
import { useFreshConnection } from '../fixtures/fresh-connection';

const meta = "'srv-rep', 1, 'srv-rep', 2, 'srv-rep'";
const ada = '0190a5d0-ac96-774b-bcce-b302099a8057';
const bea = '0190a5d0-ac96-774b-bcce-b302099a8058';

describe('migration 0031-record-owners', () => {
  const vault = useFreshConnection('m0031');
  const sql = (statement: string, params: (string | number | null)[] = []) => vault.connection.write((tx) => tx.run(statement, params));
  const owners = () => vault.connection.read((tx) => tx.all('SELECT entity, record_id, owner_user_id FROM record_owners ORDER BY record_id'));

  it('adds an empty owner table, keyed by record, that pulls fill and replace and a removed record leaves', async () => {
    await migrate(vault.connection, 29);
    await sql(`INSERT INTO contacts (id, name, name_key, title, owner_id, created_at, created_by, updated_at, updated_by) VALUES (?, 'Ada', 'ada', 'Analyst', ${meta})`, [ada]);
    await sql(`INSERT INTO contacts (id, name, name_key, title, owner_id, created_at, created_by, updated_at, updated_by) VALUES (?, 'Bea', 'bea', 'Buyer', ${meta})`, [bea]);
    expect(await vault.connection.read((tx) => tx.all("SELECT name FROM sqlite_master WHERE name = 'record_owners'"))).toEqual([]);

    await migrate(vault.connection, 31);
    expect(await vault.connection.read(schemaVersion)).toBe(31);
    // Records held before it have no known owner: they stay editable.
    expect(await owners()).toEqual([]);
    expect(await vault.connection.read((tx) => othersRecords(tx, 'contacts', [ada, bea], 'srv-rep'))).toEqual([]);

    await vault.connection.write((tx) => storeOwners(tx, [{ userId: 'srv-tess', entity: 'contacts', recordIds: [ada, bea] }]));
    // An admin gave Bea to this user: the next page's owner replaces the one known.
    await vault.connection.write((tx) => storeOwners(tx, [{ userId: 'srv-rep', entity: 'contacts', recordIds: [bea] }]));
    expect(await owners()).toEqual([
      { entity: 'contacts', record_id: ada, owner_user_id: 'srv-tess' },
      { entity: 'contacts', record_id: bea, owner_user_id: 'srv-rep' },
    ]);
    expect(await vault.connection.read((tx) => othersRecords(tx, 'contacts', [bea, ada], 'srv-rep'))).toEqual([ada]);
    // Keyed by entity too: the same id of another entity has no owner known.
    expect(await vault.connection.read((tx) => knownOwners(tx, 'accounts', [ada]))).toEqual(new Map());
    await vault.connection.write((tx) => storeOwners(tx, [{ userId: 'srv-ann', entity: 'accounts', recordIds: [ada] }]));
    expect(await vault.connection.read((tx) => knownOwners(tx, 'contacts', [ada]))).toEqual(new Map([[ada, 'srv-tess']]));
    await sql("DELETE FROM record_owners WHERE entity = 'accounts'");
    await expect(sql("INSERT INTO record_owners (entity, record_id, owner_user_id) VALUES ('contacts', ?, 'x')", [ada])).rejects.toThrow(/UNIQUE/);
    await expect(sql("INSERT INTO record_owners (entity, record_id, owner_user_id) VALUES ('contacts', 'c', NULL)")).rejects.toThrow(/NOT NULL/);

    // Evicted (or deleted, or erased), the record leaves no owner behind.
    await vault.connection.write((tx) => removeRecord(tx, countingHooks(), 'contacts', ada, 'evict'));
    expect(await owners()).toEqual([{ entity: 'contacts', record_id: bea, owner_user_id: 'srv-rep' }]);
  });
});
