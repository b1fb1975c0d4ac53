// A lock asked for while a key rotation runs (the lid closed during the rekey
// of a large vault): said at once, so the window drops its workspace before
// the machine sleeps, with nothing served meanwhile; the vault closes as the
// rotation settles, under the new key. Before, the lock queued behind the
// rekey and the vault stayed open until it ended. The rotation is held
// mid-way by an open write transaction its checkpoint must wait for: a real
// vault, no fake.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError, LockedError } from '../../src-shared/ipc/errors';
import { TempVaultFolder } from '../testing/temp-vault';
import type { Vault } from './vault';

const PASSWORD = 'lock during rotation password';

/** What a settled promise came to: its error's code, or "ok". */
async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    return error instanceof AppError ? error.code : String(error);
  }
}

describe('Vault lock during a key rotation', () => {
  let folder: TempVaultFolder;
  let vault: Vault;
  /** Ends the transaction that holds the rotation (also after a failed assertion, so the folder can close). */
  let release = () => {};

  beforeEach(async () => {
    folder = await TempVaultFolder.create();
    vault = folder.vault();
    await vault.create(PASSWORD);
  });

  afterEach(async () => {
    release();
    await folder.dispose();
  });

  it('says the lock at once, serves nothing new, and locks under the new key as the rotation settles', async () => {
    const before = (await folder.header()).current.generation;
    const held = vault.connection().write(async (tx) => {
      await tx.run(
        "INSERT INTO contacts (id, name, owner_id, created_at, created_by, updated_at, updated_by) VALUES ('c-1', 'Grace Hopper', 'o', 1, 'o', 1, 'o')",
      );
      await new Promise<void>((resolve) => (release = resolve));
    });
    let rotated = false;
    const rotation = vault.rotateKey().finally(() => (rotated = true));
    await expect.poll(() => folder.log.lines.some((line) => line.includes('vault.rotation') && line.includes('"phase":"begin"'))).toBe(true);

    const heard: string[] = [];
    const stopListening = vault.onLock((reason) => heard.push(reason));
    const locked = vault.lock('suspend');
    // Said before the rotation ends (it waits for the held transaction), and nothing new is served meanwhile.
    expect(heard).toEqual(['suspend']);
    expect(rotated).toBe(false);
    expect(vault.isUnlocked()).toBe(false);
    expect(() => vault.connection()).toThrow(LockedError);
    expect(await vault.status()).toEqual({ state: 'locked', failedAttempts: 0, maxFailedAttempts: 10, retryAfterMs: 0, rotating: true });
    const passwordChange = vault.changePassword(PASSWORD, 'another password');
    expect(rotated).toBe(false);

    release();
    await held;
    expect(await outcome(rotation)).toBe('ok');
    await locked;
    expect(await outcome(passwordChange)).toBe('LOCKED');
    // Said once: the close at the rotation's end does not say it again.
    expect(heard).toEqual(['suspend']);
    stopListening();
    expect(await vault.status()).toEqual({ state: 'locked', failedAttempts: 0, maxFailedAttempts: 10, retryAfterMs: 0, rotating: false });
    const header = await folder.header();
    expect(header.current.generation).toBe(before + 1);
    expect(header.pending).toBeUndefined();

    await vault.unlock(PASSWORD);
    expect((await vault.connection().read((tx) => tx.get<{ n: number }>('SELECT count(*) AS n FROM contacts')))?.n).toBe(1);
  });
});
