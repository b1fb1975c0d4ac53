// KeyStore over the OS keychain through keytar (macOS Keychain, Windows
// Credential Vault, libsecret's Secret Service on Linux). keytar is archived
// upstream, so every line that knows about it lives in this file; replacing it
// means rewriting only this module.
//
// Fail closed: a missing native module, no D-Bus session, no Secret Service, a
// locked keyring that never answers — every one of them becomes
// KEYCHAIN_UNAVAILABLE. There is deliberately no plaintext fallback. Where
// there is no keychain at all (the module did not load; on Linux, nothing
// answers for the Secret Service) it is KeychainMissingError, whose words ask
// for one to be installed: "unlock it" sent the user looking for nothing.
import { execFile } from 'node:child_process';
import { AppError, KeychainMissingError, KeychainUnavailableError } from '../../src-shared/ipc/errors';
import { KeychainEntryDamagedError, type KeyStore } from './key-store';

interface KeytarApi {
  getPassword(service: string, account: string): Promise<unknown>;
  setPassword(service: string, account: string, password: string): Promise<unknown>;
  deletePassword(service: string, account: string): Promise<unknown>;
}

export interface KeytarKeyStoreOptions {
  /**
   * How long one keychain call may take. libsecret can wait for a keyring
   * prompt nobody answers; we would rather report the keychain unavailable.
   */
  readonly timeoutMs?: number;
}

const MISSING_RECHECK_MS = 150;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Names dbus-send can pass inside a dict argument as they are (no commas or colons). */
const PLAIN_NAME = /^[A-Za-z0-9._@-]{1,200}$/;

/**
 * Whether the Secret Service (Linux) holds an item for this entry, locked or
 * not, by the attributes keytar stores it under (service, account): its
 * SearchItems answers two lists of item paths, unlocked and locked, and reads
 * no secret, so it needs no unlock. Asked through dbus-send (D-Bus's own tool,
 * there wherever a Secret Service is); null when that cannot answer.
 */
function secretServiceHasItem(service: string, account: string): Promise<boolean | null> {
  if (!PLAIN_NAME.test(service) || !PLAIN_NAME.test(account)) return Promise.resolve(null);
  const args = [
    '--session',
    '--print-reply',
    '--reply-timeout=5000',
    '--dest=org.freedesktop.secrets',
    '/org/freedesktop/secrets',
    'org.freedesktop.Secret.Service.SearchItems',
    `dict:string:string:service,${service},account,${account}`,
  ];
  return new Promise((resolve) => {
    execFile('dbus-send', args, { timeout: 10_000 }, (error, stdout) => {
      resolve(error === null ? stdout.includes('object path "') : null);
    });
  });
}

/** dbus-send's words when nothing can answer for a name: no session bus, no owner and no service file, one that fails to start. */
const NO_SECRET_SERVICE = /org\.freedesktop\.DBus\.Error\.(?:ServiceUnknown|NameHasNoOwner|Spawn\.\w+)|Failed to open connection to "session" message bus/;

/**
 * Whether any Secret Service answers on the session bus (Linux): a Ping to its
 * name, which D-Bus starts one for if it can. false when none can (no session
 * bus, nothing that owns or could own the name): no keychain to unlock. null
 * when this cannot tell (dbus-send missing, no reply in time).
 */
function secretServiceAnswers(): Promise<boolean | null> {
  const args = ['--session', '--print-reply', '--reply-timeout=5000', '--dest=org.freedesktop.secrets', '/org/freedesktop/secrets', 'org.freedesktop.DBus.Peer.Ping'];
  return new Promise((resolve) => {
    execFile('dbus-send', args, { timeout: 10_000 }, (error, _stdout, stderr) => {
      if (error === null) resolve(true);
      else resolve(NO_SECRET_SERVICE.test(stderr) ? false : null);
    });
  });
}

function isKeytarApi(value: unknown): value is KeytarApi {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return false;
  return ['getPassword', 'setPassword', 'deletePassword'].every(
    (name) => typeof Reflect.get(value, name) === 'function',
  );
}

/** keytar is CommonJS: under ESM its API sits on `default`, in a CJS bundle on the namespace itself. */
function pickKeytarApi(namespace: unknown): KeytarApi | null {
  if (typeof namespace === 'object' && namespace !== null) {
    const fallback: unknown = Reflect.get(namespace, 'default');
    if (isKeytarApi(fallback)) return fallback;
  }
  return isKeytarApi(namespace) ? namespace : null;
}

export class KeytarKeyStore implements KeyStore {
  #api: Promise<KeytarApi> | null = null;
  readonly #timeoutMs: number;

  constructor(
    readonly service = 'FieldVault',
    options: KeytarKeyStoreOptions = {},
  ) {
    if (service.length === 0) throw new Error('KeytarKeyStore needs a service name');
    this.#timeoutMs = options.timeoutMs ?? 15_000;
  }

  async get(account: string): Promise<Buffer | null> {
    let stored = await this.#call((api) => api.getPassword(this.service, account));
    if (stored === null || stored === undefined) {
      // gnome-keyring has twice answered "no such item" for an entry that
      // existed while it was busy writing its collection for other clients
      // (parallel tests under load). An absent device secret shreds nothing
      // but does fail the unlock, so one re-read after a pause tells a busy
      // keyring from a missing entry; a genuinely missing one costs 150 ms.
      await new Promise((resolve) => setTimeout(resolve, MISSING_RECHECK_MS));
      stored = await this.#call((api) => api.getPassword(this.service, account));
    }
    if (stored === null || stored === undefined) {
      // libsecret also answers "not found" for an entry in a locked keyring
      // whose unlock prompt was dismissed or could not be shown. Taken for a
      // missing key, that offered to erase a vault that opens once the
      // keyring is unlocked. A search that cannot answer (dbus-send missing, or
      // no reply in 5 s from a busy keyring) tells nothing either: only its
      // "no such item" makes the key missing.
      if (process.platform === 'linux' && (await secretServiceHasItem(this.service, account)) !== false) {
        throw new KeychainUnavailableError('The OS keychain is locked, or would not give out its entry for this vault');
      }
      return null;
    }
    if (typeof stored !== 'string') throw new KeychainUnavailableError('The OS keychain returned an unreadable entry');
    // The keychain answered (a locked one answers nothing, above), with text this store never writes: the entry
    // was changed. Said as KEYCHAIN_UNAVAILABLE, "unlock it and retry" could never help, and no erase was offered.
    if (stored.length === 0 || !BASE64.test(stored)) throw new KeychainEntryDamagedError();
    return Buffer.from(stored, 'base64');
  }

  async set(account: string, secret: Buffer): Promise<void> {
    if (secret.length === 0) throw new Error('Refusing to store an empty secret');
    // The base64 copy is a JS string and cannot be zeroed; it lives only for this call.
    await this.#call((api) => api.setPassword(this.service, account, secret.toString('base64')));
  }

  async delete(account: string): Promise<boolean> {
    const deleted = await this.#call((api) => api.deletePassword(this.service, account));
    if (deleted === true) return true;
    // libsecret deletes unlocked items only, and answers "nothing deleted" for the entry of a locked keyring.
    // Taken for an entry already gone, a wipe left the device secret behind for good (no tombstone, no retry):
    // with it, any copy of the files opens with the password. A search that cannot answer is no "gone" either.
    if (process.platform === 'linux' && (await secretServiceHasItem(this.service, account)) !== false) {
      throw new KeychainUnavailableError('The OS keychain is locked, and kept its entry for this vault');
    }
    return false;
  }

  #load(): Promise<KeytarApi> {
    this.#api ??= import('keytar').then(
      (namespace: unknown) => {
        const api = pickKeytarApi(namespace);
        // A broken install (the module's shape, its native build): no keychain this app can reach, nothing to unlock.
        if (api === null) throw new KeychainMissingError();
        return api;
      },
      () => {
        throw new KeychainMissingError();
      },
    );
    return this.#api;
  }

  /** Runs one keychain call; any failure or timeout becomes KEYCHAIN_UNAVAILABLE (KeychainMissingError when none answers). */
  async #call(operation: (api: KeytarApi) => Promise<unknown>): Promise<unknown> {
    const api = await this.#load();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new KeychainUnavailableError('The OS keychain did not answer in time')), this.#timeoutMs);
    });
    try {
      return await Promise.race([operation(api), timeout]);
    } catch (error) {
      // The underlying message may name D-Bus paths or keyring details; it never
      // reaches a caller, only the fact that the keychain is unusable does.
      if (error instanceof AppError) throw error;
      if (process.platform === 'linux' && (await secretServiceAnswers()) === false) throw new KeychainMissingError();
      throw new KeychainUnavailableError();
    } finally {
      clearTimeout(timer);
    }
  }
}
