// Runs the Store conformance suite against the PostgreSQL store on a real
// PostgreSQL server (Debian package) started for this file in a temp
// directory. The file migrates one fresh database; before each test it is
// emptied (every store table, commit head back to 0), which is
// what a fresh store sees and costs far less than a database per test. Two
// instances on one database stand in for two server processes.
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { describeStoreConformance } from '../conformance/store.conformance';
import { openPostgresStore } from './postgres.store';
import { startPostgresTestServer, type PostgresTestServer } from './testing/postgres-test-server';

let server: PostgresTestServer | undefined;
let connectionString = '';

beforeAll(async () => {
  server = await startPostgresTestServer();
  connectionString = server.connectionString(await server.createDatabase('conformance'));
  await (await openPostgresStore({ connectionString })).close();
});

afterAll(async () => {
  await server?.stop();
});

async function emptyDatabase(): Promise<void> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const tables = await client.query<{ name: string }>(
      `SELECT quote_ident(tablename) AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations'`,
    );
    // DELETE, not TRUNCATE: on these tiny tables it is ten times faster.
    await client.query('BEGIN');
    for (const table of tables.rows) await client.query(`DELETE FROM ${table.name}`);
    await client.query('INSERT INTO commit_head (singleton, seq) VALUES (1, 0)');
    await client.query('COMMIT');
  } finally {
    await client.end();
  }
}

describeStoreConformance(
  'postgres',
  async (settings = {}) => {
    if (server === undefined) throw new Error('The PostgreSQL test server did not start.');
    await emptyDatabase();
    const store = await openPostgresStore({ connectionString, poolSize: 4, ...settings });
    return {
      store,
      openSibling: () => openPostgresStore({ connectionString, poolSize: 4 }),
      dispose: () => store.close(),
    };
  },
  { multiInstance: true },
);
