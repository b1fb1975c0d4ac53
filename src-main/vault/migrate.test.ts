import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Connection } from './connection';
import { checkMigrationOrder, migrate, schemaVersion } from './migrate';
import { latestVersion, migrations } from './migrations/index';
import type { Migration } from './migrations/migration';

describe('migrate', () => {
  let dir: string;
  let connection: Connection;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'fieldvault-migrate-'));
    connection = await Connection.open(path.join(dir, 'vault.db'), randomBytes(32), { create: true });
  });

  afterEach(async () => {
    await connection.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('brings a new vault to the latest version and is idempotent', async () => {
    expect(await migrate(connection)).toEqual({ from: 0, to: latestVersion });
    expect(await connection.read(schemaVersion)).toBe(latestVersion);
    expect(await migrate(connection)).toEqual({ from: latestVersion, to: latestVersion });
  });

  it('lists the shipped migrations in order without gaps', () => {
    expect(() => checkMigrationOrder(migrations)).not.toThrow();
    expect(latestVersion).toBe(migrations.length);
  });

  it('refuses a vault written by a newer app, naming no values', async () => {
    await connection.write((tx) => tx.exec(`PRAGMA user_version = ${latestVersion + 1}`));
    const error: unknown = await migrate(connection).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'VAULT_CORRUPT' });
    expect(String(error)).toMatch(/newer version/);
  });

  it('runs each migration with its version bump in one transaction', async () => {
    const failing: Migration[] = [
      { version: 1, name: 'one', up: (tx) => tx.exec('CREATE TABLE one (v INTEGER)') },
      {
        version: 2,
        name: 'two-fails',
        async up(tx) {
          await tx.exec('CREATE TABLE two (v INTEGER)');
          throw new Error('migration failed midway');
        },
      },
    ];
    await expect(migrate(connection, 2, failing)).rejects.toThrow('midway');
    expect(await connection.read(schemaVersion)).toBe(1);
    const tables = await connection.read((tx) => tx.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"));
    expect(tables.map((table) => table.name)).toEqual(['one']);
  });

  it('rejects gaps, unknown targets and downgrades', async () => {
    const gap: Migration[] = [{ version: 2, name: 'gap', up: () => Promise.resolve() }];
    await expect(migrate(connection, 2, gap)).rejects.toThrow(/expected 1/);
    await expect(migrate(connection, latestVersion + 1)).rejects.toThrow(/unknown schema version/);
    await migrate(connection, latestVersion);
    if (latestVersion > 0) await expect(migrate(connection, 0)).rejects.toThrow(/migrate down/);
  });
});
