// Where a vault lives in its data folder, and how its files are removed.
//   vault.json         header (see vault-header.ts)
//   vault.db(-wal|-shm) the SQLCipher database and SQLite's side files
import { mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { DataFolderUnwritableError } from './data-folder-access';
import { headerPath, removeStaleHeaderTemps, syncDirectory } from './vault-header';

export const DB_FILE = 'vault.db';

export function databasePath(dataDir: string): string {
  return path.join(dataDir, DB_FILE);
}

/** SQLite's side files; a rollback journal can only appear while a rekey is interrupted. */
function databaseFiles(dataDir: string): string[] {
  const db = databasePath(dataDir);
  return [db, `${db}-wal`, `${db}-shm`, `${db}-journal`];
}

/** Makes the data folder; a failure (a file in its place, no drive, no permission) is the folder's. */
export async function ensureDataDir(dataDir: string): Promise<void> {
  try {
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
  } catch {
    throw new DataFolderUnwritableError(dataDir);
  }
}

export async function databaseExists(dataDir: string): Promise<boolean> {
  try {
    return (await stat(databasePath(dataDir))).isFile();
  } catch {
    return false;
  }
}

/** Deletes the database and its side files (stale leftovers before a create, or the tail of a wipe). */
export async function deleteDatabaseFiles(dataDir: string): Promise<void> {
  for (const file of databaseFiles(dataDir)) await rm(file, { force: true });
}

/**
 * Deletes every vault file. The header goes first: without it the folder reads
 * as "no vault", and a half-finished deletion leaves at most database files
 * that the next create clears, never a header pointing at nothing.
 */
export async function deleteVaultFiles(dataDir: string): Promise<void> {
  await rm(headerPath(dataDir), { force: true });
  await removeStaleHeaderTemps(dataDir);
  await deleteDatabaseFiles(dataDir);
  await syncDirectory(dataDir).catch(() => undefined);
}
