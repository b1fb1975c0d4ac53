import { describe, expect, it } from 'vitest';
import { defaultKeychainService, keychainService } from './keychain-service';

describe('keychainService', () => {
  it('is FIELDVAULT_KEYCHAIN_SERVICE when set, so both shells find the secrets a demo or test stored under it', () => {
    expect(keychainService({ FIELDVAULT_KEYCHAIN_SERVICE: 'FieldVault-demo' })).toBe('FieldVault-demo');
  });

  it('is the default when unset or blank', () => {
    expect(keychainService({})).toBe(defaultKeychainService);
    expect(keychainService({ FIELDVAULT_KEYCHAIN_SERVICE: '  ' })).toBe(defaultKeychainService);
    expect(defaultKeychainService).toBe('FieldVault');
  });
});
