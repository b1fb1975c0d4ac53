// Test support: the real OS keychain (through KeytarKeyStore) under a service
// name of its own, so parallel tests never see each other's entries, and a
// record of every account written so afterEach can remove them all.
import { randomBytes } from 'node:crypto';
import type { KeyStore } from '../keychain/key-store';
import { KeytarKeyStore } from '../keychain/keytar.key-store';

export function testServiceName(): string {
  return `FieldVault-test-${randomBytes(6).toString('hex')}`;
}

export class TestKeyStore implements KeyStore {
  readonly inner: KeytarKeyStore;
  readonly #accounts = new Set<string>();

  constructor(readonly service = testServiceName()) {
    this.inner = new KeytarKeyStore(service);
  }

  get(account: string): Promise<Buffer | null> {
    return this.inner.get(account);
  }

  async set(account: string, secret: Buffer): Promise<void> {
    this.#accounts.add(account);
    await this.inner.set(account, secret);
  }

  delete(account: string): Promise<boolean> {
    return this.inner.delete(account);
  }

  /** Also call with accounts written by child processes under the same service. */
  track(account: string): void {
    this.#accounts.add(account);
  }

  async cleanup(): Promise<void> {
    for (const account of this.#accounts) await this.inner.delete(account);
    this.#accounts.clear();
  }
}
