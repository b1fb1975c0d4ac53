import { describe, expect, it } from 'vitest';
import { Backoff, namedWaitCapMs } from './backoff';

describe('Backoff', () => {
  it('doubles the ceiling per failure up to the cap, with full jitter', () => {
    const ceilings: number[] = [];
    const top = new Backoff({ baseMs: 100, capMs: 1_000 }, () => 0.999_999);
    for (let i = 0; i < 6; i += 1) ceilings.push(top.next());
    expect(ceilings).toEqual([99, 199, 399, 799, 999, 999]);
    // Never 0, which the engine would read as "no retry" (a failed sync must always be retried).
    const bottom = new Backoff({ baseMs: 100, capMs: 1_000 }, () => 0);
    expect([bottom.next(), bottom.next()]).toEqual([1, 1]);
  });

  it('spreads delays across the whole window', () => {
    const backoff = new Backoff({ baseMs: 1_000, capMs: 1_000 });
    const delays = Array.from({ length: 400 }, () => backoff.next());
    expect(Math.min(...delays)).toBeLessThan(250);
    expect(Math.max(...delays)).toBeGreaterThan(750);
    expect(new Set(delays).size).toBeGreaterThan(100);
  });

  it('never waits less than the server asked, up to its named-wait cap, and resets after success', () => {
    const backoff = new Backoff({ baseMs: 100, capMs: 10_000 }, () => 0);
    expect(backoff.next(5_000)).toBe(5_000);
    // Above the cap: a named wait is held only to the named-wait cap (an hour by default).
    expect(backoff.next(50_000)).toBe(50_000);
    expect(backoff.next(2 * namedWaitCapMs)).toBe(namedWaitCapMs);
    expect(backoff.failures).toBe(3);
    const held = new Backoff({ baseMs: 100, capMs: 10_000, namedWaitCapMs: 20_000 }, () => 0.999_999);
    // At the top of the draw: the named wait, and jitter above it of as long again, at most the cap.
    expect([held.next(50_000), held.next(15_000), held.next()]).toEqual([20_000 + 9_999, 15_000 + 9_999, 399]);
    backoff.reset();
    expect(backoff.failures).toBe(0);
  });

  it('jitters above a wait the server named, so devices told the same wait do not come back together', () => {
    // The sync server's 5 s after a busy database, heard by devices whose draws differ.
    const draws = [0, 0.1, 0.25, 0.5, 0.75, 0.999_999];
    const waits = draws.map((draw) => new Backoff({ baseMs: 1_000, capMs: 5 * 60_000 }, () => draw).next(5_000));
    for (const wait of waits) {
      expect(wait).toBeGreaterThanOrEqual(5_000);
      expect(wait).toBeLessThan(10_000);
    }
    expect(new Set(waits).size).toBe(draws.length);
    expect(waits).toEqual([5_000, 5_500, 6_250, 7_500, 8_750, 9_999]);
    // A long named wait is spread by at most the cap (here 5 minutes) above it, on every failure of a streak.
    const long = new Backoff({ baseMs: 1_000, capMs: 5 * 60_000 }, () => 0.999_999);
    expect([long.next(30 * 60_000), long.next(30 * 60_000)]).toEqual([35 * 60_000 - 1, 35 * 60_000 - 1]);
    // 200 devices told 5 s at once, each with its own draws (Math.random): no second holds most of them.
    const fleet = Array.from({ length: 200 }, () => new Backoff().next(5_000));
    expect(Math.min(...fleet)).toBeGreaterThanOrEqual(5_000);
    expect(Math.max(...fleet)).toBeLessThan(10_000);
    const perSecond = new Map<number, number>();
    for (const wait of fleet) perSecond.set(Math.floor(wait / 1_000), (perSecond.get(Math.floor(wait / 1_000)) ?? 0) + 1);
    expect(Math.max(...perSecond.values())).toBeLessThan(100);
  });

  it('jitters over the whole window above a floor of its own', () => {
    const top = new Backoff({ baseMs: 1_000, capMs: 4_000, floorMs: 250 }, () => 0.999_999);
    expect([top.next(), top.next(), top.next(), top.next()]).toEqual([999, 1_999, 3_999, 3_999]);
    const bottom = new Backoff({ baseMs: 1_000, capMs: 4_000, floorMs: 250 }, () => 0);
    expect([bottom.next(), bottom.next()]).toEqual([250, 250]);
    const middle = new Backoff({ baseMs: 1_000, capMs: 4_000, floorMs: 250 }, () => 0.5);
    expect([middle.next(), middle.next()]).toEqual([625, 1_125]);
  });

  it('caps one wait lower when asked, without ending the streak, and never under the base', () => {
    const top = new Backoff({ baseMs: 100, capMs: 1_000 }, () => 0.999_999);
    expect([top.next(undefined, 300), top.next(undefined, 300), top.next(undefined, 300), top.next(), top.next(undefined, 50)]).toEqual([99, 199, 299, 799, 99]);
  });

  it('refuses a nonsensical policy', () => {
    expect(() => new Backoff({ baseMs: 0, capMs: 10 })).toThrow();
    expect(() => new Backoff({ baseMs: 100, capMs: 10 })).toThrow();
    expect(() => new Backoff({ baseMs: 100, capMs: 1_000, floorMs: 200 })).toThrow();
    expect(() => new Backoff({ baseMs: 100, capMs: 1_000, floorMs: -1 })).toThrow();
    expect(() => new Backoff({ baseMs: 100, capMs: 1_000, namedWaitCapMs: 999 })).toThrow();
  });
});
