// Brings a PostgreSQL database to a schema version. Several server processes
// may start at once on one database: a session advisory lock makes exactly one
// of them migrate while the others wait and then find nothing to do. Each
// migration runs in its own transaction together with its row in
// schema_migrations, so a crash leaves the schema at a whole version.
import type pg from 'pg';
import { z } from 'zod';
import { PostgresSchemaError } from './postgres-errors';
import { postgresMigrations } from './migrations/index';
import type { PostgresMigration } from './migrations/migration';

/**
 * The constant key for pg_advisory_lock; only migrations take it. Its bytes
 * are the ASCII of "F5imigra" (it was meant to spell "FVmigrat", which would
 * be 46566d6967726174). Kept as it is: running servers and ones already
 * deployed take this key, and a server with another key would migrate
 * alongside them.
 */
const migrationLockKey = '4635696d69677261';

const VersionRow = z.object({ version: z.coerce.number().int() });

export async function appliedPostgresVersion(client: pg.ClientBase): Promise<number> {
  const exists = await client.query(`SELECT to_regclass('schema_migrations') IS NOT NULL AS present`);
  if (z.object({ present: z.boolean() }).parse(exists.rows[0]).present !== true) return 0;
  const result = await client.query('SELECT coalesce(max(version), 0) AS version FROM schema_migrations');
  return VersionRow.parse(result.rows[0]).version;
}

/**
 * Applies the migrations after the current version up to `target` (default:
 * all). Refuses a database whose schema is newer than this code knows.
 */
export async function migratePostgres(
  client: pg.ClientBase,
  target?: number,
  migrations: readonly PostgresMigration[] = postgresMigrations,
): Promise<number> {
  const latest = migrations.length;
  const goal = target ?? latest;
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) throw new PostgresSchemaError(`Migration list is not gap-free at version ${migration.version}.`);
  });
  // A schema already at (or past) the goal is only read: no lock, no DDL. The
  // server may then run as a role with row rights alone (SELECT, INSERT,
  // UPDATE, DELETE), which CREATE TABLE IF NOT EXISTS refused (42501) even
  // with the table there.
  const found = await appliedPostgresVersion(client);
  refuseNewerSchema(found, latest);
  if (found >= Math.min(goal, latest)) return found;
  try {
    return await migrateUnderLock(client, goal, migrations);
  } catch (error) {
    throw insufficientPrivilege(error) ?? error;
  }
}

function refuseNewerSchema(current: number, latest: number): void {
  if (current > latest) {
    throw new PostgresSchemaError(`The database schema (version ${current}) is newer than this server (version ${latest}); upgrade the server.`);
  }
}

/** A schema change refused for want of rights, explained (the role, not the database, is the problem); otherwise undefined. */
function insufficientPrivilege(error: unknown): PostgresSchemaError | undefined {
  if (typeof error !== 'object' || error === null || Reflect.get(error, 'code') !== '42501') return undefined;
  return new PostgresSchemaError(
    'The database schema needs migrating, but this database role may not change it (SQLSTATE 42501, insufficient privilege). ' +
      'Start the server once as the role that owns the schema to apply the migrations; the server then runs with a role that may only read and write rows.',
  );
}

async function migrateUnderLock(client: pg.ClientBase, goal: number, migrations: readonly PostgresMigration[]): Promise<number> {
  const latest = migrations.length;
  // Wait as long as another process needs to migrate, and let a migration take
  // as long as it needs (the store's connections set lock and statement
  // timeouts for ordinary work; a migration is not ordinary work).
  await client.query('SET lock_timeout = 0');
  await client.query('SET statement_timeout = 0');
  await client.query(`SELECT pg_advisory_lock(x'${migrationLockKey}'::bigint)`);
  try {
    await client.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
         version integer PRIMARY KEY,
         name text NOT NULL,
         applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    // Read again under the lock: another process may have migrated meanwhile.
    const current = await appliedPostgresVersion(client);
    refuseNewerSchema(current, latest);
    for (const migration of migrations.slice(current, goal)) {
      await client.query('BEGIN');
      try {
        for (const statement of migration.statements) await client.query(statement);
        await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    }
    return Math.max(current, Math.min(goal, latest));
  } finally {
    await client.query(`SELECT pg_advisory_unlock(x'${migrationLockKey}'::bigint)`);
    await client.query('RESET lock_timeout');
    await client.query('RESET statement_timeout');
  }
}
