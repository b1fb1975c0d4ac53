// Brings a vault's schema to a target version. PRAGMA user_version records
// the version; each migration and its version bump commit in one write
// transaction, so a crash leaves the schema at a whole version.
import { VaultCorruptError, VaultTooNewError } from '../../src-shared/ipc/errors';
import type { Connection, ReadTx } from './connection';
import { latestVersion, migrations as allMigrations } from './migrations/index';
import type { Migration } from './migrations/migration';

export async function schemaVersion(tx: ReadTx): Promise<number> {
  const row = await tx.get<{ user_version: unknown }>('PRAGMA user_version');
  const version = row?.user_version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) {
    throw new VaultCorruptError('its schema version is unreadable');
  }
  return version;
}

/** Versions must run 1, 2, 3, … without gaps or repeats. */
export function checkMigrationOrder(list: readonly Migration[]): void {
  list.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`Migration ${migration.name} has version ${migration.version}, expected ${index + 1}`);
    }
  });
}

/**
 * A migration about to run, the step'th of the steps pending; then, from a
 * migration that reports its progress, the same step with the rows it has
 * done of its total.
 */
export interface MigrationStep {
  readonly step: number;
  readonly steps: number;
  readonly done?: number;
  readonly total?: number;
}

/**
 * Runs the migrations between the vault's version and target. Refuses a vault
 * written by a newer app (its schema is unknown here) and never migrates down.
 * `onStep` hears of each migration before it runs (none when none is pending),
 * and of the rows a migration reports done as it runs.
 */
export async function migrate(
  conn: Connection,
  target: number = latestVersion,
  list: readonly Migration[] = allMigrations,
  onStep?: (step: MigrationStep) => void,
): Promise<{ from: number; to: number }> {
  checkMigrationOrder(list);
  const known = list.at(-1)?.version ?? 0;
  if (!Number.isInteger(target) || target < 0 || target > known) {
    throw new Error(`Cannot migrate to unknown schema version ${target}`);
  }
  const from = await conn.read(schemaVersion);
  if (from > known) throw new VaultTooNewError();
  if (from > target) throw new Error(`Cannot migrate down from schema version ${from} to ${target}`);

  const pending = list.slice(from, target);
  if (pending.length === 0) return { from, to: Math.max(from, target) };
  // The bulk settings while they run (a larger cache), and the WAL truncated after: each migration is one
  // transaction, so the WAL grew as large as the pages it changed (gigabytes at a million contacts) and stayed
  // that size on disk until some later bulk write truncated it.
  const release = await conn.holdBulkCache();
  try {
    for (const [index, migration] of pending.entries()) {
      const step = { step: index + 1, steps: pending.length };
      onStep?.(step);
      await conn.write(async (tx) => {
        // Re-read inside the transaction: the version must still be the one this migration starts from.
        const current = await schemaVersion(tx);
        if (current !== migration.version - 1) throw new Error('The schema version changed during migration');
        await migration.up(tx, ({ done, total }) => onStep?.({ ...step, done, total }));
        // version is an integer from the ordered list, checked above; PRAGMA takes no bound parameters.
        await tx.exec(`PRAGMA user_version = ${migration.version}`);
      });
    }
  } finally {
    await release();
  }
  return { from, to: Math.max(from, target) };
}
