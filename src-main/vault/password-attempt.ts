// One try of the vault password against the header, under the unlock policy:
// refuse while throttled, count the attempt durably before trying it, and
// reset the count on success. It decides; the Vault acts (e.g. wipes).
// The count is kept twice, in the header and in the keychain, and an attempt
// counts with the higher (kept-failures.ts): a vault.json put back from a copy
// takes back no attempt. A success whose reset the keychain will not take
// leaves the reset owed (PasswordContext.keptResetOwed), paid before the next
// count is read.
import { timingSafeEqual } from 'node:crypto';
import { DeviceSecretMissingError, ThrottledError, WrongPasswordError } from '../../src-shared/ipc/errors';
import { KeychainEntryDamagedError, type KeyStore } from '../keychain/key-store';
import type { Logger } from '../log/logger';
import { KEY_BYTES, UnwrapFailedError, deriveKek, unwrapKey } from './key-crypto';
import { higherFailures, keepFailures, readKeptFailures, type FailedUnlocks } from './kept-failures';
import { retryAfter, type UnlockPolicy } from './unlock-policy';
import { writeHeader, type VaultHeader } from './vault-header';

export interface PasswordContext {
  readonly dataDir: string;
  readonly keyStore: KeyStore;
  readonly policy: UnlockPolicy;
  readonly now: () => number;
  readonly log: Logger;
  /**
   * Ids of vaults whose kept count a success here could not reset, twice: the Vault's memory, for the process's
   * lifetime (never the header: whoever can write that could take back attempts). The next attempt pays the reset
   * before it reads the count, and while the keychain still will not take it counts with the header's alone: the
   * keychain's is known stale, and that attempt's own write replaces it (or, refused, refuses the attempt).
   */
  readonly keptResetOwed: Set<string>;
}

export interface PasswordAccepted {
  readonly kek: Buffer;
  /** The header as written after the success, counter reset. */
  readonly header: VaultHeader;
}

/** The failure count has reached the policy's maximum: the vault must be crypto-shredded. */
export class WipeRequiredError extends Error {
  constructor() {
    super('Too many failed unlock attempts');
    this.name = 'WipeRequiredError';
  }
}

export async function readDeviceSecret(keyStore: KeyStore, vaultId: string): Promise<Buffer> {
  const secret = await keyStore.get(vaultId);
  if (secret === null) throw new DeviceSecretMissingError();
  if (secret.length !== KEY_BYTES) {
    secret.fill(0);
    throw new KeychainEntryDamagedError();
  }
  return secret;
}

/**
 * Whether the vault's device key is in the keychain, gone, or there but no key (KeychainEntryDamagedError: not
 * base64, the wrong length), read and zeroed at once. Without a usable key no password opens the vault, so an
 * erase needs none; a keychain that does not answer throws (KEYCHAIN_UNAVAILABLE), never a reason to erase.
 */
export async function deviceSecretState(keyStore: KeyStore, vaultId: string): Promise<'present' | 'missing' | 'damaged'> {
  try {
    (await readDeviceSecret(keyStore, vaultId)).fill(0);
    return 'present';
  } catch (error) {
    if (error instanceof DeviceSecretMissingError) return 'missing';
    if (error instanceof KeychainEntryDamagedError) return 'damaged';
    throw error;
  }
}

/**
 * Returns the KEK when the password opens the current wrap. Throws
 * ThrottledError, WrongPasswordError, WipeRequiredError, or the keychain's errors
 * (which do not count as attempts: they say nothing about the password).
 */
export async function attemptPassword(context: PasswordContext, header: VaultHeader, password: string): Promise<PasswordAccepted> {
  const { policy, keyStore } = context;
  const now = context.now();
  if (header.failedUnlocks.lastFailureAt !== null && header.failedUnlocks.lastFailureAt > now) {
    // The clock was set back past the last failure (NTP correcting a clock that ran ahead): the wait counts
    // from now, once. Left in the future, every check owed a full delay again until real time caught up.
    header = { ...header, failedUnlocks: { count: header.failedUnlocks.count, lastFailureAt: now } };
    await writeHeader(context.dataDir, header);
  }
  // The header's wait is refused before the keychain is asked: a locked keychain still answers THROTTLED then.
  throwIfWaiting(header.failedUnlocks, now, policy);
  const deviceSecret = await readDeviceSecret(keyStore, header.vaultId);

  // Count the attempt before trying it, so killing the app after a wrong guess
  // cannot keep that guess off the record. At the maximum already (the app was
  // killed during the last attempt, after counting it and before judging it),
  // this one is still tried, counted as that last one: the right password
  // opens, a wrong one wipes. Wiped unheard, the right password lost the vault.
  let failed: FailedUnlocks;
  let kek: Buffer;
  try {
    const kept = await keptCount(context, header.vaultId);
    // A kept failure time the clock was set back past counts from when the header's did (clamped above).
    const keptNow = kept !== null && kept.lastFailureAt !== null && kept.lastFailureAt > now ? { ...kept, lastFailureAt: header.failedUnlocks.lastFailureAt ?? now } : kept;
    const counted = higherFailures(header.failedUnlocks, keptNow);
    if (counted.count !== header.failedUnlocks.count || counted.lastFailureAt !== header.failedUnlocks.lastFailureAt) {
      // The header was put back from a copy (or lost a write): it says the keychain's count again, for the status too.
      header = { ...header, failedUnlocks: counted };
      await writeHeader(context.dataDir, header);
    }
    throwIfWaiting(counted, now, policy);
    failed = { count: counted.count >= policy.maxFailedAttempts ? counted.count : counted.count + 1, lastFailureAt: context.now() };
    // The keychain first: a header write that fails after it leaves the attempt counted, never uncounted. A
    // keychain that cannot take the write refuses the attempt untried (its error, not counted): tried on the
    // header's count alone, a put-back vault.json would give back every attempt again.
    await keepFailures(keyStore, header.vaultId, failed);
    context.keptResetOwed.delete(header.vaultId);
    await writeHeader(context.dataDir, { ...header, failedUnlocks: failed });
    kek = await deriveKek(password, deviceSecret, header.vaultId, header.kdf);
  } finally {
    deviceSecret.fill(0);
  }
  try {
    unwrapKey(kek, header.current, header.vaultId).fill(0);
  } catch (error) {
    kek.fill(0);
    if (!(error instanceof UnwrapFailedError)) throw error;
    context.log.log('warn', 'vault.passwordRejected', { failedAttempts: failed.count });
    if (failed.count >= policy.maxFailedAttempts) throw new WipeRequiredError();
    // The wait the next attempt owes travels with the refusal, not only with that attempt's THROTTLED answer.
    throw new WrongPasswordError(policy.maxFailedAttempts - failed.count, retryAfter(failed.count, failed.lastFailureAt, context.now(), policy));
  }
  const accepted: VaultHeader = { ...header, failedUnlocks: NO_FAILURES };
  try {
    await writeHeader(context.dataDir, accepted);
  } catch (error) {
    kek.fill(0);
    throw error;
  }
  // The right password opens even when the keychain will not take the reset (it read, it cannot write): refused,
  // the user stayed locked out with the attempt counted. Tried twice; still refused, the reset is owed (see
  // keptResetOwed): left to stand, the stale count (this attempt's) made the next typo cost as if after it, and,
  // refused again, the first typo after 9 failures and a success wiped the vault with the lock screen showing 0.
  if ((await resetKept(context, header.vaultId)) || (await resetKept(context, header.vaultId))) {
    context.keptResetOwed.delete(header.vaultId);
  } else {
    context.keptResetOwed.add(header.vaultId);
    context.log.log('warn', 'vault.keptFailuresResetFailed', { vaultId: header.vaultId });
  }
  return { kek, header: accepted };
}

const NO_FAILURES: FailedUnlocks = { count: 0, lastFailureAt: null };

async function resetKept(context: PasswordContext, vaultId: string): Promise<boolean> {
  return keepFailures(context.keyStore, vaultId, NO_FAILURES).then(
    () => true,
    () => false,
  );
}

/** The keychain's count, once an owed reset is paid; none (the header's counts) while the keychain still refuses it. */
async function keptCount(context: PasswordContext, vaultId: string): Promise<FailedUnlocks | null> {
  if (context.keptResetOwed.has(vaultId)) {
    if (!(await resetKept(context, vaultId))) {
      context.log.log('warn', 'vault.keptFailuresResetOwed', { vaultId });
      return null;
    }
    context.keptResetOwed.delete(vaultId);
  }
  return readKeptFailures(context.keyStore, vaultId, context.log);
}

function throwIfWaiting(failures: FailedUnlocks, now: number, policy: UnlockPolicy): void {
  const wait = retryAfter(failures.count, failures.lastFailureAt, now, policy);
  if (wait > 0) throw new ThrottledError(wait);
}

/**
 * Whether `password` is the open vault's, checked against the key it was opened with (no header needed, no
 * attempt counted: the user is in the open vault already). For a destroy whose header went while it was open.
 */
export async function matchesOpenKey(keyStore: KeyStore, vaultId: string, kdf: VaultHeader['kdf'], openKek: Buffer, password: string): Promise<boolean> {
  const deviceSecret = await readDeviceSecret(keyStore, vaultId);
  try {
    const kek = await deriveKek(password, deviceSecret, vaultId, kdf);
    const same = kek.length === openKek.length && timingSafeEqual(kek, openKek);
    kek.fill(0);
    return same;
  } finally {
    deviceSecret.fill(0);
  }
}
