// A gateway in front of the sync server sheds load with 429s that name no
// wait: a real desktop core (SQLCipher vault, OS keychain) against the real
// sync server over TLS on loopback, through a proxy that answers for the
// gateway and notes when each request reached it. The engine's retries back
// off from one 429 to the next, each wait drawn at random from its window
// (here shortened: 1 s doubling to 4 s, never under 250 ms), and a cycle that
// succeeds starts the streak over. A maintenance page that names a wait past
// the 5-minute cap (Retry-After: 30 minutes) gets it, the status names it,
// and Sync now still tries at once.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SyncStatusEvent } from '../../src-shared/sync/client-api';
import { maintenanceRetryAfterSeconds, startFaultProxy, type FaultProxy } from '../support/fault-proxy';
import { startSyncClient, type SyncClient } from '../support/sync-client';
import { enrolmentCode, startTestServer, type TestServer } from '../support/sync-server';

const window = { baseMs: 1_000, capMs: 4_000, floorMs: 250 };
/** How much later than its wait a retry may reach the proxy on a loaded machine (the cycle's own work, a TLS handshake). */
const slackMs = 1_500;

describe('retries after a server, or a gateway in front of it, asks for fewer requests', () => {
  let server: TestServer;
  let proxy: FaultProxy;
  let client: SyncClient | undefined;

  beforeEach(async () => {
    server = await startTestServer();
    const { certPem, keyPem } = server.org.certificate;
    proxy = await startFaultProxy({ certPem, keyPem, caPem: server.caPem, targetPort: server.server.port });
  });

  afterEach(async () => {
    await client?.dispose();
    client = undefined;
    await proxy.close();
    await server.close();
  });

  it('waits longer after each 429 that names no wait, jittered within its window, and starts over after a success', async () => {
    // The jitter's draws, in turn; each 429 that names no wait takes the next.
    const draws = [0.8, 0.7, 0.9, 0.6, 0.9, 0.4];
    let drawn = 0;
    const random = () => draws[drawn++] ?? 0.5;
    const rep = await startSyncClient({ poke: false, intervalMs: 0, debounceMs: 60_000, backoff: { baseMs: 1_000, capMs: 60_000 }, rateLimitedBackoff: { ...window, random } });
    client = rep;
    const userId = await server.createUser('Rep');
    await rep.call('sync.enrol', { serverUrl: proxy.url, caCertificatePem: server.caPem, enrolmentCode: await enrolmentCode(server, userId) });
    await until(async () => (await rep.call('sync.status', {})).state === 'online', 10_000, 'the first sync');

    // When each request reached the gateway while it sheds load.
    let arrivals: number[] = [];
    const shedLoad = () => {
      proxy.rule = () => {
        arrivals.push(performance.now());
        return 'rate-limited';
      };
    };
    shedLoad();
    rep.core.sync.networkRestored();
    await until(() => arrivals.length >= 5, 20_000, () => `five requests to the gateway (${arrivals.length} came)`);
    // The window doubles from 1 s to the 4 s cap; each wait lies in it where its draw says: 850, 1475, 3625, 2500 ms.
    const expected = [1_000, 2_000, 4_000, 4_000].map((ceiling, index) => Math.floor(window.floorMs + (draws[index] ?? 0) * (ceiling - window.floorMs)));
    expect(expected).toEqual([850, 1_475, 3_625, 2_500]);
    expectGaps(arrivals.slice(0, 5), expected);

    // The gateway lets requests through again: the next retry succeeds.
    proxy.rule = () => 'pass';
    await until(async () => (await rep.call('sync.status', {})).state === 'online', 10_000, 'a sync through the gateway');
    const afterSuccess = drawn;

    // Limited again: the streak starts over at the 1 s window.
    arrivals = [];
    shedLoad();
    rep.core.sync.networkRestored();
    await until(() => arrivals.length >= 2, 10_000, () => `a retry after a 429 (${arrivals.length} requests came)`);
    expectGaps(arrivals.slice(0, 2), [Math.floor(window.floorMs + (draws[afterSuccess] ?? 0) * (window.baseMs - window.floorMs))]);
    expect(proxy.log.filter((entry) => entry.status === 429).length).toBeGreaterThanOrEqual(6);
  });
  it('waits as long as a maintenance page names, past the 5-minute cap, names it in the status, and tries at once on Sync now', async () => {
    // The default backoff: 1 s doubling to a 5-minute cap.
    const rep = await startSyncClient({ poke: false, intervalMs: 0, debounceMs: 60_000 });
    client = rep;
    const seen: { status: SyncStatusEvent; at: number }[] = [];
    rep.core.events.subscribe((name, payload) => {
      if (name === 'sync.didChangeStatus') seen.push({ status: payload as SyncStatusEvent, at: Date.now() });
    });
    const userId = await server.createUser('Rep');
    await rep.call('sync.enrol', { serverUrl: proxy.url, caCertificatePem: server.caPem, enrolmentCode: await enrolmentCode(server, userId) });
    await until(async () => (await rep.call('sync.status', {})).state === 'online', 10_000, 'the first sync');

    const namedMs = maintenanceRetryAfterSeconds * 1_000;
    /** The retry the status names after the maintenance page's next answer, from `from` on. */
    const retryAfter = async (from: number) => {
      const named = () => seen.slice(from).find(({ status }) => status.state === 'error' && status.nextTryAt !== null);
      await until(() => named() !== undefined, 10_000, 'a retry named after the maintenance page');
      const { status, at } = named() ?? { status: null, at: 0 };
      expect(status?.lastErrorReason).toMatchObject({ code: 'sync_server' });
      // Named as the page asked ("Next try at …" half an hour on, jittered by up to 5 minutes above it), not held to 5 minutes.
      expect((status?.nextTryAt ?? 0) - at).toBeLessThanOrEqual(namedMs + 5 * 60_000);
      expect((status?.nextTryAt ?? 0) - at).toBeGreaterThan(namedMs - slackMs);
    };

    proxy.rule = () => 'maintenance';
    const maintenanceFrom = proxy.log.length;
    const failedFrom = seen.length;
    rep.core.sync.networkRestored();
    await retryAfter(failedFrom);
    expect(proxy.log.slice(maintenanceFrom).every((entry) => entry.fault === 'maintenance' && entry.status === 503)).toBe(true);

    // Sync now tries at once: its request reaches the page, and the answer names the wait again.
    const pressedFrom = proxy.log.length;
    const statusesFrom = seen.length;
    expect(await rep.call('sync.now', {})).toMatchObject({ state: 'error', lastErrorReason: { code: 'sync_server' } });
    expect(proxy.log.length).toBeGreaterThan(pressedFrom);
    await retryAfter(statusesFrom);

    // Maintenance over: Sync now syncs.
    proxy.rule = () => 'pass';
    expect(await rep.call('sync.now', {})).toMatchObject({ state: 'online', lastError: null, nextTryAt: null });
  });
});

/** Each gap between arrivals is its wait, plus at most the slack. */
function expectGaps(arrivals: readonly number[], waits: readonly number[]): void {
  const gaps = arrivals.slice(1).map((at, index) => at - (arrivals[index] ?? at));
  expect(gaps).toHaveLength(waits.length);
  gaps.forEach((gap, index) => {
    const wait = waits[index] ?? 0;
    // A timer fires no sooner than asked (1 ms of rounding aside).
    expect(gap, `gap ${index + 1}`).toBeGreaterThanOrEqual(wait - 2);
    expect(gap, `gap ${index + 1}`).toBeLessThan(wait + slackMs);
  });
}

async function until(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string | (() => string)): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Waited ${timeoutMs} ms for ${typeof what === 'string' ? what : what()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
