// One `rotate-keys` per data folder, through the real command line: while a
// master-key rotation is held just before its rename (every data key already
// re-wrapped under master.key.next), a second `rotate-keys`, with or without
// --master, exits 1 at once with one line naming the first one's process and
// changes neither key file nor any data key; the first then finishes, and
// every record still opens. A run killed with SIGKILL while it holds the lock
// leaves nothing that stops the next one, which finishes its rotation.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { blindIndexKeyPrefix } from '../crypto/keyring';
import { loadMasterKeys, masterKeyFileName, nextMasterKeyFileName } from '../crypto/master-key';
import { openRecordFields } from '../crypto/record-seal';
import { openOrganisation } from '../org/open';
import { runCli } from '../testing/cli-process';
import { endHeldRuns, startHeldMasterRotation as startHeldRun, type HeldRun } from '../testing/held-master-rotation';

const root = mkdtempSync(join(tmpdir(), 'fieldvault-rotate-lock-'));
const dataDir = join(root, 'org');

const heldRuns: HeldRun[] = [];

afterAll(async () => {
  // A run still held (the test failed before letting it go) goes on and ends before its folder goes.
  await endHeldRuns(heldRuns);
  rmSync(root, { recursive: true, force: true });
});

/** Opens every sealed record with the folder's keys, as `serve` would; returns how many there are. */
async function openEveryRecord(): Promise<number> {
  const org = await openOrganisation(dataDir);
  try {
    return await org.store.read(async (tx) => {
      let opened = 0;
      for (const key of await tx.listDataKeys()) {
        if (key.id.startsWith(blindIndexKeyPrefix)) continue;
        for (const record of await tx.listSealedByKey(key.id, 1_000_000)) {
          if (record.sealed === null) continue;
          expect(Object.keys(openRecordFields(org.keyring, record.entity, record.recordId, record.sealed)).length).toBeGreaterThan(0);
          opened += 1;
        }
      }
      return opened;
    });
  } finally {
    await org.close();
  }
}

/** The key files and the stored data keys (ids, wraps, which master key, which is active). */
async function keyState(): Promise<string> {
  const files = [masterKeyFileName, nextMasterKeyFileName].map((name) => (existsSync(join(dataDir, name)) ? readFileSync(join(dataDir, name), 'utf8') : null));
  const org = await openOrganisation(dataDir);
  try {
    const rows = await org.store.read((tx) => tx.listDataKeys());
    return JSON.stringify({ files, rows: rows.map((row) => ({ ...row, wrappedKey: Buffer.from(row.wrappedKey).toString('base64') })) });
  } finally {
    await org.close();
  }
}

/** Starts `rotate-keys --master` and resolves once it holds just before the rename. */
async function startHeldMasterRotation(name: string): Promise<HeldRun> {
  const run = await startHeldRun(dataDir, join(root, name));
  heldRuns.push(run);
  return run;
}

describe('fieldvault-server rotate-keys: one run per data folder', () => {
  it('refuses a second run while one rotates, changes no key, and takes over the lock of a killed run', async () => {
    const init = await runCli(['init', '--data-dir', dataDir, '--port', '18443']);
    expect(init.code, init.stderr).toBe(0);
    const seed = await runCli(['seed-demo', '--data-dir', dataDir, '--contacts', '20'], { timeoutMs: 60_000 });
    expect(seed.code, seed.stderr).toBe(0);
    const records = await openEveryRecord();
    expect(records).toBeGreaterThanOrEqual(20);

    const first = await startHeldMasterRotation('first');
    const held = await keyState();
    const inUse = `fieldvault-server rotate-keys: Another fieldvault-server rotate-keys (process ${first.pid}) is rotating the keys of the data folder ${dataDir}; let it finish, then run again\n`;
    for (const args of [[], ['--master']]) {
      const second = await runCli(['rotate-keys', '--data-dir', dataDir, ...args]);
      expect(second.code, second.stdout).toBe(1);
      expect(second.stdout).toBe('');
      expect(second.stderr).toBe(inUse);
      expect(await keyState()).toBe(held);
    }
    first.release();
    const finished = await first.result;
    expect(finished.code, finished.stderr).toBe(0);
    expect(finished.stdout).toMatch(/^Master key rotated; data keys are now wrapped by mk-[0-9a-f]{16}\n$/);
    expect(existsSync(join(dataDir, nextMasterKeyFileName))).toBe(false);
    expect(await openEveryRecord()).toBe(records);

    // Killed while holding the lock (and master.key.next, which wraps every data key by then).
    const killed = await startHeldMasterRotation('killed');
    process.kill(killed.pid, 'SIGKILL');
    expect((await killed.result).code).toBeNull();
    expect(existsSync(join(dataDir, nextMasterKeyFileName))).toBe(true);
    const master = await runCli(['rotate-keys', '--data-dir', dataDir, '--master']);
    expect(master.code, master.stderr).toBe(0);
    expect(loadMasterKeys(dataDir)).toHaveLength(1);
    const data = await runCli(['rotate-keys', '--data-dir', dataDir]);
    expect(data.code, data.stderr).toBe(0);
    expect(data.stdout).toMatch(new RegExp(`^New data key dk-[0-9a-f]{16}; re-sealed ${records} records;`));
    const retired = /^Kept (dk-[0-9a-f]{16}) \(retired less than 5 minutes ago; servers may still seal with it\)\. From (\S+Z) on, run rotate-keys --finish to remove it: it adds no new key\.$/m.exec(data.stdout);
    expect(retired, data.stdout).not.toBeNull();
    // Within the 5 minutes, --finish adds no key and re-seals nothing: it only says again when to run it.
    const finish = await runCli(['rotate-keys', '--data-dir', dataDir, '--finish']);
    expect(finish.code, finish.stderr).toBe(0);
    expect(finish.stdout).toBe(`No new data key; re-sealed 0 records; removed 0 old keys\n${retired?.[0] ?? ''}\n`);
    expect((await runCli(['rotate-keys', '--data-dir', dataDir, '--finish', '--master'])).stderr).toContain('--finish ends a data-key rotation; it does not go with --master');
    expect(await openEveryRecord()).toBe(records);
  }, 240_000);
});
