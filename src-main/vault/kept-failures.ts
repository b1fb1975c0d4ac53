// The failed-unlock count's second copy, in the OS keychain beside the device
// secret (account `<vaultId>.failed-unlocks`). The header's copy is plain JSON
// anyone who can write the data folder can put back (copy vault.json, try 9
// passwords, restore it, again: unlimited guesses), while on macOS only this
// app can read or write its keychain items. An attempt counts with the higher
// of the two (and the later failure time, for the wait), records the attempt
// in both before trying it, and a success resets both: the header first, and
// a keychain that will not take the reset (tried twice) is a logged warning,
// not a refusal of the right password. The reset is then owed, in the Vault's
// memory: the next attempt pays it before reading the count, and while the
// keychain still refuses it counts with the header's alone, its own write
// replacing the stale count. Only a restart before that leaves the stale count
// (a success's attempt) to be counted with: the owed reset is not kept on disk,
// where whoever writes vault.json could claim it. Status
// reads the header only (no keychain call to draw the lock screen), so after a
// restored header it shows fewer failures than the next attempt counts with.
// An entry that holds no count (changed by another program) is taken as none:
// whoever can write it can read the device secret too. A read that says the
// keychain is unavailable is taken as none as well, with a warning: the device
// secret was just read from the same keychain, so it is open, and on Linux a
// missing entry is said so whenever the locked-keyring probe cannot answer
// (no dbus-send, no reply in 5 s). Refused, the first unlock after the upgrade
// (no entry yet) stopped for ever. The count is then the header's, and the
// attempt is still recorded in the keychain before it is tried: a keychain
// that cannot take that write refuses the attempt (KEYCHAIN_UNAVAILABLE, not
// counted, nothing tried), so the limit never runs on the header alone.
// A vault's entry is written at create, so only a vault made before this
// count existed has none until its first attempt.
import { z } from 'zod';
import { KeychainMissingError, KeychainUnavailableError } from '../../src-shared/ipc/errors';
import { KeychainEntryDamagedError, type KeyStore } from '../keychain/key-store';
import type { Logger } from '../log/logger';
import type { VaultHeader } from './vault-header';

export type FailedUnlocks = VaultHeader['failedUnlocks'];

const Kept = z.object({ count: z.number().int().nonnegative(), lastFailureAt: z.number().int().nonnegative().nullable() }).strict();

export function keptFailuresAccount(vaultId: string): string {
  return `${vaultId}.failed-unlocks`;
}

/** The count the keychain keeps for the vault; null when it keeps none (or none that reads, or the read is refused). */
export async function readKeptFailures(keyStore: KeyStore, vaultId: string, log: Logger): Promise<FailedUnlocks | null> {
  let stored: Buffer | null;
  try {
    stored = await keyStore.get(keptFailuresAccount(vaultId));
  } catch (error) {
    if (error instanceof KeychainUnavailableError || error instanceof KeychainMissingError) {
      log.log('warn', 'vault.keptFailuresUnavailable', { vaultId });
      return null;
    }
    if (!(error instanceof KeychainEntryDamagedError)) throw error;
    stored = null;
  }
  if (stored === null) return null;
  try {
    return Kept.parse(JSON.parse(stored.toString('utf8')));
  } catch {
    log.log('warn', 'vault.keptFailuresUnreadable', { vaultId });
    return null;
  }
}

export async function keepFailures(keyStore: KeyStore, vaultId: string, failed: FailedUnlocks): Promise<void> {
  await keyStore.set(keptFailuresAccount(vaultId), Buffer.from(JSON.stringify(Kept.parse(failed)), 'utf8'));
}

/** The higher count and the later failure of the header's and the keychain's. */
export function higherFailures(header: FailedUnlocks, kept: FailedUnlocks | null): FailedUnlocks {
  if (kept === null) return header;
  const times = [header.lastFailureAt, kept.lastFailureAt].filter((at): at is number => at !== null);
  return { count: Math.max(header.count, kept.count), lastFailureAt: times.length === 0 ? null : Math.max(...times) };
}
