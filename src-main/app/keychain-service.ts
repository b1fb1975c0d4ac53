// The OS keychain service the vault's device secrets are stored under: one
// choice for both shells and the demo, so a data folder made by one of them
// finds its device secret from the others (FIELDVAULT_KEYCHAIN_SERVICE keeps
// a demo's or a test's secrets apart from the user's own).
export const defaultKeychainService = 'FieldVault';

export function keychainService(env: NodeJS.ProcessEnv = process.env): string {
  const override = env['FIELDVAULT_KEYCHAIN_SERVICE'];
  // Blank counts as unset, as FIELDVAULT_DATA_DIR does (data-dir.ts): an empty service name is no keychain entry anyone can find.
  return override !== undefined && override.trim() !== '' ? override : defaultKeychainService;
}
