// Where a user's local state lives: one folder, the OS's per-user app-data
// folder by default, FIELDVAULT_DATA_DIR when set.
import os from 'node:os';
import path from 'node:path';

export function resolveDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = os.homedir(),
): string {
  const override = env['FIELDVAULT_DATA_DIR'];
  if (override !== undefined && override.trim() !== '') return path.resolve(override);
  switch (platform) {
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', 'FieldVault');
    case 'win32':
      return path.join(env['APPDATA'] ?? path.join(home, 'AppData', 'Roaming'), 'FieldVault');
    default:
      return path.join(env['XDG_CONFIG_HOME'] ?? path.join(home, '.config'), 'FieldVault');
  }
}
