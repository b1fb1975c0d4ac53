// The sync server goes away and comes back: a real desktop core (SQLCipher
// vault, OS keychain) against the real sync server over TLS on loopback,
// whose listener is closed (connections refused) and then opened again on the
// same port. While it is away every retry's wait stays under the cap for an
// unreachable server (here shortened to 1.5 s, the general backoff left at a
// minute so that without that cap the waits would grow past it), the status
// names each retry's time, and once it is back the engine reconnects by its
// next retry alone, with no Sync now and no network change, and pushes the
// change made meanwhile.
import { afterEach, describe, expect, it } from 'vitest';
import type { SyncStatusEvent } from '../../src-shared/sync/client-api';
import { startSyncServer, type RunningSyncServer } from '../../src-server/http/server';
import { startSyncClient, type SyncClient } from '../support/sync-client';
import { enrolmentCode, startTestServer, type TestServer } from '../support/sync-server';

const capMs = 1_500;
/** How much later than its time a retry may be seen done on a loaded machine (the cycle's own work, a TLS handshake). */
const slackMs = 3_000;

describe('a sync server that stops and starts again', () => {
  let server: TestServer | undefined;
  let restarted: RunningSyncServer | undefined;
  let client: SyncClient | undefined;

  afterEach(async () => {
    await client?.dispose();
    await restarted?.close();
    await server?.close();
    client = undefined;
    restarted = undefined;
    server = undefined;
  });

  it('is found again by the next retry, at most the cap later, with each retry named in the status', async () => {
    const org = await startTestServer();
    server = org;
    const rep = await startSyncClient({ poke: false, intervalMs: 0, debounceMs: 60_000, backoff: { baseMs: 200, capMs: 60_000 }, unreachableCapMs: capMs });
    client = rep;
    /** Each status pushed, with when it arrived. */
    const seen: { status: SyncStatusEvent; at: number }[] = [];
    rep.core.events.subscribe((name, payload) => {
      if (name === 'sync.didChangeStatus') seen.push({ status: payload as SyncStatusEvent, at: Date.now() });
    });
    const userId = await org.createUser('Rep');
    await rep.call('sync.enrol', { serverUrl: org.url, caCertificatePem: org.caPem, enrolmentCode: await enrolmentCode(org, userId) });
    await until(async () => (await rep.call('sync.status', {})).state === 'online', 10_000, 'the first sync');
    expect((await rep.call('sync.status', {})).nextTryAt).toBeNull();

    // The server stops: its port refuses connections.
    const port = org.server.port;
    await org.server.close();
    const from = seen.length;
    rep.core.sync.networkRestored();
    await rep.call('contacts.create', { name: 'Made while the server was away' });
    // Eight failed tries: without the cap the window would have doubled from 200 ms to 25.6 s by now.
    const retries = () => seen.slice(from).filter(({ status }) => status.state === 'offline' && status.nextTryAt !== null);
    await until(() => retries().length >= 8, 30_000, () => `eight retries (${retries().length} came)`);
    for (const { status, at } of retries()) {
      expect(status.lastErrorReason).toEqual({ code: 'sync_network', failure: 'unreachable' });
      expect(status.nextTryAt ?? 0).toBeGreaterThan(at - 50);
      expect((status.nextTryAt ?? 0) - at).toBeLessThanOrEqual(capMs);
    }
    const offline = await rep.call('sync.status', {});
    expect(offline).toMatchObject({ state: 'offline', pendingCount: 1 });

    // The server starts again on the same port; nobody presses Sync now.
    const backAt = Date.now();
    restarted = await startSyncServer({ ctx: org.org.ctx, certificate: org.org.certificate, port });
    await until(async () => (await rep.call('sync.status', {})).state === 'online', capMs + slackMs, 'the retry that finds the server back');
    expect(Date.now() - backAt).toBeLessThan(capMs + slackMs);
    expect(await rep.call('sync.status', {})).toMatchObject({ state: 'online', pendingCount: 0, lastError: null, nextTryAt: null });
  });
});

async function until(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string | (() => string)): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Waited ${timeoutMs} ms for ${typeof what === 'string' ? what : what()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
