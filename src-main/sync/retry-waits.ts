// How long the sync engine waits after a failed cycle before it tries again.
// Failures in general follow the engine's backoff (backoff.ts), a wait the
// server named (its `retryAfterMs`, a Retry-After) as its floor. A named
// wait is honoured above the 5-minute cap, up to an hour (namedWaitCapMs in
// backoff.ts), and jittered above it by up to as long again, at most the cap:
// the longest wait is an hour and 5 minutes. A server in a maintenance window
// or behind a rate limiter that asks for 20 minutes gets 20 to 25 minutes,
// not a try from every device every 5 (nor all of them in the same second).
// An hour, because windows and limiters ask for minutes, rarely more; a
// longer wait is more likely a misconfigured header (or a date in the far
// future) than a plan, and a device silent for a day over one bad header
// costs more than one request an hour costs a server in maintenance (and
// within a day, the status's "Next try at 14:05", a time of day with no date,
// names one moment only). The status names the wait; Sync now still tries
// at once, a joined network does not (it changes nothing the server said:
// SyncEngine.networkRestored ends only waits after tries it did not answer). A 429 that
// names no wait (a gateway in front of the server shedding load) has a
// backoff of its own: a rate limiter asks for fewer requests, so its streak
// starts at 30 s, doubles up to 5 minutes, and is jittered over the whole
// window above a 5 s floor (never at once). A constant wait would bring every
// laptop the gateway limited together back in the same second, again and
// again; jittered, they spread out and the spread widens with every 429.
// Only a cycle that succeeds ends the streak: a user's sync.now tries now,
// but the limiter's next 429 still waits longer than the last.
// A try that got no answer of the server's (isUnanswered in errors.ts: no
// connection made, no answer in time, a certificate not from the
// organisation's CA, a connection cut before the answer ended) is tried again
// at most a minute apart, jittered as ever: it cost the server little or
// nothing, and after a week offline, or behind a hotel Wi-Fi's sign-in page,
// the device would otherwise notice the server back up to 5 minutes late.
// Such failures count in the general backoff's streak like any other.
import { Backoff, defaultBackoff, type BackoffPolicy } from './backoff';
import { isRateLimited, isRetryable, isUnanswered, requestedWaitMs } from './errors';

export const rateLimitedBackoff: BackoffPolicy = { baseMs: 30_000, capMs: 5 * 60_000, floorMs: 5_000 };

/** The longest wait after a try the server did not answer (isUnanswered in errors.ts): unreachable, timed out, a connection cut before the answer ended, or a certificate not from the organisation's CA. Quick, because such a try costs the server little or nothing. */
export const quickRetryCapMs = 60_000;

export class RetryWaits {
  readonly #backoff: Backoff;
  readonly #rateLimited: Backoff;
  readonly #capMs: number;
  readonly #quickRetryCapMs: number;

  /** `rateLimited` defaults to rateLimitedBackoff, jittered by `policy`'s source of randomness; `quickRetryCap` caps waits after tries the server did not answer. */
  constructor(policy: BackoffPolicy = defaultBackoff, rateLimited: BackoffPolicy = { ...rateLimitedBackoff, random: policy.random }, quickRetryCap: number = quickRetryCapMs) {
    this.#backoff = new Backoff(policy);
    this.#rateLimited = new Backoff(rateLimited);
    this.#capMs = policy.capMs;
    this.#quickRetryCapMs = quickRetryCap;
  }

  /** The general backoff's longest wait: what a failure that is no answer of the server's waits (a start that could not read the vault). */
  get capMs(): number {
    return this.#capMs;
  }

  /** Records a failed cycle and returns how long to wait before the next. */
  after(error: unknown): number {
    // Non-retryable answers are retried too, slowly: an administrator may fix the cause.
    if (!isRetryable(error)) return this.#capMs;
    const named = requestedWaitMs(error);
    // Every retryable failure counts in the general backoff: a 5xx after a 429 waits as a second failure does.
    const wait = this.#backoff.next(named, isUnanswered(error) ? this.#quickRetryCapMs : this.#capMs);
    return named === undefined && isRateLimited(error) ? this.#rateLimited.next() : wait;
  }

  /** The user asks now, or a network was joined after an unanswered try: the general backoff starts over; a rate limiter's streak stands. */
  retryNow(): void {
    this.#backoff.reset();
  }

  /** A cycle succeeded: every backoff starts over. */
  succeeded(): void {
    this.#backoff.reset();
    this.#rateLimited.reset();
  }
}
