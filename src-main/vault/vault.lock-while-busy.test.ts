// A lock asked for while a vault call waits (Change password on a Linux
// keyring that does not answer, then the lid closes): it takes effect at once,
// vault.didLock said and nothing new served, and the vault closes as the
// running call ends. Before, the lock queued behind the call: the vault stayed
// open, served calls, and no didLock went out until the keyring answered. A
// password change that finds a lock landed while it waited refuses before the
// header is written, so the old password stays. A real vault; only the
// keychain's answer is held back, by a wrapper around the real keychain.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError, LockedError } from '../../src-shared/ipc/errors';
import type { KeyStore } from '../keychain/key-store';
import { vaultHandlers } from '../services/vault/vault.handlers';
import { TempVaultFolder } from '../testing/temp-vault';
import { Vault } from './vault';

const PASSWORD = 'lock while busy password';
const NEXT = 'the password it did not become';
const context = { sender: { transport: 'test', origin: 'test://fieldvault' } } as const;

/** What a settled promise came to: its error's code, or "ok". */
async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    return error instanceof AppError ? error.code : String(error);
  }
}

/** The real keychain, whose next `get` or `set` can be held until released (a keyring waiting on its prompt). */
class HoldingKeyStore implements KeyStore {
  #hold: { operation: 'get' | 'set'; reached: () => void; gate: Promise<void> } | null = null;
  release = () => {};

  constructor(private readonly inner: KeyStore) {}

  /** Holds the next call of `operation`; resolves once it is held. */
  holdNext(operation: 'get' | 'set'): Promise<void> {
    return new Promise((reached) => {
      const gate = new Promise<void>((release) => (this.release = release));
      this.#hold = { operation, reached, gate };
    });
  }

  async get(account: string): Promise<Buffer | null> {
    await this.#wait('get');
    return this.inner.get(account);
  }

  async set(account: string, secret: Buffer): Promise<void> {
    await this.#wait('set');
    await this.inner.set(account, secret);
  }

  delete(account: string): Promise<boolean> {
    return this.inner.delete(account);
  }

  async #wait(operation: 'get' | 'set'): Promise<void> {
    const hold = this.#hold;
    if (hold?.operation !== operation) return;
    this.#hold = null;
    hold.reached();
    await hold.gate;
  }
}

describe('Vault lock while a call waits', () => {
  let folder: TempVaultFolder;
  let keyStore: HoldingKeyStore;
  let vault: Vault;

  beforeEach(async () => {
    folder = await TempVaultFolder.create();
    keyStore = new HoldingKeyStore(folder.keyStore);
    vault = new Vault({ dataDir: folder.dataDir, keyStore, log: folder.log });
  });

  afterEach(async () => {
    keyStore.release();
    await vault.lock().catch(() => undefined);
    await folder.dispose();
  });

  for (const operation of ['get', 'set'] as const) {
    it(`a password change waiting on the keychain's ${operation}: the lock is said at once, and the old password stays`, async () => {
      await vault.create(PASSWORD);
      const before = await folder.header();
      const held = keyStore.holdNext(operation);
      const change = vault.changePassword(PASSWORD, NEXT);
      await held;

      const heard: string[] = [];
      const stopListening = vault.onLock((reason) => heard.push(reason));
      const locked = vault.lock('suspend');
      expect(heard).toEqual(['suspend']);
      expect(vault.isUnlocked()).toBe(false);
      expect(() => vault.connection()).toThrow(LockedError);
      expect(await vault.status()).toMatchObject({ state: 'locked' });
      const later = vault.changePassword(PASSWORD, 'yet another password');

      keyStore.release();
      expect(await outcome(change)).toBe('LOCKED');
      await locked;
      expect(await outcome(later)).toBe('LOCKED');
      // Said once: the close as the password change ended does not say it again.
      expect(heard).toEqual(['suspend']);
      stopListening();
      expect(folder.log.lines.filter((line) => line.includes('vault.passwordChanged'))).toEqual([]);
      const after = await folder.header();
      expect(after.kdf).toEqual(before.kdf);
      expect(after.current).toEqual(before.current);

      expect(await outcome(vault.unlock(NEXT))).toBe('WRONG_PASSWORD');
      await vault.unlock(PASSWORD);
      expect(vault.isUnlocked()).toBe(true);
    });
  }

  it('a lock during a create is not undone: the vault is created and stays locked', async () => {
    const handlers = vaultHandlers(vault);
    const held = keyStore.holdNext('set');
    const created = handlers['vault.create']({ password: PASSWORD }, context);
    await held;
    const heard: string[] = [];
    const stopListening = vault.onLock((reason) => heard.push(reason));
    const locked = vault.lock('suspend');

    keyStore.release();
    expect(await created).toMatchObject({ state: 'locked' });
    await locked;
    // Said as the create ended (nothing was open before), once.
    expect(heard).toEqual(['suspend']);
    stopListening();
    expect(vault.isUnlocked()).toBe(false);
    await vault.unlock(PASSWORD);
    expect(vault.isUnlocked()).toBe(true);
  });
});
