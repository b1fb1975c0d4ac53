// A connected device learns a changed user directory through its long poll:
// a real desktop core (real SQLCipher vault, real keychain) enrolled with
// the real sync server over TLS, pokes on and no periodic timer, shows a
// teammate's new name, and a new teammate, within seconds of the admin's
// change, without sync.now. Its poke names the directory version it holds,
// and the server answers it as soon as the directory it may see differs.
// Should the server's version and the device's never agree, a version wakes
// the device once, not in a loop; a poke refused at once is tried again
// after a growing wait, not back to back.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy';
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
    await client.core.sync.idle(); // enrol answers once the first sync has started
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

describe('user directory versions that never agree', () => {
  let server: TestServer;
  let proxy: FaultProxy;
  let client: SyncClient;

  beforeEach(async () => {
    server = await startTestServer();
    const { certPem, keyPem } = server.org.certificate;
    proxy = await startFaultProxy({ certPem, keyPem, caPem: server.caPem, targetPort: server.server.port });
    client = await startSyncClient({ poke: true, intervalMs: 0, debounceMs: 60_000 });
  });

  afterEach(async () => {
    await client.dispose();
    await proxy.close();
    await server.close();
  });

  it('waits longer after each poke refused at once, instead of cycling back to back', async () => {
    const rep = await server.createUser('Rep');
    await setMemberships(server, rep, ['team-east']);
    // Push, pull and the directory pass; the long poll is refused at once, every time.
    proxy.rule = (path) => (path === '/v1/poke' ? 'refuse' : 'pass');
    await client.call('sync.enrol', { serverUrl: proxy.url, caCertificatePem: server.caPem, enrolmentCode: await enrolmentCode(server, rep) });
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    const sent = (route: string) => proxy.log.filter((entry) => entry.path.split('?')[0] === route).length;
    // A failed poke asks for a cycle, whose success starts the poke again: after 1, 2 s… not at network speed.
    expect(sent('/v1/poke')).toBeGreaterThanOrEqual(2);
    expect(sent('/v1/poke')).toBeLessThanOrEqual(4);
    expect(sent('/v1/pull')).toBeLessThanOrEqual(5);
  });

  it('wakes once for a directory version the server never stops seeing as new, not in a loop', async () => {
    const rep = await server.createUser('Rep');
    await setMemberships(server, rep, ['team-east']);
    // The directory the device fetches names a version other than the one the server's pulls and pokes compute.
    proxy.rewrite = (path, body) => (path === '/v1/users' ? body.replace(/"version":"[^"]*"/, '"version":"never-the-servers"') : body);
    await client.call('sync.enrol', { serverUrl: proxy.url, caCertificatePem: server.caPem, enrolmentCode: await enrolmentCode(server, rep) });
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(await client.call('sync.status', {})).toMatchObject({ state: 'online', lastError: null });
    const sent = (route: string) => proxy.log.filter((entry) => entry.path.split('?')[0] === route).length;
    // The enrolment's cycle, and the one cycle the first poke's wake starts; then the poke waits for commits.
    expect({ pulls: sent('/v1/pull'), users: sent('/v1/users'), pokes: sent('/v1/poke') }).toEqual({ pulls: 2, users: 2, pokes: 2 });
    expect(proxy.inFlight('/v1/poke').now).toBe(1);

    // A commit still wakes it (a new team: the pull backfills it), and then it is quiet again.
    await setMemberships(server, rep, ['team-east', 'team-west']);
    const woken = Date.now();
    while (sent('/v1/pull') === 2 && Date.now() - woken < withinMs) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(sent('/v1/pull')).toBeGreaterThan(2);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const settled = proxy.log.length;
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(proxy.log.length).toBe(settled);
    expect(proxy.inFlight('/v1/poke').now).toBe(1);
  });
});
