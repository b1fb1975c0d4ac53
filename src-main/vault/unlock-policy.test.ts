import { describe, expect, it } from 'vitest';
import { defaultUnlockPolicy, delayAfter, retryAfter, type UnlockPolicy } from './unlock-policy';

describe('delayAfter', () => {
  it('lets the first two failures retry at once, then doubles from the base delay', () => {
    const delays = [1, 2, 3, 4, 5, 6].map((failures) => delayAfter(failures, defaultUnlockPolicy));
    expect(delays).toEqual([0, 0, 1_000, 2_000, 4_000, 8_000]);
  });

  it('never decreases and is capped at maxDelayMs', () => {
    const policy: UnlockPolicy = { maxFailedAttempts: 100, baseDelayMs: 1_000, maxDelayMs: 60_000 };
    let previous = 0;
    for (let failures = 0; failures <= 100; failures++) {
      const delay = delayAfter(failures, policy);
      expect(delay).toBeGreaterThanOrEqual(previous);
      expect(delay).toBeLessThanOrEqual(60_000);
      previous = delay;
    }
    expect(delayAfter(100, policy)).toBe(60_000);
  });

  it('has the documented defaults', () => {
    expect(defaultUnlockPolicy).toEqual({ maxFailedAttempts: 10, baseDelayMs: 1_000, maxDelayMs: 300_000 });
    expect(delayAfter(0)).toBe(0);
  });
});

describe('retryAfter', () => {
  const policy = defaultUnlockPolicy;

  it('counts down from the latest failure', () => {
    expect(retryAfter(3, 10_000, 10_000, policy)).toBe(1_000);
    expect(retryAfter(3, 10_000, 10_400, policy)).toBe(600);
    expect(retryAfter(3, 10_000, 11_000, policy)).toBe(0);
    expect(retryAfter(0, null, 10_000, policy)).toBe(0);
  });

  it('does not let a clock that moved backwards lengthen the wait', () => {
    expect(retryAfter(4, 1_000_000, 0, policy)).toBe(2_000);
  });
});
