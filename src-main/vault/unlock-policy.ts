// How the vault answers repeated wrong passwords: a growing delay between
// attempts, and after too many failures a crypto-shred of the vault. The
// device secret already stops offline guessing; this stops guessing on the
// device itself, where the keychain would answer.
export interface UnlockPolicy {
  /** Failures after which the vault is wiped. Default 10. */
  maxFailedAttempts: number;
  /** Delay after the third failure; it doubles with each further one. Default 1 s. */
  baseDelayMs: number;
  /** The delay never grows beyond this. Default 5 minutes. */
  maxDelayMs: number;
}

export const defaultUnlockPolicy: Readonly<UnlockPolicy> = Object.freeze({
  maxFailedAttempts: 10,
  baseDelayMs: 1_000,
  maxDelayMs: 5 * 60 * 1_000,
});

/** Free retries before any delay: two typos should not cost the user time. */
const FREE_FAILURES = 2;

/**
 * How long after the latest failure the next attempt must wait: 0 for the
 * first two failures, then base · 2^(failures − 3), capped at maxDelayMs.
 */
export function delayAfter(failures: number, policy: UnlockPolicy = defaultUnlockPolicy): number {
  if (!Number.isFinite(failures) || failures <= FREE_FAILURES) return 0;
  const exponent = Math.min(failures - FREE_FAILURES - 1, 52);
  return Math.min(policy.baseDelayMs * 2 ** exponent, policy.maxDelayMs);
}

/**
 * Milliseconds until the next attempt is allowed. A clock that moved backwards
 * cannot stretch the wait beyond one full delay.
 */
export function retryAfter(failures: number, lastFailureAt: number | null, now: number, policy: UnlockPolicy): number {
  if (lastFailureAt === null) return 0;
  const delay = delayAfter(failures, policy);
  const remaining = lastFailureAt + delay - now;
  return Math.max(0, Math.min(delay, Math.ceil(remaining)));
}
