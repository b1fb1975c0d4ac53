// The long poll between cycles (GET /v1/poke): after a cycle succeeds, the
// engine waits at the server until a commit this device may see lands, or the
// user directory it may see changes, then asks for a cycle and waits again,
// for as long as its session is current and the device online. A failed poke
// is a failed sync: it asks for a cycle, which reports and retries, and the
// next cycle that succeeds starts the loop again, once a wait after the
// failure is over (1 s, doubling with each failure in a row, up to a
// minute): a poke refused at once made back-to-back cycles. A poke refused
// with a wait the server named (a 503 `unavailable` during a failover, a
// 429's Retry-After) is reported as a failed cycle is, and the retry waits
// that long (jittered, backoff.ts): a cycle asked for at once hit the server
// inside the wait it had just named. Not when a cycle succeeded after the
// poke was sent (a local edit's, while the poke waited at the server): that
// cycle's success is the newer word on the server, so the refusal changes
// no status, counts no failed cycle (whose retry would hold back the user's
// next edits), and only the poke starts again, after the wait. One loop at
// a time.
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
import { requestedWaitMs } from './errors';
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
  /** Reports a poke that failed naming a wait, as a failed cycle: its retry is scheduled after that wait. */
  failed(session: SyncSession, error: unknown): Promise<void>;
}

/** Where a poke says the device stands: its pull cursor and stored directory version. */
interface PokePosition {
  readonly cursor: number;
  readonly directoryVersion: string | null;
}

/** The wait before a poke after one failed, doubling with each failure in a row up to the last. */
const firstPokeRetryMs = 1_000;
const lastPokeRetryMs = 60_000;

export class PokeLoop {
  readonly #host: PokeHost;
  readonly #now: () => number;
  #running = false;
  /** Pokes failed in a row, and the time before which no loop starts again (a start meanwhile waits for it). */
  #failures = 0;
  #retryAt = 0;
  #waiting: ReturnType<typeof setTimeout> | null = null;
  #next: { readonly session: SyncSession; readonly signal: AbortSignal } | null = null;
  /** Calls of start: the engine starts the loop after each cycle that succeeds, so one while a poke is out is a cycle that succeeded after it was sent. */
  #starts = 0;

  constructor(host: PokeHost, now: () => number = Date.now) {
    this.#host = host;
    this.#now = now;
  }

  /**
   * Starts polling for the session, whose requests `signal` aborts, unless a loop runs already. After a failed
   * poke it starts once the failure's wait is over: a poke that fails at once (a proxy refusing /v1/poke) asked
   * for a cycle, whose success started the poke again, back to back at network speed. The engine calls it after
   * each cycle that succeeds.
   */
  start(session: SyncSession, signal: AbortSignal): void {
    this.#starts += 1;
    this.#begin(session, signal);
  }

  #begin(session: SyncSession, signal: AbortSignal): void {
    if (this.#running) return;
    // The latest start's session (a new one after an unlock) is the one the wait ends with.
    this.#next = { session, signal };
    if (this.#waiting !== null) return;
    const waitMs = this.#retryAt - this.#now();
    if (waitMs > 0) {
      this.#waiting = setTimeout(() => {
        this.#waiting = null;
        const next = this.#next;
        if (next !== null && !next.signal.aborted) this.#begin(next.session, next.signal);
      }, waitMs);
      this.#waiting.unref?.();
      return;
    }
    this.#running = true;
    void this.#run(session, signal)
      .finally(() => {
        this.#running = false;
      })
      .then((again) => {
        if (again) this.#begin(session, signal);
      });
  }

  /** Polls until the session ends, the device is offline or a poke fails; true: start again once the wait is over. */
  async #run(session: SyncSession, signal: AbortSignal): Promise<boolean> {
    const host = this.#host;
    // What the last poke named when it woke the device, and a stored directory version the pokes no longer name.
    let woken: PokePosition | null = null;
    let unheeded: string | null = null;
    /** The starts counted when the last poke was sent. */
    let sentAfter = this.#starts;
    while (host.isCurrent(session) && !signal.aborted && host.online()) {
      try {
        // The directory version too: a rename or a teammate joining or leaving wakes the poke as well.
        const position: PokePosition = await session.connection().read(async (tx) => ({
          cursor: (await readPullPosition(tx)).cursor,
          directoryVersion: await storedDirectoryVersion(tx),
        }));
        if (woken !== null && woken.directoryVersion !== null && samePosition(woken, position)) unheeded = woken.directoryVersion;
        const named: string | null = position.directoryVersion === unheeded ? null : position.directoryVersion;
        sentAfter = this.#starts;
        const answer = await session.api.poke(position.cursor, named, signal);
        this.#failures = 0;
        woken = answer.changed ? { cursor: position.cursor, directoryVersion: named } : null;
        if (answer.changed && host.isCurrent(session)) await host.requestSync();
      } catch (error) {
        // A failed poke is a failed sync: the cycle it triggers reports and retries, or, when the server named a
        // wait, the retry scheduled after it. The next poke waits.
        this.#failures += 1;
        const backoffMs = Math.min(lastPokeRetryMs, firstPokeRetryMs * 2 ** Math.min(this.#failures - 1, 16));
        const namedMs = requestedWaitMs(error) ?? 0;
        this.#retryAt = this.#now() + backoffMs;
        if (!host.isCurrent(session) || signal.aborted) return false;
        if (namedMs > 0 && this.#starts !== sentAfter) {
          // A cycle succeeded after this poke was sent: the poke alone waits the server's wait, and starts again.
          this.#retryAt = this.#now() + Math.max(backoffMs, namedMs);
          return true;
        }
        if (namedMs > 0) await host.failed(session, error);
        else void host.requestSync();
        return false;
      }
    }
    return false;
  }
}

function samePosition(a: PokePosition, b: PokePosition): boolean {
  return a.cursor === b.cursor && a.directoryVersion === b.directoryVersion;
}
