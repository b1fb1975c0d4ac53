// The one-time step that places tasks stored before a task's buckets followed
// its assignee (stored-task-placement.ts). Ana is in teams X and Y, Ben only
// in Y, Cem only in X, Eve in neither. A task Ana assigned to Ben was filed in
// X by the old code, written here into the store as that code wrote it; after
// the step Ben's device receives it and Cem's evicts it. Tasks whose assignee
// already sees them, or who shares nothing with Ana, stay. A second run moves
// nothing. Over the real HTTPS API with a device each, on both stores.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonValue } from '../../src-shared/sync/protocol';
import { sealRecordFields, type RecordFields } from '../crypto/record-seal';
import { bothStores } from '../testing/both-stores';
import { startTestServer, type TestServer } from '../testing/test-server';
import { TestDevice } from '../testing/test-device';
import { bucketsForNewRecord } from './buckets';
import { placementWalksSettled, placeStoredTasks, placeStoredTasksOnce, storedTaskPlacementStep } from './stored-task-placement';

const stores = bothStores('stored_task_placement');

interface Member {
  readonly userId: string;
  readonly laptop: TestDevice;
}

describe.each(stores)('tasks stored before they followed their assignee are placed once (%s)', (_name, choose) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ store: await choose() });
  });
  afterAll(async () => {
    await server.close();
  });

  async function member(name: string, teamIds: string[]): Promise<Member> {
    const userId = await server.createUser(name);
    const answer = await server.client.request('POST', '/v1/admin/memberships', { token: server.admin.token, body: { userId, teamIds, territoryIds: [] } });
    expect(answer.status).toBe(200);
    await placementWalksSettled(server.org.ctx.store);
    return { userId, laptop: new TestDevice(server.client, await server.enrolDevice(userId)) };
  }

  /** Writes a new task as a push before e3c6c76 did: in its owner's first team and territory, whoever its assignee. */
  async function storeTheOldWay(owner: Member, id: string, fields: Record<string, JsonValue>): Promise<void> {
    const { ctx } = server.org;
    const operation = owner.laptop.upsert('tasks', id, fields);
    const values: RecordFields = operation.fields;
    const key = { entity: 'tasks' as const, recordId: id };
    const written = Object.keys(values).map((field) => ({ field, hlc: operation.hlc }));
    await ctx.store.transaction(async (tx) => {
      const buckets = bucketsForNewRecord(owner.userId, await tx.getMemberships(owner.userId));
      const seq = await tx.allocateCommit({ kind: 'push', deviceId: owner.laptop.enrolled.deviceId, userId: owner.userId, at: ctx.now() });
      const sealed = sealRecordFields(ctx.keyring, 'tasks', id, values);
      await tx.insertRecord({ ...key, ...buckets, createdSeq: seq, bucketSeq: seq, deletedSeq: null, deleteHlc: null, sealed });
      await tx.upsertFieldStates(written.map(({ field, hlc }) => ({ ...key, field, hlc, commitSeq: seq })));
      await tx.appendChangeLog([{ ...key, commitSeq: seq, kind: 'upsert', deviceId: owner.laptop.enrolled.deviceId, fields: written, previousBuckets: null }]);
    });
  }

  const head = (): Promise<number> => server.org.ctx.store.read((tx) => tx.head());
  const kindsOf = (changes: Awaited<ReturnType<TestDevice['pullAll']>>, id: string): string[] =>
    changes.filter((change) => change.recordId === id).map((change) => change.kind);

  it('a task the old code filed in the owner’s first team reaches its assignee’s device, leaves the others’, and a second run changes nothing', async () => {
    const prefix = randomUUID().slice(0, 8);
    const [x, y, z] = [`${prefix}-a-x`, `${prefix}-b-y`, `${prefix}-c-z`];
    const ana = await member('Ana', [x, y]);
    const ben = await member('Ben', [y]);
    const cem = await member('Cem', [x]);
    const eve = await member('Eve', [z]);
    const [forBen, forCem, forEve, forAna] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    await storeTheOldWay(ana, forBen, { title: 'Call the buyer', assigneeId: ben.userId });
    await storeTheOldWay(ana, forCem, { title: 'Count the stock', assigneeId: cem.userId });
    await storeTheOldWay(ana, forEve, { title: 'Ask about the lease', assigneeId: eve.userId });
    await storeTheOldWay(ana, forAna, { title: 'Renew the permit', assigneeId: ana.userId });
    await ben.laptop.pullAll();
    await cem.laptop.pullAll();
    expect(ben.laptop.replica.has(`tasks/${forBen}`)).toBe(false);
    expect(cem.laptop.replica.get(`tasks/${forBen}`)?.get('title')).toBe('Call the buyer');

    // The memberships set above walked the tasks and recorded the step done (placeAfterMembershipChange); a store
    // from before the step has no record of it.
    await server.org.ctx.store.transaction((tx) => tx.forgetServerStep(storedTaskPlacementStep));
    const before = await head();
    expect(await placeStoredTasksOnce(server.org.ctx)).toEqual({ walked: 4, moved: 1 });
    expect(await head()).toBe(before + 1);

    const benChanges = await ben.laptop.pullAll();
    expect(kindsOf(benChanges, forBen)).toEqual(['upsert']);
    expect(ben.laptop.replica.get(`tasks/${forBen}`)?.get('title')).toBe('Call the buyer');
    expect(ben.laptop.replica.get(`tasks/${forBen}`)?.get('assigneeId')).toBe(ben.userId);
    expect(ben.laptop.replica.has(`tasks/${forCem}`)).toBe(false);
    const cemChanges = await cem.laptop.pullAll();
    expect(kindsOf(cemChanges, forBen)).toEqual(['evict']);
    expect(cem.laptop.replica.has(`tasks/${forBen}`)).toBe(false);
    expect(cem.laptop.replica.get(`tasks/${forCem}`)?.get('title')).toBe('Count the stock');
    await ana.laptop.pullAll();
    for (const id of [forBen, forCem, forEve, forAna]) expect(ana.laptop.replica.has(`tasks/${id}`)).toBe(true);
    await eve.laptop.pullAll();
    expect(eve.laptop.replica.has(`tasks/${forEve}`)).toBe(false);

    const placed = await head();
    expect(await placeStoredTasksOnce(server.org.ctx)).toBeNull();
    expect(await placeStoredTasks(server.org.ctx)).toEqual({ walked: 4, moved: 0 });
    expect(await head()).toBe(placed);
    expect(kindsOf(await ben.laptop.pullAll(), forBen)).toEqual([]);
    expect(kindsOf(await cem.laptop.pullAll(), forCem)).toEqual([]);
  });

  it('pages through the tasks, one commit for each page that holds a task to move, and every moved task reaches its assignee', async () => {
    const prefix = randomUUID().slice(0, 8);
    const [x, y] = [`${prefix}-a-x`, `${prefix}-b-y`];
    const ana = await member('Ana', [x, y]);
    const ben = await member('Ben', [y]);
    const ids: string[] = Array.from({ length: 7 }, () => randomUUID());
    for (const id of ids) await storeTheOldWay(ana, id, { title: 'Visit the site', assigneeId: ben.userId });
    // The tasks of the test above, placed already, share the pages.
    const all = await server.org.ctx.store.read((tx) => tx.listLiveRecords('tasks', null, 1000));
    const pages = Array.from({ length: Math.ceil(all.length / 3) }, (_, page) => all.slice(page * 3, page * 3 + 3).map((record) => record.recordId));
    const pagesToMove = pages.filter((page) => page.some((id) => ids.includes(id))).length;

    const before = await head();
    expect(await placeStoredTasks(server.org.ctx, 3)).toEqual({ walked: all.length, moved: 7 });
    expect(await head()).toBe(before + pagesToMove);
    await ben.laptop.pullAll();
    for (const id of ids) expect(ben.laptop.replica.get(`tasks/${id}`)?.get('title')).toBe('Visit the site');

    const placed = await head();
    expect(await placeStoredTasks(server.org.ctx, 3)).toEqual({ walked: all.length, moved: 0 });
    expect(await head()).toBe(placed);
  });
});
