// Crypto-shredding: the device secret in the OS keychain goes first, because
// without it no copy of the files (backups, SSD remnants, a failed delete) can
// ever be opened; then the vault files.
import type { KeyStore } from '../keychain/key-store';
import type { Logger } from '../log/logger';
import { deleteVaultFiles } from './vault-files';

/** Deletes the keychain entry and the files. Rethrows a keychain failure after the files are gone. */
export async function cryptoShred(keyStore: KeyStore, dataDir: string, vaultId: string, log: Logger): Promise<void> {
  let keychainError: Error | null = null;
  try {
    await keyStore.delete(vaultId);
  } catch (error) {
    keychainError = error instanceof Error ? error : new Error('The keychain entry could not be deleted');
    log.log('error', 'vault.shredKeychainFailed', { vaultId });
  }
  await deleteVaultFiles(dataDir);
  if (keychainError !== null) throw keychainError;
}
