// The demo after its server folder was made anew (the user deleted
// .demo-data/server to seed again), on a real SQLCipher vault, the real OS
// keychain (a test-only service name) and the real fieldvault-server (init,
// seed-demo, serve over TLS on the embedded store): the desktop, still
// enrolled with the earlier organisation, is told so and what to delete,
// not the app's words for a Wi-Fi sign-in page; deleting it enrols again.
// A server folder put back from before the enrolment (same CA, no such
// device) is told the same. seed-demo's line reports what the store holds.
import { randomUUID } from 'node:crypto';
import { cp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KeytarKeyStore } from '../../src-main/keychain/keytar.key-store';
import { readHeader } from '../../src-main/vault/vault-header';
import { prepareDesktop } from '../../scripts/demo/desktop';
import { DemoError, prepareOrganisation, startServer, type ServerProcess } from '../../scripts/demo/server-process';
import { demoSettings, type DemoSettings } from '../../scripts/demo/settings';
import { freePort } from '../support/free-port';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const keychainService = `FieldVault-test-${randomUUID()}`;
const keyStore = new KeytarKeyStore(keychainService);
const root = path.join(os.tmpdir(), `fieldvault-demo-reseed-${randomUUID()}`);
const vaultIds: string[] = [];

afterAll(async () => {
  for (const vaultId of vaultIds) await keyStore.delete(vaultId);
  await rm(root, { recursive: true, force: true });
});

function settingsWith(serverPort: number): DemoSettings {
  return demoSettings(repoRoot, {
    FIELDVAULT_DATA_DIR: root,
    FIELDVAULT_KEYCHAIN_SERVICE: keychainService,
    FIELDVAULT_DEMO_SERVER_PORT: String(serverPort),
    FIELDVAULT_DEMO_CONTACTS: '20',
  });
}

/** The demo's server steps as `npm run demo` runs them; the lines it prints are returned. */
async function serveDemo(settings: DemoSettings, beforeServe?: () => Promise<void>): Promise<{ server: ServerProcess; serverUrl: string; printed: string[] }> {
  const printed: string[] = [];
  await prepareOrganisation(settings, (line) => printed.push(line));
  await beforeServe?.();
  const server = startServer(settings, () => undefined);
  return { server, serverUrl: await server.ready, printed };
}

async function stop(server: ServerProcess): Promise<void> {
  server.child.kill('SIGTERM');
  await server.exited;
}

async function rememberVault(settings: DemoSettings): Promise<void> {
  const header = await readHeader(settings.desktopDir);
  if (header !== null) vaultIds.push(header.vaultId);
}

describe('demo: the server folder made anew', () => {
  it('says the desktop is enrolled with an earlier demo organisation and what to delete; deleting it enrols again', async () => {
    const settings = settingsWith(await freePort());
    // A copy of the organisation from before the desktop enrolled (and before serve opened it): same CA, no device of the desktop's.
    const beforeEnrolment = path.join(root, 'server-before-enrolment');
    const earlier = await serveDemo(settings, () => cp(settings.serverDir, beforeEnrolment, { recursive: true }));
    try {
      expect(await prepareDesktop(settings, earlier.serverUrl)).toMatchObject({ state: 'synced', enrolledNow: true, counts: { contacts: 20 } });
      await rememberVault(settings);
    } finally {
      await stop(earlier.server);
    }
    const told = `desktop/ is enrolled with an earlier demo organisation; delete ${settings.desktopDir} to enrol again.`;

    // The server folder put back from before the enrolment: the server does not know the desktop's device.
    await rm(settings.serverDir, { recursive: true });
    await cp(beforeEnrolment, settings.serverDir, { recursive: true });
    const restored = await serveDemo(settings);
    try {
      const preparing = prepareDesktop(settings, restored.serverUrl);
      await expect(preparing).rejects.toBeInstanceOf(DemoError);
      await expect(preparing).rejects.toThrow(told);
    } finally {
      await stop(restored.server);
    }

    // Deleted to seed again, now with fewer contacts asked for: a new organisation, a new CA.
    await rm(settings.serverDir, { recursive: true });
    const reseeded = await serveDemo({ ...settings, contacts: 10 });
    try {
      expect(reseeded.printed).toContainEqual(expect.stringMatching(/^Demo data: seeded 18 records in 1 commit \(10 contacts, /) as unknown);
      const preparing = prepareDesktop(settings, reseeded.serverUrl);
      await expect(preparing).rejects.toBeInstanceOf(DemoError);
      await expect(preparing).rejects.toThrow(told);

      // As told: the desktop folder deleted, the next run makes a new vault and enrols it.
      await rm(settings.desktopDir, { recursive: true });
      await prepareOrganisation({ ...settings, contacts: 10 }, () => undefined);
      const fresh = await prepareDesktop(settings, reseeded.serverUrl);
      await rememberVault(settings);
      expect(fresh).toMatchObject({ state: 'synced', created: true, enrolledNow: true, counts: { contacts: 10 } });

      // A run asking for fewer than the store holds says what the store holds, not the count asked for.
      const printed: string[] = [];
      await prepareOrganisation({ ...settings, contacts: 5 }, (line) => printed.push(line));
      expect(printed).toEqual([expect.stringMatching(/^Demo data: already seeded \(10 contacts, 1 accounts, 2 deals, 2 tasks and 3 activities, owned by u-/) as unknown]);
    } finally {
      await stop(reseeded.server);
    }
  }, 180_000);
});
