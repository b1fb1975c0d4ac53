// The PostgreSQL migration runner, migrations 0001 to 0007 on a real server:
// from an empty database to the current schema, idempotent re-runs, several
// processes migrating at once, a failing migration leaving no trace, and a
// database newer than the code refused. A server may run as a role with row
// rights alone once the schema's owner has migrated.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appliedPostgresVersion, migratePostgres } from './migrate';
import { postgresMigrations } from './migrations/index';
import type { PostgresMigration } from './migrations/migration';
import { PostgresSchemaError } from './postgres-errors';
import { openPostgresStore } from './postgres.store';
import { startPostgresTestServer, type PostgresTestServer } from './testing/postgres-test-server';

let server: PostgresTestServer | undefined;

beforeAll(async () => {
  server = await startPostgresTestServer();
});

afterAll(async () => {
  await server?.stop();
});

async function withFreshDatabase<T>(body: (connect: () => Promise<pg.Client>) => Promise<T>): Promise<T> {
  if (server === undefined) throw new Error('The PostgreSQL test server did not start.');
  const connectionString = server.connectionString(await server.createDatabase('migrate'));
  const clients: pg.Client[] = [];
  const connect = async () => {
    const client = new pg.Client({ connectionString });
    clients.push(client);
    await client.connect();
    return client;
  };
  try {
    return await body(connect);
  } finally {
    await Promise.all(clients.map((client) => client.end()));
  }
}

const tablesOf = async (client: pg.Client): Promise<string[]> =>
  (await client.query<{ tablename: string }>(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`)).rows.map(
    (row) => row.tablename,
  );

describe('PostgreSQL migrations', () => {
  it('migrates an empty database to the newest version, once, with a commit head at 0', async () => {
    await withFreshDatabase(async (connect) => {
      const client = await connect();
      expect(await appliedPostgresVersion(client)).toBe(0);
      expect(await migratePostgres(client)).toBe(postgresMigrations.length);
      expect(await tablesOf(client)).toEqual([
        'blind_index',
        'change_log',
        'commit_head',
        'commits',
        'data_keys',
        'device_rejections',
        'devices',
        'directory_generation',
        'enrolment_codes',
        'erasures',
        'field_state',
        'membership_changes',
        'memberships',
        'organisation',
        'purge_acks',
        'records',
        'schema_migrations',
        'server_steps',
        'users',
      ]);
      expect((await client.query('SELECT seq FROM commit_head')).rows).toEqual([{ seq: '0' }]);
      // A second run finds nothing to do and changes nothing.
      expect(await migratePostgres(client)).toBe(postgresMigrations.length);
      expect((await client.query('SELECT version, name FROM schema_migrations ORDER BY version')).rows).toEqual(
        postgresMigrations.map((migration) => ({ version: migration.version, name: migration.name })),
      );
      expect((await client.query('SELECT count(*)::int AS n FROM commit_head')).rows).toEqual([{ n: 1 }]);
    });
  });

  it('lets several processes start at once: exactly one migrates, all end at the newest version', async () => {
    await withFreshDatabase(async (connect) => {
      const clients = await Promise.all([connect(), connect(), connect()]);
      const versions = await Promise.all(clients.map((client) => migratePostgres(client)));
      expect(versions).toEqual(clients.map(() => postgresMigrations.length));
      const [first] = clients;
      if (first === undefined) throw new Error('no client');
      expect((await first.query('SELECT count(*)::int AS n FROM schema_migrations')).rows).toEqual([{ n: postgresMigrations.length }]);
    });
  });

  it('leaves no trace of a migration that fails half-way, and keeps the earlier ones', async () => {
    await withFreshDatabase(async (connect) => {
      const client = await connect();
      const broken: PostgresMigration = {
        version: postgresMigrations.length + 1,
        name: 'broken',
        statements: ['CREATE TABLE half_done (id int)', 'SELECT * FROM no_such_table'],
      };
      await expect(migratePostgres(client, undefined, [...postgresMigrations, broken])).rejects.toThrow();
      expect(await appliedPostgresVersion(client)).toBe(postgresMigrations.length);
      expect(await tablesOf(client)).not.toContain('half_done');
      // The advisory lock was released: the next run proceeds.
      expect(await migratePostgres(client)).toBe(postgresMigrations.length);
    });
  });

  it('migrates only up to a target version when asked', async () => {
    await withFreshDatabase(async (connect) => {
      const client = await connect();
      const extra: PostgresMigration = { version: postgresMigrations.length + 1, name: 'extra', statements: ['CREATE TABLE extra_table (id int)'] };
      expect(await migratePostgres(client, postgresMigrations.length, [...postgresMigrations, extra])).toBe(postgresMigrations.length);
      expect(await tablesOf(client)).not.toContain('extra_table');
      expect(await migratePostgres(client, undefined, [...postgresMigrations, extra])).toBe(postgresMigrations.length + 1);
      expect(await tablesOf(client)).toContain('extra_table');
    });
  });

  it("migration 0002 gives field state its record's buckets and an index range per bucket in commit order", async () => {
    await withFreshDatabase(async (connect) => {
      const client = await connect();
      expect(await migratePostgres(client, 1)).toBe(1);
      await client.query(
        `INSERT INTO records (entity, record_id, owner_user_id, team_id, territory_id, created_seq, bucket_seq)
         VALUES ('contacts', 'rec-1', 'u-1', 'team-1', NULL, 1, 1), ('contacts', 'rec-2', 'u-2', NULL, 'north', 1, 1)`,
      );
      await client.query(
        `INSERT INTO field_state (entity, record_id, field, hlc, commit_seq)
         VALUES ('contacts', 'rec-1', 'name', 'h', 1), ('contacts', 'rec-2', 'name', 'h', 2), ('contacts', 'rec-orphan', 'name', 'h', 3)`,
      );
      expect(await migratePostgres(client)).toBe(postgresMigrations.length);
      const rows = await client.query('SELECT record_id, owner_user_id, team_id, territory_id FROM field_state ORDER BY record_id');
      expect(rows.rows).toEqual([
        { record_id: 'rec-1', owner_user_id: 'u-1', team_id: 'team-1', territory_id: null },
        { record_id: 'rec-2', owner_user_id: 'u-2', team_id: null, territory_id: 'north' },
        // Field state of a record that does not exist belongs to no bucket.
        { record_id: 'rec-orphan', owner_user_id: null, team_id: null, territory_id: null },
      ]);
      // With sequential scans priced out, a bucket's changes since a cursor come from its index, already in commit order.
      await client.query('SET enable_seqscan = off');
      for (const [index, column] of [['field_state_by_owner', 'owner_user_id'], ['field_state_by_team', 'team_id'], ['field_state_by_territory', 'territory_id']]) {
        const plan = await client.query<{ 'QUERY PLAN': string }>(
          `EXPLAIN SELECT * FROM field_state f WHERE f.${column} = 'x' AND f.commit_seq > 1 AND f.commit_seq <= 9 ORDER BY f.commit_seq, f.entity, f.record_id, f.field LIMIT 10`,
        );
        const text = plan.rows.map((row) => row['QUERY PLAN']).join('\n');
        expect(text).toContain(index);
        expect(text).not.toMatch(/Sort/);
      }
    });
  });

  it('migration 0003 keeps every kept rejection and lets one operation keep one of each code', async () => {
    await withFreshDatabase(async (connect) => {
      const client = await connect();
      expect(await migratePostgres(client, 2)).toBe(2);
      const insert = (deviceId: string, seq: number, code: string, fields: string) =>
        client.query('INSERT INTO device_rejections (device_id, seq, code, message, fields) VALUES ($1, $2, $3, $4, $5::jsonb)', [deviceId, seq, code, `Refused (${code})`, fields]);
      await insert('dev-1', 4, 'unknown_field', '["shoeSize"]');
      await insert('dev-1', 9, 'forbidden', '[]');
      await insert('dev-2', 4, 'conflict', '["name"]');
      // The defect: a second code for one seq broke the push's transaction.
      await expect(insert('dev-1', 4, 'conflict', '["name"]')).rejects.toThrow(/device_rejections_pkey/);
      const all = 'SELECT device_id, seq, code, message, fields FROM device_rejections ORDER BY device_id, seq, code COLLATE "C"';
      const before = (await client.query(all)).rows;

      expect(await migratePostgres(client)).toBe(postgresMigrations.length);
      expect((await client.query(all)).rows).toEqual(before);
      await insert('dev-1', 4, 'conflict', '["name"]');
      expect((await client.query(`SELECT code FROM device_rejections WHERE device_id = 'dev-1' AND seq = 4 ORDER BY code COLLATE "C"`)).rows).toEqual([
        { code: 'conflict' },
        { code: 'unknown_field' },
      ]);
      await expect(insert('dev-1', 4, 'conflict', '[]')).rejects.toThrow(/device_rejections_pkey/);
    });
  });

  it('migration 0004 adds the directory generation at 0 and finds the members of a bucket by index', async () => {
    await withFreshDatabase(async (connect) => {
      const client = await connect();
      expect(await migratePostgres(client, 3)).toBe(3);
      await client.query(`INSERT INTO memberships (user_id, kind, bucket_id) VALUES ('u-1', 'team', 'team-1'), ('u-2', 'team', 'team-1'), ('u-3', 'territory', 'team-1')`);
      expect(await migratePostgres(client)).toBe(postgresMigrations.length);
      expect((await client.query('SELECT generation FROM directory_generation')).rows).toEqual([{ generation: '0' }]);
      // With sequential scans priced out, the directory's "who shares my buckets" half reads memberships_by_bucket.
      await client.query('SET enable_seqscan = off');
      const plan = await client.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN SELECT other.user_id FROM memberships mine
         JOIN memberships other ON other.kind = mine.kind AND other.bucket_id = mine.bucket_id WHERE mine.user_id = 'u-1'`,
      );
      expect(plan.rows.map((row) => row['QUERY PLAN']).join('\n')).toContain('memberships_by_bucket');
    });
  });

  it('migration 0005 keeps every enrolment code, with no issuer and not cancelled, and finds an issuer\'s codes by index', async () => {
    await withFreshDatabase(async (connect) => {
      const client = await connect();
      expect(await migratePostgres(client, 4)).toBe(4);
      await client.query(
        `INSERT INTO enrolment_codes (code_hash, user_id, created_at, expires_at, used_at, device_id)
         VALUES ($1, 'u-1', 10, 20, NULL, NULL), ($2, 'u-2', 11, 21, 15, 'dev-1')`,
        ['a'.repeat(64), 'b'.repeat(64)],
      );
      expect(await migratePostgres(client)).toBe(postgresMigrations.length);
      expect((await client.query('SELECT * FROM enrolment_codes ORDER BY code_hash')).rows).toEqual([
        { code_hash: 'a'.repeat(64), user_id: 'u-1', created_at: '10', expires_at: '20', used_at: null, device_id: null, issued_by_device_id: null, cancelled_at: null },
        { code_hash: 'b'.repeat(64), user_id: 'u-2', created_at: '11', expires_at: '21', used_at: '15', device_id: 'dev-1', issued_by_device_id: null, cancelled_at: null },
      ]);
      await client.query('SET enable_seqscan = off');
      const plan = await client.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN UPDATE enrolment_codes SET cancelled_at = 1 WHERE issued_by_device_id = 'dev-1' AND used_at IS NULL AND cancelled_at IS NULL AND expires_at > 1`,
      );
      expect(plan.rows.map((row) => row['QUERY PLAN']).join('\n')).toContain('enrolment_codes_by_issuer');
    });
  });

  it('migration 0006 adds an empty record of one-time server steps, one row per step', async () => {
    await withFreshDatabase(async (connect) => {
      const client = await connect();
      expect(await migratePostgres(client, 5)).toBe(5);
      expect(await tablesOf(client)).not.toContain('server_steps');
      expect(await migratePostgres(client)).toBe(postgresMigrations.length);
      expect((await client.query('SELECT * FROM server_steps')).rows).toEqual([]);
      await client.query(`INSERT INTO server_steps (name, done_at) VALUES ('step-a', 10)`);
      await expect(client.query(`INSERT INTO server_steps (name, done_at) VALUES ('step-a', 11)`)).rejects.toThrow(/duplicate key/);
    });
  });

  it('migration 0007 numbers the data keys there by creation, the active key last, and refuses a repeated number', async () => {
    await withFreshDatabase(async (connect) => {
      const client = await connect();
      expect(await migratePostgres(client, 6)).toBe(6);
      await client.query(
        `INSERT INTO data_keys (id, wrapped_key, master_key_id, active, created_at)
         VALUES ('dk-old', '\\x00', 'mk', false, 100), ('dk-active', '\\x00', 'mk', true, 50), ('bi-blind', '\\x00', 'mk', false, 100)`,
      );
      expect(await migratePostgres(client)).toBe(postgresMigrations.length);
      expect((await client.query('SELECT id, seq FROM data_keys ORDER BY seq')).rows).toEqual([
        { id: 'bi-blind', seq: '1' },
        { id: 'dk-old', seq: '2' },
        { id: 'dk-active', seq: '3' },
      ]);
      await expect(client.query("UPDATE data_keys SET seq = 1 WHERE id = 'dk-old'")).rejects.toThrow(/data_keys_by_seq/);
    });
  });

  it('refuses a database whose schema is newer than this server', async () => {
    await withFreshDatabase(async (connect) => {
      const client = await connect();
      await migratePostgres(client);
      await client.query(`INSERT INTO schema_migrations (version, name) VALUES (999, 'from the future')`);
      await expect(migratePostgres(client)).rejects.toBeInstanceOf(PostgresSchemaError);
    });
  });

  it('opens a migrated database as a role that may only read and write rows, and tells that role to let the owner migrate', async () => {
    await withFreshDatabase(async (connect) => {
      if (server === undefined) throw new Error('The PostgreSQL test server did not start.');
      const owner = await connect();
      const database = (await owner.query<{ name: string }>('SELECT current_database() AS name')).rows[0]?.name ?? '';
      const role = `fv_rows_${database.replace(/[^a-z0-9_]/g, '_')}`;
      await owner.query(`CREATE ROLE ${role} LOGIN`);
      await owner.query('REVOKE CREATE ON SCHEMA public FROM PUBLIC');
      await owner.query(`GRANT USAGE ON SCHEMA public TO ${role}`);
      const asRole = new URL(server.connectionString(database));
      asRole.username = role;

      // Not migrated yet: the role cannot, and is told who can; nothing is created.
      await expect(openPostgresStore({ connectionString: asRole.toString() })).rejects.toThrow(/42501.*role that owns the schema/);
      expect(await tablesOf(owner)).toEqual([]);

      await migratePostgres(owner);
      await owner.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role}`);
      const store = await openPostgresStore({ connectionString: asRole.toString() });
      try {
        await store.transaction((tx) => tx.insertUser({ id: 'u-rows', displayName: 'Rows Only', isAdmin: false, createdAt: 1 }));
        expect(await store.read((tx) => tx.getUser('u-rows'))).toMatchObject({ id: 'u-rows', isAdmin: false });
      } finally {
        await store.close();
      }
    });
  });

  it('refuses a migration list with a gap', async () => {
    await withFreshDatabase(async (connect) => {
      const client = await connect();
      const gap: PostgresMigration = { version: postgresMigrations.length + 2, name: 'gap', statements: [] };
      await expect(migratePostgres(client, undefined, [...postgresMigrations, gap])).rejects.toBeInstanceOf(PostgresSchemaError);
      expect(await appliedPostgresVersion(client)).toBe(0);
    });
  });
});
