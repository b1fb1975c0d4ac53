import { describe, expect, it } from 'vitest';
import { serverAddressProblem, SyncEnrolInput, takesEmptyServerValue } from './client-api';

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

describe('serverAddressProblem', () => {
  it('takes an https address of a host and port only, in any case, and refuses a path, query, fragment or user', () => {
    for (const address of ['https://sync.example.com', 'https://sync.example.com/', 'https://127.0.0.1:8443', 'HTTPS://Sync.Example.com:8443/']) {
      expect(serverAddressProblem(address), address).toBeNull();
    }
    // Before, these passed and the device kept their origin only: the enrolment went to https://sync.example.com.
    for (const address of ['https://sync.example.com/fieldvault', 'https://sync.example.com/?org=1', 'https://sync.example.com/#x', 'https://rep:pw@sync.example.com']) {
      expect(serverAddressProblem(address), address).toBe('path');
    }
    expect(serverAddressProblem('http://sync.example.com')).toBe('https');
    expect(serverAddressProblem('not an address')).toBe('invalid');
    const bundle = { caCertificatePem: '-----BEGIN CERTIFICATE-----x-----END CERTIFICATE-----', enrolmentCode: 'ABCD-EFGH-JKMN-PQRS' };
    expect(SyncEnrolInput.safeParse({ ...bundle, serverUrl: 'https://sync.example.com/fieldvault' }).success).toBe(false);
    expect(SyncEnrolInput.safeParse({ ...bundle, serverUrl: 'HTTPS://sync.example.com' }).success).toBe(true);
  });
});
