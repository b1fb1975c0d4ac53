// Retry delays for the sync loop: exponential backoff with "full jitter"
// (AWS Architecture Blog, "Exponential Backoff and Jitter"): each delay is a
// uniform random value up to min(cap, base · 2^attempt), so a fleet of laptops
// that lost the server together does not come back in lockstep. A wait the
// server named (its Retry-After: a rate limiter, a maintenance window, the
// server's 5 s after a busy database) is a floor, never shortened by jitter,
// and honoured above the cap up to a ceiling of its own (namedWaitCapMs;
// retry-waits.ts says why 1 hour). It is jittered above that floor, by up to
// as long again, at most the cap: every device that heard the same wait (a
// Retry-After date names one instant for all) would otherwise come back in
// the same second, and the server counts on devices adding their own. A policy
// can also set a floor of its own: the delay is then uniform between it and
// the ceiling (the whole window still jittered, none of it piled on the floor).
export interface BackoffPolicy {
  readonly baseMs: number;
  readonly capMs: number;
  /** The shortest delay (default 0: full jitter from nothing); at most baseMs. */
  readonly floorMs?: number;
  /** The longest wait a server may name that is honoured (default namedWaitCapMs); at least capMs. */
  readonly namedWaitCapMs?: number;
  /** The jitter's source of randomness (default Math.random; tests fix it). */
  readonly random?: () => number;
}

export const defaultBackoff: BackoffPolicy = { baseMs: 1_000, capMs: 5 * 60_000 };

/** The longest wait a server may name that a device honours, unless its policy says otherwise. */
export const namedWaitCapMs = 60 * 60_000;

export class Backoff {
  #failures = 0;

  constructor(
    private readonly policy: BackoffPolicy = defaultBackoff,
    private readonly random: () => number = policy.random ?? Math.random,
  ) {
    if (!(policy.baseMs > 0) || !(policy.capMs >= policy.baseMs)) throw new Error('Backoff needs 0 < base ≤ cap');
    if (!((policy.floorMs ?? 0) >= 0) || (policy.floorMs ?? 0) > policy.baseMs) throw new Error('Backoff needs 0 ≤ floor ≤ base');
    if (!(this.#namedWaitCapMs >= policy.capMs)) throw new Error('Backoff needs cap ≤ named-wait cap');
  }

  get #namedWaitCapMs(): number {
    return this.policy.namedWaitCapMs ?? Math.max(namedWaitCapMs, this.policy.capMs);
  }

  get failures(): number {
    return this.#failures;
  }

  /**
   * Records a failure and returns how long to wait before the next attempt:
   * at least `retryAfterMs`, the wait the server named (held to the policy's
   * named-wait cap), plus a random part of up to as long again, at most the
   * cap; `capMs` (at least the base) caps the jittered window's ceiling, and
   * that spread, lower than the policy's.
   */
  next(retryAfterMs?: number, capMs: number = this.policy.capMs): number {
    // 2^30 is already far past any cap; stop the exponent from overflowing.
    const cap = Math.min(this.policy.capMs, Math.max(capMs, this.policy.baseMs));
    const ceiling = Math.min(cap, this.policy.baseMs * 2 ** Math.min(this.#failures, 30));
    this.#failures += 1;
    // At least 1 ms: the engine reads a delay of 0 as "schedule nothing", and a failed sync must always be retried.
    const floor = this.policy.floorMs ?? 0;
    const draw = this.random();
    const jittered = Math.max(1, Math.floor(floor + draw * (ceiling - floor)));
    const named = Math.min(Math.max(retryAfterMs ?? 0, 0), this.#namedWaitCapMs);
    if (named === 0) return jittered;
    // Spread above the named wait in proportion to it (5 s → 5–10 s; 30 minutes → 30–35), never below it.
    return Math.max(jittered, named + Math.floor(draw * Math.min(named, cap)));
  }

  reset(): void {
    this.#failures = 0;
  }
}
