// Conformance: a write transaction waits for this instance's earlier ones in
// memory for a bounded time only (store/write-queue.ts). One that waits past
// the store's writeQueueMs fails with BUSY while the lock is still held, and
// one whose signal aborts while it waits fails at once; neither ever runs, so
// nothing of it is written, and the writers behind it are not held up.
import { describe, expect, it } from 'vitest';
import { isStoreBusy, type Store } from '../store';
import { user, type MakeStore, type StoreUnderTest } from './fixtures';

const settleWithin = <T>(work: Promise<T>, ms: number): Promise<{ value: T } | { error: unknown } | 'still waiting'> =>
  Promise.race([
    work.then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    ),
    new Promise<'still waiting'>((resolve) => setTimeout(() => resolve('still waiting'), ms)),
  ]);

const failedBusy = (outcome: Awaited<ReturnType<typeof settleWithin>>): boolean => typeof outcome === 'object' && 'error' in outcome && isStoreBusy(outcome.error);

/** Holds the store's write lock (and this instance's queue), writing nothing, until release() is called; done settles after. */
export async function holdWriteLock(store: Store): Promise<{ release: () => void; done: Promise<void> }> {
  let release = (): void => undefined;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  let started = (): void => undefined;
  const running = new Promise<void>((resolve) => {
    started = resolve;
  });
  const done = store.transaction(async () => {
    started();
    await gate;
  });
  await running;
  return { release, done };
}

async function withStore(makeStore: MakeStore, writeQueueMs: number, body: (store: Store) => Promise<void>): Promise<void> {
  const underTest: StoreUnderTest = await makeStore({ writeQueueMs });
  try {
    await body(underTest.store);
  } finally {
    await underTest.dispose();
  }
}

export function describeWriteQueue(makeStore: MakeStore): void {
  describe('bounded write queue', () => {
    it('fails a writer that waited past writeQueueMs with BUSY while the lock is held, and never runs it', async () => {
      await withStore(makeStore, 300, async (store) => {
        const holder = await holdWriteLock(store);
        const late = user({ displayName: 'Late' });
        let ran = false;
        const waiting = store.transaction(async (tx) => {
          ran = true;
          await tx.insertUser(late);
        });
        const outcome = await settleWithin(waiting, 5_000);
        holder.release();
        await holder.done;
        expect(failedBusy(outcome)).toBe(true);
        // The writer behind it goes at once, and the one that gave up never runs.
        const next = user({ displayName: 'Next' });
        await store.transaction((tx) => tx.insertUser(next));
        expect(ran).toBe(false);
        expect(await store.read((tx) => tx.getUser(late.id))).toBeNull();
        expect(await store.read((tx) => tx.getUser(next.id))).toMatchObject({ id: next.id });
      });
    });

    it('fails a queued writer at once when its signal aborts, and never runs it', async () => {
      await withStore(makeStore, 60_000, async (store) => {
        const holder = await holdWriteLock(store);
        const dropped = user({ displayName: 'Dropped' });
        const abort = new AbortController();
        let ran = false;
        const waiting = store.transaction(
          async (tx) => {
            ran = true;
            await tx.insertUser(dropped);
          },
          { signal: abort.signal },
        );
        abort.abort();
        const outcome = await settleWithin(waiting, 2_000);
        holder.release();
        await holder.done;
        expect(failedBusy(outcome)).toBe(true);
        // A signal aborted before the call fails it the same way.
        await expect(store.transaction((tx) => tx.insertUser(dropped), { signal: abort.signal })).rejects.toMatchObject({ code: 'BUSY' });
        await store.transaction((tx) => tx.insertUser(user()));
        expect(ran).toBe(false);
        expect(await store.read((tx) => tx.getUser(dropped.id))).toBeNull();
      });
    });

    it('runs a writer whose turn comes within the bound, signal or not', async () => {
      await withStore(makeStore, 5_000, async (store) => {
        const holder = await holdWriteLock(store);
        const patient = user({ displayName: 'Patient' });
        const waiting = store.transaction((tx) => tx.insertUser(patient), { signal: new AbortController().signal });
        await new Promise((resolve) => setTimeout(resolve, 200));
        holder.release();
        await holder.done;
        await waiting;
        expect(await store.read((tx) => tx.getUser(patient.id))).toMatchObject({ id: patient.id });
      });
    });
  });
}
