// How the HTTP layer reports PostgreSQL failures that are not "busy", on a
// real PostgreSQL server behind real TLS: a COMMIT whose answer never came
// keeps its own message (the change may have been written: read it back
// before doing it again), not the generic "try again later" that led an
// admin to create a user twice; and the server's error log names a refused
// statement's SQLSTATE and constraint, never the row's values.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncErrorBody } from '../../src-shared/sync/protocol';
import { startPostgresTestServer, type PostgresTestServer } from '../store/postgres/testing/postgres-test-server';
import { startTestServer, type TestServer } from '../testing/test-server';

interface Line {
  readonly event: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

let postgres: PostgresTestServer;
let server: TestServer;
let admin: pg.Client;
const lines: Line[] = [];

beforeAll(async () => {
  postgres = await startPostgresTestServer();
  const databaseUrl = postgres.connectionString(await postgres.createDatabase('failures'));
  // The client waits 2 s for any answer (the URL's settings win over the store's defaults).
  server = await startTestServer({
    store: { kind: 'postgres', databaseUrl: `${databaseUrl}?query_timeout=2000` },
    log: (event, fields) => lines.push({ event, fields }),
  });
  admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
}, 120_000);

afterAll(async () => {
  await admin.end();
  await server.close();
  await postgres.stop();
}, 60_000);

const usersNamed = async (displayName: string): Promise<number> =>
  (await admin.query<{ n: number }>('SELECT count(*)::int AS n FROM users WHERE display_name = $1', [displayName])).rows[0]?.n ?? -1;

describe('a COMMIT whose answer does not come in time, over HTTP', () => {
  it('answers 500 saying the change may have been written, as it was', async () => {
    // A deferred constraint trigger runs at COMMIT: the commit takes 4 s, past the 2 s the server waits.
    await admin.query(`CREATE FUNCTION slow_commit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(4); RETURN NULL; END $$`);
    await admin.query('CREATE CONSTRAINT TRIGGER slow_commit AFTER INSERT ON users DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION slow_commit()');
    try {
      const displayName = `Slow Commit ${randomBytes(4).toString('hex')}`;
      const answer = await server.client.request('POST', '/v1/admin/users', { token: server.admin.token, body: { displayName, isAdmin: false } });
      expect(answer.status).toBe(500);
      expect(SyncErrorBody.parse(answer.json).error).toMatchObject({
        code: 'internal',
        message: 'The database did not answer the commit: the change may have been written. Read it back before doing it again.',
      });
      // It was written: "try again later" would have made the admin create the user twice.
      await expect.poll(() => usersNamed(displayName), { timeout: 15_000 }).toBe(1);
    } finally {
      await admin.query('DROP TRIGGER slow_commit ON users');
      await admin.query('DROP FUNCTION slow_commit()');
    }
  }, 60_000);
});

describe('the error log of a statement PostgreSQL refused', () => {
  it('names the SQLSTATE and the constraint, and no value of the row', async () => {
    // A constraint the sync layer does not know of, so the second user with one name breaks it.
    await admin.query('CREATE UNIQUE INDEX users_display_name_unique ON users (display_name)');
    try {
      const displayName = `Twin Canary ${randomBytes(4).toString('hex')}`;
      const first = await server.client.request('POST', '/v1/admin/users', { token: server.admin.token, body: { displayName, isAdmin: false } });
      expect(first.status).toBe(200);
      lines.length = 0;
      const second = await server.client.request('POST', '/v1/admin/users', { token: server.admin.token, body: { displayName, isAdmin: false } });
      expect(second.status).toBe(500);
      expect(SyncErrorBody.parse(second.json).error.code).toBe('internal');
      expect(lines.filter((line) => line.event === 'error').map((line) => line.fields)).toEqual([
        { kind: 'PostgresStoreError', code: 'internal', sqlState: '23505', constraint: 'users_display_name_unique' },
      ]);
      expect(JSON.stringify(lines)).not.toContain(displayName);
      expect(JSON.stringify(second.json)).not.toContain(displayName);
    } finally {
      await admin.query('DROP INDEX users_display_name_unique');
    }
  }, 60_000);
});
