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
    expect([held.next(50_000), held.next(15_000), held.next()]).toEqual([20_000, 15_000, 399]);
    backoff.reset();
    expect(backoff.failures).toBe(0);
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
