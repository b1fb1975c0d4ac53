import { describe, expect, it } from 'vitest';
import { headlessPort } from './port';

describe('headlessPort', () => {
  it('reads a whole number from 0 to 65535, and any free port when unset', () => {
    expect(headlessPort({})).toBe(0);
    expect(headlessPort({ FIELDVAULT_PORT: ' ' })).toBe(0);
    expect(headlessPort({ FIELDVAULT_PORT: '0' })).toBe(0);
    expect(headlessPort({ FIELDVAULT_PORT: '5173' })).toBe(5173);
    expect(headlessPort({ FIELDVAULT_PORT: '65535' })).toBe(65_535);
  });

  it('refuses a port it would otherwise misread', () => {
    for (const raw of ['80abc', '1.5', '-1', '65536', 'http']) {
      expect(() => headlessPort({ FIELDVAULT_PORT: raw }), raw).toThrow('FIELDVAULT_PORT must be a whole number from 0 to 65535');
    }
  });
});
