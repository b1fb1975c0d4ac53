// The SQLCipher database of an unlocked vault: a promise wrapper over
// @journeyapps/sqlcipher's callback API, with branded transaction capabilities
// (ReadTx cannot write). It holds up to three handles on the one file, each with its
// own queue: write transactions run one at a time on the writer, read
// transactions one at a time on a query-only reader, and list counts on a
// second query-only reader of their own, so that a count walking thousands
// of rows never holds up the page read asked right after it (measured in
// bench/README.md, "List counts beside page reads"). The second reader opens
// on the first count, not at open: an unlock that counts nothing does not
// pay for it. The connection keeps no copy of the key for it: it asks the
// key's owner then (database-key.ts). WAL gives each read the
// last committed state, so no caller ever sees another caller's uncommitted
// writes, and a read never waits for a long write (an import chunk, a sync
// page). Rekey, checkpoint and close hold every queue.
import { AsyncLocalStorage } from 'node:async_hooks';
import { LockedError } from '../../src-shared/ipc/errors';
import { borrowedKey, type DatabaseKeySource } from './database-key';
import { Lane } from './lane';
import {
  BULK_PAGE_CACHE_KIB,
  BULK_WAL_CHECKPOINT_PAGES,
  openHandle,
  openReader,
  PAGE_CACHE_KIB,
  rawKeyLiteral,
  WAL_CHECKPOINT_PAGES,
  type OpenOptions,
} from './open-handle';
import type { DriverDatabase, SqlParams } from './sqlcipher-driver';
import { StatementScope } from './statement-scope';

export type { SqlParams, SqlValue } from './sqlcipher-driver';
export { WrongKeyError, type OpenOptions } from './open-handle';

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

/**
 * How a read transaction begins. The statement on sqlite_master starts the
 * snapshot at once and reloads the schema when the writer changed it: PRAGMAs
 * that read the schema (index_xinfo, table_info) otherwise answer from the
 * reader's cached schema without checking it is current (a migration's new
 * index showed no columns, in a trial).
 */
const READ_BEGIN = 'BEGIN; SELECT 1 FROM sqlite_master LIMIT 0';
/**
 * The transaction, if any, that the current async call chain runs inside. A
 * store is kept by every promise made while it is current, and the driver's
 * statement cache keeps the promise of each statement it prepared for as
 * long as the connection is open: so the store holds the connection and the
 * transaction's StatementScope only. A closure here (it was `() =>
 * scope.active`) kept the transaction function's whole context with it: an
 * import's chunk of customer rows, about 240 MB after a 100,000-row import,
 * until the vault locked.
 */
const transactionScope = new AsyncLocalStorage<{ readonly connection: Connection; readonly scope: StatementScope }>();

export class Connection {
  readonly #writer: Lane;
  readonly #reader: Lane;
  /** The second reader: counts (readApart), which may walk up to listCountCap rows. Opens on the first. */
  readonly #apart: Lane;
  /**
   * Where the second reader gets its key when it opens (null for openPlain):
   * the key's owner, asked again then, so the connection holds no copy of it.
   */
  readonly #key: DatabaseKeySource | null;
  #closing = false;
  /** Bulk writes holding the bulk settings (holdBulkCache). */
  #bulkHolders = 0;

  private constructor(
    writer: DriverDatabase,
    reader: DriverDatabase,
    key: DatabaseKeySource | null,
    readonly file: string,
  ) {
    this.#writer = new Lane(writer);
    this.#reader = new Lane(reader);
    this.#apart = new Lane(null);
    this.#key = key;
    this.#apart.openLazily(() => this.#openApart());
  }

  get #readers(): readonly [Lane, Lane] {
    return [this.#reader, this.#apart];
  }

  /**
   * Opens and keys an SQLCipher database (writer and reader; the second reader waits for readApart); throws
   * WrongKeyError when the key does not fit. `key`: its owner's source (the vault's VaultKey), or a bare key the
   * caller keeps as it is while the connection is open (the connection reads it again, and a rekey's new one).
   */
  static async open(file: string, key: Buffer | DatabaseKeySource, options: OpenOptions = {}): Promise<Connection> {
    return Connection.#openBoth(file, Buffer.isBuffer(key) ? borrowedKey(key) : key, options);
  }

  /** Plain SQLite through the same driver. Only for the benchmark's baseline; never for customer data. */
  static async openPlain(file: string, options: OpenOptions = {}): Promise<Connection> {
    return Connection.#openBoth(file, null, options);
  }

  static async #openBoth(file: string, key: DatabaseKeySource | null, options: OpenOptions): Promise<Connection> {
    const keyLiteral = key === null ? null : rawKeyLiteral(key.current());
    const writer = await openHandle(file, keyLiteral, options);
    try {
      return new Connection(writer, await openReader(file, keyLiteral), key, file);
    } catch (error) {
      await writer.close().catch(() => undefined);
      throw error;
    }
  }

  get isClosed(): boolean {
    return this.#closing;
  }

  /**
   * Runs fn in a read transaction on the reader. It sees every write that
   * committed before it began and none in progress, and it does not wait for
   * them: a write whose promise has not resolved yet may or may not be seen.
   */
  read<T>(fn: (tx: ReadTx) => Promise<T>): Promise<T> {
    return this.#transaction(this.#reader, READ_BEGIN, (db, scope) => fn(this.#readTx(db, scope)));
  }

  /**
   * read, on the second reader: for a long read that the short ones (list
   * pages, detail pages) should not queue behind. Used by list counts.
   */
  readApart<T>(fn: (tx: ReadTx) => Promise<T>): Promise<T> {
    // The second reader opens inside this job (Lane.opened), so concurrent first counts open it once.
    return this.#transaction(this.#apart, READ_BEGIN, (db, scope) => fn(this.#readTx(db, scope)));
  }

  /** Runs fn in a write transaction; it commits when fn resolves and rolls back when it throws. */
  write<T>(fn: (tx: WriteTx) => Promise<T>): Promise<T> {
    return this.#transaction(this.#writer, 'BEGIN IMMEDIATE', (db, scope) => fn(this.#writeTx(db, scope)));
  }

  /**
   * Re-encrypts every page under newDek (SQLCipher PRAGMA rekey), proves it
   * by opening the reader under newDek, makes it durable, then hands newDek
   * to the key source (before any other job runs, so the second reader opens
   * under it on the next count). SQLCipher answers "ok" to a rekey that
   * failed inside it (another connection's write lock past the busy timeout,
   * a full disk) and rolled back, with the writer's write key switched to
   * newDek all the same: a read on the writer still passes (its read key is
   * the old one), a reader under newDek does not. When anything after the
   * PRAGMA fails, the writer is closed in this same turn and the connection
   * takes no more work (LockedError; the vault locks): writes queued behind
   * the rotation ran on that writer and wrote pages under newDek into a file
   * under the old key (`connection-rekey-failure.test.ts`).
   */
  rekey(newDek: Buffer): Promise<void> {
    const keyLiteral = rawKeyLiteral(newDek);
    return this.#exclusive(async () => {
      const db = this.#writer.handle();
      // Start from an empty WAL so the rekey transaction holds every page of the database.
      await this.#checkpointNow();
      // The readers would read the re-encrypted pages with the old key; they stay closed if the rekey fails.
      for (const reader of this.#readers) await reader.close();
      let reader: DriverDatabase | null = null;
      try {
        await db.all(`PRAGMA rekey = ${keyLiteral}`);
        // Throws WrongKeyError when page 1 is not under newDek: the rekey did not happen.
        reader = await openReader(this.file, keyLiteral);
        // Copy the re-encrypted pages into the main file and fsync it before anyone relies on the new key.
        await this.#checkpointNow();
      } catch (error) {
        await reader?.close().catch(() => undefined);
        this.#closing = true;
        await this.#writer.close().catch(() => undefined);
        throw error;
      }
      this.#key?.rekeyed(newDek);
      this.#reader.db = reader;
      this.#apart.openLazily(() => this.#openApart());
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
        await this.#enqueue(this.#writer, () => this.#applyCacheSettings(BULK_PAGE_CACHE_KIB, BULK_WAL_CHECKPOINT_PAGES));
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
      await this.#enqueue(this.#writer, async () => {
        await this.#applyCacheSettings(PAGE_CACHE_KIB, WAL_CHECKPOINT_PAGES);
        // Tidying only: a WAL that cannot be truncated now is checkpointed by later commits as usual.
        await this.#checkpointNow().catch(() => undefined);
      }).catch((error: unknown) => {
        if (!(error instanceof LockedError)) throw error;
      });
    };
  }

  async #applyCacheSettings(cacheKib: number, walPages: number): Promise<void> {
    const db = this.#writer.handle();
    // Integer constants of this file: the only values put into these statements.
    await db.all(`PRAGMA cache_size = -${cacheKib}`);
    await db.all(`PRAGMA wal_autocheckpoint = ${walPages}`);
  }

  /** Moves the WAL into the main file and truncates it (wal_checkpoint(TRUNCATE)), with no read in progress. */
  checkpoint(): Promise<void> {
    return this.#exclusive(() => this.#checkpointNow());
  }

  /** Closes after every queued transaction has finished. Later calls throw LockedError. */
  close(): Promise<void> {
    if (this.#closing) return Promise.all([this.#writer.idle(), ...this.#readers.map((reader) => reader.idle())]).then(() => undefined);
    const closed = this.#exclusive(async () => {
      try {
        for (const reader of this.#readers) await reader.close();
      } finally {
        await this.#writer.close();
      }
    });
    this.#closing = true;
    return closed;
  }

  /** The second reader, under the key its source holds now (it refuses once its owner locked). */
  #openApart(): Promise<DriverDatabase> {
    return openReader(this.file, this.#key === null ? null : rawKeyLiteral(this.#key.current()));
  }

  async #checkpointNow(): Promise<void> {
    const [row] = await this.#writer.handle().all<{ busy: number }>('PRAGMA wal_checkpoint(TRUNCATE)');
    if (row === undefined || row.busy !== 0) throw new Error('The WAL checkpoint could not complete');
  }

  /** Why a new job may not be queued now, if it may not. */
  #refusal(): Error | null {
    if (this.#closing) return new LockedError();
    const current = transactionScope.getStore();
    // Waiting for our own queue from inside a transaction would never finish.
    if (current?.connection === this && current.scope.active) return new Error('Nested use of a connection inside one of its transactions');
    return null;
  }

  #enqueue<T>(lane: Lane, job: () => Promise<T>): Promise<T> {
    const refusal = this.#refusal();
    return refusal === null ? lane.enqueue(job) : Promise.reject(refusal);
  }

  /**
   * Runs job on the writer's queue, holding both readers' queues too once its
   * turn comes, so no read is in progress (a TRUNCATE checkpoint needs that,
   * a rekey and a close need the reader idle). Reads go on while the job
   * waits behind a long write. Only the writer's turn takes the reader, and a
   * read never waits for the writer, so this cannot deadlock.
   */
  #exclusive<T>(job: () => Promise<T>): Promise<T> {
    const refusal = this.#refusal();
    if (refusal !== null) return Promise.reject(refusal);
    return this.#writer.enqueue(async () => {
      let releaseReader: () => void = () => undefined;
      const readerReleased = new Promise<void>((resolve) => (releaseReader = resolve));
      // The reads queued before this point finish first; later ones wait for the release.
      await Promise.all(
        this.#readers.map(
          (reader) =>
            new Promise<void>((held) => {
              void reader.enqueue(() => {
                held();
                return readerReleased;
              });
            }),
        ),
      );
      try {
        return await job();
      } finally {
        releaseReader();
      }
    });
  }

  #transaction<T>(
    lane: Lane,
    begin: typeof READ_BEGIN | 'BEGIN IMMEDIATE',
    body: (db: DriverDatabase, scope: StatementScope) => Promise<T>,
  ): Promise<T> {
    return this.#enqueue(lane, async () => {
      // Closed while the job waited (a failed rekey closes the writer in its turn): the vault is locking.
      if (this.#closing && lane.db === null) throw new LockedError();
      const db = await lane.opened();
      const scope = new StatementScope();
      try {
        await db.exec(begin);
        const result = await transactionScope.run({ connection: this, scope }, () => body(db, scope));
        scope.requireSettled();
        // From here on a statement of this transaction (a loop the body left behind) would run after COMMIT: refuse it.
        scope.active = false;
        await db.exec('COMMIT');
        return result;
      } catch (error) {
        // Refuse further statements too: a loop of them the body left running would go on after the rollback,
        // outside the transaction (an INSERT's later batches while the body failed on something else).
        scope.active = false;
        // A statement still running must finish before the rollback, or it would run after it, outside the transaction.
        await scope.settled();
        // SQLite may already have rolled back (e.g. on SQLITE_FULL), or BEGIN failed: a needless rollback is harmless.
        await db.exec('ROLLBACK').catch(() => undefined);
        throw error;
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
