// The embedded Store: one SQLite file through better-sqlite3 in WAL mode.
// One writer connection runs write transactions one at a time (a bounded
// promise queue around BEGIN IMMEDIATE … COMMIT, see write-queue.ts), which gives the port's "as if
// serial" contract and commit sequences that become visible in order. A
// small pool of read-only connections serves read snapshots (BEGIN … COMMIT
// on a WAL reader) so pulls never wait for a push. secure_delete overwrites
// freed pages, and a transaction that erased a record checkpoints the WAL, so
// an erased record's sealed bytes do not linger in the file: the debt is
// marked in the file by the erase itself and settled by any store on it
// (sqlite-checkpoint.ts), after every write, every `checkpointRetryMs`, when
// a store opens and when it closes.
//
// Waiting for another process's write lock (`rotate-keys`, `seed-demo` or
// `enrolment-code` on the same file while `serve` runs) must not block the
// event loop: better-sqlite3 is synchronous, and SQLite's busy handler sleeps
// on the calling thread, so with a 5 s busy_timeout one waiting push froze
// every other request (pulls, pokes) for 5 s. Once open, the writer's
// busy_timeout is a few milliseconds, and the wait for the lock (BEGIN
// IMMEDIATE) is retried asynchronously with backoff, up to `lockWaitMs`; past
// it the write fails BUSY, unrun. An erase's checkpoint comes after its
// commit is announced and its caller answered: one try, then retries up to
// `lockWaitMs`, each its own job in the write queue so other writes go
// between them (it held the queue and the devices' wake-up for up to 5 s).
import Database from 'better-sqlite3';
import { closeSync, openSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { StoreBusyError, type KeyRotationLockAttempt, type Store, type StoreReadTx, type StoreTx } from '../store';
import { BoundedWriteQueue, WriteAbandonedError, type WriteOptions } from '../write-queue';
import { migrateSqlite } from './schema';
import { isBusy, settleOwedCheckpoint, truncateWal } from './sqlite-checkpoint';
import { SqliteReadTx } from './sqlite-read';
import { SqliteWriteTx } from './sqlite-write';

export interface SqliteStoreOptions {
  /** Read connections in the pool (default 4). */
  readonly readers?: number;
  /** How long a write transaction may wait for this process's earlier ones before it fails as BUSY (default defaultWriteQueueMs). */
  readonly writeQueueMs?: number;
  /** How long a write transaction, its turn come, may wait for another process's write lock before it fails as BUSY (default defaultLockWaitMs). */
  readonly lockWaitMs?: number;
  /** How often an owed erase checkpoint is tried again while nothing writes (default 30 s). */
  readonly checkpointRetryMs?: number;
  /** Hears a checkpoint that failed for a reason other than a lock (the SQLite error code only); it stays owed. */
  readonly onCheckpointFailed?: (sqliteCode: string) => void;
}

/** Default period of the owed checkpoint's retry while nothing writes. */
export const defaultCheckpointRetryMs = 30_000;

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
  readonly #onCheckpointFailed: (sqliteCode: string) => void;
  readonly #checkpointTimer: ReturnType<typeof setInterval>;
  /** The next retry of an erase's checkpoint held up by a reader (each one a job in the write queue). */
  #checkpointRetry: ReturnType<typeof setTimeout> | undefined;
  #closed = false;
  /**
   * Whether an erase's checkpoint was owed on the file at this store's last try (sqlite-checkpoint.ts): a reader held
   * the WAL, and the erased values' frames are still in the -wal file, which automatic checkpoints never truncate.
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
    this.#onCheckpointFailed = options.onCheckpointFailed ?? (() => undefined);
    // An erase's checkpoint owed by a process that stopped or closed before making it: one try now; held up
    // (another process reading), it stays owed to the next write or timer. Nothing owed: one plain truncation all
    // the same, for a file whose debt a version before the mark kept in memory.
    if (!this.#settleCheckpoint()) this.#tryTruncate();
    const retryMs = options.checkpointRetryMs ?? defaultCheckpointRetryMs;
    this.#checkpointTimer = setInterval(() => this.#queueCheckpointTry(), retryMs);
    this.#checkpointTimer.unref();
    this.#writeTx = new SqliteWriteTx(this.#writer);
    for (let index = 0; index < (options.readers ?? 4); index += 1) {
      const db = new Database(path, { readonly: true, fileMustExist: true });
      db.pragma('busy_timeout = 5000');
      const reader = { db, tx: new SqliteReadTx(db) };
      this.#readers.push(reader);
      this.#idleReaders.push(reader);
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
      // Devices are woken first: the checkpoint only scrubs the file, and the commit stands either way.
      if (tx.allocatedHead > 0) this.#announce(tx.allocatedHead);
      if (this.#settleCheckpoint() && tx.erased) this.#retryCheckpoint(performance.now() + this.#lockWaitMs, firstRetryMs);
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
    clearInterval(this.#checkpointTimer);
    clearTimeout(this.#checkpointRetry);
    this.#listeners.clear();
    for (const reader of this.#readers) reader.db.close();
    // The last try this store makes; still owed, erasureCheckpointOwed() says so (the erase command warns).
    this.#settleCheckpoint();
    this.#writer.close();
  }

  /** Whether an erase's checkpoint was owed on the file at this store's last try (after close(): its last one). */
  erasureCheckpointOwed(): boolean {
    return this.#checkpointOwed;
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
   * One try at the owed checkpoint, if one is owed (settleOwedCheckpoint); whether it is still owed. A failure that is
   * not a lock is said with its SQLite code only and leaves it owed: the erase it follows committed, and was answered.
   */
  #settleCheckpoint(): boolean {
    try {
      this.#checkpointOwed = settleOwedCheckpoint(this.#writer);
    } catch (error) {
      if (!isBusy(error)) this.#onCheckpointFailed(error instanceof Database.SqliteError ? error.code : 'unknown');
      this.#checkpointOwed = true;
    }
    return this.#checkpointOwed;
  }

  #tryTruncate(): void {
    try {
      truncateWal(this.#writer);
    } catch (error) {
      this.#onCheckpointFailed(error instanceof Database.SqliteError ? error.code : 'unknown');
    }
  }

  /**
   * Retries an erase's checkpoint held up by a reader, with backoff, until `deadline`; each try is its own job in the
   * write queue, so writes queued meanwhile go between them. Past the deadline the periodic try and every write take over.
   */
  #retryCheckpoint(deadline: number, retryMs: number): void {
    clearTimeout(this.#checkpointRetry);
    const leftMs = deadline - performance.now();
    if (this.#closed || leftMs <= 0) return;
    this.#checkpointRetry = setTimeout(() => {
      this.#checkpointRetry = undefined;
      this.#queueCheckpointTry(() => this.#retryCheckpoint(deadline, Math.min(retryMs * 2, lastRetryMs)));
    }, Math.min(retryMs, leftMs));
    this.#checkpointRetry.unref();
  }

  /** One try at the owed checkpoint as a job in the write queue; stillOwed runs when it is still owed after it. */
  #queueCheckpointTry(stillOwed?: () => void): void {
    const job = (): Promise<void> => {
      if (this.#closed) return Promise.resolve();
      if (this.#settleCheckpoint()) stillOwed?.();
      return Promise.resolve();
    };
    // A queue too long to wait in (BUSY): the try is skipped, the debt stays for the next write or period.
    this.#queue.run(job).catch(() => undefined);
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

export function openSqliteStore(path: string, options?: SqliteStoreOptions): Store {
  return new SqliteStore(path, options);
}
