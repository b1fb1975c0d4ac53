// The boundary to the native @journeyapps/sqlcipher module: loads it lazily,
// checks its shape, and turns its callback API into promises. Nothing above
// this file touches the driver's types or callbacks.
export type SqlValue = string | number | Buffer | null;
export type SqlParams = readonly SqlValue[] | { readonly [name: string]: SqlValue };

/** The part of the driver's Database we use, as the native module defines it. */
interface NativeDatabase {
  serialize(): void;
  close(callback: (error: Error | null) => void): void;
  exec(sql: string, callback: (error: Error | null) => void): void;
  run(
    sql: string,
    params: SqlParams,
    callback: (this: { changes: number; lastID: number }, error: Error | null) => void,
  ): void;
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
  all<T>(sql: string, params?: SqlParams): Promise<T[]>;
  get<T>(sql: string, params?: SqlParams): Promise<T | undefined>;
  run(sql: string, params?: SqlParams): Promise<{ changes: number; lastID: number }>;
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
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
  return {
    all: <T>(sql: string, params: SqlParams = none) =>
      new Promise<T[]>((resolve, reject) => db.all<T>(sql, params, (error, rows) => (error ? reject(error) : resolve(rows)))),
    get: <T>(sql: string, params: SqlParams = none) =>
      new Promise<T | undefined>((resolve, reject) =>
        db.get<T>(sql, params, (error, row) => (error ? reject(error) : resolve(row))),
      ),
    run: (sql: string, params: SqlParams = none) =>
      new Promise((resolve, reject) =>
        db.run(sql, params, function (error) {
          if (error) reject(error);
          else resolve({ changes: this.changes, lastID: this.lastID });
        }),
      ),
    exec: (sql: string) => new Promise<void>((resolve, reject) => db.exec(sql, (error) => (error ? reject(error) : resolve()))),
    close: () => new Promise<void>((resolve, reject) => db.close((error) => (error ? reject(error) : resolve()))),
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
