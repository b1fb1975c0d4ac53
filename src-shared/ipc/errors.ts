// The closed set of error codes that may cross a process boundary, and the
// AppError family thrown inside the main process. Messages are written for a
// person and never carry customer values, SQL text or stack traces.
import { z } from 'zod';
import { ErrorCode } from './error-codes';
import { Reason } from './reasons';

export { ErrorCode, errorCodes } from './error-codes';

export const WireError = z.object({
  code: ErrorCode,
  message: z.string(),
  /** Milliseconds until a THROTTLED call may be retried. */
  retryAfterMs: z.number().int().nonnegative().optional(),
  /** After WRONG_PASSWORD: failed unlocks left before the vault is wiped. */
  attemptsLeft: z.number().int().nonnegative().optional(),
  /** What the message says, as a code the renderer words in the user's language (see reasons.ts). */
  reason: Reason.optional(),
});
export type WireError = z.infer<typeof WireError>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: WireError };

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly retryAfterMs?: number,
    /** The message as a reason, where the renderer should word it rather than show the English. */
    readonly reason?: Reason,
  ) {
    super(message);
    this.name = new.target.name;
  }

  toWire(): WireError {
    return {
      code: this.code,
      message: this.message,
      ...(this.retryAfterMs === undefined ? {} : { retryAfterMs: this.retryAfterMs }),
      ...(this.reason === undefined ? {} : { reason: this.reason }),
    };
  }
}

export class BadInputError extends AppError {
  constructor(message: string, reason?: Reason) {
    super('BAD_INPUT', message, undefined, reason);
  }
}

export class LockedError extends AppError {
  constructor() {
    super('LOCKED', 'The vault is locked. Unlock it to continue.');
  }
}

export class NoVaultError extends AppError {
  constructor() {
    super('NO_VAULT', 'There is no vault on this device yet.');
  }
}

export class VaultExistsError extends AppError {
  constructor() {
    super('VAULT_EXISTS', 'A vault already exists on this device.');
  }
}

export class WrongPasswordError extends AppError {
  /** `retryAfterMs`: how long the next attempt must wait (0: it need not), so the lock screen counts down at once. */
  constructor(
    readonly attemptsLeft: number,
    retryAfterMs = 0,
  ) {
    super('WRONG_PASSWORD', `Wrong password. ${attemptsLeft === 1 ? '1 attempt' : `${attemptsLeft} attempts`} left before this vault is wiped.`, retryAfterMs > 0 ? retryAfterMs : undefined);
  }

  /** The count travels as a number too, so a translated lock screen need not ask again. */
  override toWire(): WireError {
    return { ...super.toWire(), attemptsLeft: this.attemptsLeft };
  }
}

export class ThrottledError extends AppError {
  constructor(retryAfterMs: number) {
    super('THROTTLED', `Too many failed attempts. Try again in ${Math.ceil(retryAfterMs / 1000)} s.`, retryAfterMs);
  }
}

export class VaultWipedError extends AppError {
  constructor() {
    super(
      'VAULT_WIPED',
      'Too many failed attempts: the vault on this device was wiped. Set up a new vault; the records that were synced come back when you connect it to your organisation’s sync server with a new enrolment code from your administrator. Changes that were never synced are lost.',
    );
  }
}

export class DeviceSecretMissingError extends AppError {
  constructor() {
    super(
      'DEVICE_SECRET_MISSING',
      "This vault's device key is missing from the OS keychain, so the vault cannot be opened on this device.",
    );
  }
}

export class KeychainUnavailableError extends AppError {
  constructor(detail = 'No secure OS keychain is available') {
    // What to do, in words that fit an unlock as well as a create ("will not store keys without one" did not).
    super('KEYCHAIN_UNAVAILABLE', `${detail}. Unlock the OS keychain and try again: FieldVault keeps its keys only there.`);
  }
}

/**
 * No OS keychain answers at all (no Secret Service on the D-Bus, no D-Bus session, the keychain module did not
 * load): there is nothing to unlock, so the words ask for one to be installed. The same code as a locked keychain.
 */
export class KeychainMissingError extends AppError {
  constructor() {
    super(
      'KEYCHAIN_UNAVAILABLE',
      'FieldVault needs the OS keychain to protect the vault key, and none answers on this computer. Ask your IT team to install or enable one (on Linux, GNOME Keyring or KWallet).',
      undefined,
      { code: 'keychain_missing' },
    );
  }
}

export class VaultCorruptError extends AppError {
  constructor(detail: string) {
    super('VAULT_CORRUPT', `The vault on this device is damaged: ${detail}.`);
  }
}

/**
 * The vault was written by a newer FieldVault (a later schema or header format): refused as VAULT_CORRUPT,
 * which stops every use of it, but saying it is not damaged and what to install.
 */
export class VaultTooNewError extends AppError {
  constructor() {
    super(
      'VAULT_CORRUPT',
      'This vault was written by a newer version of FieldVault. Install that version or a later one to open it; the vault is not damaged.',
      undefined,
      { code: 'vault_too_new' },
    );
  }
}

/** The user stopped the work (an export) before it ended; nothing was made of it. */
export class CancelledError extends AppError {
  constructor(what: string) {
    super('CANCELLED', `${what} was stopped.`);
  }
}

export class NotFoundError extends AppError {
  constructor(what: string, reason?: Reason) {
    super('NOT_FOUND', `${what} was not found.`, undefined, reason);
  }
}

export class NotPermittedError extends AppError {
  constructor(permission: string) {
    super('NOT_PERMITTED', `You do not have the permission ${permission}.`);
  }
}

/** vault.eraseUnopenable on a vault whose device key is still in the keychain. */
export class VaultOpenableError extends AppError {
  constructor() {
    super('NOT_PERMITTED', 'This vault can still be opened with its password, so it was not erased. Only its password can destroy it.');
  }
}
