// The countdown's arithmetic: a wait counts from the later of the last tick
// and the moment it was set, in whole seconds rounded up, never below zero.
import { describe, expect, it } from 'vitest';
import { secondsLeft, waitFor } from './useCountdown';

describe('secondsLeft', () => {
  it('is 0 without a wait', () => {
    expect(secondsLeft(null, 1_000)).toBe(0);
  });

  it('counts a wait set long after the last tick from when it was set', () => {
    // The lock screen opened (its clock's last tick) at 0; a 2 s wait was set 6 s later.
    expect(secondsLeft(waitFor(2_000, 6_000), 0)).toBe(2);
  });

  it('counts from the last tick once the clock ticks after the wait was set', () => {
    const wait = waitFor(2_000, 6_000);
    expect(secondsLeft(wait, 6_250)).toBe(2);
    expect(secondsLeft(wait, 7_000)).toBe(1);
    expect(secondsLeft(wait, 7_001)).toBe(1);
    expect(secondsLeft(wait, 8_000)).toBe(0);
    expect(secondsLeft(wait, 9_000)).toBe(0);
  });
});
