// One headless shell per data folder: a second one on the same folder refuses
// to start (two processes on one vault could each rotate its key or count
// guesses on their own), a lock left by a killed shell is taken over, and a
// shell that stops removes its lock.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { instanceLockFile } from '../../src-main/app/instance-lock';
import { startHeadless, type HeadlessProcess } from '../support/headless-process';

describe('headless shell instance lock', () => {
  const started: HeadlessProcess[] = [];
  const folders: string[] = [];

  afterEach(async () => {
    for (const shell of started.splice(0)) await shell.stop();
    for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true });
  });

  it('refuses a second shell on the same data folder, and frees the folder when the first stops', async () => {
    const first = await startHeadless();
    started.push(first);
    const lockPath = path.join(first.dataDir, instanceLockFile);
    expect(readFileSync(lockPath, 'utf8')).toBe(String(first.child.pid));

    await expect(startHeadless({ FIELDVAULT_DATA_DIR: first.dataDir })).rejects.toThrow(
      new RegExp(`exited with 1: FieldVault could not start: FieldVault is already running with this data folder \\(process ${String(first.child.pid)}\\)`),
    );
    expect(readFileSync(lockPath, 'utf8')).toBe(String(first.child.pid));

    await first.stop();
    expect(existsSync(lockPath)).toBe(false);
    const second = await startHeadless({ FIELDVAULT_DATA_DIR: first.dataDir });
    started.push(second);
    expect(readFileSync(lockPath, 'utf8')).toBe(String(second.child.pid));
  });

  it('takes over a lock whose process is gone', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'fieldvault-lock-'));
    folders.push(dataDir);
    // The process id of a process that has exited, as a kill -9 leaves it.
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    writeFileSync(path.join(dataDir, instanceLockFile), gone, { mode: 0o600 });
    const shell = await startHeadless({ FIELDVAULT_DATA_DIR: dataDir });
    started.push(shell);
    expect(readFileSync(path.join(dataDir, instanceLockFile), 'utf8')).toBe(String(shell.child.pid));
  });
});
