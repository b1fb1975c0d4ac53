// Opens the configured Store: the embedded SQLite file in the data folder, or
// PostgreSQL at a connection URL (given on the command line or in
// FIELDVAULT_DATABASE_URL, never written to disk: it may hold a password).
import { openPostgresStore } from '../store/postgres/postgres.store';
import { openSqliteStore } from '../store/sqlite/sqlite-store';
import type { Store } from '../store/store';
import { dataDirPaths } from './data-dir';

export interface StoreChoice {
  readonly kind: 'sqlite' | 'postgres';
  readonly databaseUrl?: string;
  /** How long a write may wait for this process's earlier writes before it fails as BUSY (store/write-queue.ts; default 12 s). */
  readonly writeQueueMs?: number;
  /** Hears what fails outside any request (PostgreSQL: an idle connection lost, the commit listener's LISTEN failing). */
  readonly onBackgroundError?: (error: Error) => void;
  /** SQLite: hears an erase's WAL checkpoint that failed for a reason other than a lock (its SQLite error code). */
  readonly onCheckpointFailed?: (sqliteCode: string) => void;
}

/** The store to open, with the postgres URL taken from the environment when not given; throws when there is none. */
export function resolveStoreChoice(choice: StoreChoice): StoreChoice {
  if (choice.kind === 'sqlite') return choice;
  const databaseUrl = choice.databaseUrl ?? process.env.FIELDVAULT_DATABASE_URL;
  if (databaseUrl === undefined || databaseUrl === '') {
    throw new Error('The postgres store needs --database-url or FIELDVAULT_DATABASE_URL');
  }
  return { kind: 'postgres', databaseUrl };
}

export async function openConfiguredStore(dataDir: string, choice: StoreChoice): Promise<Store> {
  const resolved = resolveStoreChoice(choice);
  const writeQueueMs = choice.writeQueueMs;
  if (resolved.kind === 'sqlite' || resolved.databaseUrl === undefined) {
    return openSqliteStore(dataDirPaths(dataDir).sqlite, { writeQueueMs, ...(choice.onCheckpointFailed === undefined ? {} : { onCheckpointFailed: choice.onCheckpointFailed }) });
  }
  return openPostgresStore({ connectionString: resolved.databaseUrl, writeQueueMs, ...(choice.onBackgroundError === undefined ? {} : { onBackgroundError: choice.onBackgroundError }) });
}
