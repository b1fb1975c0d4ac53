import { stat } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { checkMigrationOrder, migrate, schemaVersion, type MigrationStep } from './migrate';
import { latestVersion, migrations } from './migrations/index';
import type { Migration } from './migrations/migration';
import { useFreshConnection } from './fixtures/fresh-connection';

describe('migrate', () => {
  const vault = useFreshConnection('migrate');

  it('brings a new vault to the latest version and is idempotent', async () => {
    expect(await migrate(vault.connection)).toEqual({ from: 0, to: latestVersion });
    expect(await vault.connection.read(schemaVersion)).toBe(latestVersion);
    expect(await migrate(vault.connection)).toEqual({ from: latestVersion, to: latestVersion });
  });

  it('lists the shipped migrations in order without gaps', () => {
    expect(() => checkMigrationOrder(migrations)).not.toThrow();
    expect(latestVersion).toBe(migrations.length);
  });

  it('refuses a vault written by a newer app, naming no values', async () => {
    await vault.connection.write((tx) => tx.exec(`PRAGMA user_version = ${latestVersion + 1}`));
    const error: unknown = await migrate(vault.connection).catch((caught: unknown) => caught);
    // Not "damaged": the reason lets every language say so, and what to install.
    expect(error).toMatchObject({ code: 'VAULT_CORRUPT', reason: { code: 'vault_too_new' } });
    expect(String(error)).toMatch(/newer version/);
    expect(String(error)).not.toMatch(/damaged:/);
  });

  it('leaves no large WAL behind a large migration', async () => {
    const list: Migration[] = [
      { version: 1, name: 'one', up: (tx) => tx.exec('CREATE TABLE one (v BLOB)') },
      // About 20 MB written in one transaction, as 0016 or 0027 write at a million contacts (gigabytes there).
      { version: 2, name: 'large', up: (tx) => tx.exec('WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000) INSERT INTO one SELECT randomblob(1000) FROM n') },
    ];
    await migrate(vault.connection, 2, list);
    expect(await vault.connection.read(async (tx) => (await tx.get<{ n: number }>('SELECT count(*) AS n FROM one'))?.n)).toBe(20_000);
    const wal = await stat(`${vault.file}-wal`).then((found) => found.size, () => 0);
    expect(wal).toBeLessThan(1024 * 1024);
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
    await expect(migrate(vault.connection, 2, failing)).rejects.toThrow('midway');
    expect(await vault.connection.read(schemaVersion)).toBe(1);
    const tables = await vault.connection.read((tx) => tx.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"));
    expect(tables.map((table) => table.name)).toEqual(['one']);
  });

  it('passes on the rows a long migration reports done, with its step, and keeps them in its transaction', async () => {
    const heard: MigrationStep[] = [];
    const list: Migration[] = [
      { version: 1, name: 'one', up: (tx) => tx.exec('CREATE TABLE one (v INTEGER)') },
      {
        version: 2,
        name: 'rows',
        async up(tx, progress) {
          for (let done = 0; done < 3; done += 1) {
            await tx.run('INSERT INTO one (v) VALUES (?)', [done]);
            progress({ done: done + 1, total: 3 });
          }
        },
      },
    ];
    await migrate(vault.connection, 2, list, (step) => heard.push(step));
    expect(heard).toEqual([
      { step: 1, steps: 2 },
      { step: 2, steps: 2 },
      { step: 2, steps: 2, done: 1, total: 3 },
      { step: 2, steps: 2, done: 2, total: 3 },
      { step: 2, steps: 2, done: 3, total: 3 },
    ]);
    expect(await vault.connection.read((tx) => tx.all('SELECT v FROM one ORDER BY v'))).toEqual([{ v: 0 }, { v: 1 }, { v: 2 }]);
  });

  it('rejects gaps, unknown targets and downgrades', async () => {
    const gap: Migration[] = [{ version: 2, name: 'gap', up: () => Promise.resolve() }];
    await expect(migrate(vault.connection, 2, gap)).rejects.toThrow(/expected 1/);
    await expect(migrate(vault.connection, latestVersion + 1)).rejects.toThrow(/unknown schema version/);
    await migrate(vault.connection, latestVersion);
    if (latestVersion > 0) await expect(migrate(vault.connection, 0)).rejects.toThrow(/migrate down/);
  });
});
