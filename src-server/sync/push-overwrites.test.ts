// A push that names the cursor its device pulled through learns which values
// of other devices it overwrote unseen (ARCHITECTURE.md "Sync", conflicts):
// over the real HTTPS API against a real organisation, on both stores.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pulledThroughHeader } from '../../src-shared/sync/protocol';
import { bothStores } from '../testing/both-stores';
import { startTestServer, type TestServer } from '../testing/test-server';
import { TestDevice } from '../testing/test-device';

const stores = bothStores('overwrites');

describe.each(stores)('push: overwrites of values the device had not seen (%s)', (_name, choose) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ store: await choose() });
  });
  afterAll(async () => {
    await server.close();
  });

  /** Two devices of one user that both hold a contact (pulled through its creation). */
  async function twoDevicesWithContact(): Promise<{ laptop: TestDevice; tablet: TestDevice; id: string }> {
    const userId = await server.createUser();
    const laptop = new TestDevice(server.client, await server.enrolDevice(userId));
    const tablet = new TestDevice(server.client, await server.enrolDevice(userId));
    const id = randomUUID();
    await laptop.push([laptop.upsert('contacts', id, { name: 'Ada', title: 'Analyst' })]);
    await laptop.pullAll();
    await tablet.pullAll();
    return { laptop, tablet, id };
  }

  it('names the value and stamp a later edit replaced when the pushing device had not pulled it', async () => {
    const { laptop, tablet, id } = await twoDevicesWithContact();
    const earlier = laptop.upsert('contacts', id, { title: 'Head of Buying' });
    const later = tablet.upsert('contacts', id, { title: 'Purchasing Director', notes: 'Call back' }, 1000);
    await laptop.push([earlier]);

    const answer = await tablet.push([later], { pulledThrough: tablet.cursor });
    // Last writer wins as before; the replaced value comes back, only for the field another device wrote unseen.
    expect(answer.rejected).toEqual([]);
    expect(answer.overwritten).toEqual([{ entity: 'contacts', recordId: id, field: 'title', replaced: { value: 'Head of Buying', hlc: earlier.hlc } }]);
    await laptop.pullAll();
    expect(laptop.replica.get(`contacts/${id}`)?.get('title')).toBe('Purchasing Director');
  });

  it('names nothing when the device had pulled the value it replaces, or wrote it itself', async () => {
    const { laptop, tablet, id } = await twoDevicesWithContact();
    // As a desktop vault does, the tablet stamps with a clock id of its own, not its server device id.
    tablet.clock = { ...tablet.clock, deviceId: 'vaultOwnClockId01' };
    await laptop.push([laptop.upsert('contacts', id, { title: 'Head of Buying' })]);
    await tablet.pullAll();
    const seen = await tablet.push([tablet.upsert('contacts', id, { title: 'Purchasing Director' }, 1000)], { pulledThrough: tablet.cursor });
    expect(seen).toMatchObject({ rejected: [], overwritten: [] });
    expect(seen.commitSeq).toBeGreaterThan(tablet.cursor);
    // The device's own value, written after its cursor, is not someone else's edit.
    const again = await tablet.push([tablet.upsert('contacts', id, { title: 'Buyer' })], { pulledThrough: tablet.cursor });
    expect(again).toMatchObject({ rejected: [], overwritten: [] });
  });

  it('merges and answers a push without a cursor as before (an older client)', async () => {
    const { laptop, tablet, id } = await twoDevicesWithContact();
    await laptop.push([laptop.upsert('contacts', id, { title: 'Head of Buying' })]);
    const answer = await tablet.push([tablet.upsert('contacts', id, { title: 'Purchasing Director' }, 1000)]);
    expect(answer).toMatchObject({ rejected: [], overwritten: [] });
    await laptop.pullAll();
    expect(laptop.replica.get(`contacts/${id}`)?.get('title')).toBe('Purchasing Director');
  });

  it('refuses a cursor header that is not a commit sequence', async () => {
    const { tablet, id } = await twoDevicesWithContact();
    const operation = tablet.upsert('contacts', id, { title: 'Buyer' });
    const answer = await server.client.request('POST', '/v1/push', {
      token: tablet.enrolled.token,
      headers: { [pulledThroughHeader]: 'yesterday' },
      body: { protocolVersion: 1, schemaVersion: 1, deviceId: tablet.enrolled.deviceId, operations: [operation] },
    });
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ error: { code: 'bad_request' } });
  });
});
