// The instance lock against a second process on the same data folder, with
// real files and real processes: a lock file another process has created
// and not yet written its id into is waited for, not taken over (two shells
// started together both ran on the vault before).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireInstanceLock, instanceLockFile, InstanceLockedError } from './instance-lock';

describe('acquireInstanceLock', () => {
  const folders: string[] = [];
  const folder = () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fieldvault-instance-lock-'));
    folders.push(dir);
    return dir;
  };

  afterEach(() => {
    for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('waits for the id of a lock file another process has just created, and is refused by that running process', async () => {
    const dir = folder();
    const file = path.join(dir, instanceLockFile);
    // Another shell created the lock and is about to write its id (process 1, which is always running).
    writeFileSync(file, '', { mode: 0o600 });
    const writer = spawn('sh', ['-c', `sleep 0.2; printf 1 > '${file}'`], { stdio: 'ignore' });
    const exited = new Promise((resolve) => writer.on('exit', resolve));
    await new Promise((resolve) => writer.on('spawn', resolve));

    let refused: unknown = null;
    try {
      acquireInstanceLock(dir).release();
    } catch (error) {
      refused = error;
    }
    await exited;
    expect(refused).toBeInstanceOf(InstanceLockedError);
    expect((refused as InstanceLockedError).pid).toBe(1);
    expect(readFileSync(file, 'utf8')).toBe('1');
  });

  it('takes over a lock file that stays empty (a process that died before writing its id)', () => {
    const dir = folder();
    const file = path.join(dir, instanceLockFile);
    writeFileSync(file, '', { mode: 0o600 });
    const lock = acquireInstanceLock(dir);
    expect(readFileSync(file, 'utf8')).toBe(String(process.pid));
    lock.release();
    expect(() => readFileSync(file)).toThrow(/ENOENT/);
  });
});
