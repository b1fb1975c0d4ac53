// A poke whose check meets a busy database (PostgreSQL restarting, this
// process's pool full) after a commit's sweep, over the real HTTPS API: the
// device is answered 503 `unavailable` with a Retry-After, as any request
// that meets a busy store, and the error log keeps the SQLSTATE. Before, the
// hub rewrapped the store's error as a 500 `internal` without either, and a
// sweep after a blip told every waiting device the server had failed.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncErrorBody } from '../../src-shared/sync/protocol';
import { startSyncServer } from '../http/server';
import { PostgresPoolBusyError, PostgresStoreError } from '../store/postgres/postgres-errors';
import type { Store } from '../store/store';
import { HttpsTestClient } from '../testing/https-client';
import { TestDevice } from '../testing/test-device';
import { startTestServer, type TestServer } from '../testing/test-server';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

interface Line {
  readonly event: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

/** The real store, whose reads fail with `busy` from the (failFrom)th on. */
function failingReads(real: Store, busy: Error, failFrom: number): { store: Store; settled: () => number } {
  let reads = 0;
  let settled = 0;
  const store: Store = {
    kind: real.kind,
    tryKeyRotationLock: () => real.tryKeyRotationLock(),
    transaction: (fn, options) => real.transaction(fn, options),
    read: async (fn) => {
      reads += 1;
      try {
        if (reads >= failFrom) throw busy;
        return await real.read(fn);
      } finally {
        settled += 1;
      }
    },
    onCommit: (listener) => real.onCommit(listener),
    close: () => real.close(),
  };
  return { store, settled: () => settled };
}

describe('a poke whose check meets a busy database', () => {
  it.each([
    ['the pool is full', new PostgresPoolBusyError(10_000), null],
    ['PostgreSQL is restarting', new PostgresStoreError('57P03', null), '57P03'],
  ])('answers 503 unavailable with Retry-After when %s, not 500', async (_name, busy, sqlState) => {
    const waiting = await server.enrolDevice(await server.createUser());
    const head = await server.org.store.read((tx) => tx.head());
    // The device's sign-in and its poke's first check read; the check after the commit below meets the busy store.
    const { store, settled } = failingReads(server.org.store, busy, 3);
    const lines: Line[] = [];
    const busyServer = await startSyncServer({
      ctx: { ...server.org.ctx, store, policy: { ...server.org.ctx.policy, pokeTimeoutMs: 20_000 } },
      certificate: server.org.certificate,
      port: 0,
      log: (event, fields) => lines.push({ event, fields }),
    });
    const client = new HttpsTestClient(busyServer.url, server.caPem);
    try {
      const poke = client.request('GET', `/v1/poke?cursor=${head}`, { token: waiting.token });
      await expect.poll(settled, { timeout: 10_000 }).toBe(2);
      const writer = new TestDevice(server.client, await server.enrolDevice(await server.createUser()));
      await writer.push([writer.upsert('contacts', randomUUID(), { name: 'Elsewhere' })]);
      const answer = await poke;
      expect(answer.status).toBe(503);
      expect(SyncErrorBody.parse(answer.json).error).toMatchObject({ code: 'unavailable', retryAfterMs: 5_000 });
      expect(answer.headers['retry-after']).toBe('5');
      const errors = lines.filter((line) => line.event === 'error').map((line) => line.fields);
      expect(errors).toEqual([sqlState === null ? { kind: busy.name, code: 'unavailable' } : { kind: busy.name, code: 'unavailable', sqlState, constraint: null }]);
    } finally {
      client.close();
      await busyServer.close();
    }
  }, 60_000);
});
