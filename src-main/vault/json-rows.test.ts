import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Connection, type SqlValue, type WriteTx } from './connection';
import { insertRows, insertRowsReturning, jsonRowsText, rowBatches, rowSources, statementSizes } from './json-rows';

describe('rows bound as one JSON text (real SQLCipher file)', () => {
  let dir: string;
  let connection: Connection;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'fieldvault-json-rows-'));
    connection = await Connection.open(path.join(dir, 'test.db'), randomBytes(32), { create: true });
    // The column types the vault's tables use: TEXT and INTEGER, plus one without affinity to see types exactly.
    await connection.write((tx) =>
      tx.exec(`
        CREATE TABLE viaJson (seq INTEGER PRIMARY KEY, t TEXT, i INTEGER, a ANY);
        CREATE TABLE viaBinding (seq INTEGER PRIMARY KEY, t TEXT, i INTEGER, a ANY);
        CREATE TABLE versions (k TEXT PRIMARY KEY, v TEXT NOT NULL);`),
    );
  });

  afterAll(async () => {
    await connection.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** Each column as SQLite stores it: its type and its exact bytes. */
  const stored = (tx: WriteTx, table: string) =>
    tx.all(`SELECT seq, typeof(t) AS tt, hex(t) AS t, typeof(i) AS ti, hex(i) AS i, typeof(a) AS ta, hex(a) AS a FROM ${table} ORDER BY seq`);

  const text = fc.oneof(
    fc.constant(null),
    fc.string({ unit: 'binary' }),
    fc.string({ unit: 'grapheme-composite' }),
    fc.constantFrom('', '\0', 'quote"back\\slash', '\\ud800', 'a\ud800b', '\udfff', '😀', '=HYPERLINK("x")', '\u202eRTL'),
  );
  const number = fc.oneof(
    fc.integer(),
    fc.maxSafeInteger(),
    fc.double(),
    fc.constantFrom(-0, 1672531200000, Number.MAX_SAFE_INTEGER, 2 ** 53, 1e21, Number.NaN, Number.POSITIVE_INFINITY),
  );

  // As in the vault, numbers go to INTEGER columns only (a TEXT column would keep 2^31 as '2147483648', where binding's REAL gives '2147483648.0').
  it('stores every value exactly as binding it one by one would', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(text, fc.oneof(text, number), fc.oneof(text, fc.integer())), { minLength: 1, maxLength: 40 }), async (rows) => {
        const [json, bound] = await connection.write(async (tx) => {
          await tx.exec('DELETE FROM viaJson; DELETE FROM viaBinding');
          await insertRows(tx, 'INSERT INTO viaJson (t, i, a)', rows);
          for (const row of rows) await tx.run('INSERT INTO viaBinding (t, i, a) VALUES (?, ?, ?)', row);
          return [await stored(tx, 'viaJson'), await stored(tx, 'viaBinding')];
        });
        expect(json).toEqual(bound);
      }),
      { numRuns: 150 },
    );
  });

  it('binds one text for rows JSON carries exactly, and falls back for the rest', () => {
    expect(jsonRowsText([['a', 1, null]])).toBe('[["a",1,null]]');
    expect(jsonRowsText([['a\ud800']])).toBeNull();
    expect(jsonRowsText([['😀 名字', 'x\udfff']])).toBeNull();
    // Text that merely spells an escape is carried as JSON, and so is a well-formed pair.
    expect(jsonRowsText([['\\ud800', '😀 名字']])).toBe(JSON.stringify([['\\ud800', '😀 名字']]));
    expect(jsonRowsText([[0.5]])).toBeNull();
    expect(jsonRowsText([[2 ** 53]])).toBeNull();
    expect(jsonRowsText([[Buffer.from('x')]])).toBeNull();
  });

  it('keeps input order across statements, and an ON CONFLICT tail applies to each', async () => {
    const rows: SqlValue[][] = Array.from({ length: 4_500 }, (_, index) => [`k${index % 3_000}`, `v${index}`]);
    const result = await connection.write(async (tx) => {
      await insertRows(tx, 'INSERT INTO versions (k, v)', rows, 'ON CONFLICT (k) DO UPDATE SET v = excluded.v');
      return tx.all<{ k: string; v: string }>("SELECT k, v FROM versions WHERE k IN ('k0', 'k1499', 'k1500', 'k2999') ORDER BY k");
    });
    // k0..k1499 were written twice (rows 0-1499, then 3000-4499): the later value wins.
    expect(result).toEqual([
      { k: 'k0', v: 'v3000' },
      { k: 'k1499', v: 'v4499' },
      { k: 'k1500', v: 'v1500' },
      { k: 'k2999', v: 'v2999' },
    ]);
    const inOrder = await connection.write(async (tx) => {
      await tx.exec('DELETE FROM viaJson');
      await insertRows(tx, 'INSERT INTO viaJson (t, i, a)', Array.from({ length: 5_000 }, (_, index) => [`r${index}`, index, null]));
      return tx.all<{ bad: number }>('SELECT count(*) AS bad FROM viaJson WHERE i <> seq - (SELECT min(seq) FROM viaJson)');
    });
    expect(inOrder).toEqual([{ bad: 0 }]);
  });

  it('returns every inserted row with a RETURNING tail', async () => {
    const returned = await connection.write(async (tx) => {
      await tx.exec('DELETE FROM viaJson');
      return insertRowsReturning(tx, 'INSERT INTO viaJson (t, i, a)', Array.from({ length: 2_500 }, (_, index) => [`r${index}`, index, 'x']), 'RETURNING i');
    });
    expect(returned).toHaveLength(2_500);
    expect(new Set(returned.map((row) => (row as { i: number }).i)).size).toBe(2_500);
  });

  it('reads rows as a table for UPDATE … FROM, as JSON and as VALUES alike', async () => {
    const result = await connection.write(async (tx) => {
      await tx.exec("DELETE FROM viaJson; INSERT INTO viaJson (seq, t, i) VALUES (1, 'one', 1), (2, 'two', 2), (3, 'three', 3)");
      for (const rows of [
        [[1, 'uno'], [3, 'tres']],
        [[2, 'due\ud800']],
      ] satisfies SqlValue[][][]) {
        for (const source of rowSources(rows, 'v')) {
          await tx.run(`UPDATE viaJson SET t = v.column2 FROM ${source.sql} WHERE viaJson.seq = v.column1`, source.params);
        }
      }
      return tx.all('SELECT seq, t FROM viaJson ORDER BY seq');
    });
    expect(result).toEqual([
      { seq: 1, t: 'uno' },
      { seq: 2, t: 'due\ufffd' },
      { seq: 3, t: 'tres' },
    ]);
    expect([...rowSources([[1, 'a']], 'v')].map((source) => source.sql)).toEqual([expect.stringContaining('jsonb_each')]);
    expect([...rowSources([[1, 'a\udc00']], 'v')].map((source) => source.sql)).toEqual([expect.stringContaining('VALUES')]);
  });

  it('keeps a VALUES fallback under the SQLite parameter limit: 2,000 rows of 20 columns', async () => {
    const columns = Array.from({ length: 20 }, (_, index) => `c${index}`);
    const rows: SqlValue[][] = Array.from({ length: 2_000 }, (_, row) => [row, ...columns.slice(1).map(() => 'x\ud800')]);
    const sources = [...rowSources(rows, 'v')];
    expect(sources.length).toBeGreaterThan(1);
    for (const source of sources) expect(source.params.length).toBeLessThanOrEqual(32_766);
    const updated = await connection.write(async (tx) => {
      await tx.exec(`CREATE TABLE wide (${columns.join(' TEXT, ')} TEXT)`);
      await insertRows(tx, `INSERT INTO wide (${columns.join(', ')})`, rows.map((row) => row.map(() => 'old')).map((row, index) => [index, ...row.slice(1)]));
      for (const source of sources) {
        await tx.run(`UPDATE wide SET c1 = v.column2 FROM ${source.sql} WHERE wide.c0 = v.column1`, source.params);
      }
      return tx.all<{ n: number }>("SELECT count(*) AS n FROM wide WHERE c1 = 'x\ufffd'");
    });
    expect(updated).toEqual([{ n: 2_000 }]);
  });

  it('splits batches at 2,000 rows or 4 million characters, a larger row alone', () => {
    const small = Array.from({ length: 4_100 }, () => ['x']);
    expect(rowBatches(small).map((batch) => batch.length)).toEqual([2_000, 2_000, 100]);
    const big = 'n'.repeat(3_000_000);
    expect(rowBatches([['a'], [big], [big], ['b'], ['c'.repeat(5_000_000)], ['d']]).map((batch) => batch.length)).toEqual([2, 2, 1, 1]);
    expect(rowBatches([])).toEqual([]);
  });

  it('writes placeholder batches of a few sizes, so prepared statements are reused', () => {
    expect(statementSizes(0, 128)).toEqual([]);
    expect(statementSizes(300, 128)).toEqual([128, 128, 32, 8, 4]);
    expect(statementSizes(127, 128)).toEqual([64, 32, 16, 8, 4, 2, 1]);
    expect(statementSizes(10, 4)).toEqual([4, 4, 2]);
    for (let total = 0; total < 700; total += 1) expect(statementSizes(total, 128).reduce((sum, size) => sum + size, 0)).toBe(total);
  });
});
