// Which tag chips a list cell shows whole, leaving room for the "+n" of the rest.
import { describe, expect, it } from 'vitest';
import { chipsThatFit } from './TagList';

describe('chipsThatFit', () => {
  it('shows every chip when they all fit, with no room kept for a "+n"', () => {
    expect(chipsThatFit([40, 50, 30], 3, 132, 4, 20)).toEqual({ count: 3, cut: false });
  });

  it('keeps room for the "+n" after the chips that fit whole', () => {
    // 40 + 4 + 50 = 94, and 4 + 20 more for "+1": 118 > 110, so only the first fits with its "+2".
    expect(chipsThatFit([40, 50, 30], 3, 110, 4, 20)).toEqual({ count: 1, cut: false });
    expect(chipsThatFit([40, 50, 30], 3, 118, 4, 20)).toEqual({ count: 2, cut: false });
  });

  it('counts tags beyond the chips drawn as needing a "+n"', () => {
    expect(chipsThatFit([40, 50], 5, 94, 4, 20)).toEqual({ count: 1, cut: false });
    expect(chipsThatFit([40, 50], 5, 118, 4, 20)).toEqual({ count: 2, cut: false });
  });

  it('shows the first chip cut when not even it fits whole', () => {
    expect(chipsThatFit([120, 50], 2, 80, 4, 20)).toEqual({ count: 1, cut: true });
    expect(chipsThatFit([120], 1, 80, 4, 20)).toEqual({ count: 1, cut: true });
  });
});
