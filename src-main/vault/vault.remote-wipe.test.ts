import { readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TempVaultFolder } from '../testing/temp-vault';
import type { LockReason, Vault } from './vault';

const PASSWORD = 'correct horse battery staple';

describe('Vault.remoteWipe (real SQLCipher file, real OS keychain)', () => {
  let folder: TempVaultFolder;
  let vault: Vault;
  let lockEvents: LockReason[];

  beforeEach(async () => {
    folder = await TempVaultFolder.create();
    vault = folder.vault();
    lockEvents = [];
    vault.onLock((reason) => lockEvents.push(reason));
    await vault.create(PASSWORD);
  });

  afterEach(async () => {
    await folder.dispose();
  });

  it('shreds an unlocked vault without the password: keychain entry, then files', async () => {
    const { vaultId } = await folder.header();
    folder.keyStore.track(vaultId);
    expect(await folder.keyStore.get(vaultId)).not.toBeNull();

    await vault.remoteWipe();

    expect(await folder.keyStore.get(vaultId)).toBeNull();
    expect((await readdir(folder.dataDir)).filter((name) => name.startsWith('vault'))).toEqual([]);
    expect(lockEvents).toEqual(['revoked']);
    expect(vault.isUnlocked()).toBe(false);
    expect((await vault.status()).state).toBe('none');
    expect(folder.log.lines.some((line) => line.includes('"vault.remoteWipe"'))).toBe(true);
  });

  it('shreds a locked vault too, and is a no-op when there is no vault', async () => {
    const { vaultId } = await folder.header();
    folder.keyStore.track(vaultId);
    await vault.lock();
    await vault.remoteWipe();
    expect(await folder.keyStore.get(vaultId)).toBeNull();
    expect((await vault.status()).state).toBe('none');
    await expect(vault.remoteWipe()).resolves.toBeUndefined();
    expect(lockEvents).toEqual(['user', 'revoked']);
  });

  it.each([
    ['damaged', (file: string) => writeFile(file, '{}')],
    ['missing', (file: string) => rm(file)],
  ] as const)('shreds an unlocked vault whose header is %s by now (renamed away before the revocation): by the open vault’s id', async (_state, spoil) => {
    const { vaultId } = await folder.header();
    folder.keyStore.track(vaultId);
    await spoil(path.join(folder.dataDir, 'vault.json'));

    await vault.remoteWipe();

    expect(vault.isUnlocked()).toBe(false);
    expect(await folder.keyStore.get(vaultId)).toBeNull();
    expect((await readdir(folder.dataDir)).filter((name) => name.startsWith('vault'))).toEqual([]);
    expect(lockEvents).toEqual(['revoked']);
  });
});
