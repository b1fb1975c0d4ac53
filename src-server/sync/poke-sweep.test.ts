// A commit's sweep of the waiting pokes, on the embedded SQLite store, whose
// reads complete without a turn of the event loop: the sweep lets the loop
// turn every few waiters, so other requests are served while a thousand
// devices wait. Before, it checked every waiter in one go (a thousand
// waiters, a few queries each, at every commit), holding everything else.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../store/store';
import { startTestServer, type TestServer } from '../testing/test-server';
import { TestDevice } from '../testing/test-device';
import { PokeHub } from './poke';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

describe('the poke sweep', () => {
  it('lets the event loop turn while it checks many waiting devices', async () => {
    const real = server.org.ctx.store;
    let reads = 0;
    const store: Store = {
      kind: real.kind,
      tryKeyRotationLock: () => real.tryKeyRotationLock(),
      transaction: (fn) => real.transaction(fn),
      read: (fn) => {
        reads += 1;
        return real.read(fn);
      },
      onCommit: (listener) => real.onCommit(listener),
      close: () => real.close(),
    };
    const hub = new PokeHub({ ...server.org.ctx, store, policy: { ...server.org.ctx.policy, pokeTimeoutMs: 60_000 } });
    try {
      // 120 devices of other users wait; a commit of one more user is news to none of them.
      const devices = [];
      for (let index = 0; index < 120; index += 1) {
        const enrolled = await server.enrolDevice(await server.createUser());
        const device = await real.read((tx) => tx.getDevice(enrolled.deviceId));
        if (device === null) throw new Error('The device was not enrolled');
        devices.push(device);
      }
      const cursor = await real.read((tx) => tx.head());
      const pokes = devices.map((device) => hub.wait(device, { cursor, directoryVersion: null }, new AbortController().signal));
      await hub.swept();
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(hub.waiting).toBe(120);

      const writer = new TestDevice(server.client, await server.enrolDevice(await server.createUser()));
      await writer.push([writer.upsert('contacts', randomUUID(), { name: 'Elsewhere' })]);
      // Reads done between one turn of the event loop and the next, while the sweep runs.
      const perTurn: number[] = [];
      let last = reads;
      let turning = true;
      const turn = () => {
        perTurn.push(reads - last);
        last = reads;
        if (turning) setImmediate(turn);
      };
      setImmediate(turn);
      const before = reads;
      await hub.swept();
      turning = false;
      // The turn after the sweep counts its last reads.
      await new Promise((resolve) => setImmediate(resolve));
      expect(reads - before).toBeGreaterThanOrEqual(120);
      expect(Math.max(...perTurn)).toBeLessThanOrEqual(20);
      expect(hub.waiting).toBe(120);
      hub.close();
      expect((await Promise.all(pokes)).every((answer) => !answer.changed)).toBe(true);
    } finally {
      hub.close();
    }
  });
});
