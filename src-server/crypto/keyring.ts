// Data keys: random 256-bit AES keys, each wrapped by the master key and kept
// in the store with its id. Exactly one is active and seals new values; the
// others still open what they sealed until rotation has re-sealed it, so keys
// rotate without downtime. Unwrapped keys live only in this process's memory.
// The blind-index key is a data key too (id prefix `bidx-`): it never seals
// anything and is never rotated away, because changing it would orphan every
// digest.
import { randomBytes } from 'node:crypto';
import type { DataKeyRow } from '../store/rows';
import type { StoreReadTx, StoreTx } from '../store/store';
import { aeadKeyBytes } from './aead';
import type { MasterKey } from './master-key';

export const blindIndexKeyPrefix = 'bidx-';

export class KeyringError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyringError';
  }
}

export function newDataKeyId(prefix = 'dk-'): string {
  return `${prefix}${randomBytes(8).toString('hex')}`;
}

export class Keyring {
  #masterKeys: readonly MasterKey[];
  readonly #reloadMasterKeys: (() => readonly MasterKey[]) | null;
  #keys = new Map<string, Buffer>();
  #activeId: string | null = null;
  #blindIndexId: string | null = null;
  #loadedAt = Number.NEGATIVE_INFINITY;

  /**
   * `reloadMasterKeys` reads the master keys again (from the data folder) when
   * a data key names a master key this process does not have: another
   * process rotated the master key while this one serves.
   */
  constructor(masterKeys: readonly MasterKey[], reloadMasterKeys?: () => readonly MasterKey[]) {
    if (masterKeys.length === 0) throw new KeyringError('No master key');
    this.#masterKeys = masterKeys;
    this.#reloadMasterKeys = reloadMasterKeys ?? null;
  }

  /** The master key that wraps new data keys (the newest one given). */
  get currentMasterKey(): MasterKey {
    const key = this.#masterKeys[this.#masterKeys.length - 1];
    if (key === undefined) throw new KeyringError('No master key');
    return key;
  }

  /**
   * Reloads the keys when a value names a key this process does not have
   * (another process rotated) or when the last load is older than maxAgeMs,
   * so a new active key reaches every server process without a restart.
   */
  async ensure(tx: StoreReadTx, keyIds: Iterable<string>, now = Date.now(), maxAgeMs = 60_000): Promise<void> {
    let stale = now - this.#loadedAt > maxAgeMs;
    for (const keyId of keyIds) if (!this.#keys.has(keyId)) stale = true;
    if (stale) await this.load(tx, now);
  }

  /**
   * (Re)loads and unwraps every data key in the store. The keys are swapped
   * in only once all of them unwrapped: a failed reload keeps the keys this
   * process had, instead of leaving it with none. A data key this process
   * holds already keeps its bytes when the store has it wrapped by a master
   * key this process lacks: a master rotation on another machine sharing the
   * database re-wraps the same keys, and this one serves on until it needs a
   * key only the new master key opens.
   */
  async load(tx: StoreReadTx, now = Date.now()): Promise<void> {
    const rows = await tx.listDataKeys();
    if (this.#reloadMasterKeys !== null && rows.some((row) => !this.#masterKeys.some((master) => master.id === row.masterKeyId))) {
      const reloaded = this.#reloadMasterKeys();
      if (reloaded.length > 0) this.#masterKeys = reloaded;
    }
    const keys = new Map<string, Buffer>();
    let activeId: string | null = null;
    let blindIndexId: string | null = null;
    for (const row of rows) {
      keys.set(row.id, this.#unwrap(row, this.#keys.get(row.id)));
      if (row.id.startsWith(blindIndexKeyPrefix)) blindIndexId = row.id;
      else if (row.active) activeId = row.id;
    }
    this.#keys = keys;
    this.#activeId = activeId;
    this.#blindIndexId = blindIndexId;
    this.#loadedAt = now;
  }

  /** Creates the first data key and the blind-index key (organisation set-up). */
  async initialise(tx: StoreTx, now: number): Promise<void> {
    await this.addDataKey(tx, now);
    const id = newDataKeyId(blindIndexKeyPrefix);
    const key = randomBytes(aeadKeyBytes);
    await tx.insertDataKey({ id, wrappedKey: this.currentMasterKey.wrap(id, key), masterKeyId: this.currentMasterKey.id, active: false, createdAt: now });
    this.#keys.set(id, key);
    this.#blindIndexId = id;
  }

  /** Adds a new data key and makes it the active one; returns its id. */
  async addDataKey(tx: StoreTx, now: number): Promise<string> {
    const id = newDataKeyId();
    const key = randomBytes(aeadKeyBytes);
    await tx.insertDataKey({ id, wrappedKey: this.currentMasterKey.wrap(id, key), masterKeyId: this.currentMasterKey.id, active: true, createdAt: now });
    this.#keys.set(id, key);
    this.#activeId = id;
    return id;
  }

  forget(keyId: string): void {
    this.#keys.delete(keyId);
  }

  get activeKeyId(): string {
    if (this.#activeId === null) throw new KeyringError('No active data key: the organisation is not initialised');
    return this.#activeId;
  }

  /** The raw bytes of a data key (never logged, never leaves the process). */
  key(keyId: string): Buffer {
    const key = this.#keys.get(keyId);
    if (key === undefined) throw new KeyringError(`Unknown data key ${keyId}`);
    return key;
  }

  get blindIndexKey(): Buffer {
    if (this.#blindIndexId === null) throw new KeyringError('No blind-index key: the organisation is not initialised');
    return this.key(this.#blindIndexId);
  }

  #unwrap(row: DataKeyRow, held?: Buffer): Buffer {
    const master = this.#masterKeys.find((candidate) => candidate.id === row.masterKeyId);
    if (master === undefined && held !== undefined) return held;
    if (master === undefined) {
      throw new KeyringError(
        `Data key ${row.id} is wrapped by master key ${row.masterKeyId}, which this server does not have: copy master.key from the machine that rotated it into this server's data folder`,
      );
    }
    const key = master.unwrap(row.id, row.wrappedKey);
    if (key.length !== aeadKeyBytes) throw new KeyringError(`Data key ${row.id} has the wrong length`);
    return key;
  }
}
