// Test support: a fresh temp folder and a real-keychain KeyStore under a
// test-only service, with a factory for Vaults on them (several Vaults on one
// folder stand for app restarts) and one clean-up for everything.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createMemoryLogger } from '../log/logger';
import type { UnlockPolicy } from '../vault/unlock-policy';
import { Vault } from '../vault/vault';
import { VaultHeaderSchema, type VaultHeader } from '../vault/vault-header';
import { TestKeyStore } from './test-key-store';

export interface TempVaultOptions {
  readonly unlockPolicy?: UnlockPolicy;
  readonly now?: () => number;
}

export class TempVaultFolder {
  readonly keyStore = new TestKeyStore();
  readonly log = createMemoryLogger();
  readonly #vaults: Vault[] = [];

  private constructor(readonly dataDir: string) {}

  static async create(): Promise<TempVaultFolder> {
    return new TempVaultFolder(await mkdtemp(path.join(os.tmpdir(), 'fieldvault-vault-')));
  }

  /** A new Vault on this folder, as after an app start. */
  vault(options: TempVaultOptions = {}): Vault {
    const vault = new Vault({ dataDir: this.dataDir, keyStore: this.keyStore, log: this.log, ...options });
    this.#vaults.push(vault);
    return vault;
  }

  file(name: string): string {
    return path.join(this.dataDir, name);
  }

  async header(): Promise<VaultHeader> {
    return VaultHeaderSchema.parse(JSON.parse(await readFile(this.file('vault.json'), 'utf8')));
  }

  /** Locks every Vault it made, removes their keychain entries and the folder. */
  async dispose(): Promise<void> {
    for (const vault of this.#vaults) await vault.lock().catch(() => undefined);
    const header = await this.header().catch(() => null);
    if (header !== null) this.keyStore.track(header.vaultId);
    await this.keyStore.cleanup();
    await rm(this.dataDir, { recursive: true, force: true });
  }
}
