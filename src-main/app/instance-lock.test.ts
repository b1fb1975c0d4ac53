// The instance lock against a second process on the same data folder, with
// real files and real processes: a lock file another process has created
// and not yet written its id into is waited for, not taken over (two shells
// started together both ran on the vault before), and a stale lock two
// processes take over at once goes to one of them (the second's unlink
// removed the first's fresh lock before, and both ran).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireInstanceLock, instanceLockFile, InstanceLockedError } from './instance-lock';

/** The id of a process that has exited: a lock holding it is one a crash left. */
function deadPid(): number {
  const child = spawnSync('sh', ['-c', 'echo $$'], { encoding: 'utf8' });
  return Number.parseInt(child.stdout.trim(), 10);
}

/** Runs `take`, answering the lock or what it threw. */
function outcome(take: () => unknown): unknown {
  try {
    return take();
  } catch (error) {
    return error;
  }
}

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

  it('gives a stale lock to one of two processes taking it over at once', () => {
    const dir = folder();
    const file = path.join(dir, instanceLockFile);
    writeFileSync(file, String(deadPid()), { mode: 0o600 });
    // The second process (pid 1, always running) has read the dead id; the first takes the lock over before it goes on.
    let first: unknown = null;
    const second = outcome(() =>
      acquireInstanceLock(dir, {
        pid: 1,
        beforeTakeover: () => {
          first = outcome(() => acquireInstanceLock(dir));
        },
      }),
    );
    expect(first).not.toBeInstanceOf(Error);
    expect(second).toBeInstanceOf(InstanceLockedError);
    expect((second as InstanceLockedError).pid).toBe(process.pid);
    expect(readFileSync(file, 'utf8')).toBe(String(process.pid));
    expect(readdirSync(dir)).toEqual([instanceLockFile]);
  });

  it('takes over a stale lock past the guard of a taker that died while holding it', () => {
    const dir = folder();
    const file = path.join(dir, instanceLockFile);
    writeFileSync(file, String(deadPid()), { mode: 0o600 });
    writeFileSync(`${file}.takeover`, String(deadPid()), { mode: 0o600 });
    const lock = acquireInstanceLock(dir);
    expect(readFileSync(file, 'utf8')).toBe(String(process.pid));
    expect(readdirSync(dir)).toEqual([instanceLockFile]);
    lock.release();
    expect(readdirSync(dir)).toEqual([]);
  });
});
