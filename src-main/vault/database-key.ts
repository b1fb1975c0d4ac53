// The database key (DEK) of an open vault, in the one buffer the vault owns.
// A Connection keeps no copy of the key: it asks its key source again when it
// opens a handle after its open (the second reader, on the first count), and
// a rekey hands the source the new key inside the rekey's exclusive turn, so
// a handle opened after it always opens under the key the file is under.
// The vault zeroes the key on lock; from then on the source refuses.
import { LockedError } from '../../src-shared/ipc/errors';

/** Where a connection reads its key whenever it opens a handle. */
export interface DatabaseKeySource {
  /** The key the database is under now; throws LockedError once its owner has locked. */
  current(): Buffer;
  /** The database is under `next` now (Connection.rekey, before any other job runs on it). */
  rekeyed(next: Buffer): void;
}

/** The caller's own buffers, neither copied nor zeroed: for a connection a test or a tool opens with a bare key. */
export function borrowedKey(key: Buffer): DatabaseKeySource {
  let held = key;
  return {
    current: () => held,
    rekeyed: (next) => {
      held = next;
    },
  };
}

/** The vault's DEK while unlocked: the old key is zeroed when a rekey replaces it, and the key when the vault locks. */
export class VaultKey implements DatabaseKeySource {
  #key: Buffer | null;

  /** Takes `key` as it is (no copy): from now on this object zeroes it. */
  constructor(key: Buffer) {
    this.#key = key;
  }

  current(): Buffer {
    if (this.#key === null) throw new LockedError();
    return this.#key;
  }

  rekeyed(next: Buffer): void {
    if (this.#key === null) throw new LockedError();
    if (this.#key !== next) this.#key.fill(0);
    this.#key = next;
  }

  /** Zeroes the key; current() refuses from now on. */
  zero(): void {
    this.#key?.fill(0);
    this.#key = null;
  }
}
