// How PostgreSQL runs the incremental pull's field stream when it leaves out
// the pulling device's own commits (listChangedFields with exceptDeviceId,
// asked on every pull and every poke check): each listed row's commit is
// looked up by its key. A plan that reads the device's commits by a scan of
// commits costs every pull the organisation's whole history (issue 4's
// benchmark: a sequential scan of commits in each bucket's arm).
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migratePostgres } from './migrate';
import { PostgresReadTx } from './postgres.read-tx';
import { SqlRunner } from './postgres-sql';
import { startPostgresTestServer, type PostgresTestServer } from './testing/postgres-test-server';

/** Keeps the statements a read transaction would run instead of running them. */
class RecordingRunner extends SqlRunner {
  readonly statements: { sql: string; params: readonly unknown[] }[] = [];

  override rows(sql: string, params: readonly unknown[] = []): Promise<unknown[]> {
    this.statements.push({ sql, params });
    return Promise.resolve([]);
  }
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Index Cond'?: string;
  Plans?: PlanNode[];
}

const nodesOf = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodesOf)];

let server: PostgresTestServer | undefined;
let client: pg.Client | undefined;

beforeAll(async () => {
  server = await startPostgresTestServer();
  client = new pg.Client({ connectionString: server.connectionString(await server.createDatabase('plan')) });
  await client.connect();
  await migratePostgres(client);
  // 40 devices of 40 users in 4 teams, 50 pushes each, each push writing 3
  // fields of 10 of its user's records; the planner sees the statistics.
  await client.query(`INSERT INTO commits (seq, kind, device_id, user_id, at)
    SELECT s, 'push', 'dev-' || (s % 40), 'user-' || (s % 40), 0 FROM generate_series(1, 2000) AS s`);
  await client.query(`INSERT INTO field_state (entity, record_id, field, hlc, commit_seq, owner_user_id, team_id)
    SELECT DISTINCT ON (u, r, f) 'contacts', 'rec-' || u || '-' || r, f, 'hlc-' || s, s, 'user-' || u, 'team-' || (u % 4)
    FROM generate_series(1, 2000) AS s, LATERAL (SELECT s % 40 AS u, s / 40 * 10 AS first) AS push,
         generate_series(0, 9) AS i, LATERAL (SELECT (push.first + i) % 200 AS r) AS rec, unnest(ARRAY['name', 'title', 'email']) AS f
    ORDER BY u, r, f, s DESC`);
  await client.query('ANALYZE');
});

afterAll(async () => {
  await client?.end();
  await server?.stop();
});

describe('PostgreSQL listChangedFields without one device’s own commits', () => {
  it('looks up each listed row’s commit by its key instead of scanning commits', async () => {
    if (client === undefined) throw new Error('The PostgreSQL test server did not start.');
    const recording = new RecordingRunner(client);
    const buckets = { userIds: ['user-5'], teamIds: ['team-1'], territoryIds: ['north'] };
    await new PostgresReadTx(recording).listChangedFields({ afterSeq: 1_600, throughSeq: 2_000 }, buckets, 501, 'dev-5');
    const [statement] = recording.statements;
    if (statement === undefined) throw new Error('listChangedFields ran no statement');

    const explained = await client.query<{ 'QUERY PLAN': { Plan: PlanNode }[] }>(`EXPLAIN (FORMAT JSON) ${statement.sql}`, [...statement.params]);
    const plan = explained.rows[0]?.['QUERY PLAN'][0]?.Plan;
    if (plan === undefined) throw new Error('EXPLAIN returned no plan');
    const nodes = nodesOf(plan);
    const commitReads = nodes.filter((node) => node['Relation Name'] === 'commits');
    // One lookup per bucket kind's arm, each by the key of the field state's commit.
    expect(commitReads.map((node) => [node['Node Type'], node['Index Name'], node['Index Cond']])).toEqual([
      ['Index Scan', 'commits_pkey', '(seq = f.commit_seq)'],
      ['Index Scan', 'commits_pkey', '(seq = f_1.commit_seq)'],
      ['Index Scan', 'commits_pkey', '(seq = f_2.commit_seq)'],
    ]);
    expect(nodes.map((node) => node['Node Type'])).not.toContain('Hash');
  });
});
