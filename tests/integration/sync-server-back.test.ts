// The sync server goes away and comes back: a real desktop core (SQLCipher
// vault, OS keychain) against the real sync server over TLS on loopback.
// Either its listener is closed (connections refused) and then opened again
// on the same port, or a hotel Wi-Fi's sign-in page stands between them: a
// network that either passes connections on to the server untouched (signed
// in) or answers them itself with a certificate of its own (a captive portal
// intercepting TLS), every try then refused on the certificate, worded as
// such, and sending the portal nothing. While the server is away every
// retry's wait stays under the cap for an unanswered try (here shortened to
// 1.5 s, the general backoff left at a minute so that without that cap the
// waits would grow past it), the status names each retry's time, and once it
// is back (or the rep signed in, which changes no address of the device, so
// no network change is noticed) the engine reconnects by its next retry
// alone, with no Sync now, and pushes the change made meanwhile.
import https from 'node:https';
import net, { type AddressInfo, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { SyncStatusEvent } from '../../src-shared/sync/client-api';
import { startSyncServer, type RunningSyncServer } from '../../src-server/http/server';
import { createTestCa } from '../../src-main/sync/testing/test-pki';
import { startSyncClient, type SyncClient } from '../support/sync-client';
import { enrolmentCode, startTestServer, type TestServer } from '../support/sync-server';

const capMs = 1_500;
/** How much later than its time a retry may be seen done on a loaded machine (the cycle's own work, a TLS handshake). */
const slackMs = 3_000;

/** The hotel's network: connections to `url` reach the server once signed in, the portal before. */
interface HotelWifi {
  readonly url: string;
  /** HTTP requests the portal was sent (a device that refuses its certificate sends none). */
  readonly portalRequests: () => number;
  /** The portal answers every new connection, and the ones open now are cut (as a network that starts intercepting does). */
  showPortal(): void;
  signIn(): void;
  close(): Promise<void>;
}

async function startHotelWifi(serverUrl: string): Promise<HotelWifi> {
  const target = new URL(serverUrl);
  // Valid for 127.0.0.1 and localhost, just not from the organisation's CA.
  const { certPem, keyPem } = await (await createTestCa('Hotel Wi-Fi')).issueServer();
  let requests = 0;
  const portal = https.createServer({ cert: certPem, key: keyPem }, (_request, response) => {
    requests += 1;
    response.writeHead(200, { 'content-type': 'text/html' }).end('<html>Sign in to the hotel Wi-Fi</html>');
  });
  let signedIn = true;
  const sockets = new Set<Socket>();
  const network = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    if (!signedIn) {
      portal.emit('connection', socket);
      return;
    }
    const upstream = net.connect(Number(target.port), target.hostname);
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => socket.destroy());
    socket.on('close', () => upstream.destroy());
    upstream.on('close', () => socket.destroy());
    socket.pipe(upstream).pipe(socket);
  });
  await new Promise<void>((resolve) => network.listen(0, target.hostname, resolve));
  const url = new URL(serverUrl);
  url.port = String((network.address() as AddressInfo).port);
  const cutAll = () => {
    for (const socket of sockets) socket.destroy();
  };
  return {
    url: url.origin,
    portalRequests: () => requests,
    showPortal: () => {
      signedIn = false;
      cutAll();
    },
    signIn: () => {
      signedIn = true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        cutAll();
        portal.close();
        network.close(() => resolve());
      }),
  };
}

describe('a sync server that stops and starts again', () => {
  let server: TestServer | undefined;
  let restarted: RunningSyncServer | undefined;
  let hotel: HotelWifi | undefined;
  let client: SyncClient | undefined;

  afterEach(async () => {
    await client?.dispose();
    await hotel?.close();
    await restarted?.close();
    await server?.close();
    client = undefined;
    hotel = undefined;
    restarted = undefined;
    server = undefined;
  });

  /** A rep enrolled with `org` at `url` (default: the server's own) and synced once; `seen` gathers each status pushed, with when it arrived. */
  async function enrolledRep(org: TestServer, url = org.url): Promise<{ rep: SyncClient; seen: { status: SyncStatusEvent; at: number }[] }> {
    const rep = await startSyncClient({ poke: false, intervalMs: 0, debounceMs: 60_000, backoff: { baseMs: 200, capMs: 60_000 }, quickRetryCapMs: capMs });
    client = rep;
    const seen: { status: SyncStatusEvent; at: number }[] = [];
    rep.core.events.subscribe((name, payload) => {
      if (name === 'sync.didChangeStatus') seen.push({ status: payload as SyncStatusEvent, at: Date.now() });
    });
    const userId = await org.createUser('Rep');
    await rep.call('sync.enrol', { serverUrl: url, caCertificatePem: org.caPem, enrolmentCode: await enrolmentCode(org, userId) });
    await until(async () => (await rep.call('sync.status', {})).state === 'online', 10_000, 'the first sync');
    expect((await rep.call('sync.status', {})).nextTryAt).toBeNull();
    return { rep, seen };
  }

  /** Eight failed tries from `from` on (without the cap the window would have doubled from 200 ms to 25.6 s by now), each named in the status, none more than the cap away. */
  async function retriedWithinTheCap(seen: readonly { status: SyncStatusEvent; at: number }[], from: number): Promise<SyncStatusEvent[]> {
    const retries = () => seen.slice(from).filter(({ status }) => status.state === 'offline' && status.nextTryAt !== null);
    await until(() => retries().length >= 8, 30_000, () => `eight retries (${retries().length} came)`);
    for (const { status, at } of retries()) {
      expect(status.nextTryAt ?? 0).toBeGreaterThan(at - 50);
      expect((status.nextTryAt ?? 0) - at).toBeLessThanOrEqual(capMs);
    }
    return retries().map(({ status }) => status);
  }

  /** Once the server can be reached again (from `backAt`), the next retry alone syncs, the change made meanwhile with it. */
  async function foundAgain(rep: SyncClient, backAt: number, what: string): Promise<void> {
    await until(async () => (await rep.call('sync.status', {})).state === 'online', capMs + slackMs, what);
    expect(Date.now() - backAt).toBeLessThan(capMs + slackMs);
    expect(await rep.call('sync.status', {})).toMatchObject({ state: 'online', pendingCount: 0, lastError: null, nextTryAt: null });
  }

  it('is found again by the next retry, at most the cap later, with each retry named in the status', async () => {
    const org = await startTestServer();
    server = org;
    const { rep, seen } = await enrolledRep(org);

    // The server stops: its port refuses connections.
    const port = org.server.port;
    await org.server.close();
    const from = seen.length;
    rep.core.sync.networkRestored();
    await rep.call('contacts.create', { name: 'Made while the server was away' });
    for (const status of await retriedWithinTheCap(seen, from)) expect(status.lastErrorReason).toEqual({ code: 'sync_network', failure: 'unreachable' });
    // Offline, or in the middle of one of its retries (every 1.5 s at most): not online, the change waiting.
    const away = await rep.call('sync.status', {});
    expect(away.pendingCount).toBe(1);
    expect(['offline', 'syncing']).toContain(away.state);

    // The server starts again on the same port; nobody presses Sync now.
    const backAt = Date.now();
    restarted = await startSyncServer({ ctx: org.org.ctx, certificate: org.org.certificate, port });
    await foundAgain(rep, backAt, 'the retry that finds the server back');
  });

  it('behind a hotel Wi-Fi sign-in page, is retried at most the cap apart and found by the next retry after signing in', async () => {
    const org = await startTestServer();
    server = org;
    const wifi = await startHotelWifi(org.url);
    hotel = wifi;
    const { rep, seen } = await enrolledRep(org, wifi.url);

    // The rep opens the laptop in the hotel: the portal intercepts every connection.
    wifi.showPortal();
    const from = seen.length;
    rep.core.sync.networkRestored();
    await rep.call('contacts.create', { name: 'Made in the hotel lobby' });
    for (const [index, status] of (await retriedWithinTheCap(seen, from)).entries()) {
      // Worded as what it is: a certificate not from the organisation, with nothing sent. (The first try
      // may instead have reused a kept-alive connection to the server before it learnt that the portal cut it.)
      if (index > 0 || status.lastErrorReason?.code !== 'sync_network' || status.lastErrorReason.failure !== 'connection_lost') {
        expect(status.lastErrorReason).toEqual({ code: 'sync_network', failure: 'untrusted_certificate' });
        expect(status.lastError).toBe("The sync server's certificate is not from your organisation. Nothing was sent. If this network has a sign-in page (hotel or airport Wi-Fi), sign in there first.");
      }
    }
    expect(wifi.portalRequests()).toBe(0);
    // Offline, or in the middle of one of its retries (every 1.5 s at most): not online, the change waiting.
    const away = await rep.call('sync.status', {});
    expect(away.pendingCount).toBe(1);
    expect(['offline', 'syncing']).toContain(away.state);

    // The rep signs in to the hotel Wi-Fi (in the browser); nobody presses Sync now.
    const signedInAt = Date.now();
    wifi.signIn();
    await foundAgain(rep, signedInAt, 'the retry that finds the server after signing in');
    expect(wifi.portalRequests()).toBe(0);
  });
});

async function until(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string | (() => string)): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Waited ${timeoutMs} ms for ${typeof what === 'string' ? what : what()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
