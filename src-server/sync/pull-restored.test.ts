// A vault restored from a backup (or copied) keeps its device id but not the
// changes it pushed after the backup: over the real HTTPS API, on both
// stores. Pulling from below a cursor it was served before, it is served its
// own field versions too (pull-incremental.ts leaves them out otherwise),
// through the head it came back at, even in small pages and for a push it
// made after its last pull; its poke counts them as news. A device that was
// not restored still gets none of its own pushes back.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PokeResponse } from '../../src-shared/sync/protocol';
import { bothStores } from '../testing/both-stores';
import { startTestServer, type TestServer } from '../testing/test-server';
import { TestDevice } from '../testing/test-device';

const stores = bothStores('restored_vault');

/** The device as a backup taken now holds it: its cursor, operation seq, clock and records. */
function backupOf(device: TestDevice): TestDevice {
  const copy = new TestDevice(device.client, device.enrolled);
  copy.cursor = device.cursor;
  copy.seq = device.seq;
  copy.clock = device.clock;
  for (const [key, record] of device.replica) copy.replica.set(key, new Map(record));
  return copy;
}

describe.each(stores)('pull: a restored vault (%s)', (_name, choose) => {
  let server: TestServer;
  beforeAll(async () => {
    // A poke with nothing to report answers `changed: false` after a second instead of 25.
    server = await startTestServer({ store: await choose(), policy: { pokeTimeoutMs: 1000 } });
  });
  afterAll(async () => {
    await server.close();
  });

  /** A laptop past its first sync holding one contact it made: Monday's backup is taken then. */
  async function laptopWithBackup(): Promise<{ laptop: TestDevice; monday: TestDevice; bob: string }> {
    const laptop = new TestDevice(server.client, await server.enrolDevice(await server.createUser()));
    await laptop.pullAll();
    const bob = randomUUID();
    await laptop.push([laptop.upsert('contacts', bob, { name: 'Bob', title: 'Analyst' })]);
    await laptop.pullAll();
    return { laptop, monday: backupOf(laptop), bob };
  }

  it('gets back the creates and edits it pushed after the backup, and only the restored copy does', async () => {
    const { laptop, monday, bob } = await laptopWithBackup();
    // Tuesday, within seconds of Monday's pull: a new contact and a new title, pushed and pulled past.
    const ada = randomUUID();
    await laptop.push([laptop.upsert('contacts', ada, { name: 'Ada', title: 'Buyer' }), laptop.upsert('contacts', bob, { title: 'Head of Buying' })]);
    expect(await laptop.pullAll()).toEqual([]);

    const restored = backupOf(monday);
    const received = await restored.pullAll();
    expect(new Set(received.map((change) => change.recordId))).toEqual(new Set([ada, bob]));
    expect(restored.replica.get(`contacts/${ada}`)?.get('name')).toBe('Ada');
    expect(restored.replica.get(`contacts/${bob}`)?.get('title')).toBe('Head of Buying');
    expect(restored.cursor).toBe(laptop.cursor);

    // Caught up, it is served as before: its next push does not come back to it.
    await restored.push([restored.upsert('contacts', bob, { title: 'Director' })]);
    expect(await restored.pullAll()).toEqual([]);
  });

  it('gets them in pages of one commit, with a push made after its last pull, and its poke says so', async () => {
    const { laptop, monday, bob } = await laptopWithBackup();
    const ada = randomUUID();
    await laptop.push([laptop.upsert('contacts', ada, { name: 'Ada', title: 'Buyer' })]);
    await laptop.pullAll();
    // Pushed, then the laptop was closed before it pulled again: the server never served it past this push.
    await laptop.push([laptop.upsert('contacts', bob, { title: 'Head of Buying' })]);

    const restored = backupOf(monday);
    const poke = await server.client.request('GET', `/v1/poke?cursor=${restored.cursor}`, { token: restored.enrolled.token });
    expect(PokeResponse.parse(poke.json).changed).toBe(true);
    const pages = [];
    for (let page = await restored.pullPage(1); ; page = await restored.pullPage(1)) {
      pages.push(page);
      if (!page.hasMore) break;
    }
    expect(pages.length).toBeGreaterThanOrEqual(2);
    expect(restored.replica.get(`contacts/${ada}`)?.get('name')).toBe('Ada');
    expect(restored.replica.get(`contacts/${bob}`)?.get('title')).toBe('Head of Buying');
  });
});
