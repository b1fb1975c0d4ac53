// Opening one handle on a vault's SQLCipher file: the raw-key literal (the
// only value ever put into SQL text), SQLCipher's memory-security settings
// before the key, a wrong key told apart from a damaged file, and the
// settings every handle runs with (WAL, FULL sync, the page cache, the busy
// timeout), with the larger cache and checkpoint spacing bulk writes hold
// (Connection.holdBulkCache). Readers are query-only. Connection
// (connection.ts) keeps the handles and their queues.
import { open as openFile } from 'node:fs/promises';
import { loadDriver, type DriverDatabase } from './sqlcipher-driver';

/** The key did not decrypt the database. The vault decides what that means. */
export class WrongKeyError extends Error {
  constructor() {
    super('The database key does not match this database file');
    this.name = 'WrongKeyError';
  }
}

export interface OpenOptions {
  /** Create the file (owner-only permissions) when it does not exist. Default false. */
  readonly create?: boolean;
}

const DEK_BYTES = 32;
/** About 8 MiB of decrypted pages: the working set of a rep's CRM fits, and it bounds memory. */
export const PAGE_CACHE_KIB = 8_000;
/**
 * The page cache while a bulk write holds it (holdBulkCache). Long writes
 * (an initial sync, an import) insert into every index at random places;
 * with 8 MiB those pages are evicted, read and decrypted again, then
 * re-encrypted, over and over (the 60,000th synced contact cost twice the
 * first; a 100,000-row import ran 1,030 rows/s with 8 MiB and 1,298 with 64).
 * 256 MiB was tried with 20,000-row import chunks (100,000 rows into
 * 50,000 contacts, three alternating pairs): 3,390–3,958 rows/s against
 * 3,148–3,943 with 64, no gain this machine's noise can show, and the
 * process kept 100–290 MB more after the import (SQLite frees the cache's
 * pages to malloc, which keeps them).
 */
export const BULK_PAGE_CACHE_KIB = 65_536;
/** SQLite's default: the WAL is copied into the database once it holds this many pages. */
export const WAL_CHECKPOINT_PAGES = 1_000;
/**
 * The same while a bulk write holds the bulk settings. One 2,000-row import
 * chunk writes more than 1,000 pages, so with the default every commit also
 * copied its pages into the database and synced it; 16,000 pages (64 MiB)
 * lets the copy happen once per several chunks (100,000 rows into 50,000
 * contacts, two runs each: 1,190 and 1,298 rows/s before, 1,277 and 1,379
 * after). The last release checkpoints and truncates the WAL, so the file
 * does not stay that large.
 */
export const BULK_WAL_CHECKPOINT_PAGES = 16_000;
const HEX_KEY = /^[0-9a-f]{64}$/;
/** Formats a 32-byte key as SQLCipher's raw-key literal, refusing anything else. */
export function rawKeyLiteral(dek: Buffer): string {
  if (dek.length !== DEK_BYTES) throw new Error(`A database key must be exactly ${DEK_BYTES} bytes`);
  const hex = dek.toString('hex');
  // The only value ever interpolated into SQL here; the regex makes injection impossible.
  if (!HEX_KEY.test(hex)) throw new Error('A database key must encode as 64 lowercase hex digits');
  return `"x'${hex}'"`;
}

export function isNotADatabase(error: unknown): boolean {
  return error instanceof Error && Reflect.get(error, 'code') === 'SQLITE_NOTADB';
}

/** Opens one handle on an existing (or, with options.create, new) file and keys it; null key = plain SQLite. */
export async function openHandle(file: string, keyLiteral: string | null, options: OpenOptions): Promise<DriverDatabase> {
  if (options.create === true) {
    // Create it ourselves so the file (and the -wal/-shm SQLite derives from it) is owner-only.
    const handle = await openFile(file, 'a', 0o600);
    await handle.close();
  }
  const db = await (await loadDriver()).open(file);
  try {
    if (keyLiteral !== null) {
      // Global SQLCipher settings, set before the key so key material lands in locked, wiped memory.
      await db.all('PRAGMA cipher_memory_security = ON');
      // A wrong key is expected while recovering a rotation; its page-level noise helps nobody.
      await db.all('PRAGMA cipher_log_level = NONE');
      await db.all(`PRAGMA key = ${keyLiteral}`);
      try {
        await db.all('SELECT count(*) AS n FROM sqlite_master');
      } catch (error) {
        if (isNotADatabase(error)) throw new WrongKeyError();
        throw error;
      }
    }
    await db.all('PRAGMA foreign_keys = ON');
    const [mode] = await db.all<{ journal_mode: string }>('PRAGMA journal_mode = WAL');
    if (mode?.journal_mode !== 'wal') throw new Error('The database refused WAL journal mode');
    // FULL: a committed write survives power loss too, which key rotation relies on.
    await db.all('PRAGMA synchronous = FULL');
    await db.all(`PRAGMA cache_size = -${PAGE_CACHE_KIB}`);
    await db.all('PRAGMA busy_timeout = 5000');
    return db;
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
}

/** A reader: the same settings, and SQLite itself refuses any write on it. */
export async function openReader(file: string, keyLiteral: string | null): Promise<DriverDatabase> {
  const db = await openHandle(file, keyLiteral, {});
  try {
    await db.all('PRAGMA query_only = ON');
    return db;
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
}
