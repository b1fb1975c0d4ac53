// A database that is momentarily locked answers a push with a typed,
// retryable 503 `unavailable` and a Retry-After, not a 500: on the real
// PostgreSQL (another session holds the commit lock past a short
// lock_timeout) and on the embedded SQLite file (another connection holds its
// write lock past the store's lock wait bound, see sqlite-lock-wait.test.ts). The push writes nothing, and the same push
// succeeds once the lock is released.
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PushResponse, SyncErrorBody } from '../../src-shared/sync/protocol';
import { dataDirPaths } from '../org/data-dir';
import { startPostgresTestServer, type PostgresTestServer } from '../store/postgres/testing/postgres-test-server';
import { TestDevice } from '../testing/test-device';
import { startTestServer, type TestServer } from '../testing/test-server';

/** Pushes one new contact while `lock` holds the store's write lock, then again after `release`. */
async function pushAgainstLock(server: TestServer, lock: () => Promise<void>, release: () => Promise<void>): Promise<void> {
  const device = new TestDevice(server.client, await server.enrolDevice(await server.createUser()));
  const id = randomUUID();
  const operation = device.upsert('contacts', id, { name: 'Held' });
  const before = await server.org.store.read(async (tx) => ({ head: await tx.head(), device: await tx.getDevice(device.enrolled.deviceId) }));

  await lock();
  let refused;
  try {
    refused = await device.rawPush([operation]);
  } finally {
    await release();
  }
  expect(refused.status).toBe(503);
  expect(SyncErrorBody.parse(refused.json).error).toMatchObject({ code: 'unavailable', retryAfterMs: 5_000 });
  expect(refused.headers['retry-after']).toBe('5');
  // No row value in the answer.
  expect(JSON.stringify(refused.json)).not.toContain('Held');

  const after = await server.org.store.read(async (tx) => ({
    head: await tx.head(),
    device: await tx.getDevice(device.enrolled.deviceId),
    records: await tx.getRecords([{ entity: 'contacts', recordId: id }]),
  }));
  expect(after.head).toBe(before.head);
  expect(after.device?.lastAppliedSeq).toBe(before.device?.lastAppliedSeq);
  expect(after.records).toEqual([]);

  const retried = await device.rawPush([operation]);
  expect(retried.status).toBe(200);
  const answer = PushResponse.parse(retried.json);
  expect(answer.appliedThroughSeq).toBe(operation.seq);
  expect(answer.rejected).toEqual([]);
  expect(await server.org.store.read((tx) => tx.getRecords([{ entity: 'contacts', recordId: id }]))).toHaveLength(1);
}

describe('a push while PostgreSQL holds the commit lock elsewhere', () => {
  let postgres: PostgresTestServer;
  let server: TestServer;
  let databaseUrl: string;

  beforeAll(async () => {
    postgres = await startPostgresTestServer();
    databaseUrl = postgres.connectionString(await postgres.createDatabase('busy'));
    // Short waits, so the push gives up on the held lock quickly (the URL's settings win over the defaults).
    server = await startTestServer({ store: { kind: 'postgres', databaseUrl: `${databaseUrl}?lock_timeout=300&statement_timeout=2000` } });
  }, 120_000);
  afterAll(async () => {
    await server.close();
    await postgres.stop();
  }, 60_000);

  it('answers 503 unavailable with Retry-After, writes nothing, and takes the same push once the lock is free', async () => {
    const holder = new pg.Client({ connectionString: databaseUrl });
    await holder.connect();
    try {
      await pushAgainstLock(
        server,
        async () => {
          await holder.query('BEGIN');
          await holder.query('SELECT seq FROM commit_head WHERE singleton = 1 FOR UPDATE');
        },
        async () => {
          await holder.query('ROLLBACK');
        },
      );
    } finally {
      await holder.end();
    }
  }, 60_000);
});

describe('a push while another process holds the SQLite write lock', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  }, 60_000);
  afterAll(async () => {
    await server.close();
  });

  it('answers 503 unavailable with Retry-After after the lock wait bound, writes nothing, and takes the same push once the lock is free', async () => {
    const other = new Database(dataDirPaths(server.dataDir).sqlite, { timeout: 0 });
    try {
      await pushAgainstLock(
        server,
        () => {
          other.exec('BEGIN IMMEDIATE');
          return Promise.resolve();
        },
        () => {
          other.exec('ROLLBACK');
          return Promise.resolve();
        },
      );
    } finally {
      other.close();
    }
  }, 60_000);
});
