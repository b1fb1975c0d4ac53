// The vault's pages on disk are SQLCipher 4's format, checked against an
// implementation that shares nothing with the driver: Node's own AES-256-CBC,
// HMAC-SHA512 and PBKDF2, and plain SQLite (better-sqlite3) for the decrypted
// file. scripts/vault-driver.mjs changes how the driver calls OpenSSL (the
// algorithms are fetched once, not per page); a change there that still agreed
// with itself — the wrong digest, a stale IV — would pass every other vault
// test, and make vaults that no other SQLCipher reads. Both directions are
// checked: pages the driver wrote decode here, and pages encoded here open in
// the driver.
//
// The format with a raw key: the file's first 16 bytes are the salt; every
// page ends in an 80-byte reserve holding a random IV (16 bytes) and an
// HMAC-SHA512 (64) of the page's ciphertext and IV followed by its page
// number (4 bytes, little-endian), keyed with PBKDF2-HMAC-SHA512(key, salt
// XOR 0x3a, 2 iterations, 32 bytes). Page 1's ciphertext starts after the salt.
import { createCipheriv, createDecipheriv, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Connection } from './connection';

const PAGE = 4096;
const SALT = 16;
const IV = 16;
const MAC = 64;
const RESERVE = 80;
const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');
const Row = z.object({ id: z.number(), v: z.string() });

function macKey(dek: Buffer, salt: Buffer): Buffer {
  return pbkdf2Sync(dek, Buffer.from(salt.map((byte) => byte ^ 0x3a)), 2, 32, 'sha512');
}

function pageMac(key: Buffer, cipherAndIv: Buffer, pageNumber: number): Buffer {
  const number = Buffer.alloc(4);
  number.writeUInt32LE(pageNumber);
  return createHmac('sha512', key).update(cipherAndIv).update(number).digest();
}

/** Decrypts a SQLCipher file into the plain SQLite file it holds; throws on a page whose HMAC does not match. */
function decryptFile(file: Buffer, dek: Buffer): Buffer {
  expect(file.length % PAGE).toBe(0);
  const salt = file.subarray(0, SALT);
  const key = macKey(dek, salt);
  const plain = Buffer.alloc(file.length);
  for (let index = 0; index < file.length / PAGE; index += 1) {
    const page = file.subarray(index * PAGE, (index + 1) * PAGE);
    const start = index === 0 ? SALT : 0;
    const end = PAGE - RESERVE;
    const iv = page.subarray(end, end + IV);
    const expected = pageMac(key, page.subarray(start, end + IV), index + 1);
    if (!expected.equals(page.subarray(end + IV, end + IV + MAC))) throw new Error(`page ${index + 1}: the HMAC does not match`);
    const decipher = createDecipheriv('aes-256-cbc', dek, iv).setAutoPadding(false);
    Buffer.concat([decipher.update(page.subarray(start, end)), decipher.final()]).copy(plain, index * PAGE + start);
  }
  SQLITE_MAGIC.copy(plain, 0);
  return plain;
}

/** Encrypts a plain SQLite file (with 80 reserved bytes a page) into a SQLCipher file under dek, with a new salt and IVs. */
function encryptFile(plain: Buffer, dek: Buffer): Buffer {
  const salt = randomBytes(SALT);
  const key = macKey(dek, salt);
  const file = Buffer.alloc(plain.length);
  salt.copy(file, 0);
  for (let index = 0; index < plain.length / PAGE; index += 1) {
    const start = index === 0 ? SALT : 0;
    const end = PAGE - RESERVE;
    const base = index * PAGE;
    const iv = randomBytes(IV);
    const cipher = createCipheriv('aes-256-cbc', dek, iv).setAutoPadding(false);
    Buffer.concat([cipher.update(plain.subarray(base + start, base + end)), cipher.final()]).copy(file, base + start);
    iv.copy(file, base + end);
    pageMac(key, file.subarray(base + start, base + end + IV), index + 1).copy(file, base + end + IV);
  }
  return file;
}

describe('vault pages on disk (SQLCipher 4 format, checked with Node crypto and plain SQLite)', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'fieldvault-pages-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** Rows of mixed sizes: some share pages, one spills onto overflow pages. */
  function sampleRows(): { id: number; v: string }[] {
    const rows = Array.from({ length: 1_500 }, (_, index) => ({ id: index + 1, v: randomBytes(40 + (index % 200)).toString('hex') }));
    rows.push({ id: 1_501, v: randomBytes(10_000).toString('hex') });
    return rows;
  }

  /** Creates table t (its root is page 2) holding rows, through the driver, and closes the file. */
  async function writeThroughDriver(file: string, dek: Buffer, rows: readonly { id: number; v: string }[], extra = ''): Promise<void> {
    const connection = await Connection.open(file, dek, { create: true });
    try {
      await connection.write(async (tx) => {
        await tx.exec(`CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL); ${extra}`);
        for (const row of rows) await tx.run('INSERT INTO t (id, v) VALUES (?, ?)', [row.id, row.v]);
      });
    } finally {
      await connection.close();
    }
  }

  it('writes pages that decrypt and authenticate with Node crypto into a file plain SQLite reads', async () => {
    const dek = randomBytes(32);
    const file = path.join(dir, 'vault.db');
    const rows = sampleRows();
    await writeThroughDriver(file, dek, rows, 'CREATE INDEX t_v ON t (v)');
    // Closing the last connection copied the WAL into the file and removed it.
    await expect(stat(`${file}-wal`)).rejects.toThrow();
    const encrypted = await readFile(file);
    expect(encrypted.length / PAGE).toBeGreaterThan(100);
    expect(encrypted.includes(Buffer.from(rows[0]?.v ?? '-', 'latin1'))).toBe(false);

    const plainFile = path.join(dir, 'plain.db');
    await writeFile(plainFile, decryptFile(encrypted, dek));
    const plain = new Database(plainFile, { readonly: true });
    try {
      expect(plain.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(z.array(Row).parse(plain.prepare('SELECT id, v FROM t ORDER BY id').all())).toEqual(rows);
    } finally {
      plain.close();
    }

    // A flipped bit anywhere in a page's ciphertext fails its HMAC here, as in SQLCipher.
    const tampered = Buffer.from(encrypted);
    tampered[5 * PAGE + 100] = (tampered[5 * PAGE + 100] ?? 0) ^ 1;
    expect(() => decryptFile(tampered, dek)).toThrow('page 6: the HMAC does not match');
  });

  it('opens pages encrypted by Node crypto, and refuses one with a wrong HMAC', async () => {
    const dek = randomBytes(32);
    const source = path.join(dir, 'source.db');
    const rows = sampleRows();
    await writeThroughDriver(source, dek, rows);
    // Change the data in plain SQLite, so the pages below were last written by neither the driver nor SQLCipher.
    const plainFile = path.join(dir, 'plain.db');
    await writeFile(plainFile, decryptFile(await readFile(source), dek));
    const plain = new Database(plainFile);
    try {
      plain.pragma('journal_mode = DELETE');
      plain.prepare('UPDATE t SET v = ? WHERE id = ?').run('changed outside the driver', 7);
      plain.prepare('DELETE FROM t WHERE id > 1000').run();
    } finally {
      plain.close();
    }
    const newDek = randomBytes(32);
    const encoded = encryptFile(await readFile(plainFile), newDek);
    const target = path.join(dir, 'encoded.db');
    await writeFile(target, encoded);

    const reopened = await Connection.open(target, newDek);
    try {
      const read = await reopened.read((tx) => tx.all('SELECT id, v FROM t ORDER BY id'));
      const expected = rows.filter((row) => row.id <= 1000).map((row) => (row.id === 7 ? { id: 7, v: 'changed outside the driver' } : row));
      expect(z.array(Row).parse(read)).toEqual(expected);
      expect(await reopened.read((tx) => tx.all('PRAGMA cipher_integrity_check'))).toEqual([]);
    } finally {
      await reopened.close();
    }

    // One byte of page 2's HMAC changed (the root of t): the driver refuses to read t.
    const wrong = Buffer.from(encoded);
    wrong[2 * PAGE - 1] = (wrong[2 * PAGE - 1] ?? 0) ^ 0xff;
    await writeFile(target, wrong);
    const refusing = await Connection.open(target, newDek);
    try {
      await expect(refusing.read((tx) => tx.all('SELECT count(*) AS n, sum(length(v)) AS bytes FROM t'))).rejects.toThrow();
    } finally {
      await refusing.close();
    }
  });
});
