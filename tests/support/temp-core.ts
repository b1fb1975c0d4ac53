// Test support: a real core (real SQLCipher vault, real OS keychain under a
// test-only service name) in a fresh temp folder, and its clean-up.
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createCore, type Core } from '../../src-main/app/core';
import { KeytarKeyStore } from '../../src-main/keychain/keytar.key-store';
import { createMemoryLogger } from '../../src-main/log/logger';
import type { UnlockPolicy } from '../../src-main/vault/unlock-policy';
import type { Sender } from '../../src-main/ipc/registry';

export const testSender: Sender = { transport: 'test', origin: 'test://fieldvault' };

export interface TempCore {
  readonly core: Core;
  readonly dataDir: string;
  readonly keychainService: string;
  readonly logLines: string[];
  dispose(): Promise<void>;
}

/** `idleLockMs`: the idle lock's wait (0, the default here: none). */
export async function createTempCore(unlockPolicy?: UnlockPolicy, idleLockMs = 0): Promise<TempCore> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'fieldvault-test-'));
  const keychainService = `FieldVault-test-${randomUUID()}`;
  const log = createMemoryLogger();
  const keyStore = new KeytarKeyStore(keychainService);
  const core = createCore({
    dataDir,
    keyStore,
    log,
    isTrustedSender: (sender) => sender.transport === 'test',
    idleLockMs,
    ...(unlockPolicy === undefined ? {} : { unlockPolicy }),
  });
  return {
    core,
    dataDir,
    keychainService,
    logLines: log.lines,
    async dispose() {
      await core.close();
      // Remove the test's device secret from the keychain, then its files.
      const header = await readFile(path.join(dataDir, 'vault.json'), 'utf8').catch(() => null);
      const vaultId: unknown = header === null ? null : (JSON.parse(header) as { vaultId?: unknown }).vaultId;
      if (typeof vaultId === 'string') await keyStore.delete(vaultId);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
