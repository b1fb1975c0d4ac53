import { afterEach, describe, expect, it, vi } from 'vitest';
import { watchForSleep } from './sleep-watch';

describe('watchForSleep', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('wakes once after a tick that finds the wall clock far ahead, not for a late tick within the slack', () => {
    vi.useFakeTimers();
    let wall = 1_000_000;
    const woke: number[] = [];
    const stop = watchForSleep(() => woke.push(wall), { now: () => wall, tickMs: 1_000, slackMs: 5_000 });
    // Ordinary ticks, one of them 4 s late (a busy event loop): no wake.
    wall += 1_000;
    vi.advanceTimersByTime(1_000);
    wall += 5_000;
    vi.advanceTimersByTime(1_000);
    expect(woke).toEqual([]);
    // The machine slept an hour: the timer's clock stood still, the wall clock did not.
    wall += 3_600_000 + 1_000;
    vi.advanceTimersByTime(1_000);
    expect(woke).toEqual([wall]);
    // Awake again: the next ticks are ordinary.
    wall += 1_000;
    vi.advanceTimersByTime(1_000);
    expect(woke).toHaveLength(1);
    stop();
    wall += 3_600_000;
    vi.advanceTimersByTime(5_000);
    expect(woke).toHaveLength(1);
  });
});
