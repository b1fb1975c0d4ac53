// The port through which the vault reaches the OS keychain. It holds one
// secret per account (the vault id) and knows nothing about what the secret
// is for. Implementations fail closed: when no secure keychain works they
// throw KeychainUnavailableError, and they never fall back to a file.
export interface KeyStore {
  /** Returns the secret or null when there is no entry. Throws KeychainUnavailableError when no secure keychain works. */
  get(account: string): Promise<Buffer | null>;
  set(account: string, secret: Buffer): Promise<void>;
  /** true when an entry was deleted */
  delete(account: string): Promise<boolean>;
}
