// The engine's status as the user sees it (offline, syncing, online, error;
// pending changes; last success; last error in plain words), published to a
// listener only when something in it changed. Error text comes from our typed
// errors, whose messages name no value; anything else becomes a generic line.
// Beside the English, every error has a reason the renderer words.
import type { SyncState, SyncStatusEvent } from '../../src-shared/sync/client-api';
import { AppError } from '../../src-shared/ipc/errors';
import type { Reason } from '../../src-shared/ipc/reasons';
import { DiskFullError, isDiskFull } from '../vault/disk-full';

export function plainError(error: unknown): string {
  if (error instanceof AppError) return error.message;
  if (isDiskFull(error)) return new DiskFullError().message;
  return 'Sync failed because of a problem inside FieldVault. It will try again.';
}

/**
 * plainError's message as a reason the renderer words in the user's language:
 * the error's own reason, or for one of ours without a reason (a damaged or
 * locked vault, the keychain) its code; anything else is sync_internal.
 */
export function plainReason(error: unknown): Reason {
  if (error instanceof AppError) return error.reason ?? { code: 'sync_stopped', error: error.code };
  if (isDiskFull(error)) return { code: 'disk_full' };
  return { code: 'sync_internal' };
}

/** The status fields of a failure: its message and its reason. */
export function lastErrorOf(error: unknown): Pick<SyncStatusEvent, 'lastError' | 'lastErrorReason'> {
  return { lastError: plainError(error), lastErrorReason: plainReason(error) };
}

/** How often, at most, a count of changes received alone is published (a pull of many pages must not flood the renderer). */
export const progressIntervalMs = 250;

export interface StatusBoardOptions {
  /** At most one publication of the received count alone per this many ms (default progressIntervalMs; 0: every count). */
  readonly progressIntervalMs?: number;
  /** Monotonic ms. */
  readonly now?: () => number;
}

export class StatusBoard {
  #status: SyncStatusEvent = { state: 'offline', pendingCount: 0, lastSuccessAt: null, lastError: null, lastErrorReason: null, received: 0, total: null, openConflicts: 0, unsentRecords: 0, nextTryAt: null, clockSkew: null };
  readonly #publish: (status: SyncStatusEvent) => void;
  readonly #interval: number;
  readonly #now: () => number;
  /** When a received count alone was last published. */
  #progressAt = Number.NEGATIVE_INFINITY;
  /** The publication of a received count held back by the interval. */
  #heldProgress: NodeJS.Timeout | null = null;

  constructor(publish: (status: SyncStatusEvent) => void, options: StatusBoardOptions = {}) {
    this.#publish = publish;
    this.#interval = options.progressIntervalMs ?? progressIntervalMs;
    this.#now = options.now ?? (() => performance.now());
  }

  get current(): SyncStatusEvent {
    return this.#status;
  }

  update(patch: Partial<SyncStatusEvent>): void {
    const next = { ...this.#status, ...patch };
    const changed = (Object.keys(next) as (keyof SyncStatusEvent)[]).some((key) => next[key] !== this.#status[key]);
    this.#status = next;
    if (changed) this.#send();
  }

  /**
   * The changes the sync under way has received and applied so far (after
   * each pull page), and how many it will receive in all when known (null:
   * not known). Published at once if no count was in the last interval,
   * else once it has passed (the newest count then); any other change
   * publishes it with itself, at once, and so does a new total: it is sent
   * once a step, and the first count against it should show with it.
   */
  received(count: number, total: number | null = this.#status.total): void {
    const newTotal = total !== this.#status.total;
    if (count === this.#status.received && !newTotal) return;
    this.#status = { ...this.#status, received: count, total };
    if (this.#heldProgress !== null && !newTotal) return;
    const wait = this.#progressAt + this.#interval - this.#now();
    if (wait <= 0 || newTotal) {
      this.#progressAt = this.#now();
      this.#send();
      return;
    }
    this.#heldProgress = setTimeout(() => {
      this.#heldProgress = null;
      this.#progressAt = this.#now();
      this.#send();
    }, wait);
    this.#heldProgress.unref();
  }

  #send(): void {
    if (this.#heldProgress !== null) clearTimeout(this.#heldProgress);
    this.#heldProgress = null;
    this.#publish(this.#status);
  }

  /** Sets the state; with `error`, the last error too (null clears it). */
  state(state: SyncState, error?: unknown): void {
    if (error === undefined) this.update({ state });
    else if (error === null) this.update({ state, lastError: null, lastErrorReason: null });
    else this.update({ state, ...lastErrorOf(error) });
  }
}
