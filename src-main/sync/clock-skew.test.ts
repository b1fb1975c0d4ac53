// The clock skew the status carries: nothing within the threshold, whole
// minutes and a direction past it, and a patch only when that changes.
import { describe, expect, it } from 'vitest';
import { clockSkewOf, clockSkewPatch, clockSkewThresholdMs } from './clock-skew';

const now = 1_700_000_000_000;
const minute = 60_000;

describe('clock skew', () => {
  it('is null within the threshold either way, and past it names the minutes and which way', () => {
    expect(clockSkewOf(now + clockSkewThresholdMs, now)).toBeNull();
    expect(clockSkewOf(now - clockSkewThresholdMs, now)).toBeNull();
    expect(clockSkewOf(now + 15 * minute + 20_000, now)).toEqual({ minutes: 15, direction: 'behind' });
    expect(clockSkewOf(now - 3 * 60 * minute, now)).toEqual({ minutes: 180, direction: 'ahead' });
  });

  it('patches the status only when a cycle heard the time and it says something new', () => {
    const behind = { minutes: 15, direction: 'behind' } as const;
    expect(clockSkewPatch(undefined, behind)).toEqual({});
    expect(clockSkewPatch({ ...behind }, behind)).toEqual({});
    expect(clockSkewPatch(null, behind)).toEqual({ clockSkew: null });
    expect(clockSkewPatch(behind, null)).toEqual({ clockSkew: behind });
  });
});
