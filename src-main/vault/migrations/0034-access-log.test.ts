import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../migrate';
import { useFreshConnection } from '../fixtures/fresh-connection';

describe('migration 0034-access-log', () => {
  const vault = useFreshConnection('m0034');

  it('adds an empty access_log whose seq orders entries whatever their time', async () => {
    await migrate(vault.connection, 33);
    expect(await vault.connection.read((tx) => tx.get("SELECT name FROM sqlite_master WHERE name = 'access_log'"))).toBeUndefined();
    await migrate(vault.connection, 34);
    expect(await vault.connection.read(schemaVersion)).toBe(34);
    await vault.connection.write(async (tx) => {
      for (const at of [500, 100]) {
        await tx.run("INSERT INTO access_log (at, user_id, action, entity, record_id, field) VALUES (?, 'local-owner', 'reveal', 'contacts', 'c-1', 'notes')", [at]);
      }
    });
    const rows = await vault.connection.read((tx) => tx.all<{ seq: number; at: number }>('SELECT seq, at FROM access_log ORDER BY seq'));
    expect(rows).toEqual([
      { seq: 1, at: 500 },
      { seq: 2, at: 100 },
    ]);
  });
});
