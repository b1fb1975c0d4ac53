import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Connection } from '../connection';
import { migrate, schemaVersion } from '../migrate';

describe('migration 0001-contacts', () => {
  let dir: string;
  let connection: Connection;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'fieldvault-m0001-'));
    connection = await Connection.open(path.join(dir, 'vault.db'), randomBytes(32), { create: true });
  });

  afterEach(async () => {
    await connection.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('creates contacts with defaults, NOT NULL columns and the (name, id) index', async () => {
    await migrate(connection, 0);
    expect(await connection.read(schemaVersion)).toBe(0);
    expect(await connection.read((tx) => tx.all("SELECT name FROM sqlite_master WHERE name = 'contacts'"))).toEqual([]);

    await migrate(connection, 1);
    expect(await connection.read(schemaVersion)).toBe(1);

    await connection.write((tx) =>
      tx.run('INSERT INTO contacts (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)', ['c1', 'Ada', 1, 2]),
    );
    const row = await connection.read((tx) => tx.get('SELECT * FROM contacts WHERE id = ?', ['c1']));
    expect(row).toEqual({ id: 'c1', name: 'Ada', email: '', phone: '', notes: '', created_at: 1, updated_at: 2 });

    await expect(
      connection.write((tx) => tx.run('INSERT INTO contacts (id, name, created_at, updated_at) VALUES (?, NULL, 1, 1)', ['c2'])),
    ).rejects.toThrow(/NOT NULL/);
    await expect(
      connection.write((tx) => tx.run('INSERT INTO contacts (id, name, created_at, updated_at) VALUES (?, ?, 1, 1)', ['c1', 'dup'])),
    ).rejects.toThrow(/UNIQUE/);
    // STRICT: a wrongly typed timestamp is refused rather than stored as text.
    await expect(
      connection.write((tx) => tx.run("INSERT INTO contacts (id, name, created_at, updated_at) VALUES ('c3', 'x', 'soon', 1)")),
    ).rejects.toThrow(/cannot store/i);

    const index = await connection.read((tx) => tx.all<{ name: string }>("PRAGMA index_info('contacts_name_id')"));
    expect(index.map((column) => column.name)).toEqual(['name', 'id']);
  });
});
