// The PostgreSQL store's timeouts on a real server: the statement timeout
// reaches every session (a write stuck behind another session's commit lock
// fails by it, before the lock timeout), and the client-side query timeout
// fails a read the database never answers (through a relay the test freezes)
// instead of hanging it; a timed-out read is BUSY, as any lost connection.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FreezableRelay } from '../../testing/freezable-relay';
import { PostgresStoreError } from './postgres-errors';
import { defaultPostgresTimeouts, openPostgresStore } from './postgres.store';
import { startPostgresTestServer, type PostgresTestServer } from './testing/postgres-test-server';

let server: PostgresTestServer;
const relays: FreezableRelay[] = [];

beforeAll(async () => {
  server = await startPostgresTestServer();
}, 120_000);

afterAll(async () => {
  await Promise.all(relays.map((relay) => relay.close()));
  await server.stop();
}, 60_000);

/** The store error `work` fails with, checked to come within 5 s (it is given 15 s). */
async function failureWithin5s(work: Promise<unknown>): Promise<PostgresStoreError> {
  const started = Date.now();
  const outcome = await Promise.race([
    work.then(
      () => 'succeeded',
      (error: unknown) => error,
    ),
    new Promise((resolve) => setTimeout(() => resolve('still pending after 15 s'), 15_000)),
  ]);
  expect(outcome).toBeInstanceOf(PostgresStoreError);
  expect(Date.now() - started).toBeLessThan(5_000);
  if (!(outcome instanceof PostgresStoreError)) throw new Error('not a store error');
  return outcome;
}

describe('PostgreSQL store timeouts', () => {
  it('has a statement timeout above the lock timeout and a query timeout above both', () => {
    expect(defaultPostgresTimeouts.statementMs).toBeGreaterThan(defaultPostgresTimeouts.lockMs);
    expect(defaultPostgresTimeouts.queryMs).toBeGreaterThan(defaultPostgresTimeouts.statementMs);
  });

  it('ends a statement that runs past the statement timeout', async () => {
    const connectionString = server.connectionString(await server.createDatabase('statement'));
    const store = await openPostgresStore({ connectionString, timeouts: { statementMs: 500, lockMs: 20_000 } });
    const holder = new pg.Client({ connectionString });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT seq FROM commit_head WHERE singleton = 1 FOR UPDATE');
      const error = await failureWithin5s(store.transaction(() => Promise.resolve('written')));
      expect(error.sqlState).toBe('57014');
    } finally {
      await holder.query('ROLLBACK');
      await holder.end();
      await store.close();
    }
  }, 60_000);

  it('fails a read the database never answers after the query timeout, as BUSY', async () => {
    const relay = await FreezableRelay.start(server.port);
    relays.push(relay);
    const url = new URL(server.connectionString(await server.createDatabase('query')));
    url.hostname = '127.0.0.1';
    url.port = String(relay.port);
    const store = await openPostgresStore({ connectionString: url.toString(), timeouts: { queryMs: 1_000 } });
    expect(await store.read(async (tx) => (await tx.getOrganisation()) === null)).toBe(true);
    relay.freeze();
    const error = await failureWithin5s(store.read((tx) => tx.getOrganisation()));
    expect(error.code).toBe('BUSY');
  }, 60_000);
});
