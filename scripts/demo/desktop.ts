// The demo's desktop vault, made ready before the app opens: the same core
// both shells run (real SQLCipher vault, real OS keychain) creates the vault
// with the demo password on the first run and unlocks it on later ones
// (before the organisation is seeded: seed-demo mints a one-time code only
// for a vault not enrolled yet), enrols it with that code (over a connection
// that trusts only the organisation CA), and syncs to completion. Then it locks
// again; the app starts locked and syncs (poke, timer, local changes) from
// the moment the user signs in with the demo password.
//
// A later run tries the demo password only while it is still the vault's:
// every wrong try counts towards the ten that erase the vault (from the third
// one each also makes the next wait), so a password changed in the app, or a
// vault the demo did not make, is left alone and the app starts locked for
// its own password. What the demo password opened is marked by the password
// wrap's salt, which every password change renews (vault.ts).
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { createCore, type Core } from '../../src-main/app/core';
import { acquireInstanceLock } from '../../src-main/app/instance-lock';
import { KeytarKeyStore } from '../../src-main/keychain/keytar.key-store';
import { createLogger, type Logger } from '../../src-main/log/logger';
import { readHeader } from '../../src-main/vault/vault-header';
import { AppError, WrongPasswordError } from '../../src-shared/ipc/errors';
import type { Reason } from '../../src-shared/ipc/reasons';
import { EnrolmentBundle, syncedEntities, type SyncedEntity } from '../../src-shared/sync/protocol';
import { DemoError } from './server-process';
import type { DemoSettings } from './settings';

export type DesktopReport =
  | {
      readonly state: 'synced';
      readonly created: boolean;
      readonly enrolledNow: boolean;
      /** Live records of each entity in the vault after the sync. */
      readonly counts: Record<SyncedEntity, number>;
      readonly seconds: number;
    }
  /** The demo password was not tried, or did not open the vault: the app starts locked, for the user's own password. */
  | { readonly state: 'locked'; readonly message: string };

/** Warnings and errors only: the demo's console shows what it is doing in its own words. */
function quietLogger(): Logger {
  const inner = createLogger();
  return { log: (level, event, fields) => (level === 'warn' || level === 'error' ? inner.log(level, event, fields) : undefined) };
}

const CountRow = z.object({ count: z.number().int().nonnegative() });
const PasswordMark = z.object({ vaultId: z.string(), salt: z.string() });
type PasswordMark = z.infer<typeof PasswordMark>;

const startsLocked = 'the app starts locked: sign in with your password there (it syncs once you are signed in).';

/** The mark; null when there is none (a folder from before it) or it cannot be read. */
function readMark(settings: DemoSettings): PasswordMark | null {
  if (!existsSync(settings.desktopPasswordMark)) return null;
  try {
    const parsed = PasswordMark.safeParse(JSON.parse(readFileSync(settings.desktopPasswordMark, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

async function writeMark(settings: DemoSettings): Promise<void> {
  const header = await readHeader(settings.desktopDir);
  if (header === null) return;
  const mark: PasswordMark = { vaultId: header.vaultId, salt: header.kdf.salt };
  await writeFile(settings.desktopPasswordMark, `${JSON.stringify(mark)}\n`, { mode: 0o600 });
}

/** What a failed create or unlock means for the demo, in words that say what to do (deleting the vault is not the answer to most). */
function openFailure(error: unknown, settings: DemoSettings, created: boolean): DemoError {
  const code = error instanceof AppError ? error.code : 'unknown error';
  const where = settings.desktopDir;
  switch (code) {
    case 'KEYCHAIN_UNAVAILABLE':
      return new DemoError(
        `No OS keychain answered (${code}), so the desktop vault could not be ${created ? 'created' : 'opened'}. Unlock the keychain (or start the demo from a desktop session) and run it again; the vault in ${where} is kept.`,
      );
    case 'DEVICE_SECRET_MISSING':
      return new DemoError(
        `The desktop vault's device key is not in the OS keychain under the service "${settings.keychainService}" (${code}). If FIELDVAULT_KEYCHAIN_SERVICE or the keyring changed since the vault was made, set it back; otherwise the vault can never be opened again: delete ${where} to start the desktop over.`,
      );
    case 'VAULT_WIPED':
      return new DemoError(`The desktop vault was erased after too many failed sign-ins (${code}). Run the demo again to make a new one.`);
    default:
      return new DemoError(`The demo vault in ${where} could not be ${created ? 'created' : 'opened'} (${code}). Delete that folder to start the desktop over.`);
  }
}

/** Creates or unlocks the vault with the demo password; a message instead when the app must start locked. */
async function openWithDemoPassword(core: Core, settings: DemoSettings): Promise<{ created: boolean } | { locked: string }> {
  const header = await readHeader(settings.desktopDir).catch((error: unknown) => {
    throw openFailure(error, settings, false);
  });
  if (header === null) {
    await core.vault.create(settings.password).catch((error: unknown) => {
      throw openFailure(error, settings, true);
    });
    await writeMark(settings);
    return { created: true };
  }
  const mark = readMark(settings);
  if (mark !== null && (mark.vaultId !== header.vaultId || mark.salt !== header.kdf.salt)) {
    return { locked: `The desktop vault's password is no longer the demo password (changed in the app), so the demo does not try it: ${startsLocked}` };
  }
  // Not over failures already counted either: a folder from before the mark, or a FIELDVAULT_DEMO_PASSWORD changed
  // since, fails once and is then left alone (until a sign-in in the app clears the count).
  if (header.failedUnlocks.count > 0) {
    return { locked: `The desktop vault has failed sign-ins on record, so the demo does not add one by trying its password: ${startsLocked}` };
  }
  try {
    await core.vault.unlock(settings.password);
  } catch (error) {
    if (error instanceof WrongPasswordError) {
      return { locked: `The demo password did not open the desktop vault (WRONG_PASSWORD, ${error.attemptsLeft} tries left before it is erased): ${startsLocked}` };
    }
    if (error instanceof AppError && error.code === 'THROTTLED') {
      return { locked: `The desktop vault is waiting out failed sign-ins (THROTTLED): ${startsLocked}` };
    }
    throw openFailure(error, settings, false);
  }
  await writeMark(settings);
  return { created: false };
}

/**
 * The words for a desktop enrolled with a demo organisation that is gone: the user deleted the server folder to seed
 * again, and init made a new CA and a new device list. The pinned CA then refuses the new server's certificate (on
 * loopback no Wi-Fi sign-in page can be the cause, which is what the app's own message suggests), or the server knows
 * no such device (a server folder put back from before the enrolment); null for any other failure.
 */
function earlierOrganisation(reason: Reason | null | undefined, settings: DemoSettings): DemoError | null {
  const stranger =
    (reason?.code === 'sync_network' && reason.failure === 'untrusted_certificate') || (reason?.code === 'sync_server' && reason.problem === 'unauthenticated');
  if (!stranger) return null;
  return new DemoError(`desktop/ is enrolled with an earlier demo organisation; delete ${settings.desktopDir} to enrol again.`);
}

async function enrolAndSync(core: Core, settings: DemoSettings, serverUrl: string): Promise<{ enrolledNow: boolean }> {
  const before = await core.sync.status();
  let status = before;
  try {
    if (!before.enrolled) {
      const bundle = EnrolmentBundle.parse(JSON.parse(readFileSync(settings.bundlePath, 'utf8')));
      await core.sync.enrol({
        serverUrl,
        caCertificatePem: bundle.caCertificatePem,
        enrolmentCode: bundle.enrolmentCode,
        organisationName: bundle.organisationName,
      });
      // enrol answers once the first sync has started: wait for it to end, then read how it went.
      await core.sync.idle();
      status = await core.sync.status();
    } else {
      status = await core.sync.syncNow();
    }
  } catch (error) {
    throw (
      (before.enrolled && error instanceof AppError ? earlierOrganisation(error.reason, settings) : null) ??
      new DemoError(`The desktop vault could not ${before.enrolled ? 'sync' : 'enrol'}: ${error instanceof AppError ? error.message : String(error)}`)
    );
  }
  const stranger = before.enrolled ? earlierOrganisation(status.lastErrorReason, settings) : null;
  if (stranger !== null) throw stranger;
  if (status.state !== 'online' || status.lastError !== null) {
    throw new DemoError(`The desktop vault could not sync with ${serverUrl}: ${status.lastError ?? status.state}`);
  }
  return { enrolledNow: !before.enrolled };
}

/**
 * The desktop vault, opened (created, or unlocked with the demo password) before the organisation is seeded: the
 * demo mints a one-time enrolment code only when `needsEnrolment` says so, not on every run. It holds the data
 * folder's lock, as both shells take it (an app still running on this vault, another demo's, must not have this
 * process open it beside it), until close(), which the demo calls before it starts the app.
 */
export interface DesktopSession {
  /** The vault opened with the demo password and is not enrolled yet (one that starts locked enrols nothing). */
  readonly needsEnrolment: boolean;
  /** Enrols with the bundle seed-demo wrote (only when needsEnrolment) or syncs, then counts what the vault holds. */
  finish(serverUrl: string): Promise<DesktopReport>;
  /** Locks the vault and releases the folder (again: nothing). */
  close(): Promise<void>;
}

export async function openDesktop(settings: DemoSettings): Promise<DesktopSession> {
  const started = performance.now();
  await mkdir(settings.desktopDir, { recursive: true, mode: 0o700 });
  const lock = acquireInstanceLock(settings.desktopDir);
  let core: Core | null = null;
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    try {
      await core?.close();
    } finally {
      lock.release();
    }
  };
  try {
    const opened = createCore({
      dataDir: settings.desktopDir,
      keyStore: new KeytarKeyStore(settings.keychainService),
      log: quietLogger(),
      isTrustedSender: () => false, // no renderer talks to this core
      idleLockMs: 0,
      sync: { poke: false, intervalMs: 0 },
    });
    core = opened;
    const vault = await openWithDemoPassword(opened, settings);
    const needsEnrolment = !('locked' in vault) && !(await opened.sync.status()).enrolled;
    const openMs = performance.now() - started;
    return {
      needsEnrolment,
      close,
      async finish(serverUrl) {
        if ('locked' in vault) return { state: 'locked', message: vault.locked };
        const finishing = performance.now();
        const { enrolledNow } = await enrolAndSync(opened, settings, serverUrl);
        const counts = await opened.vault.connection().read(async (tx) => {
          const result: Partial<Record<SyncedEntity, number>> = {};
          // Every synced entity has a table of the same name (protocol.ts); the names come from that fixed list.
          for (const entity of syncedEntities) result[entity] = CountRow.parse(await tx.get(`SELECT count(*) AS count FROM ${entity} WHERE deleted_at IS NULL`)).count;
          return { accounts: 0, contacts: 0, deals: 0, activities: 0, tasks: 0, ...result };
        });
        // The time the desktop took (opening, enrolling, syncing), not the seeding between.
        return { state: 'synced', created: vault.created, enrolledNow, counts, seconds: (openMs + performance.now() - finishing) / 1000 };
      },
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Opens, enrols or syncs, and closes the desktop vault in one go (an organisation with a bundle for it is ready). */
export async function prepareDesktop(settings: DemoSettings, serverUrl: string): Promise<DesktopReport> {
  const desktop = await openDesktop(settings);
  try {
    return await desktop.finish(serverUrl);
  } finally {
    await desktop.close();
  }
}
