// A key rotation whose PRAGMA rekey fails inside SQLCipher (another
// connection held the write lock past the busy timeout; a full disk does the
// same): SQLCipher rolls the rekey back and still answers "ok", with the
// writer's write key switched to the new key and its read key the old one.
// The connection now proves the new key by opening a reader with it before
// it relies on it, and on any failure after the PRAGMA takes no more work on
// that writer: before, the failure was found only after the old key was let
// go, and the writes queued meanwhile (a sync page, an import chunk) were
// written under the new key into a file under the old one, unreadable at
// the next unlock. Real SQLCipher files; the other connection's lock is
// taken at the moment the PRAGMA is sent.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import sqlcipher from '@journeyapps/sqlcipher';
import { Connection } from './connection';
import { rawKeyLiteral } from './open-handle';

type Callback = (error: Error | null, rows: unknown[]) => void;

/** Another connection on the file, keyed, that takes the write lock (BEGIN IMMEDIATE) when asked. */
function lockHolder(file: string, dek: Buffer): Promise<sqlcipher.Database> {
  return new Promise((resolve, reject) => {
    const db = new sqlcipher.Database(file, sqlcipher.OPEN_READWRITE, (error) => {
      if (error) reject(error);
      else db.exec(`PRAGMA key = ${rawKeyLiteral(dek)}; PRAGMA busy_timeout = 0;`, (keyed) => (keyed ? reject(keyed) : resolve(db)));
    });
  });
}

describe('a rekey that SQLCipher rolls back but answers "ok"', () => {
  let dir: string;
  let file: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'fieldvault-rekey-fail-'));
    file = path.join(dir, 'test.db');
  });

  afterEach(async () => {
    vi.restoreAllMocks();
    await rm(dir, { recursive: true, force: true });
  });

  it('fails, takes no more writes on that writer, and leaves every row readable under the old key', { timeout: 30_000 }, async () => {
    const oldKey = randomBytes(32);
    const connection = await Connection.open(file, Buffer.from(oldKey), { create: true });
    await connection.write(async (tx) => {
      await tx.exec('CREATE TABLE t (v TEXT)');
      await tx.run("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500) INSERT INTO t SELECT hex(randomblob(50)) FROM n");
    });
    const holder = await lockHolder(file, oldKey);
    // When the rekey is sent, the other connection holds the write lock until the PRAGMA answers.
    const native = sqlcipher.Database.prototype;
    const original = Reflect.get(native, 'all') as (this: sqlcipher.Database, sql: string, params: unknown, callback: Callback) => sqlcipher.Database;
    vi.spyOn(native, 'all').mockImplementation(function (this: sqlcipher.Database, sql: string, params: unknown, callback: Callback) {
      if (!sql.startsWith('PRAGMA rekey')) return original.call(this, sql, params, callback);
      holder.exec('BEGIN IMMEDIATE', (locked) => {
        if (locked) throw locked;
        original.call(this, sql, params, (error: Error | null, rows: unknown[]) => {
          holder.exec('ROLLBACK', () => callback(error, rows));
        });
      });
      return this;
    });

    const rekeyed = connection.rekey(randomBytes(32));
    // A write queued behind the rotation (a sync page, an import chunk).
    const queued = connection.write((tx) => tx.run("INSERT INTO t VALUES ('queued behind the rotation')"));
    await expect(rekeyed).rejects.toThrow();
    await expect(queued).rejects.toThrow();
    vi.restoreAllMocks();
    await new Promise<void>((resolve) => holder.close(() => resolve()));
    await connection.close();

    // The file is whole under the old key: every page reads, no row was written under the new one.
    const reopened = await Connection.open(file, Buffer.from(oldKey));
    try {
      expect(await reopened.read((tx) => tx.all<{ cipher_integrity_check: string }>('PRAGMA cipher_integrity_check'))).toEqual([]);
      expect(await reopened.read((tx) => tx.get<{ n: number }>('SELECT count(*) AS n FROM t'))).toEqual({ n: 500 });
    } finally {
      await reopened.close();
    }
  });
});
