// One running app per data folder. Two processes on one vault would each hold
// their own key and failed-unlock count: a key rotation in one would leave the
// other writing pages under the old key, and two counters would each allow
// the full number of guesses. Both shells take this one (the Electron shell
// besides Electron's single-instance lock, which the headless shell does not
// see): `instance.lock`, created
// exclusively in the data folder, holding the owner's process id. A lock
// whose process is gone (a crash, kill -9) is taken over; a process id reused
// since by another program makes the lock look held, and the message names
// the file to remove. A lock file with no process id yet is one another
// process has just created and not yet written (two shells started
// together): its id is waited for, up to a second, before the lock is taken
// as one a crash left empty; before, the second shell took it over at once
// and both ran on the vault.
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';

export const instanceLockFile = 'instance.lock';

export class InstanceLockedError extends Error {
  constructor(
    readonly pid: number,
    readonly file: string,
  ) {
    super(`FieldVault is already running with this data folder (process ${pid}). Close it first; if it is not running, delete ${file}.`);
    this.name = 'InstanceLockedError';
  }
}

export interface InstanceLock {
  /** Removes the lock file if it is still this process's. */
  release(): void;
}

function errorCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return errorCode(error) === 'EPERM';
  }
}

/** The lock file's text, trimmed; null when there is no file. */
function readLock(file: string): string | null {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return null;
    throw error;
  }
}

function ownerOf(text: string | null): number | null {
  const owner = Number.parseInt(text ?? '', 10);
  return Number.isInteger(owner) && owner > 0 ? owner : null;
}

function readOwner(file: string): number | null {
  return ownerOf(readLock(file));
}

/** How long a lock file may stay without a process id before it counts as left by a crash, and how often it is read meanwhile. */
const ownerWaitMs = 1_000;
const ownerPollMs = 25;

/** The lock's owner, waiting for a process that created the file to write its id; null if none comes (or the file went). */
function awaitOwner(file: string): number | null {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let waited = 0; ; waited += ownerPollMs) {
    const text = readLock(file);
    // Gone, written (an id, or something that is none), or still empty after the wait: settled.
    if (text !== '' || waited >= ownerWaitMs) return ownerOf(text);
    // Startup is synchronous here (the shell has not started anything yet): a short blocking pause.
    Atomics.wait(pause, 0, 0, ownerPollMs);
  }
}

export function acquireInstanceLock(dataDir: string): InstanceLock {
  const file = path.join(dataDir, instanceLockFile);
  const mine = String(process.pid);
  for (let attempt = 0; attempt < 3; attempt += 1) {
    let fd: number;
    try {
      fd = openSync(file, 'wx', 0o600);
    } catch (error) {
      if (errorCode(error) !== 'EEXIST') throw error;
      const owner = awaitOwner(file);
      if (owner !== null && owner !== process.pid && isRunning(owner)) throw new InstanceLockedError(owner, file);
      // Left by a process that is gone (or half-written by one that died at once): take it over.
      try {
        unlinkSync(file);
      } catch (unlinkError) {
        if (errorCode(unlinkError) !== 'ENOENT') throw unlinkError;
      }
      continue;
    }
    try {
      writeSync(fd, mine);
    } finally {
      closeSync(fd);
    }
    return {
      release() {
        try {
          if (readFileSync(file, 'utf8').trim() === mine) unlinkSync(file);
        } catch {
          // Already gone: nothing to release.
        }
      },
    };
  }
  const owner = readOwner(file);
  throw new InstanceLockedError(owner ?? 0, file);
}
