// The one SQLCipher connection of an unlocked vault: a promise wrapper over
// @journeyapps/sqlcipher's callback API, with branded transaction capabilities
// (ReadTx cannot write) and a single queue through which every transaction,
// rekey, checkpoint and close runs, so no caller ever sees another caller's
// uncommitted writes and statements never interleave across transactions.
import { AsyncLocalStorage } from 'node:async_hooks';
import { open as openFile } from 'node:fs/promises';
import { LockedError } from '../../src-shared/ipc/errors';
import { loadDriver, type DriverDatabase, type SqlParams } from './sqlcipher-driver';

export type { SqlParams, SqlValue } from './sqlcipher-driver';

const readCapability: unique symbol = Symbol('ReadTx');
const writeCapability: unique symbol = Symbol('WriteTx');

/** A read transaction. Only Connection can make one, and it has no way to write. */
export interface ReadTx {
  readonly [readCapability]: true;
  /** Rows as the caller's SQL shapes them; parse them at the repo when they come from outside a migration's schema. */
  all<T = unknown>(sql: string, params?: SqlParams): Promise<T[]>;
  get<T = unknown>(sql: string, params?: SqlParams): Promise<T | undefined>;
}

export interface RunResult {
  readonly changes: number;
  readonly lastID: number;
}

/** A write transaction (BEGIN IMMEDIATE): everything a ReadTx can do, plus writes. */
export interface WriteTx extends ReadTx {
  readonly [writeCapability]: true;
  run(sql: string, params?: SqlParams): Promise<RunResult>;
  exec(sql: string): Promise<void>;
}

/** The key did not decrypt the database. The vault decides what that means. */
export class WrongKeyError extends Error {
  constructor() {
    super('The database key does not match this database file');
    this.name = 'WrongKeyError';
  }
}

export interface OpenOptions {
  /** Create the file (owner-only permissions) when it does not exist. Default false. */
  readonly create?: boolean;
}

const DEK_BYTES = 32;
/** About 8 MiB of decrypted pages: the working set of a rep's CRM fits, and it bounds memory. */
const PAGE_CACHE_KIB = 8_000;
/**
 * The page cache while a bulk write holds it (holdBulkCache). Long writes
 * (an initial sync, an import) insert into every index at random places;
 * with 8 MiB those pages are evicted, read and decrypted again, then
 * re-encrypted, over and over (the 60,000th synced contact cost twice the
 * first; a 100,000-row import ran 1,030 rows/s with 8 MiB and 1,298 with 64).
 * 256 MiB was tried with 20,000-row import chunks (100,000 rows into
 * 50,000 contacts, three alternating pairs): 3,390–3,958 rows/s against
 * 3,148–3,943 with 64, no gain this machine's noise can show, and the
 * process kept 100–290 MB more after the import (SQLite frees the cache's
 * pages to malloc, which keeps them).
 */
const BULK_PAGE_CACHE_KIB = 65_536;
/** SQLite's default: the WAL is copied into the database once it holds this many pages. */
const WAL_CHECKPOINT_PAGES = 1_000;
/**
 * The same while a bulk write holds the bulk settings. One 2,000-row import
 * chunk writes more than 1,000 pages, so with the default every commit also
 * copied its pages into the database and synced it; 16,000 pages (64 MiB)
 * lets the copy happen once per several chunks (100,000 rows into 50,000
 * contacts, two runs each: 1,190 and 1,298 rows/s before, 1,277 and 1,379
 * after). The last release checkpoints and truncates the WAL, so the file
 * does not stay that large.
 */
const BULK_WAL_CHECKPOINT_PAGES = 16_000;
const HEX_KEY = /^[0-9a-f]{64}$/;
/** The transaction, if any, that the current async call chain runs inside. */
const transactionScope = new AsyncLocalStorage<{ readonly connection: Connection; readonly isActive: () => boolean }>();

/** Formats a 32-byte key as SQLCipher's raw-key literal, refusing anything else. */
function rawKeyLiteral(dek: Buffer): string {
  if (dek.length !== DEK_BYTES) throw new Error(`A database key must be exactly ${DEK_BYTES} bytes`);
  const hex = dek.toString('hex');
  // The only value ever interpolated into SQL here; the regex makes injection impossible.
  if (!HEX_KEY.test(hex)) throw new Error('A database key must encode as 64 lowercase hex digits');
  return `"x'${hex}'"`;
}

function isNotADatabase(error: unknown): boolean {
  return error instanceof Error && Reflect.get(error, 'code') === 'SQLITE_NOTADB';
}

/**
 * The statements of one transaction, one at a time. The driver runs the
 * statements it has prepared each on its own queue, so two statements of one
 * transaction in flight together may run in either order (an FTS5
 * `INSERT … SELECT` overtook the inserts it reads, in a trial); and a statement
 * still running when the transaction ends would run after COMMIT or ROLLBACK,
 * outside it. So a statement may start only once the previous one settled, and
 * a transaction whose function returns with a statement unfinished rolls back.
 */
class StatementScope {
  active = true;
  #running: Promise<unknown> | null = null;

  /** Runs one statement of this transaction; rejects at once if the transaction ended or another statement is running. */
  one<T>(statement: () => Promise<T>): Promise<T> {
    if (!this.active) return Promise.reject(new Error('This transaction has already ended'));
    if (this.#running !== null) {
      return Promise.reject(new Error('Another statement of this transaction is still running: await each statement before the next'));
    }
    const running = statement();
    this.#running = running;
    const clear = () => {
      if (this.#running === running) this.#running = null;
    };
    running.then(clear, clear);
    return running;
  }

  /** Throws when the transaction's function returned before its last statement settled. */
  requireSettled(): void {
    if (this.#running !== null) throw new Error('A statement of this transaction was still running when it ended: await every statement');
  }

  /** Resolves once no statement of this transaction is running. */
  async settled(): Promise<void> {
    await this.#running?.catch(() => undefined);
  }
}

export class Connection {
  #tail: Promise<unknown> = Promise.resolve();
  #closing = false;
  /** Bulk writes holding the bulk settings (holdBulkCache). */
  #bulkHolders = 0;

  private constructor(
    private readonly db: DriverDatabase,
    readonly file: string,
  ) {}

  /** Opens and keys an SQLCipher database; throws WrongKeyError when the key does not fit. */
  static async open(file: string, dek: Buffer, options: OpenOptions = {}): Promise<Connection> {
    const keyLiteral = rawKeyLiteral(dek);
    const db = await Connection.#openDatabase(file, options);
    try {
      // Global SQLCipher settings, set before the key so key material lands in locked, wiped memory.
      await db.all('PRAGMA cipher_memory_security = ON');
      // A wrong key is expected while recovering a rotation; its page-level noise helps nobody.
      await db.all('PRAGMA cipher_log_level = NONE');
      await db.all(`PRAGMA key = ${keyLiteral}`);
      try {
        await db.all('SELECT count(*) AS n FROM sqlite_master');
      } catch (error) {
        if (isNotADatabase(error)) throw new WrongKeyError();
        throw error;
      }
      const connection = new Connection(db, file);
      await connection.#configure();
      return connection;
    } catch (error) {
      await db.close().catch(() => undefined);
      throw error;
    }
  }

  /** Plain SQLite through the same driver. Only for the benchmark's baseline; never for customer data. */
  static async openPlain(file: string, options: OpenOptions = {}): Promise<Connection> {
    const db = await Connection.#openDatabase(file, options);
    try {
      const connection = new Connection(db, file);
      await connection.#configure();
      return connection;
    } catch (error) {
      await db.close().catch(() => undefined);
      throw error;
    }
  }

  static async #openDatabase(file: string, options: OpenOptions): Promise<DriverDatabase> {
    if (options.create === true) {
      // Create it ourselves so the file (and the -wal/-shm SQLite derives from it) is owner-only.
      const handle = await openFile(file, 'a', 0o600);
      await handle.close();
    }
    const driver = await loadDriver();
    return driver.open(file);
  }

  async #configure(): Promise<void> {
    await this.db.all('PRAGMA foreign_keys = ON');
    const [mode] = await this.db.all<{ journal_mode: string }>('PRAGMA journal_mode = WAL');
    if (mode?.journal_mode !== 'wal') throw new Error('The database refused WAL journal mode');
    // FULL: a committed write survives power loss too, which key rotation relies on.
    await this.db.all('PRAGMA synchronous = FULL');
    await this.db.all(`PRAGMA cache_size = -${PAGE_CACHE_KIB}`);
    await this.db.all('PRAGMA busy_timeout = 5000');
  }

  get isClosed(): boolean {
    return this.#closing;
  }

  /** Runs fn in a read transaction. */
  read<T>(fn: (tx: ReadTx) => Promise<T>): Promise<T> {
    return this.#transaction('BEGIN', (db, scope) => fn(this.#readTx(db, scope)));
  }

  /** Runs fn in a write transaction; it commits when fn resolves and rolls back when it throws. */
  write<T>(fn: (tx: WriteTx) => Promise<T>): Promise<T> {
    return this.#transaction('BEGIN IMMEDIATE', (db, scope) => fn(this.#writeTx(db, scope)));
  }

  /** Re-encrypts every page under newDek (SQLCipher PRAGMA rekey) and makes it durable. */
  rekey(newDek: Buffer): Promise<void> {
    const keyLiteral = rawKeyLiteral(newDek);
    return this.#enqueue(async () => {
      // Start from an empty WAL so the rekey transaction holds every page of the database.
      await this.#checkpointNow();
      await this.db.all(`PRAGMA rekey = ${keyLiteral}`);
      try {
        await this.db.all('SELECT count(*) AS n FROM sqlite_master');
      } catch (error) {
        if (isNotADatabase(error)) throw new WrongKeyError();
        throw error;
      }
      // Copy the re-encrypted pages into the main file and fsync it before anyone relies on the new key.
      await this.#checkpointNow();
    });
  }

  /**
   * Switches to the bulk settings for a long bulk write (BULK_PAGE_CACHE_KIB
   * of page cache, a checkpoint every BULK_WAL_CHECKPOINT_PAGES), until the
   * returned release is called (once; later calls do nothing). Holders
   * count: the usual settings come back, and the WAL is checkpointed and
   * truncated, when the last one releases, so an import and a sync running
   * side by side never undo them under each other. Releasing after the
   * connection closed is a no-op.
   */
  async holdBulkCache(): Promise<() => Promise<void>> {
    this.#bulkHolders += 1;
    if (this.#bulkHolders === 1) {
      try {
        await this.#enqueue(() => this.#applyCacheSettings(BULK_PAGE_CACHE_KIB, BULK_WAL_CHECKPOINT_PAGES));
      } catch (error) {
        this.#bulkHolders -= 1;
        throw error;
      }
    }
    let released = false;
    return async () => {
      if (released) return;
      released = true;
      this.#bulkHolders -= 1;
      if (this.#bulkHolders > 0 || this.#closing) return;
      await this.#enqueue(async () => {
        await this.#applyCacheSettings(PAGE_CACHE_KIB, WAL_CHECKPOINT_PAGES);
        // Tidying only: a WAL that cannot be truncated now is checkpointed by later commits as usual.
        await this.#checkpointNow().catch(() => undefined);
      }).catch((error: unknown) => {
        if (!(error instanceof LockedError)) throw error;
      });
    };
  }

  async #applyCacheSettings(cacheKib: number, walPages: number): Promise<void> {
    // Integer constants of this file: the only values put into these statements.
    await this.db.all(`PRAGMA cache_size = -${cacheKib}`);
    await this.db.all(`PRAGMA wal_autocheckpoint = ${walPages}`);
  }

  /** Moves the WAL into the main file and truncates it (wal_checkpoint(TRUNCATE)). */
  checkpoint(): Promise<void> {
    return this.#enqueue(() => this.#checkpointNow());
  }

  /** Closes after every queued transaction has finished. Later calls throw LockedError. */
  close(): Promise<void> {
    if (this.#closing) return this.#tail.then(() => undefined);
    const closed = this.#enqueue(() => this.db.close());
    this.#closing = true;
    return closed;
  }

  async #checkpointNow(): Promise<void> {
    const [row] = await this.db.all<{ busy: number }>('PRAGMA wal_checkpoint(TRUNCATE)');
    if (row === undefined || row.busy !== 0) throw new Error('The WAL checkpoint could not complete');
  }

  #enqueue<T>(job: () => Promise<T>): Promise<T> {
    if (this.#closing) return Promise.reject(new LockedError());
    const scope = transactionScope.getStore();
    if (scope?.connection === this && scope.isActive()) {
      // Waiting for our own queue from inside a transaction would never finish.
      return Promise.reject(new Error('Nested use of a connection inside one of its transactions'));
    }
    const result = this.#tail.then(job, job);
    this.#tail = result.catch(() => undefined);
    return result;
  }

  #transaction<T>(
    begin: 'BEGIN' | 'BEGIN IMMEDIATE',
    body: (db: DriverDatabase, scope: StatementScope) => Promise<T>,
  ): Promise<T> {
    return this.#enqueue(async () => {
      const scope = new StatementScope();
      await this.db.exec(begin);
      try {
        const result = await transactionScope.run({ connection: this, isActive: () => scope.active }, () => body(this.db, scope));
        scope.requireSettled();
        await this.db.exec('COMMIT');
        return result;
      } catch (error) {
        // A statement still running must finish before the rollback, or it would run after it, outside the transaction.
        await scope.settled();
        // SQLite may already have rolled back (e.g. on SQLITE_FULL); a second rollback is harmless.
        await this.db.exec('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        scope.active = false;
      }
    });
  }

  #readTx(db: DriverDatabase, scope: StatementScope): ReadTx {
    return {
      [readCapability]: true,
      all<T>(sql: string, params?: SqlParams) {
        return scope.one(() => db.prepared.all<T>(sql, params));
      },
      get<T>(sql: string, params?: SqlParams) {
        return scope.one(() => db.prepared.get<T>(sql, params));
      },
    };
  }

  #writeTx(db: DriverDatabase, scope: StatementScope): WriteTx {
    return {
      ...this.#readTx(db, scope),
      [writeCapability]: true,
      run(sql: string, params?: SqlParams) {
        return scope.one(() => db.prepared.run(sql, params));
      },
      exec(sql: string) {
        return scope.one(() => db.exec(sql));
      },
    };
  }
}
