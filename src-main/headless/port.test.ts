import { describe, expect, it } from 'vitest';
import { headlessPort, loopbackAddress, pageGraceMs } from './port';

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

describe('pageGraceMs', () => {
  it('reads whole milliseconds, the default when unset, and refuses anything else', () => {
    expect(pageGraceMs({})).toBeUndefined();
    expect(pageGraceMs({ FIELDVAULT_HEADLESS_PAGE_GRACE_MS: '' })).toBeUndefined();
    expect(pageGraceMs({ FIELDVAULT_HEADLESS_PAGE_GRACE_MS: '400' })).toBe(400);
    for (const raw of ['1.5', '-1', '3600001', 'soon']) {
      expect(() => pageGraceMs({ FIELDVAULT_HEADLESS_PAGE_GRACE_MS: raw }), raw).toThrow('FIELDVAULT_HEADLESS_PAGE_GRACE_MS must be');
    }
  });
});

describe('loopbackAddress', () => {
  it('names the port in Origin and Host, as browsers send them', () => {
    expect(loopbackAddress(5173)).toEqual({ origin: 'http://127.0.0.1:5173', hosts: ['127.0.0.1:5173', 'localhost:5173'] });
  });

  it('leaves out port 80, as browsers do for http and ws', () => {
    expect(loopbackAddress(80)).toEqual({ origin: 'http://127.0.0.1', hosts: ['127.0.0.1', 'localhost'] });
  });
});
