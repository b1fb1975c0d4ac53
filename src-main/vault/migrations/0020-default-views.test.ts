import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../migrate';
import { useFreshConnection } from '../fixtures/fresh-connection';

describe('migration 0020-default-views', () => {
  const vault = useFreshConnection('m0020');

  it('adds made_default_at to saved views, null (no default) for the views already there', async () => {
    await migrate(vault.connection, 19);
    await vault.connection.write((tx) =>
      tx.run(
        `INSERT INTO saved_views (id, entity, name, query, owner_id, created_at, created_by, updated_at, updated_by)
         VALUES ('0190a5d0-ac96-774b-bcce-b302099a8057', 'contacts', 'VIPs', '{}', 'local-owner', 1, 'local-owner', 2, 'local-owner')`,
      ),
    );
    await migrate(vault.connection, 20);
    expect(await vault.connection.read(schemaVersion)).toBe(20);
    const rows = await vault.connection.read((tx) => tx.all('SELECT name, made_default_at FROM saved_views'));
    expect(rows).toEqual([{ name: 'VIPs', made_default_at: null }]);
    await vault.connection.write((tx) => tx.run("UPDATE saved_views SET made_default_at = 5 WHERE name = 'VIPs'"));
    expect(await vault.connection.read((tx) => tx.all('SELECT made_default_at FROM saved_views'))).toEqual([{ made_default_at: 5 }]);
  });
});
