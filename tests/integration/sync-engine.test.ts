// The sync engine end to end: a real desktop core (SQLCipher vault, OS
// keychain) enrolled against the real sync server over TLS on loopback,
// sometimes through a proxy that cuts connections the way bad networks do:
// enrolment, scheduling, offline edits and the values pushed. What a sync
// reports it changed, and conflicts, are in sync-engine-changes.test.ts.
import https from 'node:https';
import type os from 'node:os';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { uuid7 } from '../../src-main/vault/uuid7';
import { createTestCa } from '../../src-main/sync/testing/test-pki';
import { startSyncClient } from '../support/sync-client';
import { contactValues, enrolmentCode, erase } from '../support/sync-server';
import { useSyncEngineSetup } from '../support/sync-engine-setup';

describe('sync engine against the real server', () => {
  const setup = useSyncEngineSetup();
  const { enrol } = setup;

  const names = async () => (await setup.client.call('contacts.list', { limit: 200 })).items.map((contact) => contact.name).sort();

  it('enrols over the pinned CA and refuses a server whose valid certificate comes from another CA', async () => {
    const rogueCa = await createTestCa('Rogue CA');
    const { certPem, keyPem } = await rogueCa.issueServer();
    let rogueHits = 0;
    const rogue = https.createServer({ cert: certPem, key: keyPem }, (_request, response) => {
      rogueHits += 1;
      response.end('{}');
    });
    await new Promise<void>((resolve) => rogue.listen(0, '127.0.0.1', resolve));
    const roguePort = (rogue.address() as AddressInfo).port;
    try {
      const code = await enrolmentCode(setup.server, setup.userId);
      // The rogue server's certificate is valid for 127.0.0.1, just not from the organisation CA.
      const refused = await setup.client.callError('sync.enrol', { serverUrl: `https://127.0.0.1:${roguePort}`, caCertificatePem: setup.server.caPem, enrolmentCode: code });
      expect(refused).toBe('SYNC_UNAVAILABLE');
      expect(rogueHits).toBe(0);
      // Nor does the real server pass when the bundle names another CA.
      const wrongCa = await setup.client.callError('sync.enrol', { serverUrl: setup.proxy.url, caCertificatePem: rogueCa.certPem, enrolmentCode: code });
      expect(wrongCa).toBe('SYNC_UNAVAILABLE');
      expect((await setup.client.call('sync.status', {})).enrolled).toBe(false);
      // A CA that is not a CA at all is refused before any connection.
      expect(await setup.client.callError('sync.enrol', { serverUrl: setup.proxy.url, caCertificatePem: certPem, enrolmentCode: code })).toBe('BAD_INPUT');

      expect(await setup.client.call('session.user', {})).toEqual({ userId: 'local-owner', people: [] });
      const status = await setup.client.call('sync.enrol', { serverUrl: setup.proxy.url, caCertificatePem: setup.server.caPem, enrolmentCode: code });
      expect(status).toMatchObject({ enrolled: true, serverUrl: setup.proxy.url, lastError: null });
      await setup.client.core.sync.idle();
      expect(await setup.client.call('sync.status', {})).toMatchObject({ state: 'online', lastError: null });
      // From now on this device writes as the server's user (the Owner filter's "Me"), and knows its name.
      expect(await setup.client.call('session.user', {})).toEqual({ userId: setup.userId, people: [{ userId: setup.userId, displayName: 'Rep' }] });
      // The token and the CA never reach the renderer.
      expect(JSON.stringify(status)).not.toContain('BEGIN CERTIFICATE');
      expect(setup.client.events.some((event) => event.name === 'sync.didChangeStatus')).toBe(true);
    } finally {
      await new Promise<void>((resolve) => rogue.close(() => resolve()));
    }
  });

  it('answers an enrolment once it is stored and the first sync has started, not when that sync ends', async () => {
    const id = uuid7();
    await setup.laptop2.push([setup.laptop2.upsert('contacts', id, contactValues(setup.userId, { name: 'Grace Hopper' }))]);
    // The first sync cannot end: it waits for the people directory (after the records) until released.
    const directory = setup.proxy.hold('/v1/users');
    const enrolled = setup.client.call('sync.enrol', { serverUrl: setup.proxy.url, caCertificatePem: setup.server.caPem, enrolmentCode: await enrolmentCode(setup.server, setup.userId) });
    // Before, the answer came only after the whole first sync (20 s and more for 100,000 contacts), never while it is held.
    const answer = await answeredWithin(enrolled, 15_000, 'sync.enrol while the first sync runs');
    expect(answer).toMatchObject({ enrolled: true, state: 'syncing', serverUrl: setup.proxy.url, lastSuccessAt: null });
    await directory.arrived;
    // Answered, and the sync still waits: nothing of it has ended.
    expect(setup.client.logLines.some((line) => line.includes('sync.cycle'))).toBe(false);
    expect((await setup.client.call('sync.status', {})).state).toBe('syncing');
    directory.release();
    await setup.client.core.sync.idle();
    expect(await setup.client.call('sync.status', {})).toMatchObject({ state: 'online', lastError: null });
    expect(await names()).toEqual(['Grace Hopper']);
  });

  it('runs an initial sync, then incremental ones, and indexes what arrives for search', async () => {
    const first = uuid7();
    const second = uuid7();
    await setup.laptop2.push([
      setup.laptop2.upsert('contacts', first, contactValues(setup.userId, { name: 'Grace Hopper', emails: ['grace@example.org'] })),
      setup.laptop2.upsert('contacts', second, contactValues(setup.userId, { name: 'Alan Turing' })),
    ]);
    await enrol();
    expect(await names()).toEqual(['Alan Turing', 'Grace Hopper']);
    expect((await setup.client.call('search.query', { text: 'grace' })).hits.map((hit) => hit.id)).toEqual([first]);

    await setup.laptop2.push([setup.laptop2.upsert('contacts', first, { title: 'Rear Admiral' })]);
    await setup.client.call('sync.now', {});
    expect((await setup.client.call('contacts.get', { id: first })).contact.title).toBe('Rear Admiral');
    expect(setup.client.events.some((event) => event.name === 'sync.didApplyChanges')).toBe(true);
  });

  it('keeps offline edits and sends them on reconnect, exactly once even when an answer is dropped', async () => {
    await enrol();
    setup.proxy.rule = () => 'refuse';
    const created = await setup.client.call('contacts.create', { name: 'Offline Olga' });
    await setup.client.call('contacts.update', { id: created.id, patch: { title: 'Buyer' } });
    const offline = await setup.client.call('sync.now', {});
    expect(offline).toMatchObject({ state: 'offline', pendingCount: 2 });
    expect(offline.lastError).toMatch(/cannot be reached|interrupted/);
    // Beside the English, the reason the renderer words in the user's language.
    expect(JSON.stringify(offline.lastErrorReason)).toMatch(/^\{"code":"sync_network","failure":"(unreachable|connection_lost)"\}$/);

    // The push reaches the server, its answer does not.
    setup.proxy.rule = (path) => (path === '/v1/push' ? 'drop-answer' : 'pass');
    expect(await setup.client.call('sync.now', {})).toMatchObject({ state: 'offline', pendingCount: 2 });
    expect(setup.proxy.log.filter((entry) => entry.path === '/v1/push' && entry.fault === 'drop-answer' && entry.status === 200)).toHaveLength(1);

    setup.proxy.rule = () => 'pass';
    const before = setup.client.events.length;
    expect(await setup.client.call('sync.now', {})).toMatchObject({ state: 'online', pendingCount: 0, lastError: null, lastErrorReason: null });
    // Once a page went through, the status of the sync under way no longer says the server cannot be reached.
    const syncing = setup.client.events
      .slice(before)
      .filter((event) => event.name === 'sync.didChangeStatus')
      .map((event) => event.payload as { state: string; pendingCount: number; lastError: string | null })
      .filter((status) => status.state === 'syncing');
    expect(syncing.at(-1)).toMatchObject({ pendingCount: 0, lastError: null });

    const changes = await setup.laptop2.pullAll();
    const ofOlga = changes.filter((change) => change.recordId === created.id);
    expect(setup.laptop2.replica.get(`contacts/${created.id}`)?.get('title')).toBe('Buyer');
    // One commit for the batch, not two: the resent batch was recognised by (device, seq).
    expect(new Set(ofOlga.map((change) => change.commitSeq)).size).toBe(1);
  });

  it('syncs by itself: long-poll pokes, local changes pushed soon, stopped by lock, resumed by unlock', async () => {
    const eager = await startSyncClient({ poke: true, intervalMs: 0, debounceMs: 300 });
    const waitFor = async (what: string, check: () => Promise<boolean>) => {
      for (const started = Date.now(); !(await check()); ) {
        if (Date.now() - started > 20_000) throw new Error(`timed out waiting for ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    const eagerNames = async () => (await eager.call('contacts.list', { limit: 200 })).items.map((contact) => contact.name);
    try {
      await eager.call('sync.enrol', { serverUrl: setup.server.url, caCertificatePem: setup.server.caPem, enrolmentCode: await enrolmentCode(setup.server, setup.userId) });
      await eager.core.sync.idle(); // enrol answers once the first sync has started

      // A change on the server reaches the device through the poke, without sync.now.
      await setup.laptop2.push([setup.laptop2.upsert('contacts', uuid7(), contactValues(setup.userId, { name: 'Poked Paula' }))]);
      await waitFor('the poke', async () => (await eagerNames()).includes('Poked Paula'));
      expect(eager.events.some((event) => event.name === 'sync.didApplyChanges')).toBe(true);

      // A local write is pushed shortly after, without sync.now.
      const created = await eager.call('contacts.create', { name: 'Pushed Pete' });
      await waitFor('the push', async () => {
        await setup.laptop2.pullAll();
        return setup.laptop2.replica.has(`contacts/${created.id}`);
      });

      // Lock stops the engine (and its long poll); nothing arrives while locked.
      await eager.call('vault.lock', {});
      expect(eager.core.sync.running).toBe(false);
      const statuses = eager.events.filter((event) => event.name === 'sync.didChangeStatus').map((event) => (event.payload as { state: string }).state);
      expect(statuses).toContain('syncing');
      expect(statuses.at(-1)).toBe('offline');
      await setup.laptop2.push([setup.laptop2.upsert('contacts', uuid7(), contactValues(setup.userId, { name: 'While Locked' }))]);

      // Unlock starts it again, and its first cycle brings what was missed.
      await eager.call('vault.unlock', { password: 'sync test password 1' });
      await waitFor('the sync after unlock', async () => (await eagerNames()).includes('While Locked'));
      await waitFor('the cycle to finish', async () => (await eager.call('sync.status', {})).state === 'online');
    } finally {
      await eager.dispose();
    }
  });

  it("pushes a busy user's edits within the debounce cap, waits out a failure's backoff, and retries at once when a network is joined", async () => {
    const loopback = { address: '127.0.0.1', netmask: '255.0.0.0', family: 'IPv4', mac: '00:00:00:00:00:00', internal: true, cidr: '127.0.0.1/8' } as const;
    let interfaces: NodeJS.Dict<os.NetworkInterfaceInfo[]> = { lo: [loopback] };
    // A 10-minute backoff with its jitter pinned near the top: only the network watch can bring the retry forward.
    const busy = await startSyncClient(
      { poke: false, intervalMs: 0, debounceMs: 500, debounceMaxMs: 1_500, backoff: { baseMs: 600_000, capMs: 600_000, random: () => 0.99 } },
      { intervalMs: 100, read: () => interfaces },
    );
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    try {
      await busy.call('sync.enrol', { serverUrl: setup.proxy.url, caCertificatePem: setup.server.caPem, enrolmentCode: await enrolmentCode(setup.server, setup.userId) });
      await busy.core.sync.idle(); // enrol answers once the first sync has started

      // A call every 100 ms (each one restarts the 500 ms debounce) for up to 15 s: the cap still pushes.
      const created = await busy.call('contacts.create', { name: 'Busy Bea' });
      let pushed = false;
      for (const started = Date.now(); !pushed && Date.now() - started < 15_000; ) {
        await busy.call('contacts.list', { limit: 1 });
        await sleep(100);
        pushed = (await busy.call('sync.status', {})).pendingCount === 0;
      }
      expect(pushed).toBe(true);
      await setup.laptop2.pullAll();
      expect(setup.laptop2.replica.has(`contacts/${created.id}`)).toBe(true);

      // The server becomes unreachable: the failed cycle schedules a retry in about ten minutes.
      setup.proxy.rule = () => 'refuse';
      await busy.call('contacts.create', { name: 'Offline Otto' });
      expect(await busy.call('sync.now', {})).toMatchObject({ state: 'offline', pendingCount: 1 });
      const refusedBefore = setup.proxy.log.length;
      // It is reachable again, but nothing tells the engine: activity alone does not retry (past the debounce cap).
      setup.proxy.rule = () => 'pass';
      for (const started = Date.now(); Date.now() - started < 2_500; ) {
        await busy.call('contacts.list', { limit: 1 });
        await sleep(100);
      }
      expect(await busy.call('sync.status', {})).toMatchObject({ state: 'offline', pendingCount: 1 });
      expect(setup.proxy.log.length).toBe(refusedBefore);

      // The laptop joins a network: the retry happens now.
      interfaces = { lo: [loopback], wlan0: [{ ...loopback, address: '192.168.7.20', netmask: '255.255.255.0', internal: false, cidr: '192.168.7.20/24' }] };
      let synced = false;
      for (const started = Date.now(); !synced && Date.now() - started < 15_000; ) {
        await sleep(100);
        const status = await busy.call('sync.status', {});
        synced = status.state === 'online' && status.pendingCount === 0;
      }
      expect(synced).toBe(true);
    } finally {
      await busy.dispose();
    }
  });

  it('still pulls, and applies an erasure, while the server refuses its push as a whole', async () => {
    const kept = uuid7();
    const erased = uuid7();
    await setup.laptop2.push([
      setup.laptop2.upsert('contacts', kept, contactValues(setup.userId, { name: 'Kept Contact' })),
      setup.laptop2.upsert('contacts', erased, contactValues(setup.userId, { name: 'Erased Contact' })),
    ]);
    await enrol();
    expect(await names()).toEqual(['Erased Contact', 'Kept Contact']);

    // The server refuses every push (a clock ahead of it), while a new contact and an erasure wait on the server.
    setup.proxy.rule = (path) => (path === '/v1/push' ? 'clock-skew' : 'pass');
    await setup.client.call('contacts.create', { name: 'Written Offline' });
    const arriving = uuid7();
    await setup.laptop2.push([setup.laptop2.upsert('contacts', arriving, contactValues(setup.userId, { name: 'Arrived Anyway' }))]);
    await erase(setup.server, { entity: 'contacts', recordId: erased });
    const status = await setup.client.call('sync.now', {});
    expect(status).toMatchObject({ state: 'error', pendingCount: 1 });
    expect(status.lastError).not.toBeNull();
    expect(await names()).toEqual(['Arrived Anyway', 'Kept Contact', 'Written Offline']);

    // Once the server takes it again, the waiting change goes through.
    setup.proxy.rule = () => 'pass';
    expect(await setup.client.call('sync.now', {})).toMatchObject({ state: 'online', pendingCount: 0 });
  });

  it('pushes a contact whose note alone is larger than a push batch', async () => {
    await enrol();
    // 400,000 CJK characters: 1.2 MB of UTF-8, more than a batch (1 MiB), within a note's limit.
    const notes = '界'.repeat(400_000);
    const created = await setup.client.call('contacts.create', { name: 'Long Note', notes });
    expect(await setup.client.call('sync.now', {})).toMatchObject({ state: 'online', pendingCount: 0, lastError: null });
    const pulled = await setup.laptop2.pullAll();
    const change = pulled.find((item) => item.recordId === created.id);
    expect(change?.fields['notes']?.value).toBe(notes);
  });


  it('sends records at the edges of what the CRM accepts, and the server takes every value of them', async () => {
    await enrol();
    // The longest texts, right-to-left script, emoji, the largest counts and amounts the forms allow.
    const longName = `${'😀'.repeat(50)}${'مرحبا'.repeat(20)}`;
    const account = await setup.client.call('accounts.create', { name: longName, website: 'https://example.org/', tags: ['客户', 'vip'] });
    const contact = await setup.client.call('contacts.create', {
      name: longName,
      title: 'ש'.repeat(200),
      accountId: account.id,
      emails: Array.from({ length: 10 }, (_, index) => `person${index}@example.org`),
      phones: Array.from({ length: 10 }, (_, index) => `+44 20 7946 09${index}0`),
      address: { street: 'Rue de la Paix 1', city: '北京', region: '', postalCode: '75002', country: 'FR' },
      preferredChannel: 'sms',
      tags: Array.from({ length: 50 }, (_, index) => `tag ${index}`),
      notes: 'n'.repeat(200_000),
    });
    const deal = await setup.client.call('deals.create', {
      name: 'Edge',
      accountId: account.id,
      contactIds: [contact.id],
      amount: Number.MAX_SAFE_INTEGER,
      currency: 'KWD',
      stageId: 'lead',
      expectedCloseDate: '2028-02-29',
    });
    await setup.client.call('activities.create', { kind: 'meeting', occurredAt: Date.now(), dealId: deal.id, contactId: contact.id, durationMinutes: 0, body: '' });
    await setup.client.call('tasks.create', { title: 'T', dueAt: Date.now(), remindAt: null, dealId: deal.id, priority: 'high' });
    await setup.client.call('deals.update', { id: deal.id, patch: { stageId: 'won', amount: 0, lostReason: '' } });
    await setup.client.call('contacts.delete', { id: contact.id });

    const status = await setup.client.call('sync.now', {});
    expect(status).toMatchObject({ state: 'online', pendingCount: 0, openConflicts: 0, lastError: null });
    expect((await setup.client.call('sync.conflicts.list', {})).items).toEqual([]);
    await setup.laptop2.pullAll();
    expect(setup.laptop2.replica.get(`contacts/${contact.id}`)?.get('name')).toBe(longName);
    expect(setup.laptop2.replica.get(`deals/${deal.id}`)?.get('stageId')).toBe('won');
    expect([...setup.laptop2.replica.keys()].map((key) => key.split('/')[0]).sort()).toEqual(['accounts', 'activities', 'contacts', 'deals', 'tasks']);
  });
});

/** What `answer` resolves to, or a failure naming what got no answer after `ms` (rather than only the test's timeout). */
async function answeredWithin<T>(answer: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([answer, new Promise<never>((_resolve, reject) => (timer = setTimeout(() => reject(new Error(`no answer to ${what} within ${ms} ms`)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}
