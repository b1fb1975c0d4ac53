// The failed-unlock count kept in the OS keychain beside the device secret
// (kept-failures.ts), on the real SQLCipher file and the real keychain. The
// header's count is plain JSON: before, copying vault.json, trying 9
// passwords and putting the copy back gave unlimited guesses. And a wipe
// wrote its notice before deleting the keychain entry, so an app killed as
// the notice appeared kept the vault, and its count at the last attempt.
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KeyStore } from '../keychain/key-store';
import { TempVaultFolder } from '../testing/temp-vault';
import { keptFailuresAccount } from './kept-failures';
import type { UnlockPolicy } from './unlock-policy';
import { Vault } from './vault';

const PASSWORD = 'the right password';
const policy: UnlockPolicy = { maxFailedAttempts: 10, baseDelayMs: 10, maxDelayMs: 1_000 };

describe('the failed-unlock count kept in the keychain', () => {
  let folder: TempVaultFolder;
  let clock: number;
  const now = () => clock;

  beforeEach(async () => {
    folder = await TempVaultFolder.create();
    clock = 1_800_000_000_000;
  });

  afterEach(async () => {
    await folder.dispose();
  });

  async function failNine(vault: Vault): Promise<void> {
    for (let attempt = 1; attempt <= 9; attempt += 1) {
      await expect(vault.unlock(`wrong ${attempt}`)).rejects.toMatchObject({ code: 'WRONG_PASSWORD', attemptsLeft: 10 - attempt });
      clock += policy.maxDelayMs;
    }
    clock -= policy.maxDelayMs;
  }

  it('still wipes at the 10th wrong password, after its wait, when a saved vault.json is put back', async () => {
    const vault = folder.vault({ unlockPolicy: policy, now });
    await vault.create(PASSWORD);
    await vault.lock();
    const { vaultId } = await folder.header();
    const saved = await readFile(folder.file('vault.json'));
    await failNine(vault);
    await writeFile(folder.file('vault.json'), saved);
    // The status reads the header only: it cannot tell until the next attempt.
    expect((await vault.status()).failedAttempts).toBe(0);

    // The wait of the 9th failure still runs, and the header says the keychain's count again.
    await expect(vault.unlock('wrong 10')).rejects.toMatchObject({ code: 'THROTTLED', retryAfterMs: 640 });
    expect(await vault.status()).toMatchObject({ failedAttempts: 9, retryAfterMs: 640 });
    await writeFile(folder.file('vault.json'), saved);
    clock += 640;
    await expect(vault.unlock('wrong 10')).rejects.toMatchObject({ code: 'VAULT_WIPED' });
    expect(await folder.keyStore.get(vaultId)).toBeNull();
    expect(await folder.keyStore.get(keptFailuresAccount(vaultId))).toBeNull();
    expect(await readdir(folder.dataDir)).toEqual(['wipe-notice.json']);
  });

  it('is reset with the header by the right password, from a put-back header too', async () => {
    const vault = folder.vault({ unlockPolicy: policy, now });
    await vault.create(PASSWORD);
    await vault.lock();
    const saved = await readFile(folder.file('vault.json'));
    await failNine(vault);
    await writeFile(folder.file('vault.json'), saved);
    clock += policy.maxDelayMs;
    await vault.unlock(PASSWORD);
    await vault.lock();
    expect((await folder.header()).failedUnlocks).toEqual({ count: 0, lastFailureAt: null });
    // The next wrong password is the first again, in both counts.
    await expect(vault.unlock('wrong again')).rejects.toMatchObject({ code: 'WRONG_PASSWORD', attemptsLeft: 9 });
  });

  it('deletes the device secret before the wipe notice appears', async () => {
    const filesAtDelete: string[][] = [];
    const keyStore: KeyStore = {
      get: (account) => folder.keyStore.get(account),
      set: (account, secret) => folder.keyStore.set(account, secret),
      delete: async (account) => {
        filesAtDelete.push(await readdir(folder.dataDir));
        return folder.keyStore.delete(account);
      },
    };
    const vault = new Vault({ dataDir: folder.dataDir, keyStore, log: folder.log, unlockPolicy: { ...policy, maxFailedAttempts: 1 }, now });
    await vault.create(PASSWORD);
    await vault.lock();
    await expect(vault.unlock('wrong')).rejects.toMatchObject({ code: 'VAULT_WIPED' });
    // An app killed as soon as the notice is on disk has lost the vault already.
    expect(filesAtDelete[0]).not.toContain('wipe-notice.json');
    expect(await readdir(folder.dataDir)).toEqual(['wipe-notice.json']);
  });
});
