// The long poll between cycles (GET /v1/poke): after a cycle succeeds, the
// engine waits at the server until a commit this device may see lands, or the
// user directory it may see changes, then asks for a cycle and waits again,
// for as long as its session is current and the device online. A failed poke
// is a failed sync: it asks for a cycle, which reports and retries, and the
// next cycle that succeeds starts the loop again. One loop at a time.
//
// Each poke names the stored directory version, and the server answers at
// once when its own differs. Should the two never agree (the version
// /v1/users gives is not the one pulls and pokes compute), that would wake
// the device at once, every time: a version wakes it once. A poke that woke
// it, followed by a cycle that moved neither the cursor nor the stored
// version, means the server holds the directory at a version the pulls never
// bring; until the stored version changes, the pokes name none and wait for
// commits only.
import { storedDirectoryVersion } from './directory';
import type { SyncSession } from './session';
import { readPullPosition } from './sync-state';

/** What the loop needs of the engine. */
export interface PokeHost {
  /** Whether the session is still the engine's (not locked, stopped or revoked since). */
  isCurrent(session: SyncSession): boolean;
  /** Whether the last cycle succeeded: the loop ends when it did not (the cycle's retry takes over). */
  online(): boolean;
  /** Asks for a cycle; resolves when none is left to run. */
  requestSync(): Promise<void>;
}

/** Where a poke says the device stands: its pull cursor and stored directory version. */
interface PokePosition {
  readonly cursor: number;
  readonly directoryVersion: string | null;
}

export class PokeLoop {
  readonly #host: PokeHost;
  #running = false;

  constructor(host: PokeHost) {
    this.#host = host;
  }

  /** Starts polling for the session, whose requests `signal` aborts, unless a loop runs already. */
  start(session: SyncSession, signal: AbortSignal): void {
    if (this.#running) return;
    this.#running = true;
    void this.#run(session, signal).finally(() => {
      this.#running = false;
    });
  }

  async #run(session: SyncSession, signal: AbortSignal): Promise<void> {
    const host = this.#host;
    // What the last poke named when it woke the device, and a stored directory version the pokes no longer name.
    let woken: PokePosition | null = null;
    let unheeded: string | null = null;
    while (host.isCurrent(session) && !signal.aborted && host.online()) {
      try {
        // The directory version too: a rename or a teammate joining or leaving wakes the poke as well.
        const position: PokePosition = await session.connection().read(async (tx) => ({
          cursor: (await readPullPosition(tx)).cursor,
          directoryVersion: await storedDirectoryVersion(tx),
        }));
        if (woken !== null && woken.directoryVersion !== null && samePosition(woken, position)) unheeded = woken.directoryVersion;
        const named: string | null = position.directoryVersion === unheeded ? null : position.directoryVersion;
        const answer = await session.api.poke(position.cursor, named, signal);
        woken = answer.changed ? { cursor: position.cursor, directoryVersion: named } : null;
        if (answer.changed && host.isCurrent(session)) await host.requestSync();
      } catch {
        // A failed poke is a failed sync: the cycle it triggers reports and retries.
        if (host.isCurrent(session) && !signal.aborted) void host.requestSync();
        return;
      }
    }
  }
}

function samePosition(a: PokePosition, b: PokePosition): boolean {
  return a.cursor === b.cursor && a.directoryVersion === b.directoryVersion;
}
