// Every command that opens the store takes --store and --database-url
// (child processes against a real PostgreSQL server): a postgres data folder
// keeps no URL on disk, so enrolment-code, rotate-keys and seed-demo need it
// on the command line as much as serve does, and their error asks for it.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgresTestServer, type PostgresTestServer } from '../store/postgres/testing/postgres-test-server';
import { runCli } from '../testing/cli-process';

const root = mkdtempSync(join(tmpdir(), 'fieldvault-store-options-'));
const dataDir = join(root, 'org');
let postgres: PostgresTestServer;
let databaseUrl = '';
let adminUserId = '';

beforeAll(async () => {
  postgres = await startPostgresTestServer();
  databaseUrl = postgres.connectionString(await postgres.createDatabase('storeoptions'));
  const init = await runCli(['init', '--data-dir', dataDir, '--store', 'postgres', '--database-url', databaseUrl]);
  expect(init.code, init.stderr).toBe(0);
  adminUserId = /^First admin: (u-[0-9a-f]+)$/m.exec(init.stdout)?.[1] ?? '';
}, 120_000);

afterAll(async () => {
  await postgres.stop();
  rmSync(root, { recursive: true, force: true });
}, 60_000);

describe('--store and --database-url', () => {
  it('enrolment-code, rotate-keys and seed-demo open a postgres folder with --database-url, and ask for it without', async () => {
    const missing = await runCli(['rotate-keys', '--data-dir', dataDir]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('The postgres store needs --database-url or FIELDVAULT_DATABASE_URL');

    const code = await runCli(['enrolment-code', '--data-dir', dataDir, '--user', adminUserId, '--database-url', databaseUrl]);
    expect(code.code, code.stderr).toBe(0);
    expect(code.stdout).toMatch(/^One-time enrolment code for u-[0-9a-f]+: [0-9A-Z]{4}-/);

    const rotated = await runCli(['rotate-keys', '--data-dir', dataDir, '--store', 'postgres', '--database-url', databaseUrl]);
    expect(rotated.code, rotated.stderr).toBe(0);
    expect(rotated.stdout).toMatch(/^New data key /);

    const seeded = await runCli(['seed-demo', '--data-dir', dataDir, '--contacts', '10', '--database-url', databaseUrl]);
    expect(seeded.code, seeded.stderr).toBe(0);
    expect(seeded.stdout).toMatch(/^Demo data: seeded /);
  }, 120_000);

  it('refuses a --store other than the folder’s, leaving no store file behind', async () => {
    for (const command of [['serve', '--port', '0'], ['devices'], ['rotate-keys']]) {
      const other = await runCli([command[0] ?? '', '--data-dir', dataDir, '--store', 'sqlite', ...command.slice(1)]);
      expect(other.code, command.join(' ')).toBe(1);
      expect(other.stderr).toContain("This data folder's store is postgres: --store sqlite would open another one");
    }
    // Before, each created and migrated an empty SQLite store in the folder, then failed.
    expect(existsSync(join(dataDir, 'store.db'))).toBe(false);
  }, 120_000);
});
