// The vault's DEK holder (database-key.ts): one buffer, no copy; a rekey's
// new key replaces it and the old one is zeroed; after the vault locks it is
// zeroed and refuses, and a connection that asks it then (its second reader
// opening) gets LockedError, with no key of its own to fall back on. On a
// real SQLCipher file.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LockedError } from '../../src-shared/ipc/errors';
import { Connection } from './connection';
import { VaultKey } from './database-key';

const zeroes = Buffer.alloc(32);

describe('VaultKey', () => {
  it('answers with the buffer it was given, takes the key of a rekey, zeroing the old one, and refuses once zeroed', () => {
    const first = randomBytes(32);
    const key = new VaultKey(first);
    expect(key.current()).toBe(first);

    const next = randomBytes(32);
    const nextCopy = Buffer.from(next);
    key.rekeyed(next);
    expect(first.equals(zeroes)).toBe(true);
    expect(key.current()).toBe(next);
    expect(next.equals(nextCopy)).toBe(true);

    key.zero();
    expect(next.equals(zeroes)).toBe(true);
    expect(() => key.current()).toThrow(LockedError);
    expect(() => key.rekeyed(randomBytes(32))).toThrow(LockedError);
  });
});

describe('a connection on a VaultKey (real SQLCipher file)', () => {
  let dir: string;
  let connection: Connection | null = null;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'fieldvault-dbkey-'));
  });

  afterEach(async () => {
    await connection?.close();
    connection = null;
    await rm(dir, { recursive: true, force: true });
  });

  it('asks the key for its second reader at the first count, and gets a refusal once the key is zeroed', async () => {
    const key = new VaultKey(randomBytes(32));
    const opened = await Connection.open(path.join(dir, 'vault.db'), key, { create: true });
    connection = opened;
    await opened.write((tx) => tx.exec('CREATE TABLE t (v TEXT)'));
    const count = () => opened.readApart((tx) => tx.get<{ n: number }>('SELECT count(*) AS n FROM t'));

    key.zero();
    await expect(count()).rejects.toBeInstanceOf(LockedError);
    // The handles keyed at open go on; only a handle opened after the key was zeroed has none.
    expect(await opened.read((tx) => tx.get<{ n: number }>('SELECT count(*) AS n FROM t'))).toEqual({ n: 0 });
  });

  it('opens the second reader under the key of a rekey, handed to the VaultKey, which zeroed the old one', async () => {
    const first = randomBytes(32);
    const key = new VaultKey(first);
    const opened = await Connection.open(path.join(dir, 'vault.db'), key, { create: true });
    connection = opened;
    await opened.write((tx) => tx.exec("CREATE TABLE t (v TEXT); INSERT INTO t VALUES ('one')"));
    const next = randomBytes(32);
    await opened.rekey(next);
    expect(key.current()).toBe(next);
    expect(first.equals(zeroes)).toBe(true);
    expect(await opened.readApart((tx) => tx.get<{ n: number }>('SELECT count(*) AS n FROM t'))).toEqual({ n: 1 });
  });
});
