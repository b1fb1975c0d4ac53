// A push that waits in the server's in-memory write queue (another write of
// this process holds the store's write lock) waits for a bounded time only
// (store/write-queue.ts): past the store's writeQueueMs it is answered 503
// `unavailable` with a Retry-After, well before the device's own 30 s timeout,
// and it is never applied later. A push whose client goes away while it waits
// is dropped unrun. On the embedded SQLite file and on real PostgreSQL.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PushResponse, SyncErrorBody } from '../../src-shared/sync/protocol';
import type { StoreChoice } from '../org/open-store';
import { holdWriteLock } from '../store/conformance/write-queue.conformance';
import { startPostgresTestServer, type PostgresTestServer } from '../store/postgres/testing/postgres-test-server';
import { TestDevice } from '../testing/test-device';
import { startTestServer, type TestServer } from '../testing/test-server';

const writeQueueMs = 1_500;

/** Holds the store's write lock through this process's queue until release() (like a long push before it). */
async function holdWrites(server: TestServer): Promise<{ release: () => Promise<void> }> {
  const held = await holdWriteLock(server.org.store);
  return {
    release: async () => {
      held.release();
      await held.done;
    },
  };
}

async function stateOf(server: TestServer, device: TestDevice, recordId: string) {
  return server.org.store.read(async (tx) => ({
    head: await tx.head(),
    lastAppliedSeq: (await tx.getDevice(device.enrolled.deviceId))?.lastAppliedSeq,
    records: (await tx.getRecords([{ entity: 'contacts', recordId }])).length,
  }));
}

function describeOn(name: string, choose: () => Promise<{ store: StoreChoice; stop: () => Promise<void> }>): void {
  describe(`a push queued behind another write (${name})`, () => {
    let server: TestServer;
    let stop: () => Promise<void>;

    beforeAll(async () => {
      const chosen = await choose();
      stop = chosen.stop;
      server = await startTestServer({ store: { ...chosen.store, writeQueueMs } });
    }, 120_000);
    afterAll(async () => {
      await server.close();
      await stop();
    }, 60_000);

    it('is answered 503 unavailable with Retry-After once it waited writeQueueMs, and is never applied later', async () => {
      const device = new TestDevice(server.client, await server.enrolDevice(await server.createUser()));
      const id = randomUUID();
      const operation = device.upsert('contacts', id, { name: 'Queued' });
      const before = await stateOf(server, device, id);

      const held = await holdWrites(server);
      const startedAt = Date.now();
      let answer;
      try {
        answer = await Promise.race([device.rawPush([operation]), new Promise<'still waiting'>((resolve) => setTimeout(() => resolve('still waiting'), 10_000))]);
      } finally {
        await held.release();
      }
      const waitedMs = Date.now() - startedAt;
      expect(answer).not.toBe('still waiting');
      if (answer === 'still waiting') return;
      expect(answer.status).toBe(503);
      expect(SyncErrorBody.parse(answer.json).error).toMatchObject({ code: 'unavailable', retryAfterMs: 5_000 });
      expect(answer.headers['retry-after']).toBe('5');
      expect(waitedMs).toBeGreaterThanOrEqual(writeQueueMs - 50);
      expect(waitedMs).toBeLessThan(writeQueueMs + 5_000);

      // Every write queued before this one has run: the refused push did not.
      await server.org.store.transaction(() => Promise.resolve());
      expect(await stateOf(server, device, id)).toEqual(before);

      const retried = await device.rawPush([operation]);
      expect(retried.status).toBe(200);
      expect(PushResponse.parse(retried.json).appliedThroughSeq).toBe(operation.seq);
      expect((await stateOf(server, device, id)).records).toBe(1);
    }, 60_000);

    it('is dropped unrun when its client goes away while it waits', async () => {
      const device = new TestDevice(server.client, await server.enrolDevice(await server.createUser()));
      const id = randomUUID();
      const operation = device.upsert('contacts', id, { name: 'Abandoned' });
      const before = await stateOf(server, device, id);

      const held = await holdWrites(server);
      let gaveUp: unknown;
      try {
        // The client closes the connection after 300 ms, well inside writeQueueMs.
        gaveUp = await device.rawPush([operation], 300).catch((error: unknown) => error);
        // Time for the server to see the connection close.
        await new Promise((resolve) => setTimeout(resolve, 300));
      } finally {
        await held.release();
      }
      expect(gaveUp).toBeInstanceOf(Error);
      await server.org.store.transaction(() => Promise.resolve());
      expect(await stateOf(server, device, id)).toEqual(before);

      expect((await device.rawPush([operation])).status).toBe(200);
      expect((await stateOf(server, device, id)).records).toBe(1);
    }, 60_000);
  });
}

describeOn('SQLite', () => Promise.resolve({ store: { kind: 'sqlite' }, stop: () => Promise.resolve() }));

describeOn('PostgreSQL', async () => {
  const postgres: PostgresTestServer = await startPostgresTestServer();
  const databaseUrl = postgres.connectionString(await postgres.createDatabase('write_queue'));
  return { store: { kind: 'postgres', databaseUrl }, stop: () => postgres.stop() };
});
