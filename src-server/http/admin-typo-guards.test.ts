// The console's typo guards hold on the admin routes too, over the real API on
// both stores: an erasure naming the wrong entity for a stored id (a deal's id
// as `contacts`), and a membership change or record move that takes a team
// away and names one nobody has (`nrth` for `north`), are refused with a typed
// 400 that writes nothing: no ledger entry, no commit, nothing evicted. Said
// on purpose (`allowNewIds`), the new id is taken.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncErrorBody } from '../../src-shared/sync/protocol';
import { bothStores } from '../testing/both-stores';
import type { HttpAnswer } from '../testing/https-client';
import { TestDevice } from '../testing/test-device';
import { startTestServer, type TestServer } from '../testing/test-server';

const stores = bothStores('admin_typo_guards');

describe.each(stores)('admin routes refuse a likely typo and write nothing (%s)', (_name, choose) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ store: await choose() });
  }, 120_000);
  afterAll(async () => {
    await server.close();
  });

  const admin = (path: string, body: unknown) => server.client.request('POST', path, { token: server.admin.token, body });
  const head = () => server.org.store.read((tx) => tx.head());
  /** Sends the request, expects a 400 `bad_request` with this message, and that the commit head did not move. */
  async function refused(send: () => Promise<HttpAnswer>, message: string): Promise<void> {
    const before = await head();
    const answer = await send();
    expect({ status: answer.status, error: SyncErrorBody.safeParse(answer.json).data?.error }).toEqual({ status: 400, error: { code: 'bad_request', message } });
    expect(await head()).toBe(before);
  }
  /** A user in `team` with a laptop that pushed one deal (filed under the team). */
  async function teamWithDeal(team: string): Promise<{ userId: string; laptop: TestDevice; dealId: string }> {
    const userId = await server.createUser('Rep');
    expect((await admin('/v1/admin/memberships', { userId, teamIds: [team], territoryIds: [] })).status).toBe(200);
    const laptop = new TestDevice(server.client, await server.enrolDevice(userId));
    const dealId = randomUUID();
    await laptop.push([laptop.upsert('deals', dealId, { name: 'Deal' })]);
    return { userId, laptop, dealId };
  }

  it('refuses an erasure that names the wrong entity for a stored id: no ledger entry, the record stays', async () => {
    const { dealId } = await teamWithDeal(`team-${randomUUID().slice(0, 8)}`);
    await refused(() => admin('/v1/admin/erase', { record: { entity: 'contacts', recordId: dealId } }), 'No contacts record has this id; it is stored as deals. Nothing changed.');
    const { ledger, deals } = await server.org.store.read(async (tx) => ({
      ledger: await tx.findErasures([{ entity: 'contacts', recordId: dealId }]),
      deals: await tx.getRecords([{ entity: 'deals', recordId: dealId }]),
    }));
    expect(ledger).toEqual([]);
    expect(deals.map((row) => row.deletedSeq)).toEqual([null]);
    // Named right, it is erased; an id stored nowhere is still entered in the ledger (a device may hold it unpushed).
    expect((await admin('/v1/admin/erase', { record: { entity: 'deals', recordId: dealId } })).status).toBe(200);
    expect((await admin('/v1/admin/erase', { record: { entity: 'contacts', recordId: randomUUID() } })).status).toBe(200);
  });

  it('refuses memberships that swap a held team for one nobody has, unless allowNewIds', async () => {
    const team = `north-${randomUUID().slice(0, 8)}`;
    const { userId, laptop, dealId } = await teamWithDeal(team);
    await laptop.pullAll();
    const typo = `${team}x`;
    await refused(
      () => admin('/v1/admin/memberships', { userId, teamIds: [typo], territoryIds: [] }),
      `No user and no record has team ${JSON.stringify(typo)}: a typo, or a new one? The change would also take away team ${JSON.stringify(team)}. Nothing changed; send allowNewIds to make it anyway.`,
    );
    expect(await server.org.store.read((tx) => tx.getMemberships(userId))).toEqual({ teamIds: [team], territoryIds: [] });
    expect((await laptop.pullAll()).filter((change) => change.kind === 'evict')).toEqual([]);
    expect(laptop.replica.has(`deals/${dealId}`)).toBe(true);
    // A new team added to what the user has takes nothing away: no confirmation needed.
    const added = `south-${randomUUID().slice(0, 8)}`;
    expect((await admin('/v1/admin/memberships', { userId, teamIds: [team, added], territoryIds: [] })).status).toBe(200);
    // Said on purpose, the swap is made.
    expect((await admin('/v1/admin/memberships', { userId, teamIds: [typo], territoryIds: [], allowNewIds: true })).status).toBe(200);
    expect(await server.org.store.read((tx) => tx.getMemberships(userId))).toEqual({ teamIds: [typo], territoryIds: [] });
  });

  it('refuses moving a record out of its team into one nobody has, unless allowNewIds', async () => {
    const team = `east-${randomUUID().slice(0, 8)}`;
    const { userId, dealId } = await teamWithDeal(team);
    const record = { entity: 'deals', recordId: dealId };
    const typo = `${team}x`;
    await refused(
      () => admin('/v1/admin/records/reassign', { record, ownerUserId: userId, teamId: typo, territoryId: null }),
      `No user and no record has team ${JSON.stringify(typo)}: a typo, or a new one? The change would also take away team ${JSON.stringify(team)}. Nothing changed; send allowNewIds to make it anyway.`,
    );
    const teamOf = async () => (await server.org.store.read((tx) => tx.getRecords([{ entity: 'deals', recordId: dealId }])))[0]?.teamId;
    expect(await teamOf()).toBe(team);
    expect((await admin('/v1/admin/records/reassign', { record, ownerUserId: userId, teamId: typo, territoryId: null, allowNewIds: true })).status).toBe(200);
    expect(await teamOf()).toBe(typo);
  });
});
