// The boundary to the native @journeyapps/sqlcipher module: loads it lazily,
// checks its shape, and turns its callback API into promises. Nothing above
// this file touches the driver's types or callbacks.
export type SqlValue = string | number | Buffer | null;
export type SqlParams = readonly SqlValue[] | { readonly [name: string]: SqlValue };

type RunCallback = (this: { changes: number; lastID: number }, error: Error | null) => void;

/** A prepared statement of the driver. Its operations queue behind each other; bind + step run on the driver's thread. */
interface NativeStatement {
  run(params: SqlParams, callback: RunCallback): NativeStatement;
  all<T>(params: SqlParams, callback: (error: Error | null, rows: T[]) => void): NativeStatement;
  /** Clears every binding, then binds these (the driver ignores an empty list). */
  bind(params: SqlParams, callback: (error: Error | null) => void): NativeStatement;
  finalize(callback?: (error: Error | null) => void): void;
}

/** The part of the driver's Database we use, as the native module defines it. */
interface NativeDatabase {
  serialize(): void;
  prepare(sql: string, callback: (error: Error | null) => void): NativeStatement;
  close(callback: (error: Error | null) => void): void;
  exec(sql: string, callback: (error: Error | null) => void): void;
  run(sql: string, params: SqlParams, callback: RunCallback): void;
  // The native layer builds rows from the columns the SQL selects; the caller's
  // SQL is what gives T its meaning (the same trust the driver's own typings make).
  all<T>(sql: string, params: SqlParams, callback: (error: Error | null, rows: T[]) => void): void;
  get<T>(sql: string, params: SqlParams, callback: (error: Error | null, row: T | undefined) => void): void;
}

interface NativeModule {
  Database: new (file: string, mode: number, callback: (error: Error | null) => void) => NativeDatabase;
  OPEN_READWRITE: number;
}

/** The promise-returning database the Connection builds on. */
export interface DriverDatabase {
  /** Prepares, runs and finalizes: for PRAGMAs (a key among them) and one-off statements. */
  all<T>(sql: string, params?: SqlParams): Promise<T[]>;
  get<T>(sql: string, params?: SqlParams): Promise<T | undefined>;
  run(sql: string, params?: SqlParams): Promise<{ changes: number; lastID: number }>;
  exec(sql: string): Promise<void>;
  /** The same through a cache of prepared statements (statementCacheSize), for the statements transactions run. */
  readonly prepared: {
    all<T>(sql: string, params?: SqlParams): Promise<T[]>;
    /** The first row: runs to the end like all(), so no statement is left open mid-result. */
    get<T>(sql: string, params?: SqlParams): Promise<T | undefined>;
    run(sql: string, params?: SqlParams): Promise<{ changes: number; lastID: number }>;
    /** How many statements the cache holds (prepared or being prepared). */
    size(): number;
  };
  /** Finalizes the cached statements, then closes. */
  close(): Promise<void>;
}

/**
 * Prepared statements kept per connection, least recently used dropped first.
 * Preparing costs a round trip to the driver's thread and a parse; an app
 * runs a few dozen distinct statements over and over (the multi-row inserts
 * come in at most eight sizes per table, record-writes.ts). A cached
 * statement keeps its last bound values (SQLite's own copy) until it is
 * bound again, so a statement that bound a large value has its bindings
 * cleared once it is done: a bulk write's JSON rows (up to 4 million
 * characters a statement, json-rows.ts) or a long note would otherwise stay
 * in memory, one copy per distinct statement, until the statement's next use
 * or the vault locks. Small values stay bound until then, as the page cache
 * holds the same values decrypted.
 */
export const statementCacheSize = 128;

/** A bound string or blob at least this long is cleared from its statement once the statement is done. */
export const largeBinding = 64 * 1024;

function bindsLargeValue(params: SqlParams): boolean {
  const values: readonly SqlValue[] = Array.isArray(params) ? params : Object.values(params);
  return values.some((value) => (typeof value === 'string' || Buffer.isBuffer(value)) && value.length >= largeBinding);
}

/**
 * Clears the statement's bindings (binding NULL to its first parameter clears
 * all of them first). Queued behind the statement's operations; it cannot
 * affect a later run, which binds its own values.
 */
function clearBindings(statement: NativeStatement): void {
  statement.bind([null], () => undefined);
}

/**
 * Never kept prepared: a PRAGMA may carry key material in its text (PRAGMA
 * key, rekey), and an EXPLAIN that ran to its end still counts as an active
 * statement until it is reset (SQLite lists the program without halting),
 * which would lock every table against DROP.
 */
const uncacheable = /^\s*(?:PRAGMA|EXPLAIN)\b/i;

class StatementCache {
  readonly #statements = new Map<string, Promise<NativeStatement>>();

  constructor(private readonly db: NativeDatabase) {}

  /** The cached statement for sql, or a newly prepared one; rejects with the error that kept it from preparing. */
  take(sql: string): Promise<NativeStatement> {
    const cached = this.#statements.get(sql);
    if (cached !== undefined) {
      // Re-insert: Map iteration order is the recency order.
      this.#statements.delete(sql);
      this.#statements.set(sql, cached);
      return cached;
    }
    const prepared = new Promise<NativeStatement>((resolve, reject) => {
      // The driver drops operations queued on a statement that fails to prepare, so none is queued before it is.
      const statement = this.db.prepare(sql, (error) => (error ? reject(error) : resolve(statement)));
    });
    this.#statements.set(sql, prepared);
    prepared.catch(() => {
      if (this.#statements.get(sql) === prepared) this.#statements.delete(sql);
    });
    if (this.#statements.size > statementCacheSize) {
      const [oldest] = this.#statements.keys();
      if (oldest !== undefined) void this.#finalize(oldest);
    }
    return prepared;
  }

  #finalize(sql: string): Promise<void> {
    const statement = this.#statements.get(sql);
    if (statement === undefined) return Promise.resolve();
    this.#statements.delete(sql);
    // Runs once the operations queued on the statement are done; a statement that never prepared has nothing to finalize.
    return statement.then(
      (prepared) => new Promise<void>((resolve) => prepared.finalize(() => resolve())),
      () => undefined,
    );
  }

  get size(): number {
    return this.#statements.size;
  }

  /** Finalizes every statement (each after its queued operations). */
  async clear(): Promise<void> {
    await Promise.all([...this.#statements.keys()].map((sql) => this.#finalize(sql)));
  }
}

export interface Driver {
  /** Opens an existing file read-write; the driver never creates files (the caller does, with safe permissions). */
  open(file: string): Promise<DriverDatabase>;
}

function isNativeModule(value: unknown): value is NativeModule {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return false;
  return typeof Reflect.get(value, 'Database') === 'function' && typeof Reflect.get(value, 'OPEN_READWRITE') === 'number';
}

function wrap(db: NativeDatabase): DriverDatabase {
  const none: SqlParams = [];
  const cache = new StatementCache(db);
  const runOn = async (prepared: Promise<NativeStatement>, params: SqlParams) => {
    const statement = await prepared;
    return new Promise<{ changes: number; lastID: number }>((resolve, reject) => {
      statement.run(params, function (error) {
        if (error) reject(error);
        else resolve({ changes: this.changes, lastID: this.lastID });
      });
      if (bindsLargeValue(params)) clearBindings(statement);
    });
  };
  const allOn = async <T>(prepared: Promise<NativeStatement>, params: SqlParams) => {
    const statement = await prepared;
    return new Promise<T[]>((resolve, reject) => {
      statement.all<T>(params, (error, rows) => (error ? reject(error) : resolve(rows)));
      if (bindsLargeValue(params)) clearBindings(statement);
    });
  };
  const uncached = {
    all: <T>(sql: string, params: SqlParams = none) =>
      new Promise<T[]>((resolve, reject) => db.all<T>(sql, params, (error, rows) => (error ? reject(error) : resolve(rows)))),
    run: (sql: string, params: SqlParams = none) =>
      new Promise<{ changes: number; lastID: number }>((resolve, reject) =>
        db.run(sql, params, function (error) {
          if (error) reject(error);
          else resolve({ changes: this.changes, lastID: this.lastID });
        }),
      ),
  };
  const prepared = {
    all: <T>(sql: string, params: SqlParams = none) => (uncacheable.test(sql) ? uncached.all<T>(sql, params) : allOn<T>(cache.take(sql), params)),
    get: async <T>(sql: string, params: SqlParams = none) => (await prepared.all<T>(sql, params))[0],
    run: (sql: string, params: SqlParams = none) => (uncacheable.test(sql) ? uncached.run(sql, params) : runOn(cache.take(sql), params)),
    size: () => cache.size,
  };
  return {
    prepared,
    all: uncached.all,
    get: <T>(sql: string, params: SqlParams = none) =>
      new Promise<T | undefined>((resolve, reject) =>
        db.get<T>(sql, params, (error, row) => (error ? reject(error) : resolve(row))),
      ),
    run: uncached.run,
    exec: (sql: string) => new Promise<void>((resolve, reject) => db.exec(sql, (error) => (error ? reject(error) : resolve()))),
    close: async () => {
      await cache.clear();
      await new Promise<void>((resolve, reject) => db.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

let driver: Promise<Driver> | null = null;

export function loadDriver(): Promise<Driver> {
  driver ??= import('@journeyapps/sqlcipher').then((namespace: unknown) => {
    // CommonJS: under ESM the API sits on `default`, in a CJS bundle on the namespace itself.
    const fallback: unknown = typeof namespace === 'object' && namespace !== null ? Reflect.get(namespace, 'default') : undefined;
    const native = isNativeModule(fallback) ? fallback : isNativeModule(namespace) ? namespace : null;
    if (native === null) throw new Error('The SQLCipher driver has an unexpected shape');
    return {
      open: (file: string) =>
        new Promise<DriverDatabase>((resolve, reject) => {
          const db = new native.Database(file, native.OPEN_READWRITE, (error) => {
            if (error) reject(error);
            else {
              // One statement at a time on this handle: transactions rely on strict ordering.
              db.serialize();
              resolve(wrap(db));
            }
          });
        }),
    };
  });
  return driver;
}
