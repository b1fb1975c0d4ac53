import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../migrate';
import { useFreshConnection } from '../fixtures/fresh-connection';

describe('migration 0001-contacts', () => {
  const vault = useFreshConnection('m0001');

  it('creates contacts with defaults, NOT NULL columns and the (name, id) index', async () => {
    await migrate(vault.connection, 0);
    expect(await vault.connection.read(schemaVersion)).toBe(0);
    expect(await vault.connection.read((tx) => tx.all("SELECT name FROM sqlite_master WHERE name = 'contacts'"))).toEqual([]);

    await migrate(vault.connection, 1);
    expect(await vault.connection.read(schemaVersion)).toBe(1);

    await vault.connection.write((tx) =>
      tx.run('INSERT INTO contacts (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)', ['c1', 'Ada', 1, 2]),
    );
    const row = await vault.connection.read((tx) => tx.get('SELECT * FROM contacts WHERE id = ?', ['c1']));
    expect(row).toEqual({ id: 'c1', name: 'Ada', email: '', phone: '', notes: '', created_at: 1, updated_at: 2 });

    await expect(
      vault.connection.write((tx) => tx.run('INSERT INTO contacts (id, name, created_at, updated_at) VALUES (?, NULL, 1, 1)', ['c2'])),
    ).rejects.toThrow(/NOT NULL/);
    await expect(
      vault.connection.write((tx) => tx.run('INSERT INTO contacts (id, name, created_at, updated_at) VALUES (?, ?, 1, 1)', ['c1', 'dup'])),
    ).rejects.toThrow(/UNIQUE/);
    // STRICT: a wrongly typed timestamp is refused rather than stored as text.
    await expect(
      vault.connection.write((tx) => tx.run("INSERT INTO contacts (id, name, created_at, updated_at) VALUES ('c3', 'x', 'soon', 1)")),
    ).rejects.toThrow(/cannot store/i);

    const index = await vault.connection.read((tx) => tx.all<{ name: string }>("PRAGMA index_info('contacts_name_id')"));
    expect(index.map((column) => column.name)).toEqual(['name', 'id']);
  });
});
