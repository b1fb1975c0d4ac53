// Builds the CRM benchmark's vault: a real FieldVault data folder (vault.json,
// vault.db, a device secret in the OS keychain under a service name of its
// own) holding the planned accounts and contacts. The first records go
// through the services in one child process, the rest through bulk SQL in
// another (protocol.ts says why two); the row counts they report are what the
// measurement later finds in the vault, or the benchmark fails.
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { KeytarKeyStore } from '../../src-main/keychain/keytar.key-store';
import { runJob } from './child';
import { cacheEnabled, cacheKey, restoreVault, storeVault } from './fixture-cache';
import { BulkResult, GrownCounts, SeedResult } from './protocol';
import { addCounts, type GrownTable } from './record-rows';

export interface FixtureSize {
  readonly accounts: number;
  readonly contacts: number;
  readonly seed: number;
  /** How many of each go through the services before the bulk part. */
  readonly serviceAccounts: number;
  readonly serviceContacts: number;
}

export interface Fixture {
  readonly dataDir: string;
  readonly keychainService: string;
  readonly password: string;
  /** Rows per grown table the vault must hold. */
  readonly expected: Record<GrownTable, number>;
  /** How the vault was built (this run, or the run that cached it). */
  readonly build: { seconds: number; seedSeconds: number; bulkSeconds: number; bulkCpuSeconds: number; memorySecurity: string };
  /** true when this run copied a cached vault instead of building one. */
  readonly fromCache: boolean;
  /** Seconds this run spent obtaining the vault (building, or copying from the cache). */
  readonly obtainSeconds: number;
  readonly dbBytes: number;
  readonly walBytes: number;
  /** Removes the keychain entry; the runner removes the folder. */
  dispose(): Promise<void>;
}

/** What the cache keeps about a build besides the vault. */
const BuildDetails = z.object({
  expected: GrownCounts,
  build: z.object({ seconds: z.number(), seedSeconds: z.number(), bulkSeconds: z.number(), bulkCpuSeconds: z.number(), memorySecurity: z.string() }),
});

/** A benchmark-only password for a vault of invented records. */
const password = 'crm-bench-vault-password';

async function sizeOf(file: string): Promise<number> {
  return stat(file).then(
    (info) => info.size,
    () => 0,
  );
}

function disposer(dataDir: string, keychainService: string): () => Promise<void> {
  return async () => {
    const header: unknown = JSON.parse(await readFile(path.join(dataDir, 'vault.json'), 'utf8').catch(() => '{}'));
    const vaultId: unknown = typeof header === 'object' && header !== null ? Reflect.get(header, 'vaultId') : undefined;
    if (typeof vaultId === 'string') await new KeytarKeyStore(keychainService).delete(vaultId);
  };
}

async function sizes(dataDir: string): Promise<{ dbBytes: number; walBytes: number }> {
  const dbFile = path.join(dataDir, 'vault.db');
  return { dbBytes: await sizeOf(dbFile), walBytes: await sizeOf(`${dbFile}-wal`) };
}

/** The CRM vault for this run: a copy of the cached one when its key matches, else a new build (then cached). */
export async function obtainCrmVault(folder: string, size: FixtureSize, progress: (message: string) => void): Promise<Fixture> {
  const started = performance.now();
  const dataDir = path.join(folder, 'vault');
  const entry = cacheEnabled() ? await cacheKey('crm', size) : null;
  const restored = entry === null ? null : await restoreVault(entry, dataDir);
  const details = BuildDetails.safeParse(restored?.details);
  if (restored !== null && details.success) {
    progress(`copied the cached vault (${entry?.key ?? ''}), built in ${details.data.build.seconds.toFixed(0)}s by an earlier run`);
    return {
      dataDir,
      keychainService: restored.keychainService,
      password: restored.password,
      expected: details.data.expected,
      build: details.data.build,
      fromCache: true,
      obtainSeconds: (performance.now() - started) / 1000,
      ...(await sizes(dataDir)),
      dispose: disposer(dataDir, restored.keychainService),
    };
  }
  // A cache entry from another version of this file: build afresh in an empty folder.
  if (restored !== null) await rm(dataDir, { recursive: true, force: true });
  const fixture = await buildCrmVault(dataDir, size, progress);
  if (entry !== null) {
    await storeVault(entry, dataDir, fixture.keychainService, fixture.password, { expected: fixture.expected, build: fixture.build });
    progress('cached the vault for later runs');
  }
  return { ...fixture, obtainSeconds: (performance.now() - started) / 1000 };
}

async function buildCrmVault(dataDir: string, size: FixtureSize, progress: (message: string) => void): Promise<Fixture> {
  const started = performance.now();
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const keychainService = `FieldVault-bench-crm-${randomUUID()}`;
  const dispose = disposer(dataDir, keychainService);
  try {
    const location = { dataDir, keychainService, password, accounts: size.accounts, contacts: size.contacts, seed: size.seed };
    progress(`seeding ${size.serviceAccounts} accounts and ${size.serviceContacts} contacts through the services`);
    const seed = await runJob({ role: 'seed', ...location, serviceAccounts: size.serviceAccounts, serviceContacts: size.serviceContacts }, SeedResult);
    progress(`seeded in ${seed.seconds.toFixed(1)}s; writing the rest in bulk`);
    const bulk = await runJob(
      { role: 'bulk', ...location, serviceAccountIds: seed.accountIds, serviceContacts: size.serviceContacts, deviceId: seed.deviceId },
      BulkResult,
    );
    progress(`bulk part written in ${bulk.seconds.toFixed(1)}s (${bulk.cpuSeconds.toFixed(1)} CPU-s)`);
    const seconds = (performance.now() - started) / 1000;
    return {
      dataDir,
      keychainService,
      password,
      expected: addCounts(seed.counts, bulk.written),
      build: { seconds, seedSeconds: seed.seconds, bulkSeconds: bulk.seconds, bulkCpuSeconds: bulk.cpuSeconds, memorySecurity: bulk.memorySecurity },
      fromCache: false,
      obtainSeconds: seconds,
      ...(await sizes(dataDir)),
      dispose,
    };
  } catch (error) {
    await dispose().catch(() => undefined);
    throw error;
  }
}
