// Filling the forecast's empty months, across a year boundary.
import { describe, expect, it } from 'vitest';
import { fillMonths, monthsIn } from './forecast-months';

describe('forecast months', () => {
  it('lists every month of a range, across a year end', () => {
    expect(monthsIn('2026-11', '2027-02')).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
    expect(monthsIn('2026-05', '2026-05')).toEqual(['2026-05']);
    expect(monthsIn('2026-06', '2026-05')).toEqual([]);
  });

  it('keeps the answer’s months of one currency and fills the rest with zeros', () => {
    const filled = fillMonths(
      [
        { month: '2026-12', currency: 'USD', dealCount: 2, amount: 500, weightedAmount: 100 },
        { month: '2026-12', currency: 'EUR', dealCount: 1, amount: 70, weightedAmount: 7 },
      ],
      'USD',
      '2026-11',
      '2027-01',
    );
    expect(filled).toEqual([
      { month: '2026-11', currency: 'USD', dealCount: 0, amount: 0, weightedAmount: 0 },
      { month: '2026-12', currency: 'USD', dealCount: 2, amount: 500, weightedAmount: 100 },
      { month: '2027-01', currency: 'USD', dealCount: 0, amount: 0, weightedAmount: 0 },
    ]);
  });

  it('draws no months for a range the forecast would refuse (a blank month froze the page with 24,000 bars)', () => {
    expect(monthsIn('', '2026-11')).toEqual([]);
    expect(monthsIn('2026-11', '')).toEqual([]);
    expect(monthsIn('2026-12', '2026-01')).toEqual([]);
    expect(monthsIn('2020-01', '2026-01')).toEqual([]);
    expect(fillMonths([], 'USD', '', '2026-11')).toEqual([]);
    expect(monthsIn('2026-11', '2027-01')).toEqual(['2026-11', '2026-12', '2027-01']);
  });
});
