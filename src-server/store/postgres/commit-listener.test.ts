// The commit listener on a real PostgreSQL server, after the database was
// restored to an earlier point while this process ran (its commit head went
// back): the catch-up read after it reconnects finds the lower head, says so,
// tells the listeners, and hears the commits made after it. Before, it kept
// the old high-water mark and ignored every commit until the head passed it,
// so waiting devices were not woken.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FreezableRelay } from '../../testing/freezable-relay';
import { CommitHeadWentBackError } from './commit-listener';
import { openPostgresStore, type PostgresStore } from './postgres.store';
import { startPostgresTestServer, type PostgresTestServer } from './testing/postgres-test-server';

let server: PostgresTestServer;

beforeAll(async () => {
  server = await startPostgresTestServer();
}, 120_000);
afterAll(async () => {
  await server.stop();
}, 60_000);

/** One empty commit; its seq. */
const commit = (store: PostgresStore): Promise<number> =>
  store.transaction((tx) => tx.allocateCommit({ kind: 'admin', deviceId: null, userId: null, at: Date.now() }));

describe('the commit listener after the database went back to an earlier point', () => {
  it('lowers its mark to the head it finds on reconnecting, says so, and hears the commits after it', async () => {
    const connectionString = server.connectionString(await server.createDatabase('restored_head'));
    const relay = await FreezableRelay.start(server.port);
    const url = new URL(connectionString);
    url.hostname = '127.0.0.1';
    url.port = String(relay.port);
    const errors: Error[] = [];
    // This process listens through the relay; another process commits directly.
    const listening = await openPostgresStore({ connectionString: url.toString(), onBackgroundError: (error) => errors.push(error) });
    const other = await openPostgresStore({ connectionString });
    const admin = new pg.Client({ connectionString });
    await admin.connect();
    const heard: number[] = [];
    try {
      listening.onCommit((head) => heard.push(head));
      for (let index = 0; index < 3; index += 1) await commit(listening);
      // The other process's commit is heard: the LISTEN connection is up.
      const fourth = await commit(other);
      await expect.poll(() => heard.includes(fourth), { timeout: 10_000 }).toBe(true);

      // Restored to the point after the first commit, its connections cut (as a restart does).
      await admin.query('BEGIN');
      await admin.query('DELETE FROM commits WHERE seq > 1');
      await admin.query('UPDATE commit_head SET seq = 1 WHERE singleton = 1');
      await admin.query('COMMIT');
      relay.cut();
      await expect.poll(() => heard.at(-1), { timeout: 10_000 }).toBe(1);
      const said = errors.filter((error) => error instanceof CommitHeadWentBackError);
      expect(said.map((error) => error.message)).toEqual([
        "The database's commit head went back from 4 to 1 (restored from a backup?); commits are reported from 1 on.",
      ]);

      // Seq 2 again, below the old mark of 4: heard all the same.
      expect(await commit(other)).toBe(2);
      await expect.poll(() => heard.at(-1), { timeout: 10_000 }).toBe(2);
    } finally {
      await admin.end();
      await other.close();
      await listening.close();
      await relay.close();
    }
  }, 60_000);
});
