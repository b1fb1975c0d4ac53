// The million-row e2e test's vault: a real vault (Vault.create) holding
// `count` sequentially named contacts (sequential-contacts.ts), made in child
// processes, or copied from the temp-folder cache (fixture-cache.ts) when an
// earlier run made the same one.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { KeytarKeyStore } from '../../src-main/keychain/keytar.key-store';
import { runJob } from './child';
import { cacheEnabled, cacheKey, restoreVault, storeVault } from './fixture-cache';
import { Done } from './protocol';

export interface SequentialVault {
  readonly dataDir: string;
  readonly keychainService: string;
  readonly password: string;
  readonly fromCache: boolean;
  readonly seconds: number;
  /** Removes the keychain entry; the caller removes the folder. */
  dispose(): Promise<void>;
}

/** A password for a vault of invented contacts, made for tests only. */
const password = 'sequential contacts vault password';

export async function obtainSequentialVault(folder: string, count: number): Promise<SequentialVault> {
  const started = performance.now();
  const dataDir = path.join(folder, 'vault');
  const entry = cacheEnabled() ? await cacheKey('sequential', { count }) : null;
  const restored = entry === null ? null : await restoreVault(entry, dataDir);
  const keychainService = restored?.keychainService ?? `FieldVault-e2e-${randomUUID()}`;
  const dispose = async () => {
    const header = await readFile(path.join(dataDir, 'vault.json'), 'utf8').catch(() => null);
    const vaultId = header === null ? undefined : z.object({ vaultId: z.string() }).safeParse(JSON.parse(header)).data?.vaultId;
    if (vaultId !== undefined) await new KeytarKeyStore(keychainService).delete(vaultId);
  };
  if (restored === null) {
    const location = { dataDir, keychainService, password };
    await runJob({ role: 'create', ...location }, Done);
    await runJob({ role: 'sequential', ...location, contacts: count }, Done);
    if (entry !== null) await storeVault(entry, dataDir, keychainService, password, { count });
  }
  return { dataDir, keychainService, password: restored?.password ?? password, fromCache: restored !== null, seconds: (performance.now() - started) / 1000, dispose };
}
