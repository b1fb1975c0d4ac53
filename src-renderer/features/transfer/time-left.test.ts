// The time left of an import: from the pace of its rows since the first
// progress on them, once they have gone a few seconds; none in the phases
// around the rows; said in tens of seconds, then whole minutes.
import { describe, expect, it } from 'vitest';
import { RowsPace, timeLeftWords } from './time-left';

const rows = { kind: 'rows' } as const;

describe('RowsPace', () => {
  it('estimates from the rows done since its first progress on them, once they have gone three seconds', () => {
    const pace = new RowsPace();
    // A resume passed over 60,000 rows first: their pace is not the rows'.
    expect(pace.secondsLeft({ kind: 'resuming', passed: 30_000, of: 60_000 }, 60_000, 100_000, 0)).toBeNull();
    expect(pace.secondsLeft(rows, 60_000, 100_000, 1_000)).toBeNull();
    expect(pace.secondsLeft(rows, 64_000, 100_000, 3_000)).toBeNull();
    // 8,000 rows in 4 s: 2,000 a second, 32,000 to go.
    expect(pace.secondsLeft(rows, 68_000, 100_000, 5_000)).toBe(16);
    expect(pace.secondsLeft(rows, 100_000, 100_000, 21_000)).toBe(0);
  });

  it('says nothing while the rows have not moved, nor while it finishes, and starts again after a reset', () => {
    const pace = new RowsPace();
    expect(pace.secondsLeft(rows, 0, 1_000, 0)).toBeNull();
    expect(pace.secondsLeft(rows, 0, 1_000, 10_000)).toBeNull();
    expect(pace.secondsLeft({ kind: 'finishing' }, 1_000, 1_000, 11_000)).toBeNull();
    pace.reset();
    expect(pace.secondsLeft(rows, 500, 1_000, 20_000)).toBeNull();
    expect(pace.secondsLeft(rows, 750, 1_000, 25_000)).toBe(5);
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
