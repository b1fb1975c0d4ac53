// The bench's nearest-rank percentile (bench/harness/stats.ts): which sample
// a p95 is, so the sync bench's details can say it (p95 of 20 samples is the
// second slowest; of 60, the fourth slowest).
import { describe, expect, it } from 'vitest';
import { nearestRank, percentile } from '../../bench/harness/stats';

describe('nearest-rank percentile', () => {
  it('picks the sample at ceil(p/100 × n) from the fastest', () => {
    expect(nearestRank(20, 95)).toBe(19);
    expect(nearestRank(60, 95)).toBe(57);
    expect(nearestRank(3, 95)).toBe(3);
    expect(nearestRank(1, 50)).toBe(1);
    const samples = Array.from({ length: 60 }, (_, index) => 60 - index);
    expect(percentile(samples, 95)).toBe(57);
    expect(percentile(samples.slice(0, 20).map((value) => value - 40), 95)).toBe(19);
  });
});
