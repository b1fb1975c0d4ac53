import { describe, expect, it } from 'vitest';
import { takesEmptyServerValue } from './client-api';

describe('takesEmptyServerValue', () => {
  const refused = { field: 'title', reason: 'invalid', localValue: 'Admiral', remoteValue: null, unsent: false } as const;

  it('takes the server’s empty side of a field it refused or holds a null of', () => {
    expect(takesEmptyServerValue(refused)).toBe(true);
    expect(takesEmptyServerValue({ ...refused, reason: 'forbidden' })).toBe(true);
    expect(takesEmptyServerValue({ ...refused, reason: 'concurrent' })).toBe(true);
  });

  it('offers nothing to take when the server has a value, keeps none, or holds nothing of the record', () => {
    expect(takesEmptyServerValue({ ...refused, remoteValue: 'Commodore' })).toBe(false);
    // The record left the device or was erased: neither side is there to choose.
    expect(takesEmptyServerValue({ ...refused, localValue: null })).toBe(false);
    expect(takesEmptyServerValue({ ...refused, field: '*' })).toBe(false);
    expect(takesEmptyServerValue({ ...refused, unsent: true })).toBe(false);
    expect(takesEmptyServerValue({ ...refused, reason: 'unknown_field' })).toBe(false);
  });
});
