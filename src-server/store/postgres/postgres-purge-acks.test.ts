// Purge acknowledgements on PostgreSQL cost one statement per call, however
// many there are: they are written under the cluster-wide commit lock, and a
// device that was away for months acknowledges thousands of erasures at once
// (one round trip each held every other writer for seconds). The statements
// run on a real server, counted by a runner that passes each one through.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migratePostgres } from './migrate';
import { SqlRunner } from './postgres-sql';
import { PostgresWriteTx } from './postgres.write-tx';
import { startPostgresTestServer, type PostgresTestServer } from './testing/postgres-test-server';

/** Runs every statement on the real connection and keeps its text. */
class CountingRunner extends SqlRunner {
  readonly statements: string[] = [];

  override rows(sql: string, params: readonly unknown[] = []): Promise<unknown[]> {
    this.statements.push(sql);
    return super.rows(sql, params);
  }

  override rowCount(sql: string, params: readonly unknown[] = []): Promise<number> {
    this.statements.push(sql);
    return super.rowCount(sql, params);
  }
}

let server: PostgresTestServer | undefined;
let client: pg.Client | undefined;

beforeAll(async () => {
  server = await startPostgresTestServer();
  client = new pg.Client({ connectionString: server.connectionString(await server.createDatabase('acks')) });
  await client.connect();
  await migratePostgres(client);
});

afterAll(async () => {
  await client?.end();
  await server?.stop();
});

describe('PostgreSQL insertPurgeAcks', () => {
  it('writes 5,000 acknowledgements in one statement, and a repeat of them in one more that changes nothing', async () => {
    if (client === undefined) throw new Error('The PostgreSQL test server did not start.');
    const acks = Array.from({ length: 5_000 }, (_, index) => ({ erasureSeq: 1 + (index % 50), deviceId: `dev-${Math.floor(index / 50)}`, ackedAt: 1_000 + index }));
    const runner = new CountingRunner(client);
    const tx = new PostgresWriteTx(runner);
    await client.query('BEGIN');
    try {
      await tx.insertPurgeAcks(acks);
      expect(runner.statements).toHaveLength(1);
      await tx.insertPurgeAcks(acks.map((ack) => ({ ...ack, ackedAt: 9_999 })));
      expect(runner.statements).toHaveLength(2);
      await tx.insertPurgeAcks([]);
      expect(runner.statements).toHaveLength(2);
      const stored = await client.query<{ n: number; first: boolean }>('SELECT count(*)::int AS n, bool_and(acked_at < 9999) AS first FROM purge_acks');
      expect(stored.rows).toEqual([{ n: acks.length, first: true }]);
    } finally {
      runner.close();
      await client.query('ROLLBACK');
    }
  });
});
