// A vault whose files are damaged while its device key is still in the
// keychain (real SQLCipher file, real OS keychain): its database quarantined
// by an antivirus, or replaced by a copy from before a key rotation. Unlock
// proves the password and then fails VAULT_CORRUPT at every try, and before
// nothing let the user out: erase was refused with the key present, and
// Settings cannot be reached while locked. Now the lock screen's erase takes
// the password and erases such a vault, and only such a vault. And a vault
// that is open stays open when its header goes: status never says "none",
// and create never replaces it.
import { rm, readdir, writeFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TempVaultFolder } from '../testing/temp-vault';
import type { LockReason, Vault } from './vault';

const PASSWORD = 'correct horse battery staple';

describe('a damaged vault with its device key present', () => {
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

  it.each([
    ['its database file is missing', () => rm(folder.file('vault.db'))],
    ['its database is not one its key opens', () => writeFile(folder.file('vault.db'), Buffer.alloc(8192, 7))],
  ])('is erased from the lock screen with its password when %s, and not without it', async (_case, damage) => {
    const { vaultId } = await folder.header();
    await vault.lock();
    await rm(folder.file('vault.db-wal'), { force: true });
    await damage();
    await expect(vault.unlock(PASSWORD)).rejects.toMatchObject({ code: 'VAULT_CORRUPT' });

    // Without the password, or with a wrong one (counted as any attempt), nothing is erased.
    await expect(vault.eraseUnopenable()).rejects.toMatchObject({ code: 'NOT_PERMITTED' });
    await expect(vault.eraseUnopenable('not the password')).rejects.toMatchObject({ code: 'WRONG_PASSWORD' });
    expect((await vault.status()).failedAttempts).toBe(1);
    expect(await readdir(folder.dataDir)).toContain('vault.json');

    await vault.eraseUnopenable(PASSWORD);
    expect(await readdir(folder.dataDir)).toEqual([]);
    expect(await folder.keyStore.get(vaultId)).toBeNull();
    expect((await vault.status()).state).toBe('none');
    expect(lockEvents.at(-1)).toBe('destroyed');
    expect(folder.log.lines.join('\n')).toContain('"vault.erasedUnopenable"');
    // A new vault can be set up in its place.
    await vault.create(PASSWORD);
    expect(vault.isUnlocked()).toBe(true);
  });

  it('refuses to erase a vault that opens, with its password too, and it still opens', async () => {
    await vault.lock();
    await expect(vault.eraseUnopenable(PASSWORD)).rejects.toMatchObject({ code: 'NOT_PERMITTED' });
    expect(await readdir(folder.dataDir)).toContain('vault.db');
    await vault.unlock(PASSWORD);
    expect(vault.isUnlocked()).toBe(true);
  });

  it('stays open when its header goes while it is open: status says unlocked and create is refused', async () => {
    await rm(folder.file('vault.json'));
    expect((await vault.status()).state).toBe('unlocked');
    await expect(vault.create('another password')).rejects.toMatchObject({ code: 'VAULT_EXISTS' });
    // The open database was left alone: it still reads.
    expect(await vault.connection().read((tx) => tx.get<{ n: number }>('SELECT count(*) AS n FROM contacts'))).toEqual({ n: 0 });
  });

  it.each([
    ['removed', () => rm(folder.file('vault.json'))],
    ['damaged', () => writeFile(folder.file('vault.json'), '{ not json')],
  ])('is destroyed with its password when its header is %s while it is open: its key and files go', async (_case, damage) => {
    const { vaultId } = await folder.header();
    await damage();
    // A wrong password destroys nothing. Before, the right one answered "no vault" (or "damaged") too, and the
    // device key stayed in the keychain, so a copy of the files still opened.
    await expect(vault.destroy('not the password')).rejects.toMatchObject({ code: 'WRONG_PASSWORD' });
    expect(vault.isUnlocked()).toBe(true);
    await vault.destroy(PASSWORD);
    expect(await folder.keyStore.get(vaultId)).toBeNull();
    expect(await readdir(folder.dataDir)).toEqual([]);
    expect(lockEvents.at(-1)).toBe('destroyed');
    expect(vault.isUnlocked()).toBe(false);
  });

  it('is destroyed with its new password after a password change', async () => {
    const { vaultId } = await folder.header();
    await vault.changePassword(PASSWORD, 'a brand new passphrase here');
    await rm(folder.file('vault.json'));
    await expect(vault.destroy(PASSWORD)).rejects.toMatchObject({ code: 'WRONG_PASSWORD' });
    await vault.destroy('a brand new passphrase here');
    expect(await folder.keyStore.get(vaultId)).toBeNull();
  });
});
