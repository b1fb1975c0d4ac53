// The table's segment over a long list: bounded count, shifts that keep the
// rows in view, and a base for any row.
import { describe, expect, it } from 'vitest';
import { baseFor, edgeRows, segmentCount, segmentRows, segmentShift, shiftRows } from './segment';

describe('segment', () => {
  it('never gives the virtualiser more than segmentRows rows', () => {
    expect(segmentCount(0, 1_000_000)).toBe(segmentRows);
    expect(segmentCount(990_000, 1_000_000)).toBe(10_000);
    expect(segmentCount(0, 150)).toBe(150);
  });

  it('moves forward near the end of the segment only when more rows follow', () => {
    expect(segmentShift(0, segmentRows - 60, segmentRows - 10, 1_000_000)).toBe(shiftRows);
    expect(segmentShift(0, segmentRows - 60, segmentRows - 10, segmentRows)).toBe(0);
    expect(segmentShift(0, 500, 560, 1_000_000)).toBe(0);
  });

  it('moves back near the start, never below zero', () => {
    expect(segmentShift(30_000, 10, 60, 1_000_000)).toBe(-shiftRows);
    expect(segmentShift(4_000, 10, 60, 1_000_000)).toBe(-4_000);
    expect(segmentShift(0, 10, 60, 1_000_000)).toBe(0);
  });

  it('settles: after a shift the rows in view are away from both edges', () => {
    // Scrolling down through a million rows, one screen at a time.
    const total = 1_000_000;
    let base = 0;
    let top = 0;
    for (let absolute = 0; absolute < total - 60; absolute += 40) {
      const first = absolute - base;
      const shift = segmentShift(base, first, first + 20, total);
      if (shift !== 0) {
        base += shift;
        top -= shift;
        const again = segmentShift(base, absolute - base, absolute - base + 20, total);
        expect(again).toBe(0);
      }
      expect(absolute - base).toBeGreaterThanOrEqual(0);
      expect(absolute - base + 20).toBeLessThan(segmentCount(base, total));
      expect(segmentCount(base, total)).toBeLessThanOrEqual(segmentRows);
    }
    expect(base).toBeGreaterThan(total - segmentRows - shiftRows);
    expect(top).toBe(-base);
  });

  it('finds a base that shows any row away from the edges', () => {
    for (const index of [0, 5, 18_999, 19_500, 500_000, 999_999]) {
      const base = baseFor(index, 1_000_000);
      expect(index - base).toBeGreaterThanOrEqual(0);
      expect(index - base).toBeLessThan(segmentCount(base, 1_000_000));
      if (base > 0) expect(index - base).toBeGreaterThanOrEqual(edgeRows);
    }
  });
});
