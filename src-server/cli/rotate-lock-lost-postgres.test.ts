// A rotate-keys run that loses the store's key-rotation lock midway (its
// PostgreSQL session ends: the server restarted, pg_terminate_backend, a
// network cut) must stop before its next step: from then on a run from
// another machine could take the lock and rotate alongside it. A rerun then
// completes, and every record still reads. A real PostgreSQL server and the
// real command line, held at one query (hold-postgres-query.ts) while the
// test terminates the lock's session, found by its application_name:
// - data keys: held inside the second re-seal batch, which still commits
//   (it began under the lock); the run stops before the third.
// - master key: held inside the transaction that re-wraps the data keys,
//   which still commits; the run stops before renaming master.key.next over
//   master.key, and the rerun finishes that rotation.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { MasterKey, masterKeyFileName, nextMasterKeyFileName } from '../crypto/master-key';
import { openRecordFields } from '../crypto/record-seal';
import { openOrganisation } from '../org/open';
import { startPostgresTestServer, type PostgresTestServer } from '../store/postgres/testing/postgres-test-server';
import { runCli } from '../testing/cli-process';
import { endHeldRuns, startHeldCli, type HeldRun } from '../testing/held-master-rotation';

const root = mkdtempSync(join(tmpdir(), 'fieldvault-rotate-lock-lost-'));
const dataDir = join(root, 'data');
let postgres: PostgresTestServer;
let databaseUrl = '';
const heldRuns: HeldRun[] = [];

/** Records re-sealed per transaction by rotate-keys (rotation.ts). */
const batchSize = 200;
const lostLock =
  'fieldvault-server rotate-keys: The key-rotation lock on the database was lost (its connection to the database ended), so this run stopped; run rotate-keys again\n';

beforeAll(async () => {
  postgres = await startPostgresTestServer();
  databaseUrl = postgres.connectionString(await postgres.createDatabase('lostlock'));
  const init = await runCli(['init', '--data-dir', dataDir, ...pgArgs()]);
  expect(init.code, init.stderr).toBe(0);
  const seeded = await runCli(['seed-demo', '--data-dir', dataDir, '--contacts', '300', ...pgArgs()], { timeoutMs: 120_000 });
  expect(seeded.code, seeded.stderr).toBe(0);
}, 180_000);

afterAll(async () => {
  // A run still held (the test failed before letting it go) goes on and ends before the database goes.
  await endHeldRuns(heldRuns);
  await postgres.stop();
  rmSync(root, { recursive: true, force: true });
}, 120_000);

function pgArgs(): string[] {
  return ['--store', 'postgres', '--database-url', databaseUrl];
}

/** Starts `rotate-keys` (with `args`) held just before its `at`-th query containing `query`. */
async function startHeldRotation(args: readonly string[], query: string, at: number, name: string): Promise<HeldRun> {
  const run = await startHeldCli(['rotate-keys', '--data-dir', dataDir, ...args, ...pgArgs()], 'hold-postgres-query.ts', join(root, name), {
    HOLD_QUERY: query,
    HOLD_AT: String(at),
  });
  heldRuns.push(run);
  return run;
}

/** Ends the session of every rotate-keys lock on the database, as pg_terminate_backend by an operator would; returns how many. */
async function terminateLockSessions(): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const result = await client.query(
      `SELECT pg_terminate_backend(pid) AS terminated FROM pg_stat_activity
       WHERE application_name LIKE 'fieldvault-server rotate-keys%' AND datname = current_database()`,
    );
    return z.array(z.object({ terminated: z.boolean() })).parse(result.rows).filter((row) => row.terminated).length;
  } finally {
    await client.end();
  }
}

interface SealedState {
  readonly activeKeyId: string;
  /** Records sealed under each data key that seals any. */
  readonly records: Readonly<Record<string, number>>;
  /** Which master key wraps each data key. */
  readonly wrappedBy: readonly string[];
}

/** Opens the folder as `serve` does and opens every record's sealed fields (any that does not open fails the test). */
async function sealedState(): Promise<SealedState> {
  const org = await openOrganisation(dataDir, { store: { kind: 'postgres', databaseUrl } });
  try {
    const keys = await org.store.read((tx) => tx.listDataKeys());
    const records: Record<string, number> = {};
    for (const key of keys) {
      const rows = await org.store.read((tx) => tx.listSealedByKey(key.id, 100_000));
      for (const row of rows) {
        if (row.sealed !== null) expect(Object.keys(openRecordFields(org.keyring, row.entity, row.recordId, row.sealed)).length).toBeGreaterThan(0);
      }
      if (rows.length > 0) records[key.id] = rows.length;
    }
    return { activeKeyId: org.keyring.activeKeyId, records, wrappedBy: [...new Set(keys.map((key) => key.masterKeyId))] };
  } finally {
    await org.close();
  }
}

const total = (state: SealedState): number => Object.values(state.records).reduce((sum, count) => sum + count, 0);

describe('fieldvault-server rotate-keys on PostgreSQL: a run that loses its key-rotation lock', () => {
  it('stops a data-key run before its next batch, and a rerun re-seals every record', async () => {
    const before = await sealedState();
    const records = total(before);
    // Enough for three batches at least, so the run is stopped with work left.
    expect(records).toBeGreaterThan(2 * batchSize);
    expect(Object.keys(before.records)).toEqual([before.activeKeyId]);

    const run = await startHeldRotation([], 'FROM records r WHERE r.key_id = $1 LIMIT $2', 2, 'data-keys');
    expect(await terminateLockSessions()).toBe(1);
    run.release();
    expect(await run.result).toEqual({ code: 1, stdout: '', stderr: lostLock });

    // The batch it was in committed; nothing after it.
    const stopped = await sealedState();
    expect(stopped.activeKeyId).not.toBe(before.activeKeyId);
    expect(stopped.records).toEqual({ [before.activeKeyId]: records - 2 * batchSize, [stopped.activeKeyId]: 2 * batchSize });

    const rerun = await runCli(['rotate-keys', '--data-dir', dataDir, ...pgArgs()]);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stdout).toMatch(new RegExp(`^New data key dk-[0-9a-f]{16}; re-sealed ${records} records;`));
    const after = await sealedState();
    expect(after.records).toEqual({ [after.activeKeyId]: records });
  }, 240_000);

  it('stops a master-key run before its rename, and a rerun finishes that rotation', async () => {
    const before = await sealedState();
    expect(before.wrappedBy).toHaveLength(1);

    const run = await startHeldRotation(['--master'], 'UPDATE data_keys SET wrapped_key', 1, 'master-key');
    expect(await terminateLockSessions()).toBe(1);
    run.release();
    expect(await run.result).toEqual({ code: 1, stdout: '', stderr: lostLock });

    // Its transaction committed: the data keys are wrapped by master.key.next, which is kept beside master.key.
    expect(existsSync(join(dataDir, masterKeyFileName))).toBe(true);
    const next = MasterKey.load(join(dataDir, nextMasterKeyFileName));
    const stopped = await sealedState();
    expect(stopped.wrappedBy).toEqual([next.id]);
    expect(stopped.records).toEqual(before.records);

    const rerun = await runCli(['rotate-keys', '--data-dir', dataDir, '--master', ...pgArgs()]);
    expect(rerun.code, rerun.stderr).toBe(0);
    const rotatedTo = /^Master key rotated; data keys are now wrapped by (mk-[0-9a-f]{16})\nCopy master\.key/.exec(rerun.stdout)?.[1];
    expect(rotatedTo).toBeDefined();
    expect(existsSync(join(dataDir, nextMasterKeyFileName))).toBe(false);
    expect(MasterKey.load(join(dataDir, masterKeyFileName)).id).toBe(rotatedTo);
    const after = await sealedState();
    expect(after.wrappedBy).toEqual([rotatedTo]);
    expect(after.records).toEqual(before.records);
  }, 240_000);
});
