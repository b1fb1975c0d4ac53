// The poke hub against a real organisation's store: a commit that lands
// while a poke's first check is still running (its snapshot taken before the
// commit) wakes the poke at once, not at its timeout. The first check is
// held after its snapshot until another read starts (the sweep the commit
// causes) or half a second passes, so the race happens every run.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceRow } from '../store/rows';
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

interface HeldStore {
  readonly store: Store;
  /** Resolves once the first read has taken its snapshot and is being held. */
  readonly firstReadHeld: Promise<void>;
}

/** The real store; its first read, once done, is held until a second read starts (or 500 ms pass). */
function holdFirstRead(real: Store): HeldStore {
  let reads = 0;
  let held = () => {};
  let release = () => {};
  const firstReadHeld = new Promise<void>((resolve) => (held = resolve));
  const released = new Promise<void>((resolve) => {
    release = resolve;
    setTimeout(resolve, 500).unref();
  });
  const store: Store = {
    kind: real.kind,
    tryKeyRotationLock: () => real.tryKeyRotationLock(),
    transaction: (fn) => real.transaction(fn),
    read: async (fn) => {
      reads += 1;
      if (reads > 1) {
        release();
        return real.read(fn);
      }
      const result = await real.read(fn);
      held();
      await released;
      return result;
    },
    onCommit: (listener) => real.onCommit(listener),
    close: () => real.close(),
  };
  return { store, firstReadHeld };
}

/** A new device of `userId` (a new user when none) as the store holds it. */
async function deviceRow(userId?: string): Promise<DeviceRow> {
  const enrolled = await server.enrolDevice(userId ?? (await server.createUser()));
  const device = await server.org.ctx.store.read((tx) => tx.getDevice(enrolled.deviceId));
  if (device === null) throw new Error('The device was not enrolled');
  return device;
}

/** A hub over the server's own store whose pokes wait up to 10 s. */
const longHub = () => new PokeHub({ ...server.org.ctx, policy: { ...server.org.ctx.policy, pokeTimeoutMs: 10_000 } });

describe('poke hub', () => {
  it('answers changed: true promptly for a commit that lands during its first check', async () => {
    const userId = await server.createUser();
    const writer = new TestDevice(server.client, await server.enrolDevice(userId));
    const waiting = await server.enrolDevice(userId);
    const real = server.org.ctx.store;
    const device = await real.read((tx) => tx.getDevice(waiting.deviceId));
    if (device === null) throw new Error('The device was not enrolled');
    const cursor = await real.read((tx) => tx.head());

    const { store, firstReadHeld } = holdFirstRead(real);
    const pokeTimeoutMs = 3000;
    const hub = new PokeHub({ ...server.org.ctx, store, policy: { ...server.org.ctx.policy, pokeTimeoutMs } });
    try {
      const started = Date.now();
      const poke = hub.wait(device, { cursor, directoryVersion: null }, new AbortController().signal);
      await firstReadHeld;
      const pushed = await writer.push([writer.upsert('contacts', randomUUID(), { name: 'New' })]);
      const answer = await poke;
      expect(answer).toEqual({ changed: true, head: pushed.commitSeq });
      expect(Date.now() - started).toBeLessThan(pokeTimeoutMs / 2);
      expect(hub.waiting).toBe(0);
    } finally {
      hub.close();
    }
  });

  it('holds one poke per device: a newer one answers the older at once', async () => {
    const userId = await server.createUser();
    const device = await deviceRow(userId);
    const otherDevice = await deviceRow(userId);
    const cursor = await server.org.ctx.store.read((tx) => tx.head());
    const hub = longHub();
    try {
      const pokes = Array.from({ length: 50 }, () => hub.wait(device, { cursor, directoryVersion: null }, new AbortController().signal));
      const others = hub.wait(otherDevice, { cursor, directoryVersion: null }, new AbortController().signal);
      const started = Date.now();
      // The 49 older ones answered at once, no news; the newest and the other device's still wait.
      expect(await Promise.all(pokes.slice(0, 49))).toEqual(Array.from({ length: 49 }, () => ({ changed: false, head: cursor })));
      expect(Date.now() - started).toBeLessThan(1_000);
      expect(hub.waiting).toBe(2);
      hub.close();
      expect(await pokes[49]).toEqual({ changed: false, head: cursor });
      expect(await others).toEqual({ changed: false, head: cursor });
    } finally {
      hub.close();
    }
  });

  it('wakes a device whose cursor is ahead of the server at once, naming the server’s head', async () => {
    const device = await deviceRow();
    const head = await server.org.ctx.store.read((tx) => tx.head());
    const hub = longHub();
    try {
      const started = Date.now();
      expect(await hub.wait(device, { cursor: head + 400, directoryVersion: null }, new AbortController().signal)).toEqual({ changed: true, head });
      expect(Date.now() - started).toBeLessThan(1_000);
    } finally {
      hub.close();
    }
  });

  it('answers a poke that arrives after it closed at once, not at its timeout', async () => {
    const device = await deviceRow();
    const hub = longHub();
    hub.close();
    const started = Date.now();
    // Before, it waited the whole timeout for commits the closed hub no longer heard, holding the server's stop.
    expect(await hub.wait(device, { cursor: 7, directoryVersion: null }, new AbortController().signal)).toEqual({ changed: false, head: 7 });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(hub.waiting).toBe(0);
  });
});
