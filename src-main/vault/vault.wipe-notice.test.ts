// Why the last vault went, across a restart: a device revoked while offline
// (or a vault wiped after failed unlocks) shreds its vault, and the app,
// started again, reads the reason from the status (`lastWipe`), not from a
// lock event it can no longer hear. The notice holds the reason and the time
// only; a new vault clears it, and a destroy the user chose leaves none.
import { readFile, writeFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TempVaultFolder } from '../testing/temp-vault';

const PASSWORD = 'correct horse battery staple';
const at = 1_800_000_000_000;
const now = () => at;

describe('Vault wipe notice (real SQLCipher file, real OS keychain)', () => {
  let folder: TempVaultFolder;

  beforeEach(async () => {
    folder = await TempVaultFolder.create();
  });

  afterEach(async () => {
    await folder.dispose();
  });

  it('tells a restarted app that the organisation revoked the device, until a new vault is created', async () => {
    const vault = folder.vault({ now });
    await vault.create(PASSWORD);
    const { vaultId } = await folder.header();
    folder.keyStore.track(vaultId);
    await vault.remoteWipe();

    const restarted = folder.vault({ now });
    expect(await restarted.status()).toEqual({ state: 'none', failedAttempts: 0, maxFailedAttempts: 10, retryAfterMs: 0, rotating: false, lastWipe: { reason: 'revoked', at } });
    // The reason and the time, nothing of the vault (not even its id).
    expect(JSON.parse(await readFile(folder.file('wipe-notice.json'), 'utf8'))).toEqual({ reason: 'revoked', at });

    await restarted.create(PASSWORD);
    await restarted.lock();
    expect(await folder.vault({ now }).status()).not.toHaveProperty('lastWipe');
    await expect(readFile(folder.file('wipe-notice.json'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('leaves no notice when the user destroys the vault, nor one an earlier wipe left (a create that could not remove it)', async () => {
    const vault = folder.vault({ now });
    await vault.create(PASSWORD);
    await writeFile(folder.file('wipe-notice.json'), JSON.stringify({ reason: 'revoked', at: at - 1 }));
    // Said only while there is no vault.
    expect(await vault.status()).not.toHaveProperty('lastWipe');
    await vault.destroy(PASSWORD);
    expect(await folder.vault({ now }).status()).toEqual({ state: 'none', failedAttempts: 0, maxFailedAttempts: 10, retryAfterMs: 0, rotating: false });
  });
});
