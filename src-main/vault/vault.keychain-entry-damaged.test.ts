// A vault whose keychain entry was changed (real SQLCipher vault, real OS
// keychain, the entry rewritten there): 31 bytes where a 32-byte device key
// was, or text that is not base64 at all. No password opens such a vault, nor
// can a password be checked against it. Before, the wrong length said
// VAULT_CORRUPT, whose erase asked for the password and then failed on the
// same entry, and text said KEYCHAIN_UNAVAILABLE ("unlock your keychain"),
// forever and with no erase offered. Now both are said as a damaged device key
// (DEVICE_SECRET_MISSING, reason keychain_entry_damaged), which the lock
// screen answers with its erase, and the erase works. A locked keyring is not
// taken for one (locked-keyring.test.ts).
import { randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { setPassword } from 'keytar';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TempVaultFolder } from '../testing/temp-vault';
import type { LockReason, Vault } from './vault';

const PASSWORD = 'correct horse battery staple';

describe('a vault whose device key in the keychain was changed', () => {
  let folder: TempVaultFolder;
  let vault: Vault;
  let lockEvents: LockReason[];

  beforeEach(async () => {
    folder = await TempVaultFolder.create();
    vault = folder.vault();
    lockEvents = [];
    vault.onLock((reason) => lockEvents.push(reason));
    await vault.create(PASSWORD);
    await vault.lock();
  });

  afterEach(async () => {
    await folder.dispose();
  });

  it.each([
    ['31 bytes, not 32', (vaultId: string) => folder.keyStore.set(vaultId, randomBytes(31)), undefined],
    ['text that is not base64', (vaultId: string) => setPassword(folder.keyStore.service, vaultId, 'not a key: edited by hand'), undefined],
    ['31 bytes, erased with the password typed', (vaultId: string) => folder.keyStore.set(vaultId, randomBytes(31)), PASSWORD],
  ])('says the device key is damaged when it holds %s, counts no attempt, and is erased', async (_case, damage, password) => {
    const { vaultId } = await folder.header();
    await damage(vaultId);

    const refusal = { code: 'DEVICE_SECRET_MISSING', reason: { code: 'keychain_entry_damaged' } };
    await expect(vault.unlock(PASSWORD)).rejects.toMatchObject(refusal);
    await expect(vault.unlock(PASSWORD)).rejects.toThrow(/device key in the OS keychain is damaged/);
    expect((await vault.status()).failedAttempts).toBe(0);
    await expect(folder.vault().unlock(PASSWORD)).rejects.toMatchObject(refusal);

    await vault.eraseUnopenable(password);
    expect(await readdir(folder.dataDir)).toEqual([]);
    expect(await folder.keyStore.get(vaultId)).toBeNull();
    expect((await vault.status()).state).toBe('none');
    expect(lockEvents.at(-1)).toBe('destroyed');
    expect(folder.log.lines.join('\n')).toContain('"deviceKey":"damaged"');
    // A new vault can be set up in its place.
    await vault.create(PASSWORD);
    expect(vault.isUnlocked()).toBe(true);
  });

  it('still refuses to erase a vault whose key is there and opens', async () => {
    await expect(vault.eraseUnopenable()).rejects.toMatchObject({ code: 'NOT_PERMITTED' });
    await expect(vault.eraseUnopenable(PASSWORD)).rejects.toMatchObject({ code: 'NOT_PERMITTED' });
    await vault.unlock(PASSWORD);
    expect(vault.isUnlocked()).toBe(true);
  });
});
