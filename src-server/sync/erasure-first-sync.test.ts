// A device's first sync and the erasure ledger, over the real HTTPS API on
// both stores. When its snapshot ends, the device is recorded as holding none
// of the records erased through it (pull.ts, acknowledgeErasuresBefore): only
// the erasures whose outstanding list names it (erased since it was
// enrolled) are read, outside the commit lock, not the whole ledger in a
// write transaction, and the acknowledgements it owes are still written.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ErasureStatusResponse } from '../../src-shared/sync/admin-protocol';
import type { Store, StoreReadTx } from '../store/store';
import { bothStores } from '../testing/both-stores';
import { startTestServer, type TestServer } from '../testing/test-server';
import { TestDevice } from '../testing/test-device';

const stores = bothStores('erasure_first_sync');

/** What the store's ledger reads returned, and whether any ran inside a write transaction. */
interface LedgerReads {
  rows: number;
  inWriteTransaction: number;
}

/** The store, its erasure ledger reads counted (rows returned), until the returned function is called. */
function countLedgerReads(store: Store): { reads: LedgerReads; stop: () => void } {
  const reads: LedgerReads = { rows: 0, inWriteTransaction: 0 };
  const counted = <T extends StoreReadTx>(tx: T, writing: boolean): T =>
    new Proxy(tx, {
      get(target, property, receiver): unknown {
        const value: unknown = Reflect.get(target, property, receiver);
        if (property !== 'listErasures' || typeof value !== 'function') return typeof value === 'function' ? value.bind(target) : value;
        return async (...args: Parameters<StoreReadTx['listErasures']>) => {
          const rows = await target.listErasures(...args);
          reads.rows += rows.length;
          if (writing) reads.inWriteTransaction += 1;
          return rows;
        };
      },
    });
  const read = store.read.bind(store);
  const transaction = store.transaction.bind(store);
  const readSpy = vi.spyOn(store, 'read').mockImplementation((fn) => read((tx) => fn(counted(tx, false))));
  const transactionSpy = vi.spyOn(store, 'transaction').mockImplementation((fn, options) => transaction((tx) => fn(counted(tx, true)), options));
  return {
    reads,
    stop: () => {
      readSpy.mockRestore();
      transactionSpy.mockRestore();
    },
  };
}

describe.each(stores)('first sync and the erasure ledger (%s)', (_name, choose) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ store: await choose() });
  });
  afterAll(async () => {
    await server.close();
  });

  const admin = (path: string, body: unknown) => server.client.request('POST', path, { token: server.admin.token, body });

  async function eraseNewTask(writer: TestDevice): Promise<{ entity: 'tasks'; recordId: string }> {
    const key = { entity: 'tasks' as const, recordId: randomUUID() };
    await writer.push([writer.upsert('tasks', key.recordId, { title: 'Short-lived' })]);
    expect((await admin('/v1/admin/erase', { record: key })).status).toBe(200);
    return key;
  }

  it('reads none of the erasures made before the device was enrolled, and takes no write transaction for them', async () => {
    const userId = await server.createUser();
    const writer = new TestDevice(server.client, await server.enrolDevice(userId));
    for (let index = 0; index < 12; index += 1) await eraseNewTask(writer);
    // Enrolled a moment after the last erasure, on the server's clock.
    server.advanceClock(5);
    const newcomer = new TestDevice(server.client, await server.enrolDevice(userId));
    const { reads, stop } = countLedgerReads(server.org.ctx.store);
    try {
      await newcomer.pullAll();
    } finally {
      stop();
    }
    expect(newcomer.cursor).toBeGreaterThan(0);
    expect(reads).toEqual({ rows: 0, inWriteTransaction: 0 });
  });

  it('still acknowledges for the new device an erasure through its snapshot stamped at or after its enrolment', async () => {
    const userId = await server.createUser();
    const writer = new TestDevice(server.client, await server.enrolDevice(userId));
    const before = await eraseNewTask(writer);
    // A clock that went back (another server process, a corrected clock): the next erasure is stamped after the enrolment that follows it.
    server.advanceClock(60_000);
    const stamped = await eraseNewTask(writer);
    server.advanceClock(-60_000);
    const newcomer = new TestDevice(server.client, await server.enrolDevice(userId));
    const { reads, stop } = countLedgerReads(server.org.ctx.store);
    try {
      await newcomer.pullAll();
    } finally {
      stop();
    }
    expect(reads).toEqual({ rows: 1, inWriteTransaction: 0 });
    const status = async (record: typeof before) => ErasureStatusResponse.parse((await admin('/v1/admin/erasures/status', { record })).json);
    expect((await status(stamped)).acknowledgedBy).toContain(newcomer.enrolled.deviceId);
    expect((await status(before)).acknowledgedBy).not.toContain(newcomer.enrolled.deviceId);
    expect((await status(before)).outstanding).not.toContain(newcomer.enrolled.deviceId);
    expect((await status(stamped)).outstanding).not.toContain(newcomer.enrolled.deviceId);
  });
});
