// The checkpoint an erase owes outlives the store that erased: two real
// SQLite stores on one file, as `serve` and `fieldvault-server erase` are.
// While the serving store holds a read, the other erases and closes: its
// checkpoint never went through, it says so, and the erased record's sealed
// bytes are still in the -wal file. Before, the debt was in the closing
// store's memory and went with it: the serving store never checkpointed, and
// the bytes stayed for good. Now the erase marks it in the file, and the
// serving store's timer settles it once its read is over.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RecordKey } from '../../../src-shared/sync/protocol';
import { checkpointOwedStep } from './sqlite-checkpoint';
import { SqliteStore } from './sqlite-store';

/** A ciphertext no other byte run in the file matches: what an erasure must leave nowhere. */
const ciphertext = Buffer.from(`sealed-erased-canary-${'7f3a'.repeat(24)}`);

async function holds(file: string): Promise<boolean> {
  const parts = await Promise.all([file, `${file}-wal`].map((name) => readFile(name).catch(() => Buffer.alloc(0))));
  return parts.some((bytes) => bytes.includes(ciphertext));
}

async function writeRecord(store: SqliteStore, key: RecordKey): Promise<void> {
  await store.transaction(async (tx) => {
    const seq = await tx.allocateCommit({ kind: 'push', deviceId: null, userId: 'user-1', at: 1_000 });
    await tx.insertRecord({ ...key, ownerUserId: 'user-1', teamId: null, territoryId: null, createdSeq: seq, bucketSeq: seq, deletedSeq: null, deleteHlc: null, sealed: { keyId: 'key-1', ciphertext } });
  });
}

async function erase(store: SqliteStore, key: RecordKey): Promise<void> {
  await store.transaction(async (tx) => {
    const seq = await tx.allocateCommit({ kind: 'erase', deviceId: null, userId: 'admin-1', at: 2_000 });
    await tx.eraseRecord({ ...key, commitSeq: seq, erasedAt: 2_000, erasedByUserId: 'admin-1' });
  });
}

describe('an erase’s owed checkpoint on a file two stores share', () => {
  let dir = '';
  afterEach(async () => {
    if (dir !== '') await rm(dir, { recursive: true, force: true });
    dir = '';
  });

  it('is reported by the store that closes owing it, and settled by the other store’s timer once its read is over', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'fieldvault-checkpoint-debt-'));
    const file = path.join(dir, 'store.db');
    const serving = new SqliteStore(file, { lockWaitMs: 100, checkpointRetryMs: 100 });
    const key: RecordKey = { entity: 'contacts', recordId: '0190a5d0-ac96-774b-bcce-b302099a8060' };
    try {
      await writeRecord(serving, key);
      let endRead = (): void => undefined;
      const readOver = new Promise<void>((resolve) => (endRead = resolve));
      let snapshotTaken = (): void => undefined;
      const reading = new Promise<void>((resolve) => (snapshotTaken = resolve));
      // A pull on the serving store, its snapshot taken before the erase and held through it.
      const pull = serving.read(async (tx) => {
        await tx.head();
        snapshotTaken();
        await readOver;
      });
      await reading;

      const erasing = new SqliteStore(file, { lockWaitMs: 100, checkpointRetryMs: 100 });
      await erase(erasing, key);
      await erasing.close();
      expect(erasing.erasureCheckpointOwed()).toBe(true);
      expect(await holds(file)).toBe(true);

      endRead();
      await pull;
      expect(await serving.read((tx) => tx.serverStepDoneAt(checkpointOwedStep))).toBeGreaterThan(0);
      // No write on the serving store: its timer finds the mark in the file and settles it.
      await expect.poll(() => serving.read((tx) => tx.serverStepDoneAt(checkpointOwedStep)), { timeout: 5_000 }).toBeNull();
      expect(serving.erasureCheckpointOwed()).toBe(false);
      expect(await holds(file)).toBe(false);
    } finally {
      await serving.close();
    }
  });
});
