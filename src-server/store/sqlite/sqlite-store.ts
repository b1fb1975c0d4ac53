// The embedded Store: one SQLite file through better-sqlite3 in WAL mode.
// One writer connection runs write transactions one at a time (a bounded
// promise queue around BEGIN IMMEDIATE … COMMIT, see write-queue.ts), which gives the port's "as if
// serial" contract and commit sequences that become visible in order. A
// small pool of read-only connections serves read snapshots (BEGIN … COMMIT
// on a WAL reader) so pulls never wait for a push. secure_delete overwrites
// freed pages, and a transaction that erased a record checkpoints the WAL, so
// an erased record's sealed bytes do not linger in the file.
//
// Waiting for another process's write lock (`rotate-keys`, `seed-demo` or
// `enrolment-code` on the same file while `serve` runs) must not block the
// event loop: better-sqlite3 is synchronous, and SQLite's busy handler sleeps
// on the calling thread, so with a 5 s busy_timeout one waiting push froze
// every other request (pulls, pokes) for 5 s. Once open, the writer's
// busy_timeout is a few milliseconds, and the wait for the lock (BEGIN
// IMMEDIATE, and the WAL checkpoint after an erase) is retried asynchronously
// with backoff, up to `lockWaitMs`; past it the write fails BUSY, unrun.
import Database from 'better-sqlite3';
import { closeSync, openSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { StoreBusyError, type KeyRotationLockAttempt, type Store, type StoreReadTx, type StoreTx } from '../store';
import { BoundedWriteQueue, WriteAbandonedError, type WriteOptions } from '../write-queue';
import { migrateSqlite } from './schema';
import { SqliteReadTx } from './sqlite-read';
import { SqliteWriteTx } from './sqlite-write';

export interface SqliteStoreOptions {
  /** Read connections in the pool (default 4). */
  readonly readers?: number;
  /** How long a write transaction may wait for this process's earlier ones before it fails as BUSY (default defaultWriteQueueMs). */
  readonly writeQueueMs?: number;
  /** How long a write transaction, its turn come, may wait for another process's write lock before it fails as BUSY (default defaultLockWaitMs). */
  readonly lockWaitMs?: number;
}

/** Default bound on the wait for another process's write lock (the 5 s busy_timeout it replaces). */
export const defaultLockWaitMs = 5_000;
/** busy_timeout while the store opens (synchronous, before it serves anything: the schema migration may wait for the lock). */
const openBusyTimeoutMs = 5_000;
/** busy_timeout of the open writer: how long one attempt may block the event loop. */
const writerBusyTimeoutMs = 20;
/** Backoff between attempts at the lock: doubles from the first to the last. */
const firstRetryMs = 10;
const lastRetryMs = 200;

class LockWaitTimeoutError extends StoreBusyError {
  constructor(waitedMs: number) {
    super(`Another connection held the database's write lock for ${Math.round(waitedMs / 1000)} s; nothing was written.`);
  }
}

interface Reader {
  readonly db: Database.Database;
  readonly tx: SqliteReadTx;
}

export class SqliteStore implements Store {
  readonly kind = 'sqlite';
  readonly #writer: Database.Database;
  readonly #writeTx: SqliteWriteTx;
  readonly #readers: Reader[] = [];
  readonly #idleReaders: Reader[] = [];
  readonly #readerWaiters: ((reader: Reader) => void)[] = [];
  readonly #listeners = new Set<(head: number) => void>();
  readonly #queue: BoundedWriteQueue;
  readonly #lockWaitMs: number;
  #closed = false;
  /**
   * An erase's checkpoint gave up (a reader held the WAL longer than lockWaitMs): the erased values' pages are
   * still in the -wal file, which later automatic checkpoints never truncate. Each write tries again until one does.
   */
  #checkpointOwed = false;
  /** The key-rotation lock is held (in this object only: rotate.lock keeps other processes out, see org/folder-lock.ts). */
  #rotationLocked = false;

  constructor(readonly path: string, options: SqliteStoreOptions = {}) {
    // SQLite creates the file with the umask's mode (often 0644) and gives its
    // -wal and -shm files the same mode, so the file is created 0600 first.
    this.#queue = new BoundedWriteQueue(options.writeQueueMs);
    this.#lockWaitMs = options.lockWaitMs ?? defaultLockWaitMs;
    if (!(this.#lockWaitMs > 0)) throw new RangeError('The lock wait bound must be a positive number of milliseconds');
    if (path !== ':memory:' && path !== '') closeSync(openSync(path, 'a', 0o600));
    this.#writer = new Database(path);
    this.#writer.pragma('journal_mode = WAL');
    this.#writer.pragma('synchronous = FULL');
    this.#writer.pragma('secure_delete = ON');
    this.#writer.pragma(`busy_timeout = ${openBusyTimeoutMs}`);
    migrateSqlite(this.#writer);
    this.#writer.pragma(`busy_timeout = ${writerBusyTimeoutMs}`);
    // An erase's checkpoint owed by a process that stopped before making it (the mark below is in memory only):
    // one try now; held up (another process reading), it stays owed to this process's first write.
    this.#openingCheckpoint();
    this.#writeTx = new SqliteWriteTx(this.#writer);
    for (let index = 0; index < (options.readers ?? 4); index += 1) {
      const db = new Database(path, { readonly: true, fileMustExist: true });
      db.pragma('busy_timeout = 5000');
      const reader = { db, tx: new SqliteReadTx(db) };
      this.#readers.push(reader);
      this.#idleReaders.push(reader);
    }
  }

  #openingCheckpoint(): void {
    try {
      const [result] = this.#writer.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
      this.#checkpointOwed = result?.busy === 1;
    } catch (error) {
      if (!isBusy(error)) throw error;
      this.#checkpointOwed = true;
    }
  }

  transaction<T>(fn: (tx: StoreTx) => Promise<T>, options?: WriteOptions): Promise<T> {
    const run = async (): Promise<T> => {
      this.#assertOpen();
      const tx = this.#writeTx;
      tx.allocatedHead = 0;
      tx.erased = false;
      await this.#beginImmediate(options?.signal);
      let result: T;
      try {
        result = await fn(tx);
        this.#writer.exec('COMMIT');
      } catch (error) {
        if (this.#writer.inTransaction) this.#writer.exec('ROLLBACK');
        throw error;
      }
      if (tx.erased) await this.#checkpoint(this.#lockWaitMs);
      else if (this.#checkpointOwed) await this.#checkpoint(0);
      if (tx.allocatedHead > 0) this.#announce(tx.allocatedHead);
      return result;
    };
    return this.#queue.run(run, options).catch(rethrowBusy);
  }

  async read<T>(fn: (tx: StoreReadTx) => Promise<T>): Promise<T> {
    this.#assertOpen();
    const reader = await this.#acquireReader();
    try {
      reader.db.exec('BEGIN');
      try {
        return await fn(reader.tx);
      } finally {
        if (reader.db.inTransaction) reader.db.exec('COMMIT');
      }
    } catch (error) {
      return rethrowBusy(error);
    } finally {
      this.#releaseReader(reader);
    }
  }

  tryKeyRotationLock(): Promise<KeyRotationLockAttempt> {
    if (this.#closed) return Promise.reject(new Error('The store is closed'));
    if (this.#rotationLocked) return Promise.resolve({ acquired: false, holder: { pid: process.pid, host: null } });
    this.#rotationLocked = true;
    let released = false;
    const release = (): Promise<void> => {
      if (!released) this.#rotationLocked = false;
      released = true;
      return Promise.resolve();
    };
    // Held in this object, never lost.
    return Promise.resolve({ acquired: true, lock: { release, signal: new AbortController().signal } });
  }

  onCommit(listener: (head: number) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    await this.#queue.idle();
    this.#closed = true;
    this.#listeners.clear();
    for (const reader of this.#readers) reader.db.close();
    this.#writer.close();
  }

  /** BEGIN IMMEDIATE, retried with backoff while another connection holds the write lock, for up to lockWaitMs or until signal aborts. */
  async #beginImmediate(signal: AbortSignal | undefined): Promise<void> {
    const startedAt = performance.now();
    for (let retryMs = firstRetryMs; ; retryMs = Math.min(retryMs * 2, lastRetryMs)) {
      // The request went away while this write waited: dropped, even if the lock is free now.
      if (signal?.aborted === true) throw new WriteAbandonedError();
      try {
        this.#writer.exec('BEGIN IMMEDIATE');
        return;
      } catch (error) {
        if (!isBusy(error)) throw error;
      }
      const waitedMs = performance.now() - startedAt;
      if (waitedMs >= this.#lockWaitMs) throw new LockWaitTimeoutError(waitedMs);
      await sleep(Math.min(retryMs, this.#lockWaitMs - waitedMs));
    }
  }

  /**
   * Copies the WAL into the file and truncates it (after an erase), retried
   * with backoff while a reader or another process's writer holds it up, for
   * up to `waitMs` (0: one try); the commit stands either way. One that gives
   * up leaves the checkpoint owed, and the next write transaction tries again
   * (an automatic checkpoint copies the pages but leaves the erased values'
   * old frames in the -wal file).
   */
  async #checkpoint(waitMs: number): Promise<void> {
    const startedAt = performance.now();
    for (let retryMs = firstRetryMs; ; retryMs = Math.min(retryMs * 2, lastRetryMs)) {
      try {
        const [result] = this.#writer.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
        if (result?.busy !== 1) {
          this.#checkpointOwed = false;
          return;
        }
      } catch (error) {
        if (!isBusy(error)) throw error;
      }
      const waitedMs = performance.now() - startedAt;
      if (waitedMs >= waitMs) {
        this.#checkpointOwed = true;
        return;
      }
      await sleep(Math.min(retryMs, waitMs - waitedMs));
    }
  }

  #assertOpen(): void {
    if (this.#closed) throw new Error('The store is closed');
  }

  #announce(head: number): void {
    for (const listener of this.#listeners) {
      try {
        listener(head);
      } catch {
        // A listener's failure is its own; the commit stands.
      }
    }
  }

  #acquireReader(): Promise<Reader> {
    const idle = this.#idleReaders.pop();
    if (idle !== undefined) return Promise.resolve(idle);
    return new Promise((resolve) => this.#readerWaiters.push(resolve));
  }

  #releaseReader(reader: Reader): void {
    const waiter = this.#readerWaiters.shift();
    if (waiter !== undefined) waiter(reader);
    else this.#idleReaders.push(reader);
  }
}

/**
 * SQLITE_BUSY or SQLITE_LOCKED (another process, such as `fieldvault-server
 * rotate-keys` on the same folder, held a lock past busy_timeout) becomes a
 * StoreBusyError: the transaction rolled back and may be retried.
 */
function rethrowBusy(error: unknown): never {
  if (isBusy(error)) {
    throw new StoreBusyError('The database is busy: another connection holds its lock.');
  }
  throw error;
}

function isBusy(error: unknown): boolean {
  return error instanceof Database.SqliteError && /^SQLITE_(BUSY|LOCKED)/.test(error.code);
}

export function openSqliteStore(path: string, options?: SqliteStoreOptions): Store {
  return new SqliteStore(path, options);
}
