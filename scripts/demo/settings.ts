// What `npm run demo` runs with, read once from the environment. Everything
// the demo writes lives under one folder (FIELDVAULT_DATA_DIR, default
// `.demo-data` in the repository; a relative one is taken from the folder
// `npm run demo` was typed in): the sync server's data folder in
// `server/`, the desktop app's vault in `desktop/`, the server log beside them,
// and on a Linux machine without a desktop session the keyring that holds the
// desktop vault's device secret in `keyring/` (scripts/with-keychain.sh).
// FIELDVAULT_DATA_DIR is also the app's own data folder: a folder that holds
// a vault at its top level is a real vault's, and the demo refuses it.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { keychainService } from '../../src-main/app/keychain-service';
import { HEADER_FILE } from '../../src-main/vault/vault-header';
import { contract } from '../../src-shared/ipc/contract';

export interface DemoSettings {
  readonly repoRoot: string;
  readonly root: string;
  readonly serverDir: string;
  readonly desktopDir: string;
  /** The private gnome-keyring's folder when the demo starts one (Linux without a desktop session): kept, so the vault reopens next time. */
  readonly keyringDir: string;
  readonly serverLog: string;
  /** Where seed-demo writes the one-time enrolment bundle for the desktop (removed after use). */
  readonly bundlePath: string;
  /** Which password wrap of the desktop vault the demo password opened last (desktop.ts): a changed password is not tried. */
  readonly desktopPasswordMark: string;
  /** Fixed per demo folder: the desktop stores the server's address when it enrols. */
  readonly serverPort: number;
  readonly contacts: number;
  /** Printed on the console: a demo convenience no real vault would have. */
  readonly password: string;
  readonly keychainService: string;
  /** Port of the headless shell (0: any free port). */
  readonly appPort: number;
}

export const defaultDemoPassword = 'fieldvault-demo';

function wholeNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`${name} must be a whole number from ${min} to ${max}`);
  return value;
}

/**
 * FIELDVAULT_DATA_DIR as an absolute path; undefined when unset. A relative one names a folder under the one the
 * command was given in: `npm run` starts scripts in the package root and keeps that folder in INIT_CWD.
 */
/**
 * Whether the demo re-runs itself inside a private D-Bus session with its own gnome-keyring (scripts/demo.mjs): on
 * Linux, unless that was done already (FIELDVAULT_KEYCHAIN_READY) or a desktop session is there, i.e. a session bus
 * AND a display. A session bus alone is what an SSH login to a fresh VM gives (libpam-systemd, dbus-user-session):
 * gnome-keyring then starts with no unlocked login collection, creating the first secret needs a prompt nobody can
 * answer, and the demo stopped with "start the demo from a desktop session".
 */
export function needsPrivateKeyring(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): boolean {
  if (platform !== 'linux' || env.FIELDVAULT_KEYCHAIN_READY === '1') return false;
  const desktop = (env.DBUS_SESSION_BUS_ADDRESS ?? '') !== '' && ((env.DISPLAY ?? '') !== '' || (env.WAYLAND_DISPLAY ?? '') !== '');
  return !desktop;
}

export function dataDirOverride(env: NodeJS.ProcessEnv): string | undefined {
  const override = env['FIELDVAULT_DATA_DIR'];
  if (override === undefined || override.trim() === '') return undefined;
  const initCwd = env['INIT_CWD'];
  return path.resolve(initCwd !== undefined && initCwd.trim() !== '' ? initCwd : process.cwd(), override);
}

export function demoSettings(repoRoot: string, env: NodeJS.ProcessEnv = process.env): DemoSettings {
  const root = dataDirOverride(env) ?? path.join(repoRoot, '.demo-data');
  // The app reads FIELDVAULT_DATA_DIR too: exported for it, the demo wrote its server, vault copy and log into the
  // user's real vault folder, and "delete the folder to start over" named the real vault.
  if (existsSync(path.join(root, HEADER_FILE))) {
    throw new Error(`${root} holds a FieldVault vault (${HEADER_FILE}): the demo does not write into a real vault's folder. Unset FIELDVAULT_DATA_DIR, or set it to a folder of its own for the demo.`);
  }
  const password = env['FIELDVAULT_DEMO_PASSWORD'] ?? defaultDemoPassword;
  // The rules the app's own create screen applies (the zod messages name the rule, never the value).
  const checked = contract['vault.create'].input.safeParse({ password });
  if (!checked.success) throw new Error(`FIELDVAULT_DEMO_PASSWORD is not a valid vault password: ${checked.error.issues.map((issue) => issue.message).join('; ')}`);
  return {
    repoRoot,
    root,
    serverDir: path.join(root, 'server'),
    desktopDir: path.join(root, 'desktop'),
    keyringDir: path.join(root, 'keyring'),
    serverLog: path.join(root, 'server.log'),
    bundlePath: path.join(root, 'desktop-enrolment.json'),
    desktopPasswordMark: path.join(root, 'desktop-password-mark.json'),
    serverPort: wholeNumber(env, 'FIELDVAULT_DEMO_SERVER_PORT', 8443, 1, 65_535),
    contacts: wholeNumber(env, 'FIELDVAULT_DEMO_CONTACTS', 3000, 1, 100_000),
    password,
    keychainService: keychainService(env),
    appPort: wholeNumber(env, 'FIELDVAULT_PORT', 0, 0, 65_535),
  };
}
