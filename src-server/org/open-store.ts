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
}

export async function openConfiguredStore(dataDir: string, choice: StoreChoice): Promise<Store> {
  if (choice.kind === 'sqlite') return openSqliteStore(dataDirPaths(dataDir).sqlite);
  const connectionString = choice.databaseUrl ?? process.env.FIELDVAULT_DATABASE_URL;
  if (connectionString === undefined || connectionString === '') {
    throw new Error('The postgres store needs --database-url or FIELDVAULT_DATABASE_URL');
  }
  return openPostgresStore({ connectionString });
}
