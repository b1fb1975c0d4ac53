// Conformance: concurrent write transactions behave as if serial (no lost
// read-modify-write update, no duplicate seq), readers only ever see a
// gap-free prefix of commits, and — where the store supports several
// instances on one database (server processes) — the same holds across
// instances and every instance hears the others' commits.
import { describe, expect, it } from 'vitest';
import type { RecordKey, Store } from '../store';
import { buckets, commit, eventually, fieldState, keyOf, record, type MakeStore } from './fixtures';
import { useFreshStore } from './fresh-store';

const writers = 24;
const pause = () => new Promise((resolve) => setTimeout(resolve, 1));

/** A record whose sealed bytes hold a counter, so a lost update is visible. */
async function createCounter(store: Store): Promise<RecordKey> {
  return store.transaction(async (tx) => {
    const seq = await commit(tx);
    const row = record(seq, { ownerUserId: 'counter', sealed: { keyId: 'counter', ciphertext: new Uint8Array([0]) } });
    await tx.insertRecord(row);
    return keyOf(row);
  });
}

/**
 * Reads the counter, yields to the event loop (so a non-serial store would
 * interleave here), then writes counter + 1 and one field version under a new
 * commit. Every seq is noted in `allocated` as soon as it is handed out,
 * before its transaction commits.
 */
function increment(store: Store, key: RecordKey, allocated: Set<number>): Promise<number> {
  return store.transaction(async (tx) => {
    const [row] = await tx.getRecords([key]);
    const value = row?.sealed?.ciphertext[0] ?? 0;
    await pause();
    const seq = await commit(tx);
    allocated.add(seq);
    await pause();
    await tx.updateRecordSeal(key, { keyId: 'counter', ciphertext: new Uint8Array([value + 1]) });
    await tx.upsertFieldStates([fieldState(key, `f${seq}`, seq)]);
    return seq;
  });
}

async function counterValue(store: Store, key: RecordKey): Promise<number | undefined> {
  const [row] = await store.read((tx) => tx.getRecords([key]));
  return row?.sealed?.ciphertext[0];
}

/**
 * A pull's invariant: once a reader sees head H, every seq ≤ H that was ever
 * handed out is already readable — otherwise it would commit later below the
 * reader's cursor and be skipped for ever. Returns how many reads it checked.
 */
async function watchPrefix(store: Store, base: number, allocated: ReadonlySet<number>, stop: () => boolean): Promise<number> {
  let checks = 0;
  while (!stop()) {
    const { head, seen } = await store.read(async (tx) => {
      const at = await tx.head();
      const fields = await tx.listChangedFields({ afterSeq: base, throughSeq: at }, buckets({ userIds: ['counter'] }), 10_000);
      return { head: at, seen: new Set(fields.map((row) => row.commitSeq)) };
    });
    const skipped = [...allocated].filter((seq) => seq <= head && !seen.has(seq));
    expect(skipped, `seqs at or below head ${head} not yet visible`).toEqual([]);
    checks += 1;
    await pause();
  }
  return checks;
}

/** Runs `writers` increments spread over the stores while each store watches the visible prefix. */
async function race(first: Store, others: readonly Store[], key: RecordKey): Promise<number[]> {
  const stores = [first, ...others];
  const base = await first.read((tx) => tx.head());
  const allocated = new Set<number>();
  let done = false;
  const watchers = stores.map((store) => watchPrefix(store, base, allocated, () => done));
  for (const watcher of watchers) watcher.catch(() => undefined); // awaited below
  try {
    return await Promise.all(Array.from({ length: writers }, (_, index) => increment(stores[index % stores.length] ?? first, key, allocated)));
  } finally {
    done = true;
    for (const checks of await Promise.all(watchers)) expect(checks).toBeGreaterThan(0);
  }
}

/**
 * @param multiInstance the store supports several instances (server
 *   processes) on one database; its StoreUnderTest must then offer openSibling.
 */
export function describeConcurrency(makeStore: MakeStore, multiInstance: boolean): void {
  describe('concurrent transactions', () => {
    const current = useFreshStore(makeStore);

    it('runs concurrent read-modify-write transactions as if one at a time, with distinct seqs, never exposing a seq out of order', async () => {
      const { store } = current();
      const key = await createCounter(store);
      const base = await store.read((tx) => tx.head());
      const seqs = await race(store, [], key);
      expect(await counterValue(store, key)).toBe(writers);
      expect(new Set(seqs).size).toBe(writers);
      expect(Math.min(...seqs)).toBeGreaterThan(base);
      expect(await store.read((tx) => tx.head())).toBe(Math.max(...seqs));
    });

    // Registered only for stores that run as several processes on one database.
    if (multiInstance) {
      it('keeps that guarantee across two store instances on one database, and each hears the other commit', async () => {
        const { store, openSibling } = current();
        if (openSibling === undefined) throw new Error('A multi-instance store must provide openSibling.');
        const sibling = await openSibling();
        try {
          const heardBySibling: number[] = [];
          const heardByFirst: number[] = [];
          const stopSibling = sibling.onCommit((head) => heardBySibling.push(head));
          const stopFirst = store.onCommit((head) => heardByFirst.push(head));
          const key = await createCounter(store);
          const seqs = await race(store, [sibling], key);
          expect(await counterValue(sibling, key)).toBe(writers);
          expect(new Set(seqs).size).toBe(writers);
          const head = Math.max(...seqs);
          expect(await store.read((tx) => tx.head())).toBe(head);
          // Each instance hears the head, also when the other one made the last commit.
          await eventually(() => heardBySibling.at(-1) === head && heardByFirst.at(-1) === head);
          for (const heard of [heardBySibling, heardByFirst]) {
            for (let index = 1; index < heard.length; index += 1) expect(heard[index]).toBeGreaterThan(heard[index - 1] ?? Infinity);
          }
          stopSibling();
          stopFirst();
        } finally {
          await sibling.close();
        }
      });
    }
  });
}
