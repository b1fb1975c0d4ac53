// The PostgreSQL store's timeouts on a real server: the statement timeout
// reaches every session (a write stuck behind another session's commit lock
// fails by it, before the lock timeout, as BUSY), and the client-side query timeout
// fails a read the database never answers (through a relay the test freezes)
// instead of hanging it; a timed-out read is BUSY, as any lost connection.
// close() returns within its bound on a frozen database, failing the work
// still in flight as BUSY. The connect timeout also bounds the wait for a
// free connection of a full pool, which fails as BUSY naming the pool. Every
// connection sends TCP keepalive probes after 30 s idle, not the OS's 2 hours.
// A COMMIT whose answer never came is an unknown outcome; a connection lost
// before COMMIT was sent is BUSY (nothing was written). A statement that got
// no answer fails its transaction after one query timeout, not two: no
// ROLLBACK waits behind it, the connection is dropped instead, so the writes
// queued behind a write on a dead connection are not starved.
import { execFileSync } from 'node:child_process';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FreezableRelay } from '../../testing/freezable-relay';
import { PostgresPoolBusyError, PostgresStoreError } from './postgres-errors';
import { defaultPostgresTimeouts, keepAliveIdleMs, openPostgresStore, type PostgresStore, type PostgresStoreOptions } from './postgres.store';
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

/** A store on a new database, reached through a relay the test can freeze. */
async function storeThroughRelay(prefix: string, options: Omit<PostgresStoreOptions, 'connectionString'>): Promise<{ relay: FreezableRelay; store: PostgresStore }> {
  const relay = await FreezableRelay.start(server.port);
  relays.push(relay);
  const url = new URL(server.connectionString(await server.createDatabase(prefix)));
  url.hostname = '127.0.0.1';
  url.port = String(relay.port);
  return { relay, store: await openPostgresStore({ ...options, connectionString: url.toString() }) };
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
      // A busy database, worth retrying (the HTTP layer answers 503 unavailable), not a failure of the store.
      expect(error.code).toBe('BUSY');
    } finally {
      await holder.query('ROLLBACK');
      await holder.end();
      await store.close();
    }
  }, 60_000);

  it('fails a read the database never answers after the query timeout, as BUSY', async () => {
    const { relay, store } = await storeThroughRelay('query', { timeouts: { queryMs: 1_000 } });
    expect(await store.read(async (tx) => (await tx.getOrganisation()) === null)).toBe(true);
    relay.freeze();
    const started = Date.now();
    const error = await failureWithin5s(store.read((tx) => tx.getOrganisation()));
    expect(error.code).toBe('BUSY');
    // Once, not twice: no ROLLBACK is queued behind the unanswered statement to wait out a second timeout.
    expect(Date.now() - started).toBeLessThan(1_500);
  }, 60_000);

  it('fails a write on a pooled connection that stopped answering after one query timeout, and runs the write queued behind it', async () => {
    const queryMs = 1_000;
    // The queued write gives up past 1.6 query timeouts: a failed write that held the queue for two starved it.
    const { relay, store } = await storeThroughRelay('dead_write', { timeouts: { queryMs }, writeQueueMs: 1_600 });
    try {
      // The pool's one connection, now idle, dies silently; the database itself stays up (new connections get through).
      expect(await store.read(async (tx) => (await tx.getOrganisation()) === null)).toBe(true);
      relay.freezeOpen();
      const started = Date.now();
      const frozen = store.transaction((tx) => tx.getOrganisation()).then(
        () => ({ error: null, ms: Date.now() - started }),
        (error: unknown) => ({ error, ms: Date.now() - started }),
      );
      const user = { id: 'u-queued', displayName: 'Queued Behind', isAdmin: false, createdAt: Date.now() };
      const queued = store.transaction((tx) => tx.insertUser(user)).then(
        () => 'written',
        (error: unknown) => error,
      );
      const failed = await frozen;
      expect(failed.error).toBeInstanceOf(PostgresStoreError);
      expect(failed.error).toMatchObject({ code: 'BUSY' });
      expect(failed.ms).toBeGreaterThanOrEqual(queryMs - 50);
      expect(failed.ms).toBeLessThan(queryMs * 1.5);
      expect(await queued).toBe('written');
      expect((await store.read((tx) => tx.getUser(user.id)))?.displayName).toBe('Queued Behind');
    } finally {
      await store.close();
    }
  }, 60_000);

  it('closes within its bound while the database has stopped answering', async () => {
    const { relay, store } = await storeThroughRelay('close', { closeTimeoutMs: 1_000 });
    // The LISTEN connection, and a pooled connection left idle.
    store.onCommit(() => undefined);
    expect(await store.read(async (tx) => (await tx.getOrganisation()) === null)).toBe(true);
    relay.freeze();
    // A read stuck on the frozen connection: without the bound, close() waits out its 50 s query timeout first.
    const stuck = store.read((tx) => tx.getOrganisation()).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const started = Date.now();
    const outcome = await Promise.race([
      store.close().then(() => 'closed'),
      new Promise((resolve) => setTimeout(() => resolve('still closing after 15 s'), 15_000)),
    ]);
    expect(outcome).toBe('closed');
    expect(Date.now() - started).toBeLessThan(4_000);
    const failure = await stuck;
    expect(failure).toBeInstanceOf(PostgresStoreError);
    expect(failure).toMatchObject({ code: 'BUSY' });
  }, 60_000);

  it('fails a wait for a free pool connection after the connect timeout, as BUSY, naming the pool', async () => {
    const connectionString = server.connectionString(await server.createDatabase('pool'));
    const store = await openPostgresStore({ connectionString, poolSize: 1, timeouts: { connectMs: 1_000 } });
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let holding: () => void = () => undefined;
    const holds = new Promise<void>((resolve) => {
      holding = resolve;
    });
    // The pool's one connection stays busy until the test lets go.
    const holder = store.read(async (tx) => {
      await tx.getOrganisation();
      holding();
      await held;
    });
    try {
      await holds;
      const started = Date.now();
      const failure = await store.read((tx) => tx.getOrganisation()).catch((error: unknown) => error);
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(failure).toBeInstanceOf(PostgresPoolBusyError);
      expect(failure).toMatchObject({ code: 'BUSY', message: 'No database connection of the pool came free within 1 s.' });
    } finally {
      release();
      await holder;
      await store.close();
    }
  }, 60_000);

  it('probes an idle connection after 30 s, so a vanished database is noticed in minutes, not hours', async () => {
    const store = await openPostgresStore({ connectionString: server.connectionString(await server.createDatabase('keepalive')) });
    try {
      await store.read((tx) => tx.getOrganisation());
      // The kernel's view of this process's sockets to the server: `timer:(keepalive,29sec,0)` once keepalive is on.
      const sockets = execFileSync('ss', ['-tnoH', 'state', 'established', 'dport', '=', `:${server.port}`], { encoding: 'utf8' }).split('\n');
      const timers = sockets.flatMap((line) => {
        const timer = /timer:\(keepalive,(?:(\d+)min)?(?:(\d+)sec)?(?:(\d+)ms)?/.exec(line);
        return timer === null ? [] : [Number(timer[1] ?? 0) * 60_000 + Number(timer[2] ?? 0) * 1000 + Number(timer[3] ?? 0)];
      });
      expect(timers.length).toBeGreaterThan(0);
      for (const ms of timers) expect(ms).toBeLessThanOrEqual(keepAliveIdleMs);
    } finally {
      await store.close();
    }
  }, 60_000);
});

describe('a COMMIT whose answer does not come in time', () => {
  it('fails as an unknown outcome, not BUSY ("nothing written, try again"): the commit may have happened, as here it did', async () => {
    const connectionString = server.connectionString(await server.createDatabase('commit'));
    const store = await openPostgresStore({ connectionString, timeouts: { queryMs: 1_000 } });
    const admin = new pg.Client({ connectionString });
    await admin.connect();
    try {
      // A deferred constraint trigger runs at COMMIT: the commit takes 2 s, past the 1 s the client waits.
      await admin.query(`CREATE FUNCTION slow_commit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(2); RETURN NULL; END $$`);
      await admin.query('CREATE CONSTRAINT TRIGGER slow_commit AFTER INSERT ON users DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION slow_commit()');
      const user = { id: 'u-slow-commit', displayName: 'Slow Commit', isAdmin: false, createdAt: Date.now() };
      const failure = await store.transaction((tx) => tx.insertUser(user)).catch((error: unknown) => error);
      expect(failure).toMatchObject({ code: 'INTERNAL', message: expect.stringContaining('may have been written') as string });
      // It was written: a BUSY answer told the caller to do it again (an admin's new user twice).
      await expect.poll(async () => (await store.read((tx) => tx.getUser(user.id)))?.displayName ?? null, { timeout: 10_000 }).toBe('Slow Commit');
    } finally {
      await admin.end();
      await store.close();
    }
  }, 60_000);
});

describe('a connection lost inside a transaction, before its COMMIT', () => {
  it('fails as BUSY, not as an unknown outcome: no COMMIT was sent, nothing was written', async () => {
    const connectionString = server.connectionString(await server.createDatabase('lost'));
    const store = await openPostgresStore({ connectionString });
    const admin = new pg.Client({ connectionString });
    await admin.connect();
    // Passes every query through; it only tells which pooled connection ran the transaction's statement.
    const queries = vi.spyOn(pg.Client.prototype, 'query');
    try {
      const user = { id: 'u-lost', displayName: 'Lost Before Commit', isAdmin: false, createdAt: Date.now() };
      const failure = await store
        .transaction(async (tx) => {
          await tx.insertUser(user);
          const connection = queries.mock.contexts.at(-1);
          if (!(connection instanceof pg.Client)) throw new Error('no connection seen');
          const ended = new Promise((resolve) => connection.once('end', resolve));
          // The server ends the session while it sits idle in this transaction, after its last statement.
          const terminated = await admin.query(
            `SELECT pg_terminate_backend(pid) AS done FROM pg_stat_activity
             WHERE datname = current_database() AND application_name = 'fieldvault-server' AND state = 'idle in transaction'`,
          );
          expect(terminated.rows).toEqual([{ done: true }]);
          await ended;
        })
        .catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(PostgresStoreError);
      expect(failure).toMatchObject({ code: 'BUSY' });
      expect(await store.read((tx) => tx.getUser(user.id))).toBeNull();
    } finally {
      queries.mockRestore();
      await admin.end();
      await store.close();
    }
  }, 60_000);
});
