// Calls a store transaction makes at once (Promise.all over one transaction,
// as push, pull and poke do) run one after another on its connection: pg 8
// queues them itself but warns that it will stop doing so in pg 9.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresStore } from './postgres.store';
import { startPostgresTestServer, type PostgresTestServer } from './testing/postgres-test-server';

let server: PostgresTestServer | undefined;
let connectionString = '';

beforeAll(async () => {
  server = await startPostgresTestServer();
  connectionString = server.connectionString(await server.createDatabase('concurrent'));
});

afterAll(async () => {
  await server?.stop();
});

describe('PostgreSQL store transactions', () => {
  it('runs concurrent calls of one transaction one at a time, so pg never sees a query while one is active', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error): void => {
      warnings.push(warning.message);
    };
    process.on('warning', onWarning);
    const store = await openPostgresStore({ connectionString, poolSize: 2 });
    try {
      const reads = await store.read((tx) => Promise.all([tx.listDataKeys(), tx.listRejections('device-a'), tx.listDataKeys(), tx.listRejections('device-b')]));
      expect(reads).toEqual([[], [], [], []]);
      const written = await store.transaction((tx) => Promise.all([tx.listDataKeys(), tx.listRejections('device-c'), tx.listDataKeys()]));
      expect(written).toEqual([[], [], []]);
      // Warnings are emitted on a later turn.
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      process.off('warning', onWarning);
      await store.close();
    }
    expect(warnings.filter((message) => message.includes('already executing a query'))).toEqual([]);
  });

  it('rolls a failed transaction back after the calls it left queued, so none of them commits on its own', async () => {
    const store = await openPostgresStore({ connectionString, poolSize: 2 });
    try {
      const user = (id: string) => ({ id, displayName: `Rep ${id}`, isAdmin: false, createdAt: 1_700_000_000_000 });
      await store.transaction((tx) => tx.insertUser(user('rep-1')));
      // The first insert fails (the id exists) while the others wait their turn behind it.
      await expect(
        store.transaction((tx) => Promise.all([tx.insertUser(user('rep-1')), tx.insertUser(user('rep-2')), tx.insertUser(user('rep-3')), tx.insertUser(user('rep-4'))])),
      ).rejects.toThrow();
      expect((await store.read((tx) => tx.listUsers())).map((row) => row.id)).toEqual(['rep-1']);
    } finally {
      await store.close();
    }
  });
});
