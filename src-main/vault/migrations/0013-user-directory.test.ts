import { describe, expect, it } from 'vitest';
import { clearDirectory, listDirectory, replaceDirectory } from '../../sync/directory';
import { migrate, schemaVersion } from '../migrate';
import { useFreshConnection } from '../fixtures/fresh-connection';

describe('migration 0013-user-directory', () => {
  const vault = useFreshConnection('m0013');

  it('adds an empty directory that a fetch replaces whole and a new enrolment clears', async () => {
    await migrate(vault.connection, 12);
    await migrate(vault.connection, 13);
    expect(await vault.connection.read(schemaVersion)).toBe(13);
    expect(await vault.connection.read(listDirectory)).toEqual([]);

    await vault.connection.write((tx) => replaceDirectory(tx, 'v1', [{ userId: 'u-b', displayName: 'Bea' }, { userId: 'u-a', displayName: 'Al' }]));
    await vault.connection.write((tx) => replaceDirectory(tx, 'v2', [{ userId: 'u-b', displayName: 'Bea Renamed' }]));
    expect(await vault.connection.read(listDirectory)).toEqual([{ userId: 'u-b', displayName: 'Bea Renamed' }]);
    expect(await vault.connection.read((tx) => tx.get('SELECT value FROM sync_state WHERE key = ?', ['directory_version']))).toEqual({ value: 'v2' });

    await vault.connection.write(clearDirectory);
    expect(await vault.connection.read(listDirectory)).toEqual([]);
    expect(await vault.connection.read((tx) => tx.get('SELECT value FROM sync_state WHERE key = ?', ['directory_version']))).toBeUndefined();
    // An empty name is not a name.
    await expect(vault.connection.write((tx) => tx.run("INSERT INTO user_directory (user_id, display_name) VALUES ('u-c', '')"))).rejects.toThrow(/CHECK constraint failed/);
  });
});
