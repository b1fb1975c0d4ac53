import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClockDriftError, compareHlc, decodeHlc, encodeHlc, receive, tick, type HlcState } from './hlc';

const device = (id: string): HlcState => ({ millis: 0, counter: 0, deviceId: id });

describe('hybrid logical clock', () => {
  it('round-trips through its string form', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9_999_999_999_999 }), fc.integer({ min: 0, max: 36 ** 4 - 1 }), (millis, counter) => {
        const state = { millis, counter, deviceId: 'dev-1' };
        expect(decodeHlc(encodeHlc(state))).toEqual(state);
      }),
    );
  });

  it('orders stamps as strings in the same order as (millis, counter, device)', () => {
    const arbitrary = fc.record({
      millis: fc.integer({ min: 0, max: 9_999_999_999_999 }),
      counter: fc.integer({ min: 0, max: 1000 }),
      deviceId: fc.constantFrom('a', 'b', 'c'),
    });
    fc.assert(
      fc.property(arbitrary, arbitrary, (a, b) => {
        const expected = a.millis - b.millis || a.counter - b.counter || (a.deviceId < b.deviceId ? -1 : a.deviceId > b.deviceId ? 1 : 0);
        expect(Math.sign(compareHlc(encodeHlc(a), encodeHlc(b)))).toBe(Math.sign(expected));
      }),
    );
  });

  it('is monotonic under local ticks even when the wall clock goes backwards', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 1, maxLength: 200 }), (times) => {
        let state = device('d');
        let last = encodeHlc(state);
        for (const now of times) {
          state = tick(state, now);
          const stamp = encodeHlc(state);
          expect(compareHlc(stamp, last)).toBe(1);
          last = stamp;
        }
      }),
    );
  });

  it('moves past a received stamp and refuses one from the far future', () => {
    const local = tick(device('a'), 1000);
    const remote = { millis: 5000, counter: 7, deviceId: 'b' };
    const merged = receive(local, remote, 1000, 60_000);
    expect(compareHlc(encodeHlc(merged), encodeHlc(remote))).toBe(1);
    expect(() => receive(local, { millis: 10_000_000, counter: 0, deviceId: 'b' }, 1000, 60_000)).toThrow(ClockDriftError);
  });
});
