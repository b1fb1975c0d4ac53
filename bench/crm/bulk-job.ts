// The bulk job: opens the vault the seed made, with the DEK unwrapped the way
// Vault.unlock unwraps it (header, device secret from the keychain, Argon2id
// KEK), but through the raw driver, so this process never turns on SQLCipher's
// memory security; writes the bulk part (bulk-writer.ts); checkpoints the WAL
// into the file and closes.
import { KeytarKeyStore } from '../../src-main/keychain/keytar.key-store';
import { deriveKek, unwrapKey } from '../../src-main/vault/key-crypto';
import { readDeviceSecret } from '../../src-main/vault/password-attempt';
import { loadDriver, type DriverDatabase } from '../../src-main/vault/sqlcipher-driver';
import { databasePath } from '../../src-main/vault/vault-files';
import { readHeader } from '../../src-main/vault/vault-header';
import { writeBulk, type BulkRequest } from './bulk-writer';
import type { BulkResult } from './protocol';

async function unwrapDek(dataDir: string, keychainService: string, password: string): Promise<Buffer> {
  const header = await readHeader(dataDir);
  if (header === null) throw new Error('The fixture vault has no header');
  const secret = await readDeviceSecret(new KeytarKeyStore(keychainService), header.vaultId);
  let kek: Buffer;
  try {
    kek = await deriveKek(password, secret, header.vaultId, header.kdf);
  } finally {
    secret.fill(0);
  }
  try {
    return unwrapKey(kek, header.current, header.vaultId);
  } finally {
    kek.fill(0);
  }
}

export interface VaultLocation {
  readonly dataDir: string;
  readonly keychainService: string;
  readonly password: string;
}

/**
 * Runs `work` on the vault's database through the raw driver, keyed with the
 * unwrapped DEK and set up for a fixture build (no fsync per commit, a large
 * page cache); checkpoints the WAL into the file and closes afterwards.
 */
export async function withRawVault<T>(location: VaultLocation, work: (db: DriverDatabase) => Promise<T>): Promise<T> {
  const dek = await unwrapDek(location.dataDir, location.keychainService, location.password);
  const db = await (await loadDriver()).open(databasePath(location.dataDir));
  try {
    const hex = dek.toString('hex');
    // The only interpolated value; the check makes it a raw-key literal and nothing else.
    if (!/^[0-9a-f]{64}$/.test(hex)) throw new Error('Not a database key');
    await db.all(`PRAGMA key = "x'${hex}'"`);
    await db.all('SELECT count(*) FROM sqlite_master');
    // A fixture build: durability does not matter (no fsync), and a large page cache keeps index pages in memory.
    const [mode] = await db.all<{ journal_mode: unknown }>('PRAGMA journal_mode = WAL');
    if (mode?.journal_mode !== 'wal') throw new Error('The fixture vault is not in WAL mode');
    await db.all('PRAGMA synchronous = OFF');
    await db.all('PRAGMA cache_size = -262144');
    const result = await work(db);
    await db.all('PRAGMA wal_checkpoint(TRUNCATE)');
    return result;
  } finally {
    dek.fill(0);
    await db.close();
  }
}

export interface BulkJob extends Omit<BulkRequest, 'progress'>, VaultLocation {}

export async function runBulkJob(job: BulkJob, progress: (message: string) => void): Promise<BulkResult> {
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const { written, memorySecurity } = await withRawVault(job, async (db) => {
    const [security] = await db.all<Record<string, unknown>>('PRAGMA cipher_memory_security');
    const result = await writeBulk(db, { ...job, progress });
    const value: unknown = security === undefined ? undefined : Object.values(security)[0];
    return { written: result.written, memorySecurity: typeof value === 'number' || typeof value === 'string' ? String(value) : 'unknown' };
  });
  const cpu = process.cpuUsage(cpuBefore);
  return { written, seconds: (performance.now() - started) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6, memorySecurity };
}
