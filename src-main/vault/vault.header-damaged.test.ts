// A locked vault whose header (vault.json) is damaged, on the real SQLCipher
// file and the real OS keychain. Before, status threw VAULT_CORRUPT, the lock
// screen offered only a Retry that failed the same way, and every erase threw
// through the header: a dead end. Now status says it locked with
// `headerDamaged`, and the erases take it without a password.
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TempVaultFolder } from '../testing/temp-vault';
import type { LockReason, Vault } from './vault';

const PASSWORD = 'correct horse battery staple';

describe('a locked vault whose header is damaged', () => {
  let folder: TempVaultFolder;
  let vault: Vault;
  let vaultId: string;
  let lockEvents: LockReason[];

  beforeEach(async () => {
    folder = await TempVaultFolder.create();
    vault = folder.vault();
    await vault.create(PASSWORD);
    vaultId = (await folder.header()).vaultId;
    await vault.lock();
    lockEvents = [];
    vault.onLock((reason) => lockEvents.push(reason));
  });

  afterEach(async () => {
    await folder.dispose();
  });

  it('answers status as locked and damaged, and eraseForgotten leaves no vault (no id left: the entry stays)', async () => {
    await writeFile(folder.file('vault.json'), '{');
    expect(await vault.status()).toEqual({ state: 'locked', failedAttempts: 0, maxFailedAttempts: 10, retryAfterMs: 0, rotating: false, headerDamaged: true });
    await expect(vault.unlock(PASSWORD)).rejects.toMatchObject({ code: 'VAULT_CORRUPT' });

    await vault.eraseForgotten();
    expect(await readdir(folder.dataDir)).toEqual([]);
    expect((await vault.status()).state).toBe('none');
    expect(lockEvents).toEqual(['destroyed']);
    expect(folder.log.lines.join('\n')).toContain('"vault.erasedForgotten"');
    // Nothing names the vault any more, and the keychain is shared by every data folder: its entry is left.
    expect(await folder.keyStore.get(vaultId)).not.toBeNull();
    await vault.create(PASSWORD);
    expect(vault.isUnlocked()).toBe(true);
  });

  it('crypto-shreds by the id a truncated header still names, through eraseUnopenable without a password', async () => {
    const text = await readFile(folder.file('vault.json'), 'utf8');
    await writeFile(folder.file('vault.json'), text.slice(0, text.indexOf('"kdf"')));
    expect(await vault.status()).toMatchObject({ state: 'locked', headerDamaged: true });

    await vault.eraseUnopenable();
    expect(await readdir(folder.dataDir)).toEqual([]);
    expect(await folder.keyStore.get(vaultId)).toBeNull();
    expect((await vault.status()).state).toBe('none');
  });

  it('takes a header that is JSON but not a header as damaged too, and not one a newer FieldVault wrote', async () => {
    await writeFile(folder.file('vault.json'), JSON.stringify({ format: 1, vaultId }));
    expect(await vault.status()).toMatchObject({ state: 'locked', headerDamaged: true });

    await writeFile(folder.file('vault.json'), JSON.stringify({ format: 2, vaultId }));
    await expect(vault.status()).rejects.toMatchObject({ code: 'VAULT_CORRUPT', reason: { code: 'vault_too_new' } });
    await expect(vault.eraseForgotten()).rejects.toMatchObject({ code: 'VAULT_CORRUPT', reason: { code: 'vault_too_new' } });
    expect(await readdir(folder.dataDir)).toContain('vault.db');
  });

  it('takes a header with a key this build does not know (a newer build of the same format) as too new, never damaged', async () => {
    // Before, any header the strict schema refused was damage: the lock screen offered only a password-less erase,
    // after a downgrade, of a vault the newer build opens with its unsynced changes.
    const header = await folder.header();
    await writeFile(folder.file('vault.json'), JSON.stringify({ ...header, recoveryWrap: { generation: 1 } }));
    await expect(vault.status()).rejects.toMatchObject({ code: 'VAULT_CORRUPT', reason: { code: 'vault_too_new' } });
    await expect(vault.unlock(PASSWORD)).rejects.toMatchObject({ code: 'VAULT_CORRUPT', reason: { code: 'vault_too_new' } });
    await expect(vault.eraseUnopenable()).rejects.toMatchObject({ code: 'VAULT_CORRUPT', reason: { code: 'vault_too_new' } });
    expect(await readdir(folder.dataDir)).toContain('vault.db');
    expect(await folder.keyStore.get(vaultId)).not.toBeNull();

    // Without the KDF parameters it opens with, it is damaged, extra key or not.
    await writeFile(folder.file('vault.json'), JSON.stringify({ ...header, kdf: undefined, recoveryWrap: { generation: 1 } }));
    expect(await vault.status()).toMatchObject({ state: 'locked', headerDamaged: true });
  });

  it('takes a header whose failed-unlock count or pending wrap is missing or damaged as damaged, not too new', async () => {
    // Before, a header whose id, KDF parameters and current wrap were valid was too new whatever else was wrong:
    // "update FieldVault", and no erase, for a header no build reads.
    const header: Record<string, unknown> = { ...(await folder.header()) };
    delete header.failedUnlocks;
    await writeFile(folder.file('vault.json'), JSON.stringify(header));
    expect(await vault.status()).toMatchObject({ state: 'locked', headerDamaged: true });

    await writeFile(folder.file('vault.json'), JSON.stringify({ ...header, failedUnlocks: { count: -1, lastFailureAt: null }, recoveryWrap: {} }));
    expect(await vault.status()).toMatchObject({ state: 'locked', headerDamaged: true });

    await writeFile(folder.file('vault.json'), JSON.stringify({ ...header, failedUnlocks: { count: 0, lastFailureAt: null }, pending: { generation: 2 } }));
    expect(await vault.status()).toMatchObject({ state: 'locked', headerDamaged: true });

    // An extra key alone, at the top or inside a known field, is still a newer build's.
    await writeFile(folder.file('vault.json'), JSON.stringify({ ...header, failedUnlocks: { count: 0, lastFailureAt: null, lockedUntil: 5 } }));
    await expect(vault.status()).rejects.toMatchObject({ code: 'VAULT_CORRUPT', reason: { code: 'vault_too_new' } });

    // Damaged, it takes the password-less erase the lock screen offers.
    await writeFile(folder.file('vault.json'), JSON.stringify(header));
    await vault.eraseUnopenable();
    expect(await readdir(folder.dataDir)).toEqual([]);
    expect(await folder.keyStore.get(vaultId)).toBeNull();
  });
});
