// The vault manager: the one object the rest of the main process uses to
// create, unlock, lock, re-password, rotate and destroy the local encrypted
// vault, and to reach its connection while unlocked. It owns the key
// hierarchy in memory (DEK and KEK exist only while unlocked and are zeroed on
// lock), the failed-unlock policy, and crypto-shredding. State-changing calls
// run one at a time through a queue, so no two of them interleave; a lock asked
// for while any are queued or running takes effect at once (see lock).
import type { z } from 'zod';
import type { VaultStatus } from '../../src-shared/ipc/contract';
import { BadInputError, LockedError, NoVaultError, VaultCorruptError, VaultExistsError, VaultOpenableError, VaultWipedError, WrongPasswordError } from '../../src-shared/ipc/errors';
import type { LockReason as LockReasonSchema } from '../../src-shared/ipc/events';
import { SerialQueue } from '../../src-shared/serial-queue';
import type { KeyStore } from '../keychain/key-store';
import type { Logger } from '../log/logger';
import type { Connection } from './connection';
import { cryptoShred, finishPendingShreds, hasPendingShreds } from './crypto-shred';
import { vaultToErase } from './damaged-header';
import { namingFolderProblems } from './data-folder-access';
import type { VaultKey } from './database-key';
import { deriveKek, newKdfParams, wrapKey } from './key-crypto';
import { RotationRunningError, rotateDataKey } from './key-rotation';
import { migrate, type MigrationStep } from './migrate';
import { migrations as allMigrations } from './migrations/index';
import type { Migration } from './migrations/migration';
import { makeNewVault } from './new-vault';
import { databaseOpens, openVaultDatabase } from './open-vault-database';
import { WipeRequiredError, attemptPassword, deviceSecretState, matchesOpenKey, readDeviceSecret, type PasswordContext } from './password-attempt';
import { defaultUnlockPolicy, type UnlockPolicy } from './unlock-policy';
import { databaseExists, databasePath } from './vault-files';
import { readStatus } from './vault-status';
import { readHeader, removeStaleHeaderTemps, settledHeader, writeHeader, type VaultHeader } from './vault-header';
import { clearWipeNotice, noteWipe } from './wipe-notice';

export type LockReason = z.infer<typeof LockReasonSchema>;
export type { VaultStatus };

/** A lock asked for while calls were queued or running; `said`: its vault.didLock went out. */
type PendingLock = { readonly reason: LockReason; said: boolean };

export interface VaultOptions {
  dataDir: string;
  keyStore: KeyStore;
  unlockPolicy?: UnlockPolicy;
  log: Logger;
  now?: () => number;
  /** Hears of each pending migration an unlock runs, before it runs (an app update's, once), and of the rows a long one has done. */
  onMigrating?: (step: MigrationStep) => void;
  /** The schema this vault manager knows (default: every migration); a test makes an older vault with fewer. */
  migrations?: readonly Migration[];
}

/** Key material held only while unlocked. */
interface OpenVault {
  readonly vaultId: string;
  readonly connection: Connection;
  /** The one copy of the DEK: the connection reads it to open its second reader, and a rekey replaces it. */
  readonly dek: VaultKey;
  kek: Buffer;
  /** The KDF parameters `kek` was derived with (a destroy checks the password by them when the header is gone). */
  kdf: VaultHeader['kdf'];
}

export class Vault {
  readonly #dataDir: string;
  readonly #keyStore: KeyStore;
  readonly #policy: UnlockPolicy;
  readonly #log: Logger;
  readonly #now: () => number;
  readonly #onMigrating: ((step: MigrationStep) => void) | undefined;
  readonly #migrations: readonly Migration[];
  readonly #listeners = new Set<(reason: LockReason) => void>();
  #open: OpenVault | null = null;
  /** From a rotateKey call until it settles: the card that started it may be gone (Settings left), the status says it. */
  #rotating = false;
  /** Calls queued or running: a lock asked for while any are does not wait for them. */
  #busy = 0;
  /** A lock asked for while calls were queued or running: said at once, nothing new served, the vault closed as the running call ends. */
  #pendingLock: PendingLock | null = null;
  readonly #queue = new SerialQueue();
  /** Kept-count resets a success could not make (password-attempt.ts): paid by the next attempt. */
  readonly #keptResetOwed = new Set<string>();

  constructor(options: VaultOptions) {
    const policy = options.unlockPolicy ?? defaultUnlockPolicy;
    const delaysValid = [policy.baseDelayMs, policy.maxDelayMs].every((ms) => Number.isFinite(ms) && ms >= 0);
    if (!Number.isInteger(policy.maxFailedAttempts) || policy.maxFailedAttempts < 1 || !delaysValid) {
      throw new Error('The unlock policy needs a positive attempt limit and non-negative delays');
    }
    this.#dataDir = options.dataDir;
    this.#keyStore = options.keyStore;
    this.#policy = { ...policy };
    this.#log = options.log;
    this.#now = options.now ?? Date.now;
    this.#onMigrating = options.onMigrating;
    this.#migrations = options.migrations ?? allMigrations;
  }

  /** A data folder that cannot be read or written is said as such (data-folder-access.ts), here and in every queued call. */
  status(): Promise<VaultStatus> {
    return namingFolderProblems(this.#dataDir, () => this.#status());
  }

  async #status(): Promise<VaultStatus> {
    if (await hasPendingShreds(this.#dataDir)) {
      await this.#serial(() => finishPendingShreds(this.#keyStore, this.#dataDir, this.#log)).catch(() => undefined);
    }
    return readStatus({
      dataDir: this.#dataDir,
      policy: this.#policy,
      now: this.#now,
      log: this.#log,
      openVaultId: () => (this.#pendingLock !== null ? null : (this.#open?.vaultId ?? null)),
      rotating: () => this.#rotating,
    });
  }

  /** False once a lock was asked for, though with a call running the vault closes only as that call ends. */
  isUnlocked(): boolean {
    return this.#open !== null && this.#pendingLock === null;
  }

  /** The open connection. Throws LockedError when locked, or a lock waits for the running call to end. */
  connection(): Connection {
    return this.#requireOpen().connection;
  }

  onLock(listener: (reason: LockReason) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /** Creates a new vault (new-vault.ts) and leaves it unlocked. */
  create(password: string): Promise<void> {
    return this.#serial(async () => {
      if (password.length === 0) throw new BadInputError('A password is required');
      // An open vault is never replaced, whatever its header's state: creating deleted the database under its connection.
      if (this.#open !== null || (await readHeader(this.#dataDir)) !== null) throw new VaultExistsError();
      const created = await makeNewVault({ dataDir: this.#dataDir, keyStore: this.#keyStore, log: this.#log, migrate: (connection) => this.#migrate(connection) }, password);
      this.#open = created;
      await clearWipeNotice(this.#dataDir).catch(() => undefined);
      this.#log.log('info', 'vault.created', { vaultId: created.vaultId });
    });
  }

  /** Opens the vault; runs pending migrations and settles a rotation a crash interrupted. */
  unlock(password: string): Promise<void> {
    return this.#serial(async () => {
      if (this.#open !== null) {
        // Open already (another page's unlock finished while this one showed the lock screen): the password
        // is still checked, and counted like any attempt; only the right one is let through.
        (await this.#attempt(await this.#requireHeader(), password)).kek.fill(0);
        return;
      }
      const { kek, header } = await this.#attempt(await this.#requireHeader(), password);
      let opened: Awaited<ReturnType<typeof openVaultDatabase>>;
      try {
        if (!(await databaseExists(this.#dataDir))) throw new VaultCorruptError('its database file is missing');
        opened = await openVaultDatabase(databasePath(this.#dataDir), header, kek);
      } catch (error) {
        kek.fill(0);
        throw error;
      }
      const { connection, key: dek, promoted } = opened;
      try {
        if (header.pending !== undefined) {
          // Promote the wrap that fitted, or drop the one whose rekey never committed.
          await writeHeader(this.#dataDir, settledHeader(header, promoted ?? header.current));
          this.#log.log('info', 'vault.rotationSettled', { promoted: promoted !== null });
        }
        await removeStaleHeaderTemps(this.#dataDir);
        const migrated = await this.#migrate(connection, this.#onMigrating);
        if (migrated.to !== migrated.from) this.#log.log('info', 'vault.migrated', migrated);
      } catch (error) {
        await connection.close().catch(() => undefined);
        dek.zero();
        kek.fill(0);
        throw error;
      }
      this.#open = { vaultId: header.vaultId, connection, dek, kek, kdf: header.kdf };
      this.#log.log('info', 'vault.unlocked', { vaultId: header.vaultId });
    });
  }

  /**
   * Closes the connection and zeroes the keys; a no-op when already locked. A connection that fails to close
   * still locks (its keys are zeroed, and nothing reaches it again): the lock is said, so the window and the
   * sync engine stop, where before a failed close said nothing and, from the idle timer, was an unhandled rejection.
   */
  lock(reason: LockReason = 'user'): Promise<void> {
    let mine: PendingLock | null = null;
    if (this.#busy > 0 && this.#pendingLock === null) {
      // The lid closed while a call waits (a rekey, a keyring that does not answer): queued, the lock let the machine
      // sleep unlocked. Said now; closed as the running call ends (#serial), so no header write or rekey is cut in half.
      mine = { reason, said: this.#open !== null };
      this.#pendingLock = mine;
      this.#log.log('info', 'vault.lockAfterRunningCall', { reason });
      if (mine.said) this.#emitLock(reason);
    }
    return this.#serial(async () => {
      const pending = this.#pendingLock;
      if (pending === mine) this.#pendingLock = null;
      if ((await this.#closeSaying()) && pending?.said !== true) this.#emitLock(reason);
    });
  }

  /** Re-wraps the same DEK under a KEK from the new password and a fresh salt. A wrong current password counts as a failed attempt. */
  changePassword(current: string, next: string): Promise<void> {
    return this.#serial(async () => {
      const open = this.#requireOpen();
      if (next.length === 0) throw new BadInputError('A new password is required');
      const { kek: oldKek, header } = await this.#attempt(await this.#requireHeader(), current);
      oldKek.fill(0);
      const deviceSecret = await readDeviceSecret(this.#keyStore, header.vaultId);
      const kdf = newKdfParams();
      let kek: Buffer;
      try {
        kek = await deriveKek(next, deviceSecret, header.vaultId, kdf);
      } finally {
        deviceSecret.fill(0);
      }
      try {
        // A lock landed while this waited (the keychain, the key derivation): refused before the header is written,
        // so the old password stays. Once written, the change stands, and the lock closes the vault after it.
        if (this.#pendingLock !== null) throw new LockedError();
        const rewrapped = wrapKey(kek, open.dek.current(), header.vaultId, header.current.generation);
        try {
          await writeHeader(this.#dataDir, { ...header, kdf, current: rewrapped });
        } catch (error) {
          // The write can fail after the new header is in place (syncing its folder): then the new password is the
          // one the vault opens with, and this vault must hold the key that matches it, or the next rotation would
          // wrap the DEK with a key no password derives.
          const onDisk = await readHeader(this.#dataDir).catch(() => null);
          if (onDisk === null || onDisk.current.ciphertext !== rewrapped.ciphertext) throw error;
          this.#log.log('warn', 'vault.headerSyncFailed', { vaultId: header.vaultId });
        }
      } catch (error) {
        kek.fill(0);
        throw error;
      }
      open.kek.fill(0);
      open.kek = kek;
      open.kdf = kdf;
      this.#log.log('info', 'vault.passwordChanged', { vaultId: header.vaultId });
    });
  }

  /** Replaces the DEK (see key-rotation.ts for the crash-safe order); refused while another rotation runs or waits. */
  rotateKey(): Promise<void> {
    if (this.#rotating) return Promise.reject(new RotationRunningError());
    this.#rotating = true;
    // A lock asked for meanwhile was said then; it closes the vault as the rotation settles, before any call queued behind (#serial).
    const rotated = this.#serial(() => this.#rotate());
    return rotated.finally(() => {
      this.#rotating = false;
    });
  }

  async #rotate(): Promise<void> {
    const open = this.#requireOpen();
    const header = await this.#requireHeader();
    try {
      // The connection's rekey hands the new DEK to open.dek (zeroing the old one) before any other read runs.
      await rotateDataKey({ dataDir: this.#dataDir, header, connection: open.connection, kek: open.kek, log: this.#log });
    } catch (error) {
      // The database may be under either key now: locking hands the question to the next unlock, which settles it from
      // the header (current, then pending). The lock says why: the lock screen is where the user hears of it.
      if (await this.#closeSaying()) this.#emitLock('rotation-failed');
      throw error;
    }
    this.#log.log('info', 'vault.keyRotated', { vaultId: open.vaultId, generation: header.current.generation + 1 });
  }

  /** Verifies the password, then crypto-shreds (keychain entry, then files); an open vault whose header went, by its open key and id. */
  destroy(password: string): Promise<void> {
    return this.#serial(async () => {
      const open = this.#open;
      const onDisk = open === null ? null : await readHeader(this.#dataDir).catch(() => null);
      if (open !== null && onDisk?.vaultId !== open.vaultId) {
        if (!(await matchesOpenKey(this.#keyStore, open.vaultId, open.kdf, open.kek, password))) throw new WrongPasswordError(this.#policy.maxFailedAttempts);
        await this.#shred(open.vaultId, 'destroyed');
        return;
      }
      const header = await this.#requireHeader();
      const { kek } = await this.#attempt(header, password);
      kek.fill(0);
      await this.#shred(header.vaultId, 'destroyed');
    });
  }

  /**
   * Crypto-shreds without the password, for a wipe the organisation ordered (device_revoked): keychain entry
   * first, then the files, as after too many failed unlocks; the lock event says `revoked`. A no-op without a
   * vault. An open vault is shredded by its own id, whatever its header says now: a header damaged or renamed
   * away while it was open left it open, its key and files kept (`vault.remote-wipe.test.ts`).
   */
  remoteWipe(): Promise<void> {
    return this.#serial(async () => {
      const openId = this.#open?.vaultId ?? null;
      const header = openId === null ? await readHeader(this.#dataDir) : null;
      const vaultId = openId ?? header?.vaultId ?? null;
      if (vaultId === null) return;
      this.#log.log('warn', 'vault.remoteWipe', { vaultId });
      await this.#shred(vaultId, 'revoked');
    });
  }

  /**
   * Erases a vault that can never be opened again: its device key gone from the OS keychain (reset, an OS
   * reinstall, the folder copied to another machine) or no key in its entry (not base64, the wrong length), or its
   * header damaged (damaged-header.ts), so the user is otherwise stuck on a lock screen. With its key there, only a
   * damaged vault is erased, and only with its password (as Destroy vault would ask): its database gone
   * (quarantined, a restore that left it out) or not one its key opens. A vault that opens is refused either way,
   * and so is one a newer FieldVault wrote. A keychain that does not answer is KEYCHAIN_UNAVAILABLE, never a reason to erase.
   */
  eraseUnopenable(password?: string): Promise<void> {
    return this.#serial(async () => {
      if (this.#open !== null) throw new VaultOpenableError();
      // A damaged header (damaged-header.ts): no password can be checked, and none opens the vault.
      const target = await vaultToErase(this.#dataDir);
      if (target.headerDamaged) return this.#shred(target.vaultId, 'destroyed', 'vault.erasedUnopenable');
      const header = await this.#requireHeader();
      // A damaged entry (not base64, the wrong length) is as good as none: no password opens the vault, or can be checked.
      const deviceKey = await deviceSecretState(this.#keyStore, header.vaultId);
      if (deviceKey === 'present') {
        if (password === undefined) throw new VaultOpenableError();
        const { kek } = await this.#attempt(header, password);
        try {
          if (await databaseOpens(this.#dataDir, header, kek)) throw new VaultOpenableError();
        } finally {
          kek.fill(0);
        }
      }
      this.#log.log('warn', 'vault.erasedUnopenable', { vaultId: header.vaultId, deviceKey });
      await this.#shred(header.vaultId, 'destroyed');
    });
  }

  /** "Forgot password?": erases a locked vault as the 10th wrong password would, minus the waits, its header damaged too; refused while open. */
  eraseForgotten(): Promise<void> {
    return this.#serial(async () => {
      if (this.#open !== null) throw new VaultOpenableError();
      // A damaged header's vault by the id left in it, or only its files when none is (damaged-header.ts).
      const { vaultId } = await vaultToErase(this.#dataDir);
      await this.#shred(vaultId, 'destroyed', 'vault.erasedForgotten');
    });
  }

  /** Brings the schema to the last migration this manager knows. */
  #migrate(connection: Connection, onStep?: (step: MigrationStep) => void): ReturnType<typeof migrate> {
    return migrate(connection, this.#migrations.at(-1)?.version ?? 0, this.#migrations, onStep);
  }

  #serial<T>(job: () => Promise<T>): Promise<T> {
    this.#busy += 1;
    return this.#queue.run(async () => {
      try {
        return await namingFolderProblems(this.#dataDir, job);
      } finally {
        this.#busy -= 1;
        await this.#closeForPendingLock();
      }
    });
  }

  /** After each call, before the next starts: a lock that landed meanwhile closes the vault (said now if the call opened it). */
  async #closeForPendingLock(): Promise<void> {
    const pending = this.#pendingLock;
    if (pending === null || !(await this.#closeSaying()) || pending.said) return;
    pending.said = true;
    this.#emitLock(pending.reason);
  }

  #requireOpen(): OpenVault {
    if (this.#open === null || this.#pendingLock !== null) throw new LockedError();
    return this.#open;
  }

  async #requireHeader(): Promise<VaultHeader> {
    const header = await readHeader(this.#dataDir);
    if (header === null) throw new NoVaultError();
    return header;
  }

  /** A password attempt; when the policy says wipe, the vault is shredded here and VaultWipedError thrown. */
  async #attempt(header: VaultHeader, password: string): ReturnType<typeof attemptPassword> {
    const context: PasswordContext = {
      dataDir: this.#dataDir,
      keyStore: this.#keyStore,
      policy: this.#policy,
      now: this.#now,
      log: this.#log,
      keptResetOwed: this.#keptResetOwed,
    };
    try {
      return await attemptPassword(context, header, password);
    } catch (error) {
      if (!(error instanceof WipeRequiredError)) throw error;
      this.#log.log('warn', 'vault.wipeAfterFailedUnlocks', { vaultId: header.vaultId, maxFailedAttempts: this.#policy.maxFailedAttempts });
      // Wiped either way: a keychain failure here must not leave the user a usable-looking vault.
      await this.#shred(header.vaultId, 'wiped').catch(() => undefined);
      throw new VaultWipedError();
    }
  }

  /** `wiped`: after failed unlocks; `revoked`: the organisation removed the device; `destroyed`: the user's own choice (`why` logged first). */
  async #shred(vaultId: string | null, reason: 'wiped' | 'revoked' | 'destroyed', why?: string): Promise<void> {
    if (why !== undefined) this.#log.log('warn', why, { vaultId });
    try {
      // A connection that fails to close (its keys are zeroed either way) must not keep the vault from being shredded.
      await this.#close().catch(() => this.#log.log('error', 'vault.closeFailed', { vaultId }));
      // Why, for the create screen after a restart (wipe-notice.ts): after the key is gone, before the files go.
      await cryptoShred(this.#keyStore, this.#dataDir, vaultId, this.#log, () => noteWipe(this.#dataDir, reason, this.#now(), this.#log));
    } finally {
      this.#log.log('warn', reason === 'destroyed' ? 'vault.destroyed' : 'vault.wiped', { vaultId });
      this.#emitLock(reason);
    }
  }

  /** #close, a failure to close logged rather than thrown: answers whether the vault was open (it is locked now either way). */
  async #closeSaying(): Promise<boolean> {
    const vaultId = this.#open?.vaultId;
    try {
      return await this.#close();
    } catch {
      this.#log.log('error', 'vault.closeFailed', { vaultId: vaultId ?? null });
      return vaultId !== undefined;
    }
  }

  /** Closes the connection and zeroes the keys. Returns whether it was open. */
  async #close(): Promise<boolean> {
    const open = this.#open;
    if (open === null) return false;
    this.#open = null;
    try {
      await open.connection.close();
    } finally {
      open.dek.zero();
      open.kek.fill(0);
    }
    this.#log.log('info', 'vault.locked', { vaultId: open.vaultId });
    return true;
  }

  #emitLock(reason: LockReason): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(reason);
      } catch {
        this.#log.log('error', 'vault.lockListenerFailed', { reason });
      }
    }
  }
}
