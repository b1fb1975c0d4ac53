// Keeps the last generated vault of each kind (the benchmark's CRM vault, the
// million-row e2e test's sequential one) in the OS temp folder between runs,
// because building a million contacts takes minutes and the code that makes
// it rarely changes. The cache key hashes the sizes and seed and every file
// that decides what the vault holds (the fixture builder, the migrations,
// the CRM mapping and search tokenising), so any change to them builds anew.
// A run never works on the cached files: it gets a copy in its own temp
// folder, and the device secret goes into that run's keychain (the bench's
// keyring is private to each run). The vault holds invented records only and
// its password is a constant of this benchmark, so keeping its device secret
// beside it (owner-only files) protects nothing and costs nothing.
// FIELDVAULT_BENCH_CRM_CACHE=0 turns the cache off.
import { createHash, randomUUID } from 'node:crypto';
import { copyFile, mkdir, open, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { KeytarKeyStore } from '../../src-main/keychain/keytar.key-store';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const cacheRoot = path.join(os.tmpdir(), 'fieldvault-bench-crm-cache');
/**
 * The files that decide what the fixture vault holds: the builder, the
 * schema, the column mapping, the search tokeniser, the version stamps. The
 * services' write path is not hashed (it changes often, for other reasons):
 * a build compares what the services write with what the bulk part writes,
 * so a drift there shows at the next build; FIELDVAULT_BENCH_CRM_CACHE=0
 * forces one.
 */
const sources = [
  'bench/crm/vocabulary.ts',
  'bench/crm/record-plans.ts',
  'bench/crm/record-rows.ts',
  'bench/crm/bulk-writer.ts',
  'bench/crm/bulk-job.ts',
  'bench/crm/service-seed.ts',
  'bench/crm/fixture.ts',
  'bench/crm/sequential-contacts.ts',
  'bench/vault/contact-fixture.ts',
  'src-main/vault/migrations',
  'src-main/services/crm/entity-table.ts',
  'src-main/services/crm/contact.repo.ts',
  'src-main/services/crm/account.repo.ts',
  'src-shared/search',
  'src-shared/sort',
  'src-shared/domain/common.ts',
  'src-shared/domain/contact.ts',
  'src-shared/domain/account.ts',
  'src-shared/sync/hlc.ts',
];
const vaultFiles = ['vault.json', 'vault.db'];

const Manifest = z.object({
  vaultId: z.string(),
  deviceSecretHex: z.string().regex(/^[0-9a-f]{64}$/),
  password: z.string(),
  /** What the builder wants to remember about the build (row counts, times). */
  details: z.unknown(),
});

/** One cached vault: its kind ('crm', 'sequential') and the key of the sizes and sources it was made from. */
export interface CacheEntry {
  readonly kind: string;
  readonly key: string;
}

export function cacheEnabled(): boolean {
  return process.env.FIELDVAULT_BENCH_CRM_CACHE !== '0';
}

async function sourceFiles(entry: string): Promise<string[]> {
  if (entry.endsWith('.ts')) return [entry];
  const entries = await readdir(path.join(repoRoot, entry), { withFileTypes: true, recursive: true });
  return entries
    .filter((file) => file.isFile() && file.name.endsWith('.ts') && !file.name.endsWith('.test.ts'))
    .map((file) => path.relative(repoRoot, path.join(file.parentPath, file.name)))
    .sort();
}

export async function cacheKey(kind: string, size: unknown): Promise<CacheEntry> {
  const hash = createHash('sha256').update(kind).update(JSON.stringify(size));
  for (const entry of sources) {
    for (const file of await sourceFiles(entry)) hash.update(file).update(await readFile(path.join(repoRoot, file)));
  }
  return { kind, key: hash.digest('hex').slice(0, 24) };
}

export interface Restored {
  readonly keychainService: string;
  readonly password: string;
  readonly details: unknown;
}

/** Copies the cached vault into dataDir and registers its device secret under a new keychain service; null on a miss. */
export async function restoreVault(entry: CacheEntry, dataDir: string): Promise<Restored | null> {
  const folder = path.join(cacheRoot, entry.kind, entry.key);
  const text = await readFile(path.join(folder, 'fixture.json'), 'utf8').catch(() => null);
  if (text === null) return null;
  const manifest = Manifest.safeParse(JSON.parse(text));
  if (!manifest.success) return null;
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  for (const file of vaultFiles) {
    const target = path.join(dataDir, file);
    await copyFile(path.join(folder, file), target);
    // Written back now, not while the copy is being measured: gigabytes of dirty pages
    // flushing under the measurement doubled its list-page times.
    const handle = await open(target, 'r+');
    await handle.sync();
    await handle.close();
  }
  const keychainService = `FieldVault-bench-crm-${randomUUID()}`;
  const secret = Buffer.from(manifest.data.deviceSecretHex, 'hex');
  await new KeytarKeyStore(keychainService).set(manifest.data.vaultId, secret);
  secret.fill(0);
  return { keychainService, password: manifest.data.password, details: manifest.data.details };
}

/** Stores a freshly built vault (checkpointed and closed) as the only cached one of its kind. */
export async function storeVault(entry: CacheEntry, dataDir: string, keychainService: string, password: string, details: unknown): Promise<void> {
  const header = z.object({ vaultId: z.string() }).parse(JSON.parse(await readFile(path.join(dataDir, 'vault.json'), 'utf8')));
  const secret = await new KeytarKeyStore(keychainService).get(header.vaultId);
  if (secret === null) throw new Error('The vault has no device secret to cache');
  const kindFolder = path.join(cacheRoot, entry.kind);
  await rm(kindFolder, { recursive: true, force: true });
  const folder = path.join(kindFolder, entry.key);
  await mkdir(folder, { recursive: true, mode: 0o700 });
  for (const file of vaultFiles) await copyFile(path.join(dataDir, file), path.join(folder, file));
  const manifest = { vaultId: header.vaultId, deviceSecretHex: secret.toString('hex'), password, details };
  secret.fill(0);
  await writeFile(path.join(folder, 'fixture.json'), JSON.stringify(manifest), { mode: 0o600 });
}
