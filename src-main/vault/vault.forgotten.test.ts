// "Forgot password?" on the lock screen (real SQLCipher files, real OS
// keychain): a locked vault is erased without its password, at once, even
// in the middle of the waits that wrong passwords started (before, the only way
// to a new vault was ten wrong tries and about two minutes of forced waits).
// An open vault is refused: then only its password destroys it.
import { readdir } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TempVaultFolder } from '../testing/temp-vault';
import type { LockReason, Vault } from './vault';

const PASSWORD = 'correct horse battery staple';

describe('erasing a vault whose password is forgotten', () => {
  let folder: TempVaultFolder;
  let vault: Vault;
  let lockEvents: LockReason[];

  beforeEach(async () => {
    folder = await TempVaultFolder.create();
    vault = folder.vault({ unlockPolicy: { maxFailedAttempts: 10, baseDelayMs: 60_000, maxDelayMs: 60_000 } });
    lockEvents = [];
    vault.onLock((reason) => lockEvents.push(reason));
    await vault.create(PASSWORD);
  });

  afterEach(async () => {
    await folder.dispose();
  });

  it('erases a locked vault without its password, during a wait, and a new one can be created', async () => {
    const { vaultId } = await folder.header();
    await vault.lock();
    // Two typos are free; the third starts a wait.
    for (let attempt = 0; attempt < 3; attempt += 1) await expect(vault.unlock('not the password')).rejects.toMatchObject({ code: 'WRONG_PASSWORD' });
    expect((await vault.status()).retryAfterMs).toBeGreaterThan(0);

    await vault.eraseForgotten();
    expect(await readdir(folder.dataDir)).toEqual([]);
    expect(await folder.keyStore.get(vaultId)).toBeNull();
    // The user's own choice: no "wiped" or "revoked" notice for the create screen.
    expect(await vault.status()).toEqual({ state: 'none', failedAttempts: 0, maxFailedAttempts: 10, retryAfterMs: 0, rotating: false });
    expect(lockEvents.at(-1)).toBe('destroyed');
    expect(folder.log.lines.join('\n')).toContain('"vault.erasedForgotten"');
    await vault.create(PASSWORD);
    expect(vault.isUnlocked()).toBe(true);
  });

  it('refuses an open vault, which stays open with its files and key', async () => {
    const { vaultId } = await folder.header();
    await expect(vault.eraseForgotten()).rejects.toMatchObject({ code: 'NOT_PERMITTED' });
    expect(vault.isUnlocked()).toBe(true);
    expect(await readdir(folder.dataDir)).toContain('vault.db');
    expect(await folder.keyStore.get(vaultId)).not.toBeNull();
    expect(lockEvents).toEqual([]);
  });

  it('says NO_VAULT when there is none', async () => {
    await vault.lock();
    await vault.eraseForgotten();
    await expect(vault.eraseForgotten()).rejects.toMatchObject({ code: 'NO_VAULT' });
  });
});
