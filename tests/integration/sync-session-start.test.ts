// Starting and stopping the sync engine's session while another start is
// still awaiting the vault: a real desktop core (SQLCipher vault, OS
// keychain) against the real sync server over TLS on loopback, through a
// proxy that counts the connections the device holds open and the long polls
// it has waiting. Starts that overlap (unlock, sync.now, an enrolment) share
// one session; a stop or a lock during a start leaves none behind, and no
// connection stays open after it, nor does a cycle the stop cut short send
// anything more. Once the app closes, nothing starts again, and an
// enrolment is refused (LOCKED) and stores nothing, even one whose code was
// being traded when closing began.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readEnrolment } from '../../src-main/sync/enrolment';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy';
import { startSyncClient, syncClientPassword, type SyncClient } from '../support/sync-client';
import { enrolmentCode, revoke, startTestServer, type TestServer } from '../support/sync-server';

describe('sync session start and stop', () => {
  let server: TestServer;
  let proxy: FaultProxy;
  let userId: string;
  let clients: SyncClient[];

  beforeEach(async () => {
    server = await startTestServer();
    const { certPem, keyPem } = server.org.certificate;
    proxy = await startFaultProxy({ certPem, keyPem, caPem: server.caPem, targetPort: server.server.port });
    userId = await server.createUser('Rep');
    clients = [];
  });

  afterEach(async () => {
    for (const client of clients) await client.dispose();
    await proxy.close();
    await server.close();
  });

  const client = async (poke: boolean): Promise<SyncClient> => {
    const made = await startSyncClient({ poke, intervalMs: 0, debounceMs: 60_000 });
    clients.push(made);
    return made;
  };

  /** Enrolled and through the first sync (enrol answers once it has started); the enrol answer. */
  const enrol = async (rep: SyncClient) => {
    const status = await rep.call('sync.enrol', { serverUrl: proxy.url, caCertificatePem: server.caPem, enrolmentCode: await enrolmentCode(server, userId) });
    await rep.core.sync.idle();
    return status;
  };

  /** Locked and unlocked again without the core's own start, so the test decides when starts happen. */
  const reopen = async (rep: SyncClient) => {
    await rep.call('vault.lock', {});
    await until('the lock to close every connection', () => proxy.openConnections() === 0);
    await rep.core.vault.unlock(syncClientPassword);
  };

  /** A read that holds the vault's reader until released (a long list, say), queueing the reads after it. */
  const slowRead = (rep: SyncClient) => {
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const done = rep.core.vault.connection().read(() => released);
    return { release, done };
  };

  it('shares one session among starts asked together, and lock leaves no connection open', async () => {
    const rep = await client(true);
    await enrol(rep);
    await reopen(rep);
    // The unlock's start reads the vault first; a slow read queues sync.now's start behind the first cycle.
    const unlocked = rep.core.sync.start();
    const slow = slowRead(rep);
    const pressed = rep.call('sync.now', {});
    const again = rep.core.sync.start();
    await unlocked;
    slow.release();
    await slow.done;
    expect(await pressed).toMatchObject({ state: 'online', lastError: null });
    await again;
    // One session: one long poll waits at the server, never two.
    await until('the long poll', () => proxy.inFlight('/v1/poke').now === 1);
    await rep.call('sync.now', {});
    await until('the long poll after sync.now', () => proxy.inFlight('/v1/poke').now === 1);
    expect(proxy.inFlight('/v1/poke').peak).toBe(1);

    await rep.call('vault.lock', {});
    expect(rep.core.sync.running).toBe(false);
    await until('the lock to close every connection the device opened', () => proxy.openConnections() === 0, 3_000);
  });

  it('opens nothing when stopped while a start awaits the vault, and starts again afterwards', async () => {
    const rep = await client(false);
    await enrol(rep);
    await reopen(rep);
    const from = proxy.log.length;
    const starting = rep.core.sync.start();
    await rep.core.sync.stop();
    await starting;
    expect(rep.core.sync.running).toBe(false);
    await rep.call('contacts.create', { name: 'After Stop' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(proxy.log.slice(from)).toEqual([]);
    expect(proxy.openConnections()).toBe(0);

    expect(await rep.call('sync.now', {})).toMatchObject({ state: 'online', pendingCount: 0, lastError: null });
    expect(rep.core.sync.running).toBe(true);
  });

  it('leaves no session when locked during a start, and the next unlock syncs', async () => {
    const rep = await client(true);
    await enrol(rep);
    await reopen(rep);
    const starting = rep.core.sync.start();
    await rep.call('vault.lock', {});
    await starting.catch(() => undefined);
    expect(rep.core.sync.running).toBe(false);
    await until('no connection open while locked', () => proxy.openConnections() === 0, 3_000);

    await rep.call('vault.unlock', { password: syncClientPassword });
    await until('the long poll after unlock', () => proxy.inFlight('/v1/poke').now === 1);
    expect(await rep.call('sync.status', {})).toMatchObject({ state: 'online', lastError: null });
    expect(proxy.inFlight('/v1/poke').peak).toBe(1);
  });

  it('starts syncing on enrolment while another start is in flight', async () => {
    const rep = await client(true);
    const exchange = proxy.hold('/v1/enrol');
    const enrolled = enrol(rep);
    await exchange.arrived;
    // sync.now before the enrolment is stored: its start waits behind a slow read while the enrolment completes.
    const slow = slowRead(rep);
    const pressed = rep.call('sync.now', {});
    exchange.release();
    // Stored (the enrolment's own start now waits behind the slow read too).
    await until('the enrolment stored', () => rep.logLines.some((line) => line.includes('sync.enrolled')));
    slow.release();
    await slow.done;
    expect(await enrolled).toMatchObject({ enrolled: true });
    await pressed;
    expect(rep.core.sync.running).toBe(true);
    await until('the long poll', () => proxy.inFlight('/v1/poke').now === 1);
    expect(proxy.inFlight('/v1/poke').peak).toBe(1);
    await rep.call('vault.lock', {});
    await until('the lock to close every connection the device opened', () => proxy.openConnections() === 0, 3_000);
  });

  it('leaves no session behind when sync.now is pressed while a revocation wipes the vault', async () => {
    const rep = await client(false);
    await enrol(rep);
    const enrolment = await rep.core.vault.connection().read(readEnrolment);
    if (enrolment === null) throw new Error('not enrolled');
    await revoke(server, enrolment.deviceId);
    await reopen(rep);
    const answers = await Promise.allSettled([rep.call('sync.now', {}), rep.call('sync.now', {}), rep.core.sync.start()]);
    expect(answers.filter((answer) => answer.status === 'fulfilled')).not.toHaveLength(0);
    await until('the wipe', async () => (await rep.call('vault.status', {})).state === 'none');
    expect(rep.core.sync.running).toBe(false);
    await until('every connection closed', () => proxy.openConnections() === 0, 3_000);
  });

  /** A connected device whose reconnect cycle reads the outbox behind a slow read (release it to let the cycle go on). */
  const cycleAwaitingVault = async () => {
    const rep = await client(true);
    await enrol(rep);
    await until('the long poll', () => proxy.inFlight('/v1/poke').now === 1);
    const slow = slowRead(rep);
    rep.core.sync.networkRestored();
    return { rep, slow };
  };

  it('sends nothing more once stopped while a cycle waits for the vault', async () => {
    // The stop comes before the cycle's read ends.
    const { rep, slow } = await cycleAwaitingVault();
    const from = proxy.log.length;
    const stopping = rep.core.sync.stop();
    slow.release();
    await stopping;
    expect(rep.core.sync.running).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(proxy.log.slice(from)).toEqual([]);
    await until('every connection closed', () => proxy.openConnections() === 0, 3_000);
  });

  it('starts nothing for a sync.now that arrives while the app closes', async () => {
    // Closing waits for the cycle to end.
    const { rep, slow } = await cycleAwaitingVault();
    const closing = rep.core.close();
    const cyclesBefore = syncingEvents(rep);
    // "Sync now" arrives once closing has begun: the vault is still open, and stays so until sync has stopped.
    const pressed = rep.callError('sync.now', {});
    await new Promise((resolve) => setTimeout(resolve, 100));
    slow.release();
    await closing;
    expect(rep.core.sync.running).toBe(false);
    await until('every connection closed', () => proxy.openConnections() === 0, 3_000);
    // Nothing runs later either: no cycle started, no request sent, no long poll waiting.
    const requests = proxy.log.length;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(syncingEvents(rep)).toBe(cyclesBefore);
    expect(proxy.log.length).toBe(requests);
    expect(proxy.inFlight('/v1/poke').now).toBe(0);
    expect(proxy.openConnections()).toBe(0);
    // The press is refused as after a lock.
    expect(await pressed).toBe('LOCKED');
  });

  /** The enrolment stored in the device's vault (the vault stays open: only sync closed). */
  const storedEnrolment = (rep: SyncClient) => rep.core.vault.connection().read(readEnrolment);
  const enrolRequests = () => proxy.log.filter((entry) => entry.path === '/v1/enrol').length;

  it('refuses an enrolment that arrives while sync closes, and stores nothing', async () => {
    const rep = await client(false);
    // Closing waits for a start that awaits the vault behind a slow read.
    const slow = slowRead(rep);
    const starting = rep.core.sync.start();
    const closing = rep.core.sync.close();
    const enrolling = rep.callError('sync.enrol', { serverUrl: proxy.url, caCertificatePem: server.caPem, enrolmentCode: await enrolmentCode(server, userId) });
    await new Promise((resolve) => setTimeout(resolve, 100));
    slow.release();
    await slow.done;
    await starting;
    await closing;
    expect(await enrolling).toBe('LOCKED');
    expect(await storedEnrolment(rep)).toBeNull();
    // The code was not even traded: it stays good for the next try.
    expect(enrolRequests()).toBe(0);
    expect(rep.core.sync.running).toBe(false);
  });

  it('stores no enrolment whose code was being traded when sync began to close, and the same code enrols it on the next try', async () => {
    const rep = await client(false);
    const exchange = proxy.hold('/v1/enrol');
    const code = await enrolmentCode(server, userId);
    const enrolling = rep.callError('sync.enrol', { serverUrl: proxy.url, caCertificatePem: server.caPem, enrolmentCode: code });
    await exchange.arrived;
    await rep.core.sync.close();
    exchange.release();
    expect(await enrolling).toBe('LOCKED');
    expect(enrolRequests()).toBe(1);
    expect(await storedEnrolment(rep)).toBeNull();
    expect(rep.core.sync.running).toBe(false);

    // The server used the code up for a device whose answer was thrown away. The next try with the same code gets
    // that device back under a new token; before, it was refused as "already used", and only a new code helped.
    // (A client of its own here, as after the next unlock: this one's sync is closed for good. The same process.)
    const next = await client(false);
    const enrolled = await next.call('sync.enrol', { serverUrl: proxy.url, caCertificatePem: server.caPem, enrolmentCode: code });
    expect(enrolled).toMatchObject({ enrolled: true });
    const stored = await storedEnrolment(next);
    expect(stored?.userId).toBe(userId);
    const devices = await server.org.store.read((tx) => tx.listDevices(userId));
    expect(devices.filter((device) => device.revokedAt === null).map((device) => device.id)).toContain(stored?.deviceId);
    await until('the enrolled device synced', async () => (await next.call('sync.status', {})).lastSuccessAt !== null);
    // Synced once, the device is held: the code is used up for good.
    const third = await client(false);
    expect(await third.callError('sync.enrol', { serverUrl: proxy.url, caCertificatePem: server.caPem, enrolmentCode: code })).toBe('SYNC_FAILED');
  });

  it('answers a second Connect pressed while the first trades the code with the first one: one trade, a token that works', async () => {
    const rep = await client(false);
    const exchange = proxy.hold('/v1/enrol');
    const input = { serverUrl: proxy.url, caCertificatePem: server.caPem, enrolmentCode: await enrolmentCode(server, userId) };
    const first = rep.call('sync.enrol', input);
    await exchange.arrived;
    // Settings left and opened again, the bundle loaded again, Connect: the same code, the same attempt id.
    // Before, it reached the server while the first waited, was answered a token and stored it; the first,
    // answered next for the same device, replaced that token on the server, and every sync was refused.
    const second = rep.call('sync.enrol', input);
    await Promise.race([second, new Promise((resolve) => setTimeout(resolve, 1_000))]);
    exchange.release();
    const answers = await Promise.all([first, second]);
    expect(answers.map((answer) => answer.enrolled)).toEqual([true, true]);
    expect(enrolRequests()).toBe(1);
    await until('the device synced', async () => (await rep.call('sync.status', {})).lastSuccessAt !== null);
    expect((await rep.call('sync.status', {})).lastError).toBeNull();
  });
});

/** How many cycles the client has started (each publishes the state `syncing`). */
function syncingEvents(rep: SyncClient): number {
  return rep.events.filter((event) => event.name === 'sync.didChangeStatus' && (event.payload as { state?: unknown }).state === 'syncing').length;
}

/** Waits until check holds, or fails naming what did not happen. */
async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  for (const started = Date.now(); !(await check()); ) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
