// "Sync now" (sync.now) pressed while an automatic cycle (a poke, a
// reconnect) is already running: a real desktop core (SQLCipher vault, OS
// keychain) against the real sync server over TLS on loopback, through a
// proxy that holds one request to catch the cycle in the middle and counts
// the pushes and pulls the server sees. The running cycle answers the press
// when it asks for its pull after the press and pushes everything that was
// waiting; a pull asked for before the press (its answer may predate a change
// the user pressed for) or a change it leaves behind costs one more cycle,
// and only a failure that may pass at once (a lost connection, a 5xx) is
// tried again at once: a 429 is not.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BackoffPolicy } from '../../src-main/sync/backoff';
import { uuid7 } from '../../src-main/vault/uuid7';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy';
import { startSyncClient, type SyncClient } from '../support/sync-client';
import { contactValues, enrolmentCode, protocolDevice, startTestServer, type TestDevice, type TestServer } from '../support/sync-server';

describe('sync.now during a running cycle', () => {
  let server: TestServer;
  let proxy: FaultProxy;
  let userId: string;
  let laptop2: TestDevice;
  let clients: SyncClient[];

  beforeEach(async () => {
    server = await startTestServer();
    const { certPem, keyPem } = server.org.certificate;
    proxy = await startFaultProxy({ certPem, keyPem, caPem: server.caPem, targetPort: server.server.port });
    userId = await server.createUser('Rep');
    laptop2 = await protocolDevice(server, userId);
    clients = [];
  });

  afterEach(async () => {
    for (const client of clients) await client.dispose();
    await proxy.close();
    await server.close();
  });

  /** An enrolled device that syncs only when told (poke aside): no timer, no push on its own. */
  const device = async (poke: boolean, backoff?: BackoffPolicy): Promise<SyncClient> => {
    const client = await startSyncClient({ poke, intervalMs: 0, debounceMs: 60_000, ...(backoff === undefined ? {} : { backoff }) });
    clients.push(client);
    await client.call('sync.enrol', { serverUrl: proxy.url, caCertificatePem: server.caPem, enrolmentCode: await enrolmentCode(server, userId) });
    await client.core.sync.idle(); // enrol answers once the first sync has started
    return client;
  };

  /** The pushes and pulls the server has been sent since the proxy's log held `from` entries. */
  const requests = (from: number) => {
    const paths = proxy.log.slice(from).map((entry) => entry.path.split('?')[0]);
    return { pushes: paths.filter((path) => path === '/v1/push').length, pulls: paths.filter((path) => path === '/v1/pull').length };
  };

  /** Starts a cycle as a reconnect does, and waits until its first request to path is held at the proxy. */
  const catchCycle = async (rep: SyncClient, path: string) => {
    const held = proxy.hold(path);
    const from = proxy.log.length;
    rep.core.sync.networkRestored();
    await held.arrived;
    return { held, from };
  };

  const reachedServer = async (recordId: string): Promise<boolean> => {
    await laptop2.pullAll();
    return laptop2.replica.has(`contacts/${recordId}`);
  };

  it("joins a poke's cycle that pushes everything waiting and pulls after the press: no second cycle", async () => {
    const rep = await device(true);
    const waiting = await rep.call('contacts.create', { name: 'Waiting Wanda' });
    const push = proxy.hold('/v1/push');
    const from = proxy.log.length;
    // A change on the server: the long poll answers and the device starts a cycle by itself.
    const remote = uuid7();
    await laptop2.push([laptop2.upsert('contacts', remote, contactValues(userId, { name: 'Poked Paula' }))]);
    await push.arrived;
    // The cycle is pushing what was waiting; it pulls after the press, and nothing is written after.
    const answer = rep.call('sync.now', {});
    push.release();
    expect(await answer).toMatchObject({ state: 'online', pendingCount: 0, lastError: null });
    expect(requests(from)).toEqual({ pushes: 1, pulls: 1 });
    expect(await reachedServer(waiting.id)).toBe(true);
    expect((await rep.call('contacts.get', { id: remote })).contact.name).toBe('Poked Paula');
  });

  it('joins a cycle whose push takes a change written while it pushes: no second cycle', async () => {
    const rep = await device(false);
    await rep.call('contacts.create', { name: 'Waiting Wanda' });
    const { held: push, from } = await catchCycle(rep, '/v1/push');
    // Written after the cycle took its batch, before its push reads the outbox again.
    const during = await rep.call('contacts.create', { name: 'During Dora' });
    const answer = rep.call('sync.now', {});
    push.release();
    expect(await answer).toMatchObject({ state: 'online', pendingCount: 0, lastError: null });
    expect(requests(from)).toEqual({ pushes: 2, pulls: 1 });
    expect(await reachedServer(during.id)).toBe(true);
  });

  it('runs exactly one more cycle for a change written after the running one pushed, and answers with it', async () => {
    const rep = await device(false);
    // A reconnect starts a cycle; it finds nothing to push and waits for its pull.
    const { held: firstPull, from } = await catchCycle(rep, '/v1/pull');
    const late = await rep.call('contacts.create', { name: 'Late Lena' });
    // Pressed twice (the button, then S): both presses share the one more cycle.
    const answer = rep.call('sync.now', {});
    const again = rep.call('sync.now', {});
    const secondPull = proxy.hold('/v1/pull');
    firstPull.release();
    // The one more cycle has pushed the late change and waits for its own pull.
    await secondPull.arrived;
    expect(requests(from)).toEqual({ pushes: 1, pulls: 1 });
    // Another reconnect while it runs asks for a cycle after it: "Sync now" answers without waiting for that one.
    rep.core.sync.networkRestored();
    const thirdPull = proxy.hold('/v1/pull');
    secondPull.release();
    await thirdPull.arrived;
    const answers = await Promise.race([Promise.all([answer, again]), new Promise<null>((resolve) => setTimeout(() => resolve(null), 10_000))]);
    expect(requests(from)).toEqual({ pushes: 1, pulls: 2 });
    thirdPull.release();
    expect(answers).toMatchObject([
      { pendingCount: 0, lastError: null },
      { pendingCount: 0, lastError: null },
    ]);
    expect(await reachedServer(late.id)).toBe(true);
  });

  it('runs one more cycle for presses that come after the running cycle asked for its pull, and answers with it', async () => {
    const rep = await device(false);
    // A reconnect starts a cycle; nothing to push, and the server has answered its pull, which the proxy holds.
    const answered = proxy.holdAnswer('/v1/pull');
    const from = proxy.log.length;
    rep.core.sync.networkRestored();
    await answered.arrived;
    // Pressed twice (the button, then S), and another device pushes a change meanwhile: after the pull was answered, before the press is.
    const answer = rep.call('sync.now', {});
    const again = rep.call('sync.now', {});
    const remote = uuid7();
    await laptop2.push([laptop2.upsert('contacts', remote, contactValues(userId, { name: 'Meanwhile Mia' }))]);
    answered.release();
    expect(await Promise.all([answer, again])).toMatchObject([
      { state: 'online', pendingCount: 0, lastError: null },
      { state: 'online', pendingCount: 0, lastError: null },
    ]);
    // By the time "Sync now" answers, the change is on the device: both presses shared the one more cycle.
    expect((await rep.call('contacts.get', { id: remote })).contact.name).toBe('Meanwhile Mia');
    expect(requests(from)).toEqual({ pushes: 0, pulls: 2 });
  });

  it('answers with a failure of the running cycle that trying again at once cannot fix', async () => {
    const rep = await device(false);
    await rep.call('contacts.create', { name: 'Skewed Sam' });
    proxy.rule = (path) => (path === '/v1/push' ? 'clock-skew' : 'pass');
    // The push is refused for the device's clock; the pull still runs, and the cycle then reports the refusal.
    const { held: pull, from } = await catchCycle(rep, '/v1/pull');
    const answer = rep.call('sync.now', {});
    pull.release();
    const status = await answer;
    expect(status).toMatchObject({ state: 'error', pendingCount: 1, lastErrorReason: { code: 'sync_server', problem: 'clock_skew' } });
    expect(requests(from)).toEqual({ pushes: 1, pulls: 1 });
  });

  it('answers with a 429 of the running cycle that names no wait, and leaves the retry to wait', async () => {
    // The jitter pinned at the bottom: the backoff alone would retry within a millisecond.
    const rep = await device(false, { baseMs: 1_000, capMs: 600_000, random: () => 0 });
    await rep.call('contacts.create', { name: 'Limited Lou' });
    const { held: pull, from } = await catchCycle(rep, '/v1/pull');
    const answer = rep.call('sync.now', {});
    // A gateway in front of the server sheds load: 429, no Retry-After, no retryAfterMs.
    proxy.rule = (path) => (path === '/v1/pull' ? 'rate-limited' : 'pass');
    pull.release();
    expect(await answer).toMatchObject({ state: 'error', pendingCount: 0, lastErrorReason: { code: 'sync_server', problem: 'server_problem' } });
    expect(requests(from)).toEqual({ pushes: 1, pulls: 1 });
    // Nor does the scheduled retry come at once.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(requests(from)).toEqual({ pushes: 1, pulls: 1 });
    expect(proxy.log.slice(from).filter((entry) => entry.fault === 'rate-limited')).toHaveLength(1);
  });

  it('tries once more, at once, when the running cycle lost its connection', async () => {
    const rep = await device(false);
    const waiting = await rep.call('contacts.create', { name: 'Retried Rita' });
    const { held: pull, from } = await catchCycle(rep, '/v1/pull');
    const answer = rep.call('sync.now', {});
    // The held pull's answer is cut in the middle; later requests pass.
    let cut = false;
    proxy.rule = (path) => {
      if (path !== '/v1/pull' || cut) return 'pass';
      cut = true;
      return 'cut-midway';
    };
    pull.release();
    expect(await answer).toMatchObject({ state: 'online', pendingCount: 0, lastError: null });
    expect(requests(from)).toEqual({ pushes: 1, pulls: 2 });
    expect(proxy.log.filter((entry) => entry.fault === 'cut-midway')).toHaveLength(1);
    expect(await reachedServer(waiting.id)).toBe(true);
  });

  it('runs at once when pressed while a failed cycle waits out its backoff', async () => {
    // A ten-minute backoff with its jitter pinned near the top.
    const rep = await device(false, { baseMs: 600_000, capMs: 600_000, random: () => 0.99 });
    const waiting = await rep.call('contacts.create', { name: 'Backed-off Bo' });
    proxy.rule = () => 'refuse';
    rep.core.sync.networkRestored();
    for (let status = await rep.call('sync.status', {}); status.state !== 'offline'; status = await rep.call('sync.status', {})) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    proxy.rule = () => 'pass';
    const from = proxy.log.length;
    expect(await rep.call('sync.now', {})).toMatchObject({ state: 'online', pendingCount: 0, lastError: null });
    expect(requests(from)).toEqual({ pushes: 1, pulls: 1 });
    expect(await reachedServer(waiting.id)).toBe(true);
  });
});
