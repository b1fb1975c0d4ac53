// The kept failed-unlock count (kept-failures.ts) against keychains that do
// not do all it asks, on the real SQLCipher file and the real keychain. Before:
// on Linux a missing `<vaultId>.failed-unlocks` entry reads as
// KEYCHAIN_UNAVAILABLE when the locked-keyring probe cannot answer, and
// nothing wrote the entry before its first read (not create, not a vault made
// before the count existed), so the unlock stopped for ever; and a keychain
// that read but would not take the reset refused the right password, with the
// attempt counted; then, let through, its stale count was counted with: the
// next typo cost as if after the right password (and after 9 failures, wiped).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KeychainUnavailableError } from '../../src-shared/ipc/errors';
import type { KeyStore } from '../keychain/key-store';
import { TempVaultFolder } from '../testing/temp-vault';
import { keptFailuresAccount } from './kept-failures';
import type { UnlockPolicy } from './unlock-policy';
import { Vault } from './vault';

const PASSWORD = 'the right password';
const policy: UnlockPolicy = { maxFailedAttempts: 10, baseDelayMs: 10, maxDelayMs: 1_000 };
const KEPT = '.failed-unlocks';

describe('the kept failed-unlock count, with a keychain that does not do all it is asked', () => {
  let folder: TempVaultFolder;
  let clock: number;
  let vault: Vault;
  /** Which kept-count writes fail: none, a reset only, or all. */
  let failKeptWrites: 'none' | 'reset' | 'all';
  /** Under 'reset', how many resets are refused before they are taken again. */
  let resetsToRefuse: number;
  const now = () => clock;

  // The real keychain, but a missing kept-count entry reads as a probe that could not answer, and kept-count writes fail on demand.
  function probeless(): KeyStore {
    return {
      get: async (account) => {
        const stored = await folder.keyStore.get(account);
        if (stored === null && account.endsWith(KEPT)) throw new KeychainUnavailableError('The OS keychain is locked');
        return stored;
      },
      set: async (account, secret) => {
        if (account.endsWith(KEPT) && failKeptWrites !== 'none') {
          const kept: unknown = JSON.parse(secret.toString('utf8'));
          const isReset = typeof kept === 'object' && kept !== null && Reflect.get(kept, 'count') === 0;
          if (failKeptWrites === 'all') throw new KeychainUnavailableError();
          if (isReset && resetsToRefuse > 0) {
            resetsToRefuse -= 1;
            throw new KeychainUnavailableError();
          }
        }
        await folder.keyStore.set(account, secret);
      },
      delete: (account) => folder.keyStore.delete(account),
    };
  }

  beforeEach(async () => {
    folder = await TempVaultFolder.create();
    clock = 1_800_000_000_000;
    failKeptWrites = 'none';
    resetsToRefuse = Infinity;
    vault = new Vault({ dataDir: folder.dataDir, keyStore: probeless(), log: folder.log, unlockPolicy: policy, now });
  });

  afterEach(async () => {
    await vault.lock();
    const { vaultId } = await folder.header().catch(() => ({ vaultId: null }));
    if (vaultId !== null) folder.keyStore.track(keptFailuresAccount(vaultId));
    await folder.dispose();
  });

  it('writes the kept count at create, so a new vault opens with the right password', async () => {
    await vault.create(PASSWORD);
    const { vaultId } = await folder.header();
    expect(JSON.parse((await folder.keyStore.get(keptFailuresAccount(vaultId)))?.toString('utf8') ?? 'null')).toEqual({ count: 0, lastFailureAt: null });
    await vault.lock();
    await vault.unlock(PASSWORD);
    expect(vault.isUnlocked()).toBe(true);
  });

  it('opens a vault made before the count was kept (no entry) with the right password, and keeps the count from then on', async () => {
    await vault.create(PASSWORD);
    await vault.lock();
    const { vaultId } = await folder.header();
    await folder.keyStore.delete(keptFailuresAccount(vaultId));

    await vault.unlock(PASSWORD);
    expect(vault.isUnlocked()).toBe(true);
    expect(folder.log.lines.join('\n')).toContain('"vault.keptFailuresUnavailable"');
    expect(await folder.keyStore.get(keptFailuresAccount(vaultId))).not.toBeNull();
  });

  async function keptCount(): Promise<unknown> {
    const { vaultId } = await folder.header();
    return JSON.parse((await folder.keyStore.get(keptFailuresAccount(vaultId)))?.toString('utf8') ?? 'null');
  }

  /** Two wrong passwords, then the right one while the keychain refuses `refused` resets; locked again after. */
  async function unlockAfterTwoFailures(refused: number): Promise<void> {
    await vault.create(PASSWORD);
    await vault.lock();
    await expect(vault.unlock('wrong')).rejects.toMatchObject({ code: 'WRONG_PASSWORD', attemptsLeft: 9 });
    clock += policy.maxDelayMs;
    await expect(vault.unlock('wrong')).rejects.toMatchObject({ code: 'WRONG_PASSWORD', attemptsLeft: 8 });
    clock += policy.maxDelayMs;
    failKeptWrites = 'reset';
    resetsToRefuse = refused;
    await vault.unlock(PASSWORD);
    expect(vault.isUnlocked()).toBe(true);
    expect((await folder.header()).failedUnlocks).toEqual({ count: 0, lastFailureAt: null });
    await vault.lock();
    clock += policy.maxDelayMs;
  }

  it('tries a refused reset after the right password again at once', async () => {
    await unlockAfterTwoFailures(1);
    expect(await keptCount()).toEqual({ count: 0, lastFailureAt: null });
    expect(folder.log.lines.join('\n')).not.toContain('"vault.keptFailuresResetFailed"');
  });

  it('opens with the right password when the keychain will not take the reset twice, and the next attempt pays it first', async () => {
    await unlockAfterTwoFailures(2);
    expect(folder.log.lines.join('\n')).toContain('"vault.keptFailuresResetFailed"');
    // The keychain still says 3 (two wrong and the right one): the owed reset goes first, so this is the 1st failure.
    expect(await keptCount()).toMatchObject({ count: 3 });
    await expect(vault.unlock('wrong again')).rejects.toMatchObject({ code: 'WRONG_PASSWORD', attemptsLeft: 9 });
    expect(await keptCount()).toMatchObject({ count: 1 });
    expect((await vault.status()).failedAttempts).toBe(1);
  });

  it('counts as if reset while the keychain refuses every reset, the attempt writing over the stale count', async () => {
    await unlockAfterTwoFailures(Infinity);
    await expect(vault.unlock('wrong again')).rejects.toMatchObject({ code: 'WRONG_PASSWORD', attemptsLeft: 9 });
    expect(folder.log.lines.join('\n')).toContain('"vault.keptFailuresResetOwed"');
    expect(await keptCount()).toMatchObject({ count: 1 });
    // Paid by that write: counted on from the keychain again.
    clock += policy.maxDelayMs;
    await expect(vault.unlock('wrong again')).rejects.toMatchObject({ code: 'WRONG_PASSWORD', attemptsLeft: 8 });
  });

  it('after 9 failures and the right password whose reset is refused, a typo is the 1st failure, not a wipe', async () => {
    await vault.create(PASSWORD);
    await vault.lock();
    for (let left = 9; left >= 1; left -= 1) {
      await expect(vault.unlock('wrong')).rejects.toMatchObject({ code: 'WRONG_PASSWORD', attemptsLeft: left });
      clock += policy.maxDelayMs;
    }
    failKeptWrites = 'reset';
    await vault.unlock(PASSWORD);
    await vault.lock();
    clock += policy.maxDelayMs;
    await expect(vault.unlock('typo')).rejects.toMatchObject({ code: 'WRONG_PASSWORD', attemptsLeft: 9 });
    expect(await folder.header()).toMatchObject({ failedUnlocks: { count: 1 } });
  });

  it('refuses an attempt, uncounted and untried, while the keychain will not take its count', async () => {
    await vault.create(PASSWORD);
    await vault.lock();
    failKeptWrites = 'all';

    await expect(vault.unlock(PASSWORD)).rejects.toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE' });
    expect(vault.isUnlocked()).toBe(false);
    expect((await folder.header()).failedUnlocks.count).toBe(0);
    failKeptWrites = 'none';
    await vault.unlock(PASSWORD);
    expect(vault.isUnlocked()).toBe(true);
  });
});
