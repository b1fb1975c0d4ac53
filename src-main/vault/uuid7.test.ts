import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { uuid7, uuid7Time } from './uuid7';

describe('uuid7', () => {
  it('is an RFC 9562 version 7 UUID carrying the time', () => {
    const now = Date.UTC(2026, 0, 2, 3, 4, 5, 678);
    const id = uuid7(now);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(z.uuid().safeParse(id).success).toBe(true);
    expect(uuid7Time(id)).toBe(now);
  });

  it('is unique and strictly increasing, also within one millisecond', () => {
    const ids = Array.from({ length: 10_000 }, () => uuid7(1_700_000_000_000));
    expect(new Set(ids).size).toBe(ids.length);
    const sorted = [...ids].sort();
    expect(sorted).toEqual(ids);
  });

  it('ends in random bits, and the count of each new millisecond starts at random', () => {
    const ids = Array.from({ length: 2_000 }, (_, index) => uuid7(1_900_000_000_000 + index * 2));
    expect(new Set(ids.map((id) => id.slice(19))).size).toBe(ids.length);
    expect(new Set(ids.map((id) => id.slice(15, 18))).size).toBeGreaterThan(1_000);
  });

  it('keeps order when the clock steps back', () => {
    const first = uuid7(1_800_000_000_000);
    const second = uuid7(1_799_999_999_000);
    expect(second > first).toBe(true);
  });
});
