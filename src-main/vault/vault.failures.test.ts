// Failures half-way through a vault operation, on the real SQLCipher file and
// the real OS keychain: a folder that cannot be synced after a header landed,
// a keychain that will not delete, a connection that will not close. Each must
// leave a vault that opens with the password the user was told is in effect,
// or no vault at all, and never a device secret nothing will remove.
import type * as fsPromises from 'node:fs/promises';
import { readdir } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { KeyStore } from '../keychain/key-store';
import { TempVaultFolder } from '../testing/temp-vault';
import { Vault } from './vault';

/** The folder whose `open(dir, 'r')` (a header write's folder sync) fails with EIO, after `skip` more succeed. */
const failDirectorySync = { dir: null as string | null, skip: 0 };
/** When set, the next new file (`open(path, 'wx')`: a header write's temp file) fails with ENOSPC. */
const failNewFile = { next: false };

vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof fsPromises>();
  return {
    ...actual,
    open: async (...args: Parameters<typeof actual.open>) => {
      const [target, flags] = args;
      if (failNewFile.next && flags === 'wx') {
        failNewFile.next = false;
        throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
      }
      if (failDirectorySync.dir !== null && target === failDirectorySync.dir && flags === 'r' && failDirectorySync.skip-- <= 0) {
        failDirectorySync.dir = null;
        throw Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' });
      }
      return actual.open(...args);
    },
  };
});

const OLD = 'correct horse battery staple';
const NEW = 'a different, longer passphrase';

describe('vault operations that fail half-way (real SQLCipher file, real OS keychain)', () => {
  let folder: TempVaultFolder;

  beforeEach(async () => {
    folder = await TempVaultFolder.create();
  });
  afterEach(async () => {
    failDirectorySync.dir = null;
    failDirectorySync.skip = 0;
    failNewFile.next = false;
    await folder.dispose();
  });

  it('keeps a password change whose header landed though its folder could not be synced, and rotates after it', async () => {
    const vault = folder.vault();
    await vault.create(OLD);
    // The password check writes the header twice (the attempt, then its reset); the third write is the new wrap.
    failDirectorySync.dir = folder.dataDir;
    failDirectorySync.skip = 2;
    await vault.changePassword(OLD, NEW);
    expect(failDirectorySync.dir).toBeNull();
    // The vault holds the key that matches the header on disk: a rotation now still leaves it openable.
    await vault.rotateKey();
    await vault.lock();
    await expect(vault.unlock(OLD)).rejects.toMatchObject({ code: 'WRONG_PASSWORD' });
    await vault.unlock(NEW);
    expect(vault.isUnlocked()).toBe(true);
  });

  it('leaves no vault behind when create fails after its header landed', async () => {
    const vault = folder.vault();
    failDirectorySync.dir = folder.dataDir;
    await expect(vault.create(OLD)).rejects.toThrow(/EIO/);
    expect((await vault.status()).state).toBe('none');
    expect((await readdir(folder.dataDir)).filter((name) => name.startsWith('vault'))).toEqual([]);
    // The user can simply try again.
    await vault.create(OLD);
    expect(vault.isUnlocked()).toBe(true);
  });

  it('finishes deleting the device secret after a keychain that failed during a wipe recovers', async () => {
    let failDeletes = 1;
    const keyStore: KeyStore = {
      get: (account) => folder.keyStore.get(account),
      set: (account, secret) => folder.keyStore.set(account, secret),
      delete: async (account) => {
        if (failDeletes > 0) {
          failDeletes -= 1;
          throw new Error('The keychain did not answer');
        }
        return folder.keyStore.delete(account);
      },
    };
    const vault = new Vault({ dataDir: folder.dataDir, keyStore, log: folder.log });
    await vault.create(OLD);
    const { vaultId } = await folder.header();
    folder.keyStore.track(vaultId);
    await expect(vault.remoteWipe()).rejects.toThrow(/did not answer/);
    // The files are gone, but the secret is still in the keychain: the id was kept for a retry.
    expect((await readdir(folder.dataDir)).filter((name) => name.startsWith('vault'))).toEqual([]);
    expect(await folder.keyStore.get(vaultId)).not.toBeNull();
    // The next status check (the app asks at every start) finishes the job.
    expect((await vault.status()).state).toBe('none');
    expect(await folder.keyStore.get(vaultId)).toBeNull();
    // Only the notice of why the vault went (wipe-notice.ts) is left.
    expect(await readdir(folder.dataDir)).toEqual(['wipe-notice.json']);
  });

  it('zeroes the device secret when a password attempt cannot be recorded', async () => {
    const handedOut: Buffer[] = [];
    const keyStore: KeyStore = {
      get: async (account) => {
        const secret = await folder.keyStore.get(account);
        // The kept failure count (written at create, kept-failures.ts) is no secret: only the device key's copies.
        if (secret !== null && !account.endsWith('.failed-unlocks')) handedOut.push(secret);
        return secret;
      },
      set: (account, secret) => folder.keyStore.set(account, secret),
      delete: (account) => folder.keyStore.delete(account),
    };
    const vault = new Vault({ dataDir: folder.dataDir, keyStore, log: folder.log });
    await vault.create(OLD);
    await vault.lock();
    failNewFile.next = true;
    await expect(vault.unlock(OLD)).rejects.toThrow(/ENOSPC/);
    expect(handedOut).toHaveLength(1);
    expect(handedOut.every((secret) => secret.every((byte) => byte === 0))).toBe(true);
    // Nothing was recorded, nothing lost: the password still opens it.
    await vault.unlock(OLD);
    expect(vault.isUnlocked()).toBe(true);
  });

  it('shreds even when the connection will not close', async () => {
    const vault = folder.vault();
    await vault.create(OLD);
    const { vaultId } = await folder.header();
    folder.keyStore.track(vaultId);
    vi.spyOn(vault.connection(), 'close').mockRejectedValueOnce(new Error('close failed'));
    await vault.remoteWipe();
    expect(await folder.keyStore.get(vaultId)).toBeNull();
    expect((await vault.status()).state).toBe('none');
    expect(vault.isUnlocked()).toBe(false);
  });

  it('locks, and says so, when the connection will not close', async () => {
    const vault = folder.vault();
    await vault.create(OLD);
    const reasons: string[] = [];
    vault.onLock((reason) => reasons.push(reason));
    vi.spyOn(vault.connection(), 'close').mockRejectedValueOnce(new Error('close failed'));
    // As the idle timer locks: before, the failed close was thrown (an unhandled rejection there) and no lock was said,
    // so the window kept showing the workspace and sync went on.
    await vault.lock('idle');
    expect(reasons).toEqual(['idle']);
    expect(vault.isUnlocked()).toBe(false);
    expect(folder.log.lines.some((line) => line.includes('vault.closeFailed'))).toBe(true);
    await vault.unlock(OLD);
    expect(vault.isUnlocked()).toBe(true);
  });

  it('refuses to rotate under a key the header no longer matches, and the password in the header still opens the vault', async () => {
    const vault = folder.vault();
    await vault.create(OLD);
    await vault
      .connection()
      .write((tx) => tx.run("INSERT INTO contacts (id, name, owner_id, created_at, created_by, updated_at, updated_by) VALUES ('c-2', 'Kept', 'o', 1, 'o', 1, 'o')"));
    // The header changes under the open vault (as when a password change's header landed unseen): it holds the old key.
    const other = folder.vault();
    await other.unlock(OLD);
    await other.changePassword(OLD, NEW);
    await other.lock();
    const reasons: string[] = [];
    vault.onLock((reason) => reasons.push(reason));
    // Before, the rotation wrapped the new key under the old password's key beside the new password's salt: neither opened it.
    await expect(vault.rotateKey()).rejects.toThrow();
    expect(reasons).toEqual(['rotation-failed']);
    await vault.unlock(NEW);
    expect(await vault.connection().read((tx) => tx.get("SELECT name FROM contacts WHERE id = 'c-2'"))).toEqual({ name: 'Kept' });
  });

  it('locks the vault when a rotation fails half-way, saying why, and the next unlock opens it and rotates again', async () => {
    const vault = folder.vault();
    await vault.create(OLD);
    await vault
      .connection()
      .write((tx) => tx.run("INSERT INTO contacts (id, name, owner_id, created_at, created_by, updated_at, updated_by) VALUES ('c-1', 'Kept', 'o', 1, 'o', 1, 'o')"));
    const reasons: string[] = [];
    vault.onLock((reason) => reasons.push(reason));
    // The pending wrap's header cannot be written: the rotation stops before the rekey.
    failNewFile.next = true;
    await expect(vault.rotateKey()).rejects.toThrow(/ENOSPC/);
    expect(reasons).toEqual(['rotation-failed']);
    expect(vault.isUnlocked()).toBe(false);
    await vault.unlock(OLD);
    await vault.rotateKey();
    expect(await vault.connection().read((tx) => tx.get("SELECT name FROM contacts WHERE id = 'c-1'"))).toEqual({ name: 'Kept' });
  });
});
