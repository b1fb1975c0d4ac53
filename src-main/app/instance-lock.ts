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
//
// Taking over is race-free: a stale lock is removed only by the holder of
// `instance.lock.takeover` (created exclusively, like the lock), and only if
// it is still the very file judged stale (same inode, change time and text).
// Before, two shells started together after a crash both read the dead id;
// the first removed the stale file and made its own lock, then the second's
// unlink removed that fresh lock and both ran on the vault. A guard left by a
// taker that died is itself taken over the same way.
import { closeSync, fstatSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
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

/** What was read of a lock file: its text, trimmed, and which file it was (a new file at the same path differs). */
interface LockSnapshot {
  readonly text: string;
  readonly dev: bigint;
  readonly ino: bigint;
  readonly ctimeNs: bigint;
}

/** The lock file's text and identity, read through one descriptor; null when there is no file. */
function readLock(file: string): LockSnapshot | null {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return null;
    throw error;
  }
  try {
    const { dev, ino, ctimeNs } = fstatSync(fd, { bigint: true });
    return { text: readFileSync(fd, 'utf8').trim(), dev, ino, ctimeNs };
  } finally {
    closeSync(fd);
  }
}

function sameFile(a: LockSnapshot | null, b: LockSnapshot): boolean {
  return a !== null && a.dev === b.dev && a.ino === b.ino && a.ctimeNs === b.ctimeNs && a.text === b.text;
}

function ownerOf(text: string | null): number | null {
  const owner = Number.parseInt(text ?? '', 10);
  return Number.isInteger(owner) && owner > 0 ? owner : null;
}

/** How long a lock file may stay without a process id before it counts as left by a crash, and how often it is read meanwhile. */
const ownerWaitMs = 1_000;
const ownerPollMs = 25;
/** Guards of guards: each level is one taker that died while holding the level below; past this, the file is named to the user. */
const maxGuardDepth = 3;

/** Startup is synchronous here (the shell has not started anything yet): a short blocking pause. */
function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** The lock as read once its creator wrote its id; still empty after the wait (a crash left it so), or null if it went. */
function awaitOwner(file: string): LockSnapshot | null {
  for (let waited = 0; ; waited += ownerPollMs) {
    const seen = readLock(file);
    // Gone, written (an id, or something that is none), or still empty after the wait: settled.
    if (seen === null || seen.text !== '' || waited >= ownerWaitMs) return seen;
    pause(ownerPollMs);
  }
}

/** A running process other than `self` (which is this one, so its own id in a file is a leftover). */
function heldByOther(seen: LockSnapshot, self: number): number | null {
  const owner = ownerOf(seen.text);
  return owner !== null && owner !== self && isRunning(owner) ? owner : null;
}

/** Creates `file` exclusively with `pid` in it; false when it exists. */
function createWith(file: string, pid: number): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o600);
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, String(pid));
  } finally {
    closeSync(fd);
  }
  return true;
}

/** Removes `file` if it still holds `pid`. */
function removeIfMine(file: string, pid: number): void {
  try {
    if (readLock(file)?.text === String(pid)) unlinkSync(file);
  } catch {
    // Already gone: nothing to remove.
  }
}

/**
 * Removes the stale `file` only if it is still the file `stale` describes, holding `<file>.takeover` meanwhile:
 * every remover holds it, so none removes a lock another made after taking the stale one over. A guard held
 * by a running process is waited for; one whose holder died is removed the same way, one level up.
 */
function removeStale(file: string, stale: LockSnapshot, pid: number, depth: number): void {
  const guard = `${file}.takeover`;
  for (let waited = 0; ; waited += ownerPollMs) {
    if (createWith(guard, pid)) {
      try {
        if (sameFile(readLock(file), stale)) unlinkSync(file);
      } finally {
        removeIfMine(guard, pid);
      }
      return;
    }
    const held = awaitOwner(guard);
    if (held === null) continue;
    const taker = heldByOther(held, pid);
    if (taker === null) {
      if (depth >= maxGuardDepth) throw new InstanceLockedError(0, guard);
      removeStale(guard, held, pid, depth + 1);
      continue;
    }
    // Another process is taking over: done when the stale file is no longer there, else wait for its guard to go.
    if (!sameFile(readLock(file), stale)) return;
    if (waited >= ownerWaitMs) throw new InstanceLockedError(taker, guard);
    pause(ownerPollMs);
  }
}

export interface InstanceLockOptions {
  /** The id written into the lock (default: this process's); a test plays a second process in this one. */
  readonly pid?: number;
  /** Runs after a lock was judged stale and before it is taken over; a test starts a rival there. */
  readonly beforeTakeover?: () => void;
}

export function acquireInstanceLock(dataDir: string, options: InstanceLockOptions = {}): InstanceLock {
  const file = path.join(dataDir, instanceLockFile);
  const pid = options.pid ?? process.pid;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    if (createWith(file, pid)) return { release: () => removeIfMine(file, pid) };
    const seen = awaitOwner(file);
    if (seen === null) continue;
    const owner = heldByOther(seen, pid);
    if (owner !== null) throw new InstanceLockedError(owner, file);
    // Left by a process that is gone (or half-written by one that died at once): take it over.
    options.beforeTakeover?.();
    removeStale(file, seen, pid, 0);
  }
  throw new InstanceLockedError(ownerOf(readLock(file)?.text ?? null) ?? 0, file);
}
