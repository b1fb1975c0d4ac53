// Local wall times across the clock changes: each instant a typed time names,
// under zones set per test (Node reads TZ as it is set).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { localDateMs, localWallTimes, utcDateMs } from './calendar';

describe('local wall times', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('names one instant on an ordinary day, and keeps a year below 100 as typed', () => {
    vi.stubEnv('TZ', 'America/New_York');
    expect(localWallTimes(2026, 4, 17, 9, 30)).toEqual([Date.UTC(2026, 4, 17, 13, 30)]);
    expect(localWallTimes(2026, 4, 17, 9, 30)).toEqual([localDateMs(2026, 4, 17, 9, 30)]);
    const [early] = localWallTimes(42, 2, 4, 5, 6);
    expect(new Date(early ?? Number.NaN).getFullYear()).toBe(42);
    expect(utcDateMs(42, 0, 1)).toBeLessThan(utcDateMs(1900, 0, 1));
  });

  it('names both instants of a time the clock reads twice when it goes back, the first first', () => {
    vi.stubEnv('TZ', 'America/New_York');
    // 1 November 2026: 02:00 EDT becomes 01:00 EST, so 01:30 comes at 05:30 UTC and again at 06:30 UTC.
    expect(localWallTimes(2026, 10, 1, 1, 30)).toEqual([Date.UTC(2026, 10, 1, 5, 30), Date.UTC(2026, 10, 1, 6, 30)]);
    expect(localWallTimes(2026, 10, 1, 0, 59)).toEqual([Date.UTC(2026, 10, 1, 4, 59)]);
    expect(localWallTimes(2026, 10, 1, 2, 0)).toEqual([Date.UTC(2026, 10, 1, 7, 0)]);
    vi.stubEnv('TZ', 'Europe/Berlin');
    // 25 October 2026: 03:00 CEST becomes 02:00 CET.
    expect(localWallTimes(2026, 9, 25, 2, 30)).toEqual([Date.UTC(2026, 9, 25, 0, 30), Date.UTC(2026, 9, 25, 1, 30)]);
    vi.stubEnv('TZ', 'Australia/Lord_Howe');
    // 5 April 2026: 02:00 (+11:00) becomes 01:30 (+10:30), a half hour read twice.
    expect(localWallTimes(2026, 3, 5, 1, 45)).toEqual([Date.UTC(2026, 3, 4, 14, 45), Date.UTC(2026, 3, 4, 15, 15)]);
  });

  it('names no instant for a time the clock skips when it goes forward', () => {
    vi.stubEnv('TZ', 'America/New_York');
    // 8 March 2026: 02:00 EST becomes 03:00 EDT; localDateMs moves 02:30 on to 03:30.
    expect(localWallTimes(2026, 2, 8, 2, 30)).toEqual([]);
    expect(localDateMs(2026, 2, 8, 2, 30)).toBe(Date.UTC(2026, 2, 8, 7, 30));
    expect(localWallTimes(2026, 2, 8, 1, 59)).toEqual([Date.UTC(2026, 2, 8, 6, 59)]);
    expect(localWallTimes(2026, 2, 8, 3, 0)).toEqual([Date.UTC(2026, 2, 8, 7, 0)]);
    vi.stubEnv('TZ', 'Europe/Berlin');
    expect(localWallTimes(2026, 2, 29, 2, 30)).toEqual([]);
    vi.stubEnv('TZ', 'UTC');
    expect(localWallTimes(2026, 2, 29, 2, 30)).toEqual([Date.UTC(2026, 2, 29, 2, 30)]);
  });
});
