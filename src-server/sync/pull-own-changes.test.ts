// An incremental pull leaves out the field versions the pulling device pushed
// itself (sync/pull-incremental.ts): over the real HTTPS API against a real
// organisation, on both stores. Another device's edits of the same fields
// still arrive (a later one in the pull, an earlier one it replaced in the
// push's `overwritten`), stamps are stored as sent (a stamp too far ahead is
// refused, never clamped), and whatever the device may not hold (a snapshot,
// a bucket move back to it, a backfill) still comes whole.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerChange } from '../../src-shared/sync/protocol';
import { bothStores } from '../testing/both-stores';
import { startTestServer, type TestServer } from '../testing/test-server';
import { TestDevice } from '../testing/test-device';

const stores = bothStores('own_changes');

const idsOf = (changes: readonly ServerChange[]): string[] => changes.map((change) => change.recordId);

describe.each(stores)('pull: a device\'s own pushed changes (%s)', (_name, choose) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ store: await choose() });
  });
  afterAll(async () => {
    await server.close();
  });

  async function admin(path: string, body: unknown): Promise<void> {
    const answer = await server.client.request('POST', path, { token: server.admin.token, body });
    expect(answer.status, JSON.stringify(answer.json)).toBe(200);
  }

  /** A laptop and a tablet of one user, both past their first sync, holding one contact the tablet made. */
  async function twoDevices(): Promise<{ laptop: TestDevice; tablet: TestDevice; shared: string }> {
    const userId = await server.createUser();
    const laptop = new TestDevice(server.client, await server.enrolDevice(userId));
    const tablet = new TestDevice(server.client, await server.enrolDevice(userId));
    const shared = randomUUID();
    await tablet.push([tablet.upsert('contacts', shared, { name: 'Ada', title: 'Analyst', notes: 'First' })]);
    await tablet.pullAll();
    await laptop.pullAll();
    expect(laptop.replica.get(`contacts/${shared}`)?.get('name')).toBe('Ada');
    return { laptop, tablet, shared };
  }

  it('sends none of the creates and edits a device pushed back to it, and every other device\'s edit of them', async () => {
    const { laptop, tablet, shared } = await twoDevices();
    const before = laptop.cursor;
    // The tablet edits the title first; the laptop's later edit of it wins and replaces it unseen.
    const buyer = tablet.upsert('contacts', shared, { title: 'Buyer' });
    await tablet.push([buyer]);
    // Offline, the laptop creates 12 contacts in two pushes and edits the shared one.
    const created = Array.from({ length: 12 }, () => randomUUID());
    const creates = created.map((id, index) => laptop.upsert('contacts', id, { name: `Contact ${index}`, notes: 'Met at the fair' }));
    const edit = laptop.upsert('contacts', shared, { title: 'Head of Buying', notes: 'Second' }, 1000);
    const first = await laptop.push(creates.slice(0, 7), { pulledThrough: laptop.cursor });
    const second = await laptop.push([...creates.slice(7), edit], { pulledThrough: laptop.cursor });
    expect([first.rejected, second.rejected]).toEqual([[], []]);
    // The tablet's replaced title comes back with the push that replaced it: the laptop keeps it for review.
    expect(second.overwritten).toEqual([{ entity: 'contacts', recordId: shared, field: 'title', replaced: { value: 'Buyer', hlc: buyer.hlc } }]);
    // Then the tablet edits the notes again, later: its edit wins.
    const notes = tablet.upsert('contacts', shared, { notes: 'Third' }, 2000);
    await tablet.push([notes]);
    const head = await server.org.store.read((tx) => tx.head());

    // The laptop pulls through its own two commits with small pages: only the tablet's winning edit comes.
    const pages = [];
    for (let page = await laptop.pullPage(3); ; page = await laptop.pullPage(3)) {
      pages.push(page);
      if (!page.hasMore) break;
    }
    const received = pages.flatMap((page) => page.changes);
    expect(received).toEqual([{ commitSeq: head, entity: 'contacts', recordId: shared, kind: 'upsert', fields: { notes: { value: 'Third', hlc: notes.hlc } } }]);
    expect(laptop.cursor).toBe(head);
    expect(laptop.cursor).toBeGreaterThan(before);
    expect(laptop.replica.get(`contacts/${shared}`)?.get('title')).toBe('Head of Buying');
    expect(laptop.replica.get(`contacts/${shared}`)?.get('notes')).toBe('Third');
    for (const id of created) expect(laptop.replica.has(`contacts/${id}`)).toBe(true);

    // The tablet gets all of the laptop's changes, and none of its own.
    const toTablet = await tablet.pullAll();
    expect(new Set(idsOf(toTablet))).toEqual(new Set([...created, shared]));
    const sharedChanges = toTablet.filter((change) => change.recordId === shared);
    expect(sharedChanges.map((change) => change.fields)).toEqual([{ title: { value: 'Head of Buying', hlc: edit.hlc } }]);
    expect(tablet.replica.get(`contacts/${shared}`)?.get('notes')).toBe('Third');
  });

  it('stores a stamp ahead of the server clock as it was sent (leaving it out), and refuses one too far ahead instead of clamping it', async () => {
    const { laptop, tablet, shared } = await twoDevices();
    const ahead = laptop.upsert('contacts', shared, { title: 'Stamped ahead' }, 50_000);
    await laptop.push([ahead]);
    const [state] = await server.org.store.read((tx) => tx.getFieldStates([{ entity: 'contacts', recordId: shared }]).then((rows) => rows.filter((row) => row.field === 'title')));
    expect(state?.hlc).toBe(ahead.hlc);
    expect(await laptop.pullAll()).toEqual([]);

    const tooFar = tablet.upsert('contacts', shared, { title: 'Stamped far ahead' }, 3_600_000);
    const refused = await tablet.rawPush([tooFar]);
    expect(refused).toMatchObject({ status: 400, json: { error: { code: 'clock_skew' } } });
    // Within reach, another device's stamp ahead of the clock beats the laptop's, and reaches it.
    const later = new TestDevice(server.client, await server.enrolDevice(laptop.enrolled.userId));
    await later.pullAll();
    const winning = later.upsert('contacts', shared, { title: 'Later still' }, 55_000);
    await later.push([winning]);
    expect(await laptop.pullAll()).toEqual([expect.objectContaining({ recordId: shared, fields: { title: { value: 'Later still', hlc: winning.hlc } } })]);
  });

  it('still sends whole what the device may not hold: a snapshot, a record moved back to it, a backfill', async () => {
    const userId = await server.createUser();
    const colleague = await server.createUser();
    const team = `team-${randomUUID()}`;
    await admin('/v1/admin/memberships', { userId, teamIds: [team], territoryIds: [] });
    const laptop = new TestDevice(server.client, await server.enrolDevice(userId));
    await laptop.pullAll();
    const moved = randomUUID();
    const teamRecord = randomUUID();
    const pushed = [laptop.upsert('deals', moved, { name: 'Moved away and back' }), laptop.upsert('deals', teamRecord, { name: 'Team deal' })];
    await laptop.push(pushed);
    expect(await laptop.pullAll()).toEqual([]);

    // A snapshot from cursor 0 (a vault that starts again) holds the device's own records.
    const fresh = new TestDevice(server.client, laptop.enrolled);
    expect(idsOf(await fresh.pullAll())).toEqual(expect.arrayContaining([moved, teamRecord]));

    // Moved to the colleague (evicted here), then back: the move back sends the device's own values whole.
    await admin('/v1/admin/records/reassign', { record: { entity: 'deals', recordId: moved }, ownerUserId: colleague, teamId: null, territoryId: null });
    expect(await laptop.pullAll()).toContainEqual(expect.objectContaining({ recordId: moved, kind: 'evict' }));
    expect(laptop.replica.has(`deals/${moved}`)).toBe(false);
    await admin('/v1/admin/records/reassign', { record: { entity: 'deals', recordId: moved }, ownerUserId: userId, teamId: null, territoryId: null });
    await laptop.pullAll();
    expect(laptop.replica.get(`deals/${moved}`)?.get('name')).toBe('Moved away and back');

    // The team deal, given to the colleague within the team, leaves with the team and comes back with it.
    await admin('/v1/admin/records/reassign', { record: { entity: 'deals', recordId: teamRecord }, ownerUserId: colleague, teamId: team, territoryId: null });
    await laptop.pullAll();
    await admin('/v1/admin/memberships', { userId, teamIds: [], territoryIds: [] });
    await laptop.pullAll();
    expect(laptop.replica.has(`deals/${teamRecord}`)).toBe(false);
    await admin('/v1/admin/memberships', { userId, teamIds: [team], territoryIds: [] });
    await laptop.pullAll();
    expect(laptop.replica.get(`deals/${teamRecord}`)?.get('name')).toBe('Team deal');
  });
});
