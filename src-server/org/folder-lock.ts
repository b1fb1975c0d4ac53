// Data-folder locks: one process at a time for a command that must not run
// twice on a folder.
// - `serve.lock`: one `serve` per data folder on the embedded SQLite store.
//   Pokes (a waiting device's wake-up on a new commit) are per process with
//   SQLite, so a device attached to a second server on the same folder would
//   never hear of commits made through the first.
// - `rotate.lock`: one `rotate-keys` (data keys or `--master`) per data
//   folder. Two runs at once each add an active data key and re-seal records
//   under their own, one unable to open what the other sealed, and two
//   master-key runs race on master.key.next (crypto/rotation.ts). Machines
//   with copies of the folder that share one PostgreSQL database cannot see
//   each other's file: a run also holds the store's key-rotation lock
//   (withStoreRotateLock; on PostgreSQL an advisory lock, see
//   store/postgres/key-rotation-lock.ts), refused with the same error; a run
//   that loses it midway stops (crypto/rotation.ts).
// A lock file is a small SQLite file that the holding process keeps under
// SQLite's exclusive lock (an OS file lock, fcntl on Unix) until it releases
// it or exits; the kernel drops the lock when the process dies, even by
// kill -9, so a file left behind never blocks the next run. The holder's
// process id is the file's user_version (header bytes 60–63), which another
// process reads with a plain read to name it.
//
// A lock file is only ever opened through SQLite: on Unix, closing any other
// file descriptor on the file in the holding process would drop its lock. The
// file is never deleted, so two processes cannot lock two different files.
import Database from 'better-sqlite3';
import { closeSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import type { Store } from '../store/store';

export const serveLockFile = 'serve.lock';
export const rotateLockFile = 'rotate.lock';

/**
 * Another process holds the lock; names it (its process id when known, and
 * its machine when the lock is the database's) and says what to do.
 */
export class DataDirInUseError extends Error {
  readonly host: string | null;

  constructor(
    readonly dataDir: string,
    readonly pid: number | null,
    command: string,
    doing: string,
    advice: string,
    /** `host`: the holder's machine; `what`: what it holds, by default the data folder. */
    where: { readonly host?: string | null; readonly what?: string } = {},
  ) {
    const host = where.host ?? null;
    const holder = pid === null ? '' : ` (process ${pid}${host === null ? '' : ` on ${host}`})`;
    super(`Another fieldvault-server ${command}${holder} is ${doing} ${where.what ?? `the data folder ${dataDir}`}; ${advice}`);
    this.host = host;
    this.name = 'DataDirInUseError';
  }
}

export interface FolderLock {
  /** Drops the lock (the process's exit drops it too). */
  release(): void;
}

/** The process id the holder wrote into the header, if the file has one. */
function holderPid(file: string): number | null {
  const header = Buffer.alloc(4);
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return null;
  }
  try {
    if (readSync(fd, header, 0, 4, 60) !== 4) return null;
  } finally {
    closeSync(fd);
  }
  const pid = header.readUInt32BE(0);
  return pid > 0 ? pid : null;
}

function isBusy(error: unknown): boolean {
  return error instanceof Database.SqliteError && (error.code === 'SQLITE_BUSY' || error.code === 'SQLITE_LOCKED');
}

/** Takes the lock file in the data folder at once, or throws what `inUse` makes of the holder's process id. */
function acquireFolderLock(dataDir: string, fileName: string, inUse: (pid: number | null) => Error): FolderLock {
  const file = join(dataDir, fileName);
  // Created 0600 first, as SQLite would use the umask's mode.
  closeSync(openSync(file, 'a', 0o600));
  const db = new Database(file, { timeout: 0 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    // Takes the exclusive lock at once; in exclusive locking mode it is kept after COMMIT.
    db.exec('BEGIN EXCLUSIVE');
    db.pragma(`user_version = ${process.pid}`);
    db.exec('COMMIT');
  } catch (error) {
    db.close();
    if (isBusy(error)) throw inUse(holderPid(file));
    throw error;
  }
  return {
    release() {
      if (db.open) db.close();
    },
  };
}

/** Takes the data folder's serve lock, or throws DataDirInUseError naming the holder. */
export function acquireServeLock(dataDir: string): FolderLock {
  return acquireFolderLock(dataDir, serveLockFile, (pid) => new DataDirInUseError(dataDir, pid, 'serve', 'using', 'stop it first, or use its server'));
}

const rotateKeysInUse = (dataDir: string, pid: number | null, where?: { readonly host: string | null; readonly what: string }): DataDirInUseError =>
  new DataDirInUseError(dataDir, pid, 'rotate-keys', 'rotating the keys of', 'let it finish, then run again', where);

/** Takes the data folder's key-rotation lock, or throws DataDirInUseError naming the holder. */
export function acquireRotateLock(dataDir: string): FolderLock {
  return acquireFolderLock(dataDir, rotateLockFile, (pid) => rotateKeysInUse(dataDir, pid));
}

/**
 * Runs `run` holding the store's key-rotation lock too (store.ts). On
 * PostgreSQL it keeps out a run from another machine, whose copy of the data
 * folder rotate.lock cannot see; on SQLite rotate.lock already did. Refused
 * at once with the same error as rotate.lock, before `run` starts; released
 * when `run` ends, also when it fails. `run` gets the lock's signal, which
 * aborts if the lock is lost meanwhile: pass it to the rotation, which stops.
 */
export async function withStoreRotateLock<T>(dataDir: string, store: Store, run: (lock: AbortSignal) => Promise<T>): Promise<T> {
  const attempt = await store.tryKeyRotationLock();
  if (!attempt.acquired) {
    const { pid, host } = attempt.holder;
    throw store.kind === 'postgres' ? rotateKeysInUse(dataDir, pid, { host, what: `the PostgreSQL database that the data folder ${dataDir} uses` }) : rotateKeysInUse(dataDir, pid);
  }
  try {
    return await run(attempt.lock.signal);
  } finally {
    await attempt.lock.release();
  }
}
