// The checkpoint an erase makes on the real SQLite store: a reader that holds
// the WAL past the lock wait makes it give up (the erase commits anyway), and
// the erased values' frames stay in the -wal file, which no automatic
// checkpoint truncates. Before, nothing tried again; now the checkpoint is
// owed, and the next write transaction, once the reader has gone, truncates
// the WAL. The owed mark is in the file (sqlite-checkpoint.ts), so a store
// also settles it when it opens (after a crash of the process that erased).
import Database from 'better-sqlite3';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStore } from './sqlite-store';

describe('the SQLite store’s checkpoint after an erase', () => {
  let dir = '';
  afterEach(async () => {
    if (dir !== '') await rm(dir, { recursive: true, force: true });
    dir = '';
  });

  it('is owed when a reader held it up, and made by the next write once the reader has gone', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'fieldvault-store-checkpoint-'));
    const file = path.join(dir, 'store.db');
    const store = new SqliteStore(file, { lockWaitMs: 100 });
    const walSize = async () => (await stat(`${file}-wal`)).size;
    // Another process's reader, its snapshot taken before the erase.
    const reader = new Database(file, { readonly: true });
    try {
      reader.exec('BEGIN');
      reader.prepare('SELECT count(*) AS n FROM erasures').get();
      const erased = await store.transaction((tx) =>
        tx.eraseRecord({ entity: 'contacts', recordId: '0190a5d0-ac96-774b-bcce-b302099a8057', commitSeq: 1, erasedAt: 1_000, erasedByUserId: 'admin-1' }),
      );
      expect(erased).toBe(false);
      // The erase committed; its checkpoint gave up while the reader held the WAL.
      expect(await walSize()).toBeGreaterThan(0);
      reader.exec('COMMIT');
      // A write with nothing to do with erasure: the owed checkpoint is made behind it.
      await store.transaction(() => Promise.resolve());
      expect(await walSize()).toBe(0);
    } finally {
      reader.close();
      await store.close();
    }
  });

  it('is made when the store opens, so an owed one a crash forgot is not lost with it', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'fieldvault-store-checkpoint-'));
    const file = path.join(dir, 'store.db');
    const crashed = new SqliteStore(file, { lockWaitMs: 100 });
    const walSize = async () => (await stat(`${file}-wal`)).size;
    const reader = new Database(file, { readonly: true });
    reader.exec('BEGIN');
    reader.prepare('SELECT count(*) AS n FROM erasures').get();
    await crashed.transaction((tx) =>
      tx.eraseRecord({ entity: 'contacts', recordId: '0190a5d0-ac96-774b-bcce-b302099a8058', commitSeq: 1, erasedAt: 1_000, erasedByUserId: 'admin-1' }),
    );
    reader.exec('COMMIT');
    reader.close();
    // The process stops before its next write (kill -9: the owed mark was in its memory only); a new one opens the folder.
    expect(await walSize()).toBeGreaterThan(0);
    const restarted = new SqliteStore(file, { lockWaitMs: 100 });
    try {
      expect(await walSize()).toBe(0);
    } finally {
      await restarted.close();
      await crashed.close();
    }
  });
});
