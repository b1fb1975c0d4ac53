import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../migrate';
import { useFreshConnection } from '../fixtures/fresh-connection';

const ada = '0190a5d0-ac96-774b-bcce-b302099a8051';
const bob = '0190a5d0-ac96-774b-bcce-b302099a8052';

describe('migration 0027-tag-keys', () => {
  const vault = useFreshConnection('m0027');

  it('folds every tag row to its key, in every script, and leaves the records’ own spellings alone', async () => {
    await migrate(vault.connection, 26);
    const spelled = [
      ['contacts', 'VIP', ada],
      ['contacts', 'Ärzte', ada],
      ['contacts', 'ÖFFENTLICH', bob],
      ['contacts', 'ärzte', bob],
      ['contacts', '北京', bob],
      ['accounts', 'Key Account', ada],
      ['deals', 'İstanbul', ada],
    ];
    await vault.connection.write(async (tx) => {
      for (const row of spelled) await tx.run('INSERT INTO record_tags (entity, tag, record_id) VALUES (?, ?, ?)', row);
    });

    await migrate(vault.connection, 27);
    expect(await vault.connection.read(schemaVersion)).toBe(27);
    const rows = await vault.connection.read((tx) => tx.all('SELECT entity, tag, record_id FROM record_tags ORDER BY entity, record_id, tag COLLATE BINARY'));
    expect(rows).toEqual([
      { entity: 'accounts', tag: 'key account', record_id: ada },
      { entity: 'contacts', tag: 'vip', record_id: ada },
      { entity: 'contacts', tag: 'ärzte', record_id: ada },
      { entity: 'contacts', tag: 'ärzte', record_id: bob },
      { entity: 'contacts', tag: 'öffentlich', record_id: bob },
      { entity: 'contacts', tag: '北京', record_id: bob },
      { entity: 'deals', tag: 'i̇stanbul', record_id: ada },
    ]);
  });
});
