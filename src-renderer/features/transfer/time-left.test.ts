// The time left of an import or an undo: from the pace of its rows since the
// first progress heard on them, once they have gone a few seconds; said in
// tens of seconds, then whole minutes.
import { describe, expect, it } from 'vitest';
import { Pace, timeLeftWords } from './time-left';

describe('Pace', () => {
  it('estimates from the rows done since its first progress, once they have gone three seconds', () => {
    const pace = new Pace();
    // A resumed import's rows start at the 60,000 it had committed.
    expect(pace.secondsLeft(60_000, 100_000, 1_000)).toBeNull();
    expect(pace.secondsLeft(64_000, 100_000, 3_000)).toBeNull();
    // 8,000 rows in 4 s: 2,000 a second, 32,000 to go.
    expect(pace.secondsLeft(68_000, 100_000, 5_000)).toBe(16);
    expect(pace.secondsLeft(100_000, 100_000, 21_000)).toBe(0);
  });

  it('says nothing while the rows have not moved, and starts again after a reset', () => {
    const pace = new Pace();
    expect(pace.secondsLeft(0, 1_000, 0)).toBeNull();
    expect(pace.secondsLeft(0, 1_000, 10_000)).toBeNull();
    pace.reset();
    expect(pace.secondsLeft(500, 1_000, 20_000)).toBeNull();
    expect(pace.secondsLeft(750, 1_000, 25_000)).toBe(5);
  });
});

describe('timeLeftWords', () => {
  it('says a few seconds under ten, tens of seconds under a minute, then whole minutes', () => {
    expect(timeLeftWords(0)).toEqual({ key: 'transfer.timeLeftFew', count: 0 });
    expect(timeLeftWords(9.9)).toEqual({ key: 'transfer.timeLeftFew', count: 0 });
    expect(timeLeftWords(10)).toEqual({ key: 'transfer.timeLeftSeconds', count: 10 });
    expect(timeLeftWords(41)).toEqual({ key: 'transfer.timeLeftSeconds', count: 50 });
    expect(timeLeftWords(51)).toEqual({ key: 'transfer.timeLeftMinutes', count: 1 });
    expect(timeLeftWords(150)).toEqual({ key: 'transfer.timeLeftMinutes', count: 3 });
    expect(timeLeftWords(3_600)).toEqual({ key: 'transfer.timeLeftMinutes', count: 60 });
  });
});
