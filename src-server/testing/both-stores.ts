// Test support: run one suite against both server stores. Starts a
// PostgreSQL test server for the calling test file (its beforeAll/afterAll)
// and names a choice of store per run, for describe.each.
import { afterAll, beforeAll } from 'vitest';
import type { StoreChoice } from '../org/open-store';
import { startPostgresTestServer, type PostgresTestServer } from '../store/postgres/testing/postgres-test-server';

/** Call at the top level of a test file; `database`: the PostgreSQL database each run creates. */
export function bothStores(database: string): readonly [string, () => Promise<StoreChoice>][] {
  let postgres: PostgresTestServer | undefined;
  beforeAll(async () => {
    postgres = await startPostgresTestServer();
  });
  afterAll(async () => {
    await postgres?.stop();
  });
  return [
    ['sqlite', () => Promise.resolve({ kind: 'sqlite' })],
    [
      'postgres',
      async () => {
        if (postgres === undefined) throw new Error('The PostgreSQL test server did not start.');
        return { kind: 'postgres', databaseUrl: postgres.connectionString(await postgres.createDatabase(database)) };
      },
    ],
  ];
}
