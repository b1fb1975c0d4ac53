import { describe, expect, it } from 'vitest';
import { unsentCount } from '../../sync/unsent';
import { migrate, schemaVersion } from '../migrate';
import { useFreshConnection } from '../fixtures/fresh-connection';

describe('migration 0014-sync-unsent', () => {
  const vault = useFreshConnection('m0014');

  it('adds an empty list of unsent records, one row per record', async () => {
    await migrate(vault.connection, 13);
    await migrate(vault.connection, 14);
    expect(await vault.connection.read(schemaVersion)).toBe(14);
    expect(await vault.connection.read(unsentCount)).toBe(0);
    const mark = "INSERT INTO sync_unsent (entity, record_id) VALUES ('contacts', 'c1')";
    await vault.connection.write((tx) => tx.run(mark));
    await expect(vault.connection.write((tx) => tx.run(mark))).rejects.toThrow(/UNIQUE constraint failed/);
    expect(await vault.connection.read(unsentCount)).toBe(1);
  });
});
