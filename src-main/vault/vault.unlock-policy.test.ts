// The unlock policy as the vault applies it: growing delays, a counter that
// survives restarts, and the crypto-shred after too many failures.
import { readdir } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TempVaultFolder } from '../testing/temp-vault';
import type { UnlockPolicy } from './unlock-policy';
import type { LockReason } from './vault';
import { writeHeader } from './vault-header';

const PASSWORD = 'the right password';
const small: UnlockPolicy = { maxFailedAttempts: 5, baseDelayMs: 10, maxDelayMs: 1_000 };

describe('Vault unlock policy (real keychain, real files)', () => {
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

  it('throttles with growing delays, keeps the count across restarts, and wipes after the last attempt', async () => {
    const first = folder.vault({ unlockPolicy: small, now });
    await first.create(PASSWORD);
    await first.lock();
    const { vaultId } = await folder.header();

    // The two free failures owe no wait; from the third on, the refusal itself says how long the next try waits.
    await expect(first.unlock('wrong 1')).rejects.toMatchObject({ code: 'WRONG_PASSWORD', attemptsLeft: 4, retryAfterMs: undefined });
    await expect(first.unlock('wrong 2')).rejects.toMatchObject({ code: 'WRONG_PASSWORD', attemptsLeft: 3, retryAfterMs: undefined });
    expect((await first.status()).retryAfterMs).toBe(0);
    await expect(first.unlock('wrong 3')).rejects.toMatchObject({ code: 'WRONG_PASSWORD', attemptsLeft: 2, retryAfterMs: 10 });
    expect(await first.status()).toEqual({ state: 'locked', failedAttempts: 3, maxFailedAttempts: 5, retryAfterMs: 10, rotating: false });

    // Too early: refused before any password check, even the right one, and not counted.
    await expect(first.unlock(PASSWORD)).rejects.toMatchObject({ code: 'THROTTLED', retryAfterMs: 10 });
    clock += 4;
    await expect(first.unlock(PASSWORD)).rejects.toMatchObject({ code: 'THROTTLED', retryAfterMs: 6 });

    // A restart remembers everything.
    const restarted = folder.vault({ unlockPolicy: small, now });
    expect(await restarted.status()).toEqual({ state: 'locked', failedAttempts: 3, maxFailedAttempts: 5, retryAfterMs: 6, rotating: false });
    await expect(restarted.unlock('wrong 4')).rejects.toMatchObject({ code: 'THROTTLED' });

    clock += 6;
    await expect(restarted.unlock('wrong 4')).rejects.toMatchObject({ code: 'WRONG_PASSWORD', attemptsLeft: 1, retryAfterMs: 20 });
    expect((await restarted.status()).retryAfterMs).toBe(20);
    clock += 20;

    const reasons: LockReason[] = [];
    restarted.onLock((reason) => reasons.push(reason));
    await expect(restarted.unlock('wrong 5')).rejects.toMatchObject({ code: 'VAULT_WIPED' });
    expect(reasons).toEqual(['wiped']);
    expect(await folder.keyStore.get(vaultId)).toBeNull();
    // Only the notice of why the vault went (wipe-notice.ts) is left.
    expect(await readdir(folder.dataDir)).toEqual(['wipe-notice.json']);
    expect(await restarted.status()).toMatchObject({ state: 'none', failedAttempts: 0, lastWipe: { reason: 'wiped', at: clock } });
    await expect(restarted.unlock(PASSWORD)).rejects.toMatchObject({ code: 'NO_VAULT' });
  });

  it('counts the wait from now once, when the clock was set back past the last failure', async () => {
    const vault = folder.vault({ unlockPolicy: small, now });
    await vault.create(PASSWORD);
    await vault.lock();
    // Three failures stamped by a clock two hours ahead, which NTP then corrects.
    clock += 2 * 3_600_000;
    for (const wrong of ['wrong 1', 'wrong 2', 'wrong 3']) await expect(vault.unlock(wrong)).rejects.toMatchObject({ code: 'WRONG_PASSWORD' });
    clock -= 2 * 3_600_000;
    // One full delay, as before, but counted from this attempt: afterwards the right password opens the vault.
    await expect(vault.unlock(PASSWORD)).rejects.toMatchObject({ code: 'THROTTLED', retryAfterMs: 10 });
    expect((await folder.header()).failedUnlocks).toEqual({ count: 3, lastFailureAt: clock });
    clock += 4;
    expect((await vault.status()).retryAfterMs).toBe(6);
    clock += 6;
    await vault.unlock(PASSWORD);
    expect(vault.isUnlocked()).toBe(true);
  });

  // The app killed during the last attempt (counted before its key derivation, never judged): the next launch
  // finds the count at the maximum. Before, it waited out the delay and then wiped without trying the password.
  it.each([
    ['the right password opens it and resets the count', PASSWORD],
    ['a wrong one wipes it', 'wrong again'],
  ])('at the maximum count after a kill, the password is still tried: %s', async (_case, password) => {
    const vault = folder.vault({ unlockPolicy: small, now });
    await vault.create(PASSWORD);
    await vault.lock();
    const header = await folder.header();
    await writeHeader(folder.dataDir, { ...header, failedUnlocks: { count: small.maxFailedAttempts, lastFailureAt: clock } });
    const restarted = folder.vault({ unlockPolicy: small, now });
    // The delay after the last attempt is still owed.
    await expect(restarted.unlock(PASSWORD)).rejects.toMatchObject({ code: 'THROTTLED' });
    clock += small.maxDelayMs;
    if (password === PASSWORD) {
      await restarted.unlock(password);
      expect(restarted.isUnlocked()).toBe(true);
      expect(await restarted.status()).toMatchObject({ state: 'unlocked', failedAttempts: 0, retryAfterMs: 0 });
      expect(await folder.keyStore.get(header.vaultId)).not.toBeNull();
    } else {
      await expect(restarted.unlock(password)).rejects.toMatchObject({ code: 'VAULT_WIPED' });
      expect(await folder.keyStore.get(header.vaultId)).toBeNull();
      expect(await readdir(folder.dataDir)).toEqual(['wipe-notice.json']);
    }
  });

  it('a success resets the counter', async () => {
    const vault = folder.vault({ unlockPolicy: small, now });
    await vault.create(PASSWORD);
    await vault.lock();
    await expect(vault.unlock('wrong')).rejects.toMatchObject({ code: 'WRONG_PASSWORD' });
    await expect(vault.unlock('wrong')).rejects.toMatchObject({ code: 'WRONG_PASSWORD' });
    await vault.unlock(PASSWORD);
    expect(await vault.status()).toMatchObject({ state: 'unlocked', failedAttempts: 0, retryAfterMs: 0 });
  });

  it('with the default policy: 10 attempts, and an immediate retry after the third failure is THROTTLED', async () => {
    // The default policy, on the test's clock: with the wall clock, a loaded machine could spend the 1 s wait
    // inside the third attempt's key derivation, and the retry would no longer be immediate.
    const vault = folder.vault({ now });
    await vault.create(PASSWORD);
    await vault.lock();
    expect((await vault.status()).maxFailedAttempts).toBe(10);
    for (const attemptsLeft of [9, 8, 7]) {
      await expect(vault.unlock('nope')).rejects.toMatchObject({ code: 'WRONG_PASSWORD', attemptsLeft });
    }
    const throttled = await vault.unlock(PASSWORD).catch((error: unknown) => error);
    expect(throttled).toMatchObject({ code: 'THROTTLED' });
    expect(throttled).toHaveProperty('retryAfterMs', 1_000);
    expect(await vault.status()).toMatchObject({ failedAttempts: 3, retryAfterMs: 1_000 });
    // Four Argon2id derivations at the default cost: about 2 s idle, over 5 s on a busy two-core machine.
  }, 30_000);
});
