import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Connection, WrongKeyError, type ReadTx, type WriteTx } from './connection';

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

/** A full garbage collection, after the pending jobs that may still hold references have run. */
function collector(): () => Promise<void> {
  setFlagsFromString('--expose-gc');
  const gc: unknown = runInNewContext('gc');
  if (typeof gc !== 'function') throw new Error('No gc() in this runtime');
  return async () => {
    for (let round = 0; round < 3; round += 1) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      (gc as () => void)();
    }
  };
}

describe('Connection (real SQLCipher file)', () => {
  let dir: string;
  let file: string;
  const open: Connection[] = [];

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'fieldvault-conn-'));
    file = path.join(dir, 'test.db');
  });

  afterEach(async () => {
    for (const connection of open.splice(0)) await connection.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function openKeyed(dek: Buffer, create = false): Promise<Connection> {
    const connection = await Connection.open(file, dek, { create });
    open.push(connection);
    return connection;
  }

  it('encrypts the file, reopens with the key and rejects a wrong key', async () => {
    const dek = randomBytes(32);
    const connection = await openKeyed(dek, true);
    await connection.write((tx) => tx.exec("CREATE TABLE t (v TEXT); INSERT INTO t VALUES ('canary-conn-7f3a')"));
    await connection.checkpoint();
    await connection.close();

    const raw = await readFile(file);
    expect(raw.subarray(0, 16).equals(SQLITE_MAGIC)).toBe(false);
    expect(raw.includes('canary-conn-7f3a')).toBe(false);
    expect((await stat(file)).mode & 0o777).toBe(0o600);

    await expect(Connection.open(file, randomBytes(32))).rejects.toBeInstanceOf(WrongKeyError);
    const again = await openKeyed(dek);
    expect(await again.read((tx) => tx.all<{ v: string }>('SELECT v FROM t'))).toEqual([{ v: 'canary-conn-7f3a' }]);
  });

  it('applies the connection settings to the writer and the reader, and the reader refuses writes', async () => {
    const connection = await openKeyed(randomBytes(32), true);
    const settings = async (tx: ReadTx) => ({
      journal: await tx.get<{ journal_mode: string }>('PRAGMA journal_mode'),
      foreignKeys: await tx.get<{ foreign_keys: number }>('PRAGMA foreign_keys'),
      memorySecurity: await tx.get<{ cipher_memory_security: string }>('PRAGMA cipher_memory_security'),
      plaintextHeader: await tx.get<{ cipher_plaintext_header_size: string }>('PRAGMA cipher_plaintext_header_size'),
      secureDelete: await tx.get<{ secure_delete: number }>('PRAGMA secure_delete'),
      synchronous: await tx.get<{ synchronous: number }>('PRAGMA synchronous'),
      queryOnly: await tx.get<{ query_only: number }>('PRAGMA query_only'),
    });
    const expected = {
      journal: { journal_mode: 'wal' },
      foreignKeys: { foreign_keys: 1 },
      memorySecurity: { cipher_memory_security: '1' },
      plaintextHeader: { cipher_plaintext_header_size: '0' },
      secureDelete: { secure_delete: 1 },
      synchronous: { synchronous: 2 },
    };
    expect(await connection.write(settings)).toEqual({ ...expected, queryOnly: { query_only: 0 } });
    expect(await connection.read(settings)).toEqual({ ...expected, queryOnly: { query_only: 1 } });
    await connection.write((tx) => tx.exec('CREATE TABLE t (v INTEGER)'));
    // ReadTx has no run(), but all() runs any statement: SQLite itself refuses the write on the reader.
    await expect(connection.read((tx) => tx.all('INSERT INTO t VALUES (1)'))).rejects.toThrow(/readonly|read-only/i);
    expect(await connection.read((tx) => tx.get('SELECT count(*) AS n FROM t'))).toEqual({ n: 0 });
  });

  it('refuses keys that are not exactly 32 bytes', async () => {
    await expect(Connection.open(file, randomBytes(16), { create: true })).rejects.toThrow(/32 bytes/);
    await expect(Connection.open(file, Buffer.alloc(0), { create: true })).rejects.toThrow(/32 bytes/);
  });

  it('does not create a missing file unless asked', async () => {
    await expect(Connection.open(file, randomBytes(32))).rejects.toThrow();
  });

  it('rolls a write back when fn throws and reports run results', async () => {
    const connection = await openKeyed(randomBytes(32), true);
    await connection.write((tx) => tx.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)'));
    const result = await connection.write((tx) => tx.run('INSERT INTO t (v) VALUES (?)', ['a']));
    expect(result).toEqual({ changes: 1, lastID: 1 });
    await expect(
      connection.write(async (tx) => {
        await tx.run('INSERT INTO t (v) VALUES (?)', ['b']);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await connection.read((tx) => tx.all<{ v: string }>('SELECT v FROM t ORDER BY id'))).toEqual([{ v: 'a' }]);
  });

  it('answers a read during a write in progress with the last committed state, never part of the write', async () => {
    const connection = await openKeyed(randomBytes(32), true);
    await connection.write((tx) => tx.exec('CREATE TABLE t (v INTEGER)'));
    let releaseWrite: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (releaseWrite = resolve));
    let wroteFirst: () => void = () => undefined;
    const firstRowWritten = new Promise<void>((resolve) => (wroteFirst = resolve));
    let writeDone = false;
    const writing = connection
      .write(async (tx) => {
        await tx.run('INSERT INTO t VALUES (1)');
        wroteFirst();
        await gate;
        await tx.run('INSERT INTO t VALUES (2)');
      })
      .then(() => (writeDone = true));
    await firstRowWritten;
    // The write holds its transaction open with one row in it: the read does not wait, and sees none of it.
    expect(await connection.read((tx) => tx.get<{ n: number }>('SELECT count(*) AS n FROM t'))).toEqual({ n: 0 });
    expect(writeDone).toBe(false);
    // Writes still run one at a time: the second waits for the first.
    const second = connection.write((tx) => tx.run('INSERT INTO t VALUES (3)'));
    releaseWrite();
    await Promise.all([writing, second]);
    expect(await connection.read((tx) => tx.all<{ v: number }>('SELECT v FROM t ORDER BY v'))).toEqual([{ v: 1 }, { v: 2 }, { v: 3 }]);
  });

  it('lets reads go on while a checkpoint waits behind a long write', async () => {
    const connection = await openKeyed(randomBytes(32), true);
    await connection.write((tx) => tx.exec('CREATE TABLE t (v INTEGER); INSERT INTO t VALUES (1)'));
    let releaseWrite: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (releaseWrite = resolve));
    let started: () => void = () => undefined;
    const writeStarted = new Promise<void>((resolve) => (started = resolve));
    const writing = connection.write(async (tx) => {
      await tx.run('INSERT INTO t VALUES (2)');
      started();
      await gate;
    });
    await writeStarted;
    let checkpointDone = false;
    const checkpointed = connection.checkpoint().then(() => (checkpointDone = true));
    // The checkpoint waits for the write; a read does not wait for either.
    expect(await connection.read((tx) => tx.get<{ n: number }>('SELECT count(*) AS n FROM t'))).toEqual({ n: 1 });
    expect(checkpointDone).toBe(false);
    releaseWrite();
    await Promise.all([writing, checkpointed]);
    expect((await stat(`${file}-wal`)).size).toBe(0);
    expect(await connection.read((tx) => tx.get<{ n: number }>('SELECT count(*) AS n FROM t'))).toEqual({ n: 2 });
  });

  it('checkpoints, rekeys and closes only with no read in progress', async () => {
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    const connection = await openKeyed(oldKey, true);
    await connection.write(async (tx) => {
      await tx.exec('CREATE TABLE t (v TEXT)');
      await tx.run("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) INSERT INTO t SELECT hex(randomblob(100)) FROM n");
    });
    const readBlocking = async (gate: Promise<void>) =>
      connection.read(async (tx) => {
        const before = await tx.get<{ n: number }>('SELECT count(*) AS n FROM t');
        await gate;
        return before;
      });
    let release: () => void = () => undefined;
    let reading = readBlocking(new Promise<void>((resolve) => (release = resolve)));
    const events: string[] = [];
    const checkpointed = connection.checkpoint().then(() => events.push('checkpoint'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    events.push('read released');
    release();
    expect(await reading).toEqual({ n: 2000 });
    await checkpointed;
    // The checkpoint waited for the read, then truncated the WAL.
    expect(events).toEqual(['read released', 'checkpoint']);
    expect((await stat(`${file}-wal`)).size).toBe(0);

    reading = readBlocking(new Promise<void>((resolve) => (release = resolve)));
    const rekeyed = connection.rekey(newKey);
    // A read queued behind the rekey runs once it is done, on a reader keyed with the new key.
    const after = connection.read((tx) => tx.get<{ n: number }>('SELECT count(*) AS n FROM t'));
    release();
    await rekeyed;
    expect(await after).toEqual({ n: 2000 });
    await expect(Connection.open(file, oldKey)).rejects.toBeInstanceOf(WrongKeyError);

    reading = readBlocking(new Promise<void>((resolve) => (release = resolve)));
    const closed = connection.close();
    await expect(connection.read(() => Promise.resolve(1))).rejects.toMatchObject({ code: 'LOCKED' });
    release();
    // The read in progress finished on an open handle before the close.
    expect(await reading).toEqual({ n: 2000 });
    await closed;
  });

  it('runs one statement of a transaction at a time, and rolls back a transaction that ends with one unfinished', async () => {
    const connection = await openKeyed(randomBytes(32), true);
    await connection.write((tx) => tx.exec('CREATE TABLE t (v INTEGER)'));
    // Two statements in flight together could run in either order: the second is refused, and the write rolls back.
    await expect(
      connection.write(async (tx) => {
        await Promise.all([tx.run('INSERT INTO t VALUES (1)'), tx.run('INSERT INTO t VALUES (2)')]);
      }),
    ).rejects.toThrow(/still running: await each statement/);
    // A statement not awaited would run after COMMIT, outside the transaction: the write fails and nothing stays.
    await expect(
      connection.write((tx) => {
        void tx.run('INSERT INTO t VALUES (3)');
        return Promise.resolve();
      }),
    ).rejects.toThrow(/still running when it ended/);
    expect(await connection.read((tx) => tx.all('SELECT v FROM t'))).toEqual([]);
    // Awaited one after another, statements run as before, reads too.
    await connection.write(async (tx) => {
      await tx.run('INSERT INTO t VALUES (4)');
      await tx.run('INSERT INTO t VALUES (5)');
    });
    expect(await connection.read(async (tx) => [await tx.get('SELECT count(*) AS n FROM t'), await tx.all('SELECT v FROM t ORDER BY v')])).toEqual([{ n: 2 }, [{ v: 4 }, { v: 5 }]]);
  });

  it('refuses the statements a failed transaction left running, so none runs after its rollback', async () => {
    const connection = await openKeyed(randomBytes(32), true);
    await connection.write((tx) => tx.exec('CREATE TABLE t (v INTEGER)'));
    const count = () => connection.read((tx) => tx.get('SELECT count(*) AS n FROM t'));
    // A multi-batch INSERT runs its statements one after another; the body fails on something else meanwhile.
    const insertAll = async (tx: WriteTx) => {
      for (let value = 0; value < 50; value += 1) await tx.run('INSERT INTO t VALUES (?)', [value]);
    };
    let left: Promise<void> | null = null;
    await expect(
      connection.write(async (tx) => {
        left = insertAll(tx);
        left.catch(() => undefined);
        await new Promise<void>((resolve) => setImmediate(resolve));
        throw new Error('building the rest failed');
      }),
    ).rejects.toThrow('building the rest failed');
    await expect(left).rejects.toThrow('This transaction has already ended');
    // Not one of the 50 rows ran after the rollback, outside the transaction.
    expect(await count()).toEqual({ n: 0 });
    await connection.write(insertAll);
    expect(await count()).toEqual({ n: 50 });
  });

  it('keeps nothing that a transaction function held alive once it ended, though its statements stay cached', async () => {
    const connection = await openKeyed(randomBytes(32), true);
    await connection.write((tx) => tx.exec('CREATE TABLE t (v TEXT)'));
    const collect = collector();
    const held: { ref?: WeakRef<string[]> } = {};
    await (async () => {
      // An import's chunk: the rows the transaction's function closes over.
      const rows = Array.from({ length: 1_000 }, (_, index) => `customer value ${index}`);
      held.ref = new WeakRef(rows);
      // Statements first used here are prepared and cached inside this transaction.
      await connection.write(async (tx) => {
        await tx.run('INSERT INTO t (v) SELECT value FROM json_each(?)', [JSON.stringify(rows)]);
        await tx.get('SELECT count(*) AS n FROM t WHERE v LIKE ?', ['customer%']);
      });
    })();
    await collect();
    expect(held.ref).toBeDefined();
    expect(held.ref?.deref()).toBeUndefined();
    expect(await connection.read((tx) => tx.get('SELECT count(*) AS n FROM t'))).toEqual({ n: 1_000 });
  });

  it('keeps no transaction result once the caller has let it go', async () => {
    const connection = await openKeyed(randomBytes(32), true);
    await connection.write((tx) => tx.exec("CREATE TABLE t (v TEXT); INSERT INTO t VALUES ('a customer value')"));
    const collect = collector();
    const held: { read?: WeakRef<object>; write?: WeakRef<object> } = {};
    await (async () => {
      held.read = new WeakRef(await connection.read((tx) => tx.all('SELECT v FROM t')));
      held.write = new WeakRef(await connection.write(async (tx) => ({ rows: await tx.all('SELECT v FROM t') })));
    })();
    await collect();
    expect(held.read?.deref()).toBeUndefined();
    expect(held.write?.deref()).toBeUndefined();
  });

  it('rejects nested use and use of an ended transaction', async () => {
    const connection = await openKeyed(randomBytes(32), true);
    await expect(connection.read(() => connection.read(() => Promise.resolve(1)))).rejects.toThrow(/Nested/);
    const leaked: ReadTx[] = [];
    await connection.read((tx) => {
      leaked.push(tx);
      return Promise.resolve();
    });
    const [ended] = leaked;
    if (ended === undefined) throw new Error('read did not run');
    await expect(ended.get('SELECT 1')).rejects.toThrow(/ended/);
  });

  it('rekeys: the old key stops working, the new key opens all data', async () => {
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    const connection = await openKeyed(oldKey, true);
    await connection.write(async (tx) => {
      await tx.exec('CREATE TABLE t (v TEXT)');
      for (let i = 0; i < 200; i++) await tx.run('INSERT INTO t VALUES (?)', [`row-${i}-${'x'.repeat(200)}`]);
    });
    await connection.rekey(newKey);
    expect(await connection.read((tx) => tx.get<{ n: number }>('SELECT count(*) AS n FROM t'))).toEqual({ n: 200 });
    await connection.close();

    await expect(Connection.open(file, oldKey)).rejects.toBeInstanceOf(WrongKeyError);
    const reopened = await openKeyed(newKey);
    expect(await reopened.read((tx) => tx.get<{ n: number }>('SELECT count(*) AS n FROM t'))).toEqual({ n: 200 });
  });

  it('keeps no copy of its key: the second reader opens under the key as its owner holds it at the first count, after a rekey too', async () => {
    const dek = randomBytes(32);
    const saved = Buffer.from(dek);
    const connection = await openKeyed(dek, true);
    await connection.write((tx) => tx.exec("CREATE TABLE t (v TEXT); INSERT INTO t VALUES ('one')"));
    const count = () => connection.readApart((tx) => tx.get<{ n: number }>('SELECT count(*) AS n FROM t'));
    // The owner's key zeroed before the first count: the connection has none of its own to open the second reader with.
    dek.fill(0);
    await expect(count()).rejects.toBeInstanceOf(WrongKeyError);
    saved.copy(dek);
    expect(await count()).toEqual({ n: 1 });

    // A rekey closes the second reader; the next count opens it under the rekey's key, read where its owner keeps it.
    const newKey = randomBytes(32);
    const savedNew = Buffer.from(newKey);
    await connection.rekey(newKey);
    newKey.fill(0);
    await expect(count()).rejects.toBeInstanceOf(WrongKeyError);
    savedNew.copy(newKey);
    expect(await count()).toEqual({ n: 1 });
    // The other handles were keyed at open and at the rekey, and go on.
    expect(await connection.read((tx) => tx.get<{ n: number }>('SELECT count(*) AS n FROM t'))).toEqual({ n: 1 });
  });

  it('keeps the bulk cache settings while any bulk write holds them, and restores them and truncates the WAL after the last', async () => {
    const connection = await openKeyed(randomBytes(32), true);
    // The bulk settings are the writer's (a read keeps its own cache).
    const settings = () =>
      connection.write(async (tx) => ({
        cacheKib: -Number((await tx.get<{ cache_size: unknown }>('PRAGMA cache_size'))?.cache_size),
        walPages: Number((await tx.get<{ wal_autocheckpoint: unknown }>('PRAGMA wal_autocheckpoint'))?.wal_autocheckpoint),
      }));
    const usual = { cacheKib: 8_000, walPages: 1_000 };
    const bulk = { cacheKib: 65_536, walPages: 16_000 };
    expect(await settings()).toEqual(usual);
    const sync = await connection.holdBulkCache();
    expect(await settings()).toEqual(bulk);
    const importJob = await connection.holdBulkCache();
    await sync();
    // The import still runs: the sync's release must not undo the settings under it.
    expect(await settings()).toEqual(bulk);
    await sync();
    expect(await settings()).toEqual(bulk);
    // 6 MB (over 1,500 pages) written under the bulk settings stay in the WAL: no checkpoint at 1,000 pages ...
    await connection.write(async (tx) => {
      await tx.exec('CREATE TABLE filler (value TEXT NOT NULL)');
      await tx.run('WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000) INSERT INTO filler (value) SELECT hex(randomblob(150)) FROM n');
    });
    expect((await stat(file)).size).toBeLessThan(1_000_000);
    expect((await stat(`${file}-wal`)).size).toBeGreaterThan(6_000_000);
    await importJob();
    expect(await settings()).toEqual(usual);
    // ... and the last release moved them into the database and truncated the WAL.
    expect((await stat(file)).size).toBeGreaterThan(6_000_000);
    expect((await stat(`${file}-wal`)).size).toBe(0);
    // A hold released after the connection closed (the vault locked mid-import) is a no-op.
    const late = await connection.holdBulkCache();
    await connection.close();
    await expect(late()).resolves.toBeUndefined();
  });

  it('throws LockedError after close, and openPlain writes a normal SQLite file', async () => {
    const connection = await Connection.openPlain(file, { create: true });
    await connection.write((tx) => tx.exec('CREATE TABLE t (v TEXT)'));
    await connection.close();
    await expect(connection.read(() => Promise.resolve(1))).rejects.toMatchObject({ code: 'LOCKED' });
    const raw = await readFile(file);
    expect(raw.subarray(0, 16).equals(SQLITE_MAGIC)).toBe(true);
  });
});
