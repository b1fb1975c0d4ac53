// Reads back the settings a connection actually runs with, so the benchmark
// can prove both sides of the SQLCipher/plain comparison use the same ones
// (everything but the key) and can record the SQLCipher build it measured.
import type { Connection, ReadTx } from '../../src-main/vault/connection';

/** PRAGMAs that change performance and must match between the two sides. */
const SQLITE_PRAGMAS = ['page_size', 'cache_size', 'journal_mode', 'synchronous', 'foreign_keys', 'secure_delete', 'temp_store', 'mmap_size', 'cache_spill', 'wal_autocheckpoint'] as const;
/** SQLCipher facts; empty on a plain connection. */
const CIPHER_PRAGMAS = ['cipher_version', 'cipher_provider', 'cipher_provider_version'] as const;

export interface SettingsSnapshot {
  readonly sqlite: Readonly<Record<string, string | number>>;
  readonly cipher: Readonly<Record<string, string>>;
}

async function pragma(tx: ReadTx, name: string): Promise<string | number | null> {
  // name comes from the constant lists above, never from input.
  const row = await tx.get<unknown>(`PRAGMA ${name}`);
  if (typeof row !== 'object' || row === null) return null;
  const value: unknown = Object.values(row)[0];
  return typeof value === 'string' || typeof value === 'number' ? value : null;
}

function camel(name: string): string {
  return name.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

export async function describeSettings(connection: Connection): Promise<SettingsSnapshot> {
  return connection.read(async (tx) => {
    const sqlite: Record<string, string | number> = {};
    for (const name of SQLITE_PRAGMAS) sqlite[name] = (await pragma(tx, name)) ?? 'unknown';
    const cipher: Record<string, string> = {};
    for (const name of CIPHER_PRAGMAS) {
      const value = await pragma(tx, name);
      if (value !== null) cipher[camel(name === 'cipher_version' ? 'sqlcipher_version' : name)] = String(value);
    }
    return { sqlite, cipher };
  });
}
