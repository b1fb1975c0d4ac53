// Conformance: the key-rotation lock (store.ts) is held by one taker at a
// time and refused at once to the next, naming this process; release() and
// close() let the next one take it, and release() does not report the lock
// as lost (its signal; a loss: cli/rotate-lock-lost-postgres.test.ts). Where
// several instances share one database (server processes on several
// machines), that holds across instances too: the lock is the database's,
// not the instance's.
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import type { KeyRotationLock, Store } from '../store';
import type { MakeStore } from './fixtures';
import { useFreshStore } from './fresh-store';

async function take(store: Store): Promise<KeyRotationLock> {
  const attempt = await store.tryKeyRotationLock();
  if (!attempt.acquired) throw new Error(`The key-rotation lock was refused: ${JSON.stringify(attempt.holder)}`);
  return attempt.lock;
}

export function describeKeyRotationLock(makeStore: MakeStore, multiInstance: boolean): void {
  describe('key-rotation lock', () => {
    const current = useFreshStore(makeStore);

    it('refuses a second taker at once while held, naming this process, and is free again after release', async () => {
      const { store } = current();
      const lock = await take(store);
      const refused = await store.tryKeyRotationLock();
      expect(refused.acquired).toBe(false);
      if (!refused.acquired) expect(refused.holder.pid).toBe(process.pid);
      expect(lock.signal.aborted).toBe(false);
      await lock.release();
      await lock.release(); // a second release is harmless and frees nothing else
      // Released, not lost: a rotation that just finished is not told it lost the lock.
      expect(lock.signal.aborted).toBe(false);
      const again = await take(store);
      expect((await store.tryKeyRotationLock()).acquired).toBe(false);
      await again.release();
    });

    // Registered only for stores that run as several processes on one database.
    if (multiInstance) {
      it('is one lock for every instance on the database, and closing the holder frees it', async () => {
        const { store, openSibling } = current();
        if (openSibling === undefined) throw new Error('A multi-instance store must provide openSibling.');
        const sibling = await openSibling();
        try {
          const lock = await take(store);
          const refused = await sibling.tryKeyRotationLock();
          expect(refused).toEqual({ acquired: false, holder: { pid: process.pid, host: hostname() } });
          await lock.release();
          await take(sibling);
          expect((await store.tryKeyRotationLock()).acquired).toBe(false);
          // The sibling closes without releasing (a process that ends): the lock goes with it.
          await sibling.close();
          await (await take(store)).release();
        } finally {
          await sibling.close();
        }
      });
    }
  });
}
