// The forecast's bar scale: ordinary months on a readable scale, an outlier cut.
import { describe, expect, it } from 'vitest';
import { drawBars, outlierMultiple, scaleTop } from './forecast-scale';

const month = (amount: number, weightedAmount = amount / 2) => ({ amount, weightedAmount });

describe('forecast bar scale', () => {
  it('scales to the tallest month when no month stands far out', () => {
    expect(scaleTop([1000, 2000, 0, 3000])).toBe(3000);
    expect(drawBars([month(1000), month(3000), month(0)])).toEqual([
      { height: 1000 / 3000, weightedHeight: 0.5, cut: false },
      { height: 1, weightedHeight: 0.5, cut: false },
      { height: 0, weightedHeight: 0, cut: false },
    ]);
  });

  it('caps the scale at a multiple of the median month and cuts the month above it', () => {
    const bars = drawBars([month(10_000), month(12_000), month(8_000), month(500_000, 200_000), month(0)]);
    // Median of the months with deals (lower median of four): 10,000.
    const top = outlierMultiple * 10_000;
    expect(bars.map((bar) => bar.height)).toEqual([10_000 / top, 12_000 / top, 8_000 / top, 1, 0]);
    expect(bars.map((bar) => bar.cut)).toEqual([false, false, false, true, false]);
    // The cut bar's weighted part is above the scale too: it fills the bar.
    expect(bars[3]?.weightedHeight).toBe(1);
  });

  it('draws a cut bar’s weighted part on the shared scale when it fits', () => {
    const bars = drawBars([month(1000), month(1000), month(100_000, 2000)]);
    expect(bars[2]).toEqual({ height: 1, weightedHeight: 2000 / (outlierMultiple * 1000), cut: true });
  });

  it('keeps a single month, or none, whole', () => {
    expect(drawBars([month(0), month(500_000)])).toEqual([
      { height: 0, weightedHeight: 0, cut: false },
      { height: 1, weightedHeight: 0.5, cut: false },
    ]);
    expect(scaleTop([0, 0])).toBe(1);
    expect(drawBars([])).toEqual([]);
  });
});
