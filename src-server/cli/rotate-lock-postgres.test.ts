// One `rotate-keys` at a time across machines that share one PostgreSQL
// database (scale-out), each with its own copy of the data folder, where
// rotate.lock, one per folder, cannot keep them apart: the store's advisory
// lock does. A real PostgreSQL server and two copies of one folder:
// - through the real command line, while a master-key run from folder A is
//   held just before its rename (every data key already re-wrapped under A's
//   master.key.next), a run from folder B, with or without --master, exits 1
//   at once naming A's process and machine, and changes no key; once A ends,
//   B rotates. A run killed while it holds the lock leaves nothing that stops
//   the next one.
// - while a rotation from A in this process holds the lock, a data-key run
//   from B exits 1 the same way; A's rotation fails midway (after it added
//   its new data key), which releases the lock, and B's run then rotates.
import { copyFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { masterKeyFileName, nextMasterKeyFileName } from '../crypto/master-key';
import { rotateDataKey } from '../crypto/rotation';
import { withStoreRotateLock } from '../org/folder-lock';
import { openOrganisation } from '../org/open';
import { openPostgresStore } from '../store/postgres/postgres.store';
import { startPostgresTestServer, type PostgresTestServer } from '../store/postgres/testing/postgres-test-server';
import { runCli, type CliResult } from '../testing/cli-process';
import { endHeldRuns, startHeldMasterRotation as startHeldRun, type HeldRun } from '../testing/held-master-rotation';

const root = mkdtempSync(join(tmpdir(), 'fieldvault-rotate-lock-pg-'));
const folderA = join(root, 'machine-a');
const folderB = join(root, 'machine-b');
let postgres: PostgresTestServer;
let databaseUrl = '';
const heldRuns: HeldRun[] = [];

beforeAll(async () => {
  postgres = await startPostgresTestServer();
  databaseUrl = postgres.connectionString(await postgres.createDatabase('rotatelock'));
  const init = await runCli(['init', '--data-dir', folderA, '--store', 'postgres', '--database-url', databaseUrl]);
  expect(init.code, init.stderr).toBe(0);
  // The second machine's copy of the organisation's folder (keys included).
  cpSync(folderA, folderB, { recursive: true });
}, 120_000);

afterAll(async () => {
  // A run still held (the test failed before letting it go) goes on and ends before the database goes.
  await endHeldRuns(heldRuns);
  await postgres.stop();
  rmSync(root, { recursive: true, force: true });
}, 120_000);

const pgArgs = (): string[] => ['--store', 'postgres', '--database-url', databaseUrl];

/** The stored data keys (ids, wraps, which master key, which is active) and folder B's key files. */
async function keyState(): Promise<string> {
  const files = [masterKeyFileName, nextMasterKeyFileName].map((name) => (existsSync(join(folderB, name)) ? readFileSync(join(folderB, name), 'utf8') : null));
  const store = await openPostgresStore({ connectionString: databaseUrl, migrate: false });
  try {
    const rows = await store.read((tx) => tx.listDataKeys());
    return JSON.stringify({ files, rows: rows.map((row) => ({ ...row, wrappedKey: Buffer.from(row.wrappedKey).toString('base64') })) });
  } finally {
    await store.close();
  }
}

/** Starts `rotate-keys --master` from folder A and resolves once it holds just before the rename. */
async function startHeldMasterRotation(name: string): Promise<HeldRun> {
  const run = await startHeldRun(folderA, join(root, name), pgArgs());
  heldRuns.push(run);
  return run;
}

/** A finished master-key rotation reaches the other machine as an operator copies the new key over. */
const copyMasterKey = (from: string, to: string): void => copyFileSync(join(from, masterKeyFileName), join(to, masterKeyFileName));

describe('fieldvault-server rotate-keys on PostgreSQL: one run per database', () => {
  it('refuses a run from another data folder while one rotates, changes no key, and takes over the lock of a killed run', async () => {
    const first = await startHeldMasterRotation('first');
    const held = await keyState();
    const inUse = `fieldvault-server rotate-keys: Another fieldvault-server rotate-keys (process ${first.pid} on ${hostname()}) is rotating the keys of the PostgreSQL database that the data folder ${folderB} uses; let it finish, then run again\n`;
    for (const args of [[], ['--master']]) {
      const second = await runCli(['rotate-keys', '--data-dir', folderB, ...args, ...pgArgs()]);
      expect(second.code, second.stdout).toBe(1);
      expect(second.stdout).toBe('');
      expect(second.stderr).toBe(inUse);
      expect(await keyState()).toBe(held);
    }
    first.release();
    const finished = await first.result;
    expect(finished.code, finished.stderr).toBe(0);
    expect(finished.stdout).toMatch(/^Master key rotated; data keys are now wrapped by mk-[0-9a-f]{16}\nCopy master\.key from this data folder to every server that shares this PostgreSQL database/);

    copyMasterKey(folderA, folderB);
    const after = await runCli(['rotate-keys', '--data-dir', folderB, ...pgArgs()]);
    expect(after.code, after.stderr).toBe(0);
    expect(after.stdout).toMatch(/^New data key dk-[0-9a-f]{16}; re-sealed 0 records;/);

    // Killed while holding the lock: PostgreSQL ends its session, and the lock with it.
    const killed = await startHeldMasterRotation('killed');
    process.kill(killed.pid, 'SIGKILL');
    expect((await killed.result).code).toBeNull();
    const resumed = await runCli(['rotate-keys', '--data-dir', folderA, '--master', ...pgArgs()]);
    expect(resumed.code, resumed.stderr).toBe(0);
    copyMasterKey(folderA, folderB);
    const fromB = await runCli(['rotate-keys', '--data-dir', folderB, '--master', ...pgArgs()]);
    expect(fromB.code, fromB.stderr).toBe(0);
  }, 240_000);

  it('refuses a data-key run while a rotation in another process holds the lock, and lets it run once that one failed midway', async () => {
    copyMasterKey(folderB, folderA);
    const a = await openOrganisation(folderA, { store: { kind: 'postgres', databaseUrl } });
    try {
      const keysBefore = await a.store.read((tx) => tx.listDataKeys());
      // The clock fails once the new key is in: on the first old key's grace check, before any re-seal.
      let calls = 0;
      const failingClock = (): number => {
        calls += 1;
        if (calls > 1) throw new Error('clock failed');
        return Date.now();
      };
      let whileHeld: CliResult | null = null;
      let keysWhileHeld = '';
      await expect(
        withStoreRotateLock(folderA, a.store, async () => {
          keysWhileHeld = await keyState();
          whileHeld = await runCli(['rotate-keys', '--data-dir', folderB, ...pgArgs()]);
          return rotateDataKey(a.store, a.keyring, { now: failingClock });
        }),
      ).rejects.toThrow('clock failed');
      expect(whileHeld).toEqual({
        code: 1,
        stdout: '',
        stderr: `fieldvault-server rotate-keys: Another fieldvault-server rotate-keys (process ${process.pid} on ${hostname()}) is rotating the keys of the PostgreSQL database that the data folder ${folderB} uses; let it finish, then run again\n`,
      });
      // B changed nothing; A failed midway: its new key is in.
      const keysAfter = JSON.parse(await keyState()) as { rows: unknown[] };
      expect(keysAfter.rows).toHaveLength(keysBefore.length + 1);
      expect((JSON.parse(keysWhileHeld) as { rows: unknown[] }).rows).toHaveLength(keysBefore.length);
      // Released by the failure itself, not by closing the store: A's store is still open.
      const after = await runCli(['rotate-keys', '--data-dir', folderB, ...pgArgs()]);
      expect(after.code, after.stderr).toBe(0);
      expect(after.stdout).toMatch(/^New data key dk-[0-9a-f]{16}; re-sealed 0 records;/);
    } finally {
      await a.close();
    }
  }, 120_000);
});
