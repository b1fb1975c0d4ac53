// Partial replication over the real API: a device gets only records in its
// user's buckets; when an admin adds a team the device is backfilled, when the
// team is taken away (or a record moves) the device is told to evict, and
// both steps are keyset-paged and resumable.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server';
import { TestDevice } from '../testing/test-device';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

async function setTeams(userId: string, teamIds: string[], territoryIds: string[] = []): Promise<void> {
  const answer = await server.client.request('POST', '/v1/admin/memberships', { token: server.admin.token, body: { userId, teamIds, territoryIds } });
  expect(answer.status).toBe(200);
}

async function device(userId: string): Promise<TestDevice> {
  return new TestDevice(server.client, await server.enrolDevice(userId));
}

/** Hana and Ivan in one new team, a laptop each. */
async function sharedTeam(): Promise<{ member: string; ownerLaptop: TestDevice; memberLaptop: TestDevice }> {
  const owner = await server.createUser('Hana');
  const member = await server.createUser('Ivan');
  const team = `team-${randomUUID().slice(0, 8)}`;
  await setTeams(owner, [team]);
  await setTeams(member, [team]);
  return { member, ownerLaptop: await device(owner), memberLaptop: await device(member) };
}

describe('buckets', () => {
  it('backfills a team that is added and evicts it when removed, paged, keeping the device’s own records', async () => {
    const alice = await server.createUser('Alice');
    const bob = await server.createUser('Bob');
    const team = `team-${randomUUID().slice(0, 8)}`;
    await setTeams(alice, [team]);
    const aliceLaptop = await device(alice);
    const bobLaptop = await device(bob);
    const teamIds = Array.from({ length: 23 }, () => randomUUID());
    await aliceLaptop.push(teamIds.map((id, index) => aliceLaptop.upsert('contacts', id, { name: `Team contact ${index}` })));
    const bobsOwn = randomUUID();
    await bobLaptop.push([bobLaptop.upsert('contacts', bobsOwn, { name: 'Bob’s own' })]);

    await bobLaptop.pullAll(5);
    expect([...bobLaptop.replica.keys()]).toEqual([`contacts/${bobsOwn}`]);

    await setTeams(bob, [team]);
    let resumed = 0;
    const totals: { readonly phase: string | undefined; readonly total: number | null }[] = [];
    for (let page = await bobLaptop.pullPage(5); ; page = await bobLaptop.pullPage(5)) {
      if (page.resume !== null) resumed += 1;
      totals.push({ phase: page.from.resume?.phase, total: page.total });
      if (!page.hasMore) break;
    }
    expect(resumed).toBeGreaterThanOrEqual(4);
    // The backfill's first page counts the records the added team brings; no other page carries a total.
    const backfill = totals.filter((page) => page.phase === 'backfill');
    expect(backfill[0]?.total).toBe(23);
    expect(totals.filter((page) => page.total !== null)).toHaveLength(1);
    for (const [index, id] of teamIds.entries()) expect(bobLaptop.replica.get(`contacts/${id}`)?.get('name')).toBe(`Team contact ${index}`);

    const first = teamIds[0] ?? '';
    await aliceLaptop.push([aliceLaptop.upsert('contacts', first, { name: 'Renamed' })]);
    await bobLaptop.pullAll(5);
    expect(bobLaptop.replica.get(`contacts/${first}`)?.get('name')).toBe('Renamed');

    await setTeams(bob, []);
    const changes = await bobLaptop.pullAll(5);
    expect(changes.filter((change) => change.kind === 'evict')).toHaveLength(teamIds.length);
    expect([...bobLaptop.replica.keys()]).toEqual([`contacts/${bobsOwn}`]);

    // Nothing of the team reaches Bob after that.
    await aliceLaptop.push([aliceLaptop.upsert('contacts', first, { name: 'After Bob left' })]);
    const later = await bobLaptop.pullAll(5);
    expect(later.filter((change) => change.kind === 'upsert')).toEqual([]);
  });

  it('evicts a team record deleted before the user left the team, and sends nothing for one deleted after', async () => {
    const { member, ownerLaptop, memberLaptop } = await sharedTeam();
    const [before, after] = [randomUUID(), randomUUID()];
    await ownerLaptop.push([ownerLaptop.upsert('contacts', before, { name: 'Deleted, then Ivan left' }), ownerLaptop.upsert('contacts', after, { name: 'Deleted after Ivan left' })]);
    await memberLaptop.pullAll();
    expect(memberLaptop.replica.has(`contacts/${before}`)).toBe(true);

    // While Ivan's laptop is away: one deletion, then he leaves the team (no longer sees the tombstone's bucket).
    await ownerLaptop.push([ownerLaptop.remove('contacts', before)]);
    await setTeams(member, []);
    const changes = await memberLaptop.pullAll(1);
    expect(changes.filter((change) => change.recordId === before).map((change) => change.kind)).toEqual(['evict']);
    expect(changes.filter((change) => change.recordId === after).map((change) => change.kind)).toEqual(['evict']);
    expect(memberLaptop.replica.size).toBe(0);

    // A deletion in a team he has already left is none of his devices' business.
    await ownerLaptop.push([ownerLaptop.remove('contacts', after)]);
    expect(await memberLaptop.pullAll()).toEqual([]);
  });

  it('evicts from a device away since before the user left the team a team record deleted after he left', async () => {
    const { member, ownerLaptop, memberLaptop } = await sharedTeam();
    const [deleted, kept] = [randomUUID(), randomUUID()];
    await ownerLaptop.push([ownerLaptop.upsert('contacts', deleted, { name: 'Deleted after Ivan left' }), ownerLaptop.upsert('contacts', kept, { name: 'Kept' })]);
    await memberLaptop.pullAll();
    expect(memberLaptop.replica.has(`contacts/${deleted}`)).toBe(true);

    // While Ivan's laptop is away: he leaves the team, then the record is deleted.
    await setTeams(member, []);
    await ownerLaptop.push([ownerLaptop.remove('contacts', deleted)]);
    const changes = await memberLaptop.pullAll(1);
    // Before, the eviction at his leaving listed live records only, and the later deletion was in no bucket of his.
    expect(changes.filter((change) => change.recordId === deleted).map((change) => change.kind)).toEqual(['evict']);
    expect(changes.filter((change) => change.recordId === kept).map((change) => change.kind)).toEqual(['evict']);
    expect(memberLaptop.replica.size).toBe(0);
  });

  it('a new device of a team member gets the team’s records in its snapshot, and a stranger gets none', async () => {
    const carol = await server.createUser('Carol');
    const dave = await server.createUser('Dave');
    const stranger = await server.createUser('Eve');
    const team = `team-${randomUUID().slice(0, 8)}`;
    await setTeams(carol, [team]);
    await setTeams(dave, [team]);
    const carolLaptop = await device(carol);
    const id = randomUUID();
    await carolLaptop.push([carolLaptop.upsert('accounts', id, { name: 'Shared account' })]);
    const daveLaptop = await device(dave);
    await daveLaptop.pullAll(3);
    expect(daveLaptop.replica.get(`accounts/${id}`)?.get('name')).toBe('Shared account');
    const eveLaptop = await device(stranger);
    const seen = await eveLaptop.pullAll(3);
    expect(seen.filter((change) => change.recordId === id)).toEqual([]);
  });

  it('moves a record to another owner: the new owner is backfilled, the old one evicts it', async () => {
    const frank = await server.createUser('Frank');
    const grace = await server.createUser('Grace');
    const frankLaptop = await device(frank);
    const graceLaptop = await device(grace);
    const id = randomUUID();
    await frankLaptop.push([frankLaptop.upsert('deals', id, { name: 'Handover' })]);
    await frankLaptop.pullAll();
    await graceLaptop.pullAll();
    expect(graceLaptop.replica.has(`deals/${id}`)).toBe(false);

    const answer = await server.client.request('POST', '/v1/admin/records/reassign', {
      token: server.admin.token,
      body: { record: { entity: 'deals', recordId: id }, ownerUserId: grace, teamId: null, territoryId: null },
    });
    expect(answer.status).toBe(200);
    await graceLaptop.pullAll();
    expect(graceLaptop.replica.get(`deals/${id}`)?.get('name')).toBe('Handover');
    const frankChanges = await frankLaptop.pullAll();
    expect(frankChanges).toContainEqual(expect.objectContaining({ recordId: id, kind: 'evict' }));
    expect(frankLaptop.replica.has(`deals/${id}`)).toBe(false);

    // Grace now owns it and may write it; Frank may not.
    expect((await graceLaptop.push([graceLaptop.upsert('deals', id, { name: 'Mine now' })])).rejected).toEqual([]);
    // Frank's offline edit of the record he held is refused on its own, with an evict, so his outbox moves on.
    const refused = await frankLaptop.push([frankLaptop.upsert('deals', id, { name: 'Still mine?' })]);
    expect(refused.rejected).toHaveLength(1);
    expect(refused.rejected[0]).toMatchObject({ code: 'forbidden', compensation: { kind: 'evict', recordId: id } });
    await graceLaptop.pullAll();
    expect(graceLaptop.replica.get(`deals/${id}`)?.get('name')).toBe('Mine now');
  });
});
