// A key rotation under way, as the rest of the app sees it: the status says it
// runs (a window that left Settings learns it there), and a second rotation is
// refused with BUSY rather than queued for another pass over every page. The
// rotation is held mid-way, past the vault's queue, by an open write
// transaction its checkpoint must wait for: a real vault, no fake.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src-shared/ipc/errors';
import { TempVaultFolder } from '../testing/temp-vault';
import type { Vault } from './vault';

const PASSWORD = 'rotation running password';

/** What a settled promise came to: its error's code, or "ok". */
async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    return error instanceof AppError ? error.code : String(error);
  }
}

describe('Vault key rotation while one runs', () => {
  let folder: TempVaultFolder;
  let vault: Vault;

  beforeEach(async () => {
    folder = await TempVaultFolder.create();
    vault = folder.vault();
    await vault.create(PASSWORD);
  });

  afterEach(async () => {
    await folder.dispose();
  });

  it('says it runs, refuses a second one with BUSY, and rotates once; then a new one may start', async () => {
    const before = (await folder.header()).current.generation;
    expect((await vault.status()).rotating).toBe(false);

    let release = () => {};
    const held = vault.connection().write(() => new Promise<void>((resolve) => (release = resolve)));
    const first = vault.rotateKey();
    // Past the vault's queue and inside the rotation, waiting for the transaction to end.
    await expect.poll(() => folder.log.lines.some((line) => line.includes('vault.rotation') && line.includes('"phase":"begin"'))).toBe(true);

    expect(await vault.status()).toEqual({ state: 'unlocked', failedAttempts: 0, maxFailedAttempts: 10, retryAfterMs: 0, rotating: true });
    const second = vault.rotateKey();
    // Refused at once; queued instead, it would wait behind the first (and the held transaction) for ever.
    const waited = new Promise<string>((resolve) => setTimeout(() => resolve('still waiting'), 2_000));
    const refused = await Promise.race([outcome(second), waited]);
    release();
    expect(refused).toBe('BUSY');
    await expect(second).rejects.toThrow('The encryption key is already being rotated. Wait for it to finish.');
    await held;
    expect(await outcome(first)).toBe('ok');
    expect((await folder.header()).current.generation).toBe(before + 1);
    expect((await vault.status()).rotating).toBe(false);

    await vault.rotateKey();
    expect((await folder.header()).current.generation).toBe(before + 2);
  });

  it('says it no longer runs after a rotation that failed (the vault locked)', async () => {
    await vault.lock();
    expect(await outcome(vault.rotateKey())).toBe('LOCKED');
    expect(await vault.status()).toEqual({ state: 'locked', failedAttempts: 0, maxFailedAttempts: 10, retryAfterMs: 0, rotating: false });
    // Refused for the lock, not for a rotation left marked as running.
    expect(await outcome(vault.rotateKey())).toBe('LOCKED');
  });
});
