// Small statistics shared by the benchmarks: order statistics over samples,
// with nearest-rank percentiles so that p95 of 21 samples is a sample that was
// actually observed, not an interpolation between two.

function sorted(samples: readonly number[]): number[] {
  if (samples.length === 0) throw new Error('No samples to summarise');
  return [...samples].sort((a, b) => a - b);
}

/** The 1-based rank, fastest first, of the sample a nearest-rank percentile of n samples picks: p95 of 20 is the 19th, the second slowest. */
export function nearestRank(n: number, p: number): number {
  return Math.max(1, Math.ceil((p / 100) * n));
}

/** Nearest-rank percentile, p in (0, 100]. */
export function percentile(samples: readonly number[], p: number): number {
  const ordered = sorted(samples);
  const value = ordered[nearestRank(ordered.length, p) - 1];
  if (value === undefined) throw new Error('Percentile rank out of range');
  return value;
}

/** The middle sample, or the mean of the two middle samples. */
export function median(samples: readonly number[]): number {
  const ordered = sorted(samples);
  const middle = Math.floor(ordered.length / 2);
  const upper = ordered[middle];
  const lower = ordered[ordered.length % 2 === 0 ? middle - 1 : middle];
  if (upper === undefined || lower === undefined) throw new Error('Median of an empty list');
  return (upper + lower) / 2;
}

export interface Summary {
  readonly n: number;
  readonly median: number;
  readonly p95: number;
  readonly min: number;
  readonly max: number;
}

export function summarise(samples: readonly number[], digits = 3): Summary {
  const ordered = sorted(samples);
  return {
    n: ordered.length,
    median: round(median(ordered), digits),
    p95: round(percentile(ordered, 95), digits),
    min: round(ordered[0] ?? Number.NaN, digits),
    max: round(ordered.at(-1) ?? Number.NaN, digits),
  };
}

export function round(value: number, digits = 3): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
