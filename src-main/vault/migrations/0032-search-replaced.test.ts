import { describe, expect, it } from 'vitest';
import { syncRecordHooks } from '../../app/sync-record-hooks';
import { indexRecord, indexReplaced, reindexRecords, rewriteIndex } from '../../services/search/search-index';
import { removeRecord } from '../../sync/remove-record';
import { migrate, schemaVersion } from '../migrate';
import { useFreshConnection } from '../fixtures/fresh-connection';

const meta = "'srv-rep', 1, 'srv-rep', 2, 'srv-rep'";
const ada = '0190a5d0-ac96-774b-bcce-b302099a8057';
const bea = '0190a5d0-ac96-774b-bcce-b302099a8058';
const cy = '0190a5d0-ac96-774b-bcce-b302099a8059';

describe('migration 0032-search-replaced', () => {
  const vault = useFreshConnection('m0032');
  const sql = (statement: string, params: (string | number | null)[] = []) => vault.connection.write((tx) => tx.run(statement, params));
  const marks = () => vault.connection.read((tx) => tx.all('SELECT entity, record_id FROM search_replaced ORDER BY entity, record_id'));
  const version = (id: string, field: string) => sql("INSERT INTO field_versions (entity, record_id, field, hlc) VALUES ('contacts', ?, ?, 'h')", [id, field]);

  it('marks every record of a vault edited before it with one row, then those whose index entry changes, until a rewrite or their removal', async () => {
    await migrate(vault.connection, 31);
    for (const [id, name] of [[ada, 'Ada'], [bea, 'Bea'], [cy, 'Cy']] as const) {
      await sql(`INSERT INTO contacts (id, name, name_key, title, owner_id, created_at, created_by, updated_at, updated_by) VALUES (?, ?, ?, 'Analyst', ${meta})`, [id, name, name.toLowerCase()]);
      await vault.connection.write((tx) => indexRecord(tx, 'contacts', id, [name, 'Analyst']));
      await version(id, '*');
    }
    // Ada was edited (which entries it replaced is not known from before this version); Bea and Cy were not.
    await version(ada, 'title');
    await version(ada, 'notes');
    expect(await vault.connection.read((tx) => tx.all("SELECT name FROM sqlite_master WHERE name = 'search_replaced'"))).toEqual([]);

    await migrate(vault.connection, 32);
    expect(await vault.connection.read(schemaVersion)).toBe(32);
    // One row for all, not one per edited record: every record counts as replaced until the index is rewritten.
    expect(await marks()).toEqual([{ entity: '*', record_id: '*' }]);
    expect(await vault.connection.read((tx) => indexReplaced(tx, 'contacts', cy))).toBe(true);
    expect(await vault.connection.read((tx) => indexReplaced(tx, 'accounts', bea))).toBe(true);
    await vault.connection.write((tx) => rewriteIndex(tx));
    expect(await marks()).toEqual([]);
    expect(await vault.connection.read((tx) => indexReplaced(tx, 'contacts', ada))).toBe(false);
    await vault.connection.write((tx) => indexRecord(tx, 'contacts', ada, ['Ada', 'Architect']));

    // The same text replaces nothing; a changed text, or a trash, does.
    await vault.connection.write((tx) => indexRecord(tx, 'contacts', bea, ['Bea', 'Analyst']));
    expect(await vault.connection.read((tx) => indexReplaced(tx, 'contacts', bea))).toBe(false);
    await vault.connection.write((tx) => indexRecord(tx, 'contacts', bea, ['Bea', 'Buyer']));
    await vault.connection.write((tx) => reindexRecords(tx, 'contacts', [], [cy]));
    await vault.connection.write((tx) => indexRecord(tx, 'contacts', bea, ['Bea', 'Boss']));
    expect(await marks()).toEqual([
      { entity: 'contacts', record_id: ada },
      { entity: 'contacts', record_id: bea },
      { entity: 'contacts', record_id: cy },
    ]);
    expect(await vault.connection.read((tx) => indexReplaced(tx, 'accounts', bea))).toBe(false);
    await expect(sql("INSERT INTO search_replaced (entity, record_id) VALUES ('contacts', ?)", [bea])).rejects.toThrow(/UNIQUE/);
    await expect(sql("INSERT INTO search_replaced (entity, record_id) VALUES ('contacts', NULL)")).rejects.toThrow(/NOT NULL/);

    // A record that leaves takes its mark with it (trashed, then evicted: no mark left); a rewrite leaves no old key, so no mark.
    await vault.connection.write((tx) => removeRecord(tx, syncRecordHooks, 'contacts', ada, 'delete'));
    expect(await marks()).toEqual([
      { entity: 'contacts', record_id: bea },
      { entity: 'contacts', record_id: cy },
    ]);
    await vault.connection.write((tx) => rewriteIndex(tx));
    expect(await marks()).toEqual([]);
  });
});
