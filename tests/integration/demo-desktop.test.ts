// The demo's desktop preparation (scripts/demo/desktop.ts) on a real SQLCipher
// vault, the real OS keychain (a test-only service name) and the real
// fieldvault-server (init, seed-demo, serve over TLS), in a temp demo folder:
// a rerun after the user changed the vault's password in the app spends no
// unlock attempt and starts the app locked; a folder from before the demo
// marked its password tries it once, never again over a counted failure; and
// an app still running on the desktop folder stops the preparation.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../../src-main/app/core';
import { InstanceLockedError } from '../../src-main/app/instance-lock';
import { KeytarKeyStore } from '../../src-main/keychain/keytar.key-store';
import { createMemoryLogger } from '../../src-main/log/logger';
import { readHeader } from '../../src-main/vault/vault-header';
import { prepareDesktop } from '../../scripts/demo/desktop';
import { prepareOrganisation, startServer, type ServerProcess } from '../../scripts/demo/server-process';
import { demoSettings, type DemoSettings } from '../../scripts/demo/settings';
import { freePort } from '../support/free-port';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const roots: string[] = [];
const keychainService = `FieldVault-test-${randomUUID()}`;

function settingsFor(serverPort: number): DemoSettings {
  const root = path.join(os.tmpdir(), `fieldvault-demo-desktop-${randomUUID()}`);
  roots.push(root);
  return demoSettings(repoRoot, {
    FIELDVAULT_DATA_DIR: root,
    FIELDVAULT_KEYCHAIN_SERVICE: keychainService,
    FIELDVAULT_DEMO_SERVER_PORT: String(serverPort),
    FIELDVAULT_DEMO_CONTACTS: '20',
  });
}

async function failedUnlocks(settings: DemoSettings): Promise<number> {
  const header = await readHeader(settings.desktopDir);
  if (header === null) throw new Error('no vault');
  return header.failedUnlocks.count;
}

afterAll(async () => {
  const keyStore = new KeytarKeyStore(keychainService);
  for (const root of roots) {
    const header = await readHeader(path.join(root, 'desktop')).catch(() => null);
    if (header !== null) await keyStore.delete(header.vaultId);
    await rm(root, { recursive: true, force: true });
  }
});

describe('demo desktop: a password changed in the app', () => {
  let settings: DemoSettings;
  let server: ServerProcess;
  let serverUrl: string;

  beforeAll(async () => {
    settings = settingsFor(await freePort());
    await prepareOrganisation(settings, () => undefined);
    server = startServer(settings, () => undefined);
    serverUrl = await server.ready;
  });

  afterAll(async () => {
    server.child.kill('SIGTERM');
    await server.exited;
  });

  it('is not tried on the next run: the app starts locked, and no unlock attempt is counted; a missing device key is said as such', async () => {
    const first = await prepareDesktop(settings, serverUrl);
    expect(first).toMatchObject({ state: 'synced', created: true, enrolledNow: true, counts: { contacts: 20 } });

    // Another keychain service than the vault's (FIELDVAULT_KEYCHAIN_SERVICE changed): said so, not "delete the folder" alone.
    await expect(prepareDesktop({ ...settings, keychainService: `FieldVault-test-${randomUUID()}` }, serverUrl)).rejects.toThrow(
      /\(DEVICE_SECRET_MISSING\)\. If FIELDVAULT_KEYCHAIN_SERVICE or the keyring changed since the vault was made, set it back; otherwise/,
    );
    expect(await failedUnlocks(settings)).toBe(0);

    // The user signs in with the demo password and changes it, as the app's settings do.
    const core = createCore({ dataDir: settings.desktopDir, keyStore: new KeytarKeyStore(keychainService), log: createMemoryLogger(), isTrustedSender: () => false, idleLockMs: 0 });
    try {
      await core.vault.unlock(settings.password);
      await core.vault.changePassword(settings.password, 'a password of the user');
    } finally {
      await core.close();
    }

    const second = await prepareDesktop(settings, serverUrl);
    expect(second).toEqual({
      state: 'locked',
      message:
        "The desktop vault's password is no longer the demo password (changed in the app), so the demo does not try it: the app starts locked: sign in with your password there (it syncs once you are signed in).",
    });
    expect(await failedUnlocks(settings)).toBe(0);

    // A folder from before the demo marked its password: tried once, and not again over the failure that counted.
    await rm(settings.desktopPasswordMark);
    const legacy = await prepareDesktop(settings, serverUrl);
    expect(legacy).toEqual({
      state: 'locked',
      message: 'The demo password did not open the desktop vault (WRONG_PASSWORD, 9 tries left before it is erased): the app starts locked: sign in with your password there (it syncs once you are signed in).',
    });
    expect(await failedUnlocks(settings)).toBe(1);
    const again = await prepareDesktop(settings, serverUrl);
    expect(again).toMatchObject({ state: 'locked', message: expect.stringMatching(/^The desktop vault has failed sign-ins on record, so the demo does not add one/) as unknown });
    expect(await failedUnlocks(settings)).toBe(1);
  });
});

describe('demo desktop: an app running on the desktop folder', () => {
  it('stops the preparation with the instance lock error, and leaves the folder as it was', async () => {
    const settings = settingsFor(await freePort());
    // Another process holds the folder's lock, as a running shell does.
    const holder = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `import { mkdirSync } from 'node:fs'; const { acquireInstanceLock } = await import(${JSON.stringify(path.join(repoRoot, 'src-main', 'app', 'instance-lock.ts'))});` +
          `mkdirSync(process.argv[1], { recursive: true }); acquireInstanceLock(process.argv[1]); process.stdout.write('held\\n'); setInterval(() => undefined, 1000);`,
        settings.desktopDir,
      ],
      { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      await new Promise<void>((resolve, reject) => {
        holder.once('exit', (code) => reject(new Error(`lock holder exited with ${String(code)}`)));
        readline.createInterface({ input: holder.stdout }).on('line', (line) => (line === 'held' ? resolve() : undefined));
      });
      // No server is needed: nothing may be opened before the lock is had.
      const preparing = prepareDesktop(settings, 'https://127.0.0.1:9');
      await expect(preparing).rejects.toBeInstanceOf(InstanceLockedError);
      await expect(preparing).rejects.toThrow(`FieldVault is already running with this data folder (process ${String(holder.pid)})`);
      expect(await readHeader(settings.desktopDir)).toBeNull();
    } finally {
      holder.kill('SIGTERM');
    }
  });
});
