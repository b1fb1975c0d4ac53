// One `serve` per data folder on the embedded SQLite store. Pokes (a waiting
// device's wake-up on a new commit) are per process with SQLite, so a device
// attached to a second server on the same folder would never hear of commits
// made through the first. `serve.lock` in the data folder is a small SQLite
// file that the serving process holds under SQLite's exclusive lock (an OS
// file lock, fcntl on Unix) until it exits; the kernel drops the lock when the
// process dies, even by kill -9, so a file left behind never blocks the next
// start. The holder's process id is the file's user_version (header bytes
// 60–63), which another process reads with a plain read to name it.
//
// The lock is only ever opened through SQLite: on Unix, closing any other file
// descriptor on the file in the holding process would drop its lock. The file
// is never deleted, so two processes cannot lock two different files.
import Database from 'better-sqlite3';
import { closeSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';

export const serveLockFile = 'serve.lock';

export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number | null,
  ) {
    const who = pid === null ? 'Another fieldvault-server serve' : `Another fieldvault-server serve (process ${pid})`;
    super(`${who} is using the data folder ${dataDir}; stop it first, or use its server`);
    this.name = 'DataDirInUseError';
  }
}

export interface ServeLock {
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

/** Takes the data folder's serve lock, or throws DataDirInUseError naming the holder. */
export function acquireServeLock(dataDir: string): ServeLock {
  const file = join(dataDir, serveLockFile);
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
    if (isBusy(error)) throw new DataDirInUseError(dataDir, holderPid(file));
    throw error;
  }
  return {
    release() {
      if (db.open) db.close();
    },
  };
}
