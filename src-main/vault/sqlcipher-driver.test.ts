import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadDriver, statementCacheSize, type DriverDatabase } from './sqlcipher-driver';

describe('the driver’s prepared-statement cache (real SQLCipher file)', () => {
  let dir: string;
  let file: string;
  let db: DriverDatabase;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'fieldvault-driver-'));
    file = path.join(dir, 'test.db');
    await writeFile(file, '', { mode: 0o600 });
    db = await (await loadDriver()).open(file);
    await db.all(`PRAGMA key = "x'${randomBytes(32).toString('hex')}'"`);
    await db.all('PRAGMA journal_mode = WAL');
    await db.exec('CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT NOT NULL UNIQUE)');
  });

  afterEach(async () => {
    await db.close().catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  });

  it('prepares a statement once and reuses it with new bindings', async () => {
    for (let k = 1; k <= 5; k += 1) await db.prepared.run('INSERT INTO t (k, v) VALUES (?, ?)', [k, `v${k}`]);
    expect(db.prepared.size()).toBe(1);
    expect(await db.prepared.all('SELECT k FROM t WHERE k > ? ORDER BY k', [3])).toEqual([{ k: 4 }, { k: 5 }]);
    expect(await db.prepared.all('SELECT k FROM t WHERE k > ? ORDER BY k', [1])).toEqual([{ k: 2 }, { k: 3 }, { k: 4 }, { k: 5 }]);
    expect(db.prepared.size()).toBe(2);
  });

  it('runs statements without parameters again from the start', async () => {
    await db.exec("INSERT INTO t (k, v) VALUES (1, 'a'), (2, 'b')");
    expect(await db.prepared.get('SELECT k FROM t ORDER BY k')).toEqual({ k: 1 });
    expect(await db.prepared.get('SELECT k FROM t ORDER BY k')).toEqual({ k: 1 });
    expect(await db.prepared.all('SELECT count(*) AS n FROM t')).toEqual([{ n: 2 }]);
    expect(await db.prepared.all('SELECT count(*) AS n FROM t')).toEqual([{ n: 2 }]);
  });

  it('leaves no statement open after get: the WAL checkpoints fully and the table can be dropped', async () => {
    await db.exec("INSERT INTO t (k, v) VALUES (1, 'a'), (2, 'b'), (3, 'c')");
    expect(await db.prepared.get('SELECT v FROM t ORDER BY k')).toEqual({ v: 'a' });
    const [checkpoint] = await db.all<{ busy: number; log: number; checkpointed: number }>('PRAGMA wal_checkpoint(TRUNCATE)');
    expect(checkpoint?.busy).toBe(0);
    expect((await stat(`${file}-wal`)).size).toBe(0);
    await db.exec('DROP TABLE t');
    await expect(db.prepared.get('SELECT v FROM t ORDER BY k')).rejects.toThrow(/no such table/);
  });

  it('rejects a statement that does not prepare, keeps nothing of it, and goes on working', async () => {
    await expect(db.prepared.run('INSERT INTO missing (v) VALUES (?)', ['x'])).rejects.toThrow(/no such table: missing/);
    await expect(db.prepared.all('SELEKT 1')).rejects.toThrow(/syntax error/);
    expect(db.prepared.size()).toBe(0);
    await db.prepared.run('INSERT INTO t (k, v) VALUES (?, ?)', [1, 'a']);
    expect(await db.prepared.all('SELECT v FROM t')).toEqual([{ v: 'a' }]);
  });

  it('reuses a statement after a constraint error, with the new bindings', async () => {
    const insert = 'INSERT INTO t (k, v) VALUES (?, ?)';
    await db.prepared.run(insert, [1, 'a']);
    await expect(db.prepared.run(insert, [2, 'a'])).rejects.toThrow(/UNIQUE constraint failed/);
    await db.prepared.run(insert, [2, 'b']);
    expect(await db.prepared.all('SELECT k, v FROM t ORDER BY k')).toEqual([
      { k: 1, v: 'a' },
      { k: 2, v: 'b' },
    ]);
  });

  it('sees schema changes through a cached statement', async () => {
    await db.exec("INSERT INTO t (k, v) VALUES (1, 'a')");
    expect(await db.prepared.all('SELECT * FROM t')).toEqual([{ k: 1, v: 'a' }]);
    await db.exec("ALTER TABLE t ADD COLUMN w TEXT NOT NULL DEFAULT 'w'");
    expect(await db.prepared.all('SELECT * FROM t')).toEqual([{ k: 1, v: 'a', w: 'w' }]);
  });

  it('never keeps a PRAGMA (a key may be in its text) or an EXPLAIN (it would hold tables locked) prepared', async () => {
    expect(await db.prepared.all('PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
    expect(await db.prepared.get('pragma foreign_keys')).toEqual({ foreign_keys: 0 });
    await db.exec('CREATE INDEX t_v ON t (v)');
    const plan = await db.prepared.all<{ detail: string }>('EXPLAIN QUERY PLAN SELECT k FROM t WHERE v = ?', ['a']);
    expect(plan.map((row) => row.detail).join()).toMatch(/SEARCH t USING/);
    expect((await db.prepared.all('EXPLAIN SELECT k FROM t WHERE v = ?', ['a'])).length).toBeGreaterThan(3);
    await db.exec('DROP INDEX t_v');
    expect(db.prepared.size()).toBe(0);
  });

  it('holds at most statementCacheSize statements, finalizing the least recently used, and closes with them all', async () => {
    const distinct = (index: number) => `SELECT ${index} AS n, count(*) AS c FROM t`;
    await db.prepared.all(distinct(0));
    for (let index = 1; index <= statementCacheSize + 10; index += 1) {
      expect(await db.prepared.all(distinct(index))).toEqual([{ n: index, c: 0 }]);
      // Keep statement 0 recently used: it must survive every eviction.
      if (index % 16 === 0) await db.prepared.all(distinct(0));
    }
    expect(db.prepared.size()).toBe(statementCacheSize);
    const before = db.prepared.size();
    await db.prepared.all(distinct(0));
    expect(db.prepared.size()).toBe(before);
    // close() refuses (SQLITE_BUSY) while a statement is unfinalized: it resolving proves the cache finalized them all.
    await db.close();
    db = await (await loadDriver()).open(file);
  });

  it('closes while a cached statement still has work queued', async () => {
    const insert = 'INSERT INTO t (k, v) VALUES (?, ?)';
    const writes = [1, 2, 3].map((k) => db.prepared.run(insert, [k, `v${k}`]));
    const closed = db.close();
    await Promise.all(writes);
    await closed;
    db = await (await loadDriver()).open(file);
  });
});
