// A connected device learns a changed user directory through its long poll:
// a real desktop core (real SQLCipher vault, real keychain) enrolled with
// the real sync server over TLS, pokes on and no periodic timer, shows a
// teammate's new name, and a new teammate, within seconds of the admin's
// change, without sync.now. Its poke names the directory version it holds,
// and the server answers it as soon as the directory it may see differs.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSyncClient, type SyncClient } from '../support/sync-client';
import { enrolmentCode, setMemberships, startTestServer, type TestServer } from '../support/sync-server';

/** Well inside the server's 25 s poke timeout and the engine's 5 min timer: only a woken poke is this quick. */
const withinMs = 8_000;

describe('user directory on a connected device', () => {
  let server: TestServer;
  let client: SyncClient;

  beforeEach(async () => {
    server = await startTestServer();
    // Long polls on; no periodic cycle (intervalMs 0) and no local changes to push.
    client = await startSyncClient({ poke: true, intervalMs: 0, debounceMs: 60_000 });
  });

  afterEach(async () => {
    await client.dispose();
    await server.close();
  });

  const people = async () => Object.fromEntries((await client.call('session.user', {})).people.map((person) => [person.userId, person.displayName]));

  async function waitForPeople(what: string, expected: Record<string, string>): Promise<number> {
    const started = Date.now();
    for (;;) {
      const seen = await people();
      const sorted = (byId: Record<string, string>) => JSON.stringify(Object.entries(byId).sort(([a], [b]) => a.localeCompare(b)));
      if (sorted(seen) === sorted(expected)) return Date.now() - started;
      if (Date.now() - started > withinMs) throw new Error(`${what}: the device still shows ${JSON.stringify(Object.values(seen))} after ${withinMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it('shows a teammate’s new name, and a new teammate, within seconds, through the poke', async () => {
    const manager = await server.createUser('Mona Manager');
    const rita = await server.createUser('Rita Rep');
    await setMemberships(server, manager, ['team-east']);
    await setMemberships(server, rita, ['team-east']);
    await client.call('sync.enrol', { serverUrl: server.url, caCertificatePem: server.caPem, enrolmentCode: await enrolmentCode(server, manager) });
    expect(await people()).toEqual({ [manager]: 'Mona Manager', [rita]: 'Rita Rep' });
    expect((await client.call('sync.status', {})).state).toBe('online');
    // Let the engine's long poll reach the server and wait there.
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    const renamed = await server.client.request('POST', '/v1/admin/users/rename', { token: server.admin.token, body: { userId: rita, displayName: 'Rita Renamed' } });
    expect(renamed.status).toBe(200);
    await waitForPeople('the rename', { [manager]: 'Mona Manager', [rita]: 'Rita Renamed' });
    expect(client.events.some((event) => event.name === 'sync.didApplyChanges' && JSON.stringify(event.payload).includes('"people":true'))).toBe(true);

    // The engine pokes again with the new version, and a teammate joining wakes it too.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const nina = await server.createUser('Nina Newcomer');
    await setMemberships(server, nina, ['team-east']);
    await waitForPeople('the new teammate', { [manager]: 'Mona Manager', [rita]: 'Rita Renamed', [nina]: 'Nina Newcomer' });

    for (const name of ['Mona Manager', 'Rita Rep', 'Rita Renamed', 'Nina Newcomer']) {
      expect(client.logLines.some((line) => line.includes(name))).toBe(false);
    }
  });
});
