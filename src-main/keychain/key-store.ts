// The port through which the vault reaches the OS keychain. It holds one
// secret per account (the vault id) and knows nothing about what the secret
// is for. Implementations fail closed: when no secure keychain works they
// throw KeychainUnavailableError, and they never fall back to a file.
import { AppError } from '../../src-shared/ipc/errors';

export interface KeyStore {
  /**
   * Returns the secret or null when there is no entry. Throws KeychainUnavailableError when no secure keychain
   * works, and KeychainEntryDamagedError when the keychain answered with an entry that holds no secret.
   */
  get(account: string): Promise<Buffer | null>;
  set(account: string, secret: Buffer): Promise<void>;
  /** true when an entry was deleted */
  delete(account: string): Promise<boolean>;
}

/**
 * The keychain answered, and its entry for the vault holds no device key this app wrote (not base64, or of the
 * wrong length): changed by another program or a keychain repair. No password opens the vault again, so it is
 * said like a missing key (the lock screen offers the erase), in words of its own. Only an answer that was read
 * is judged so: a keychain that is locked or does not answer stays KEYCHAIN_UNAVAILABLE.
 */
export class KeychainEntryDamagedError extends AppError {
  constructor() {
    super(
      'DEVICE_SECRET_MISSING',
      "This vault's device key in the OS keychain is damaged (another program or a keychain repair changed it), so the vault cannot be opened on this device, with any password.",
      undefined,
      { code: 'keychain_entry_damaged' },
    );
  }
}
