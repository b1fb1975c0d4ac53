// A task's assignee counts toward its visibility (task-placement.ts). Ana is in
// teams X and Y, Ben only in Y, Cem only in X. A task Ana assigns to Ben was
// filed in Ana's first team, X, and Ben's device never received it; now it
// moves to Y, and when Ana reassigns it to Cem it moves back to X and Ben's
// device is told to evict it. A stored task stays where it is when its new
// assignee (or Ana, taking it back) already shares its team: in Ana's second
// team, or in a team an admin placed it in, whose members keep it. Over the
// real HTTPS API with a device each, on both stores.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bothStores } from '../testing/both-stores';
import { startTestServer, type TestServer } from '../testing/test-server';
import { TestDevice } from '../testing/test-device';

const stores = bothStores('push_assignee');

describe.each(stores)('a task’s assignee counts toward its buckets (%s)', (_name, choose) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ store: await choose() });
  });
  afterAll(async () => {
    await server.close();
  });

  async function member(name: string, teamIds: string[]): Promise<{ userId: string; laptop: TestDevice }> {
    const userId = await server.createUser(name);
    const answer = await server.client.request('POST', '/v1/admin/memberships', { token: server.admin.token, body: { userId, teamIds, territoryIds: [] } });
    expect(answer.status).toBe(200);
    return { userId, laptop: new TestDevice(server.client, await server.enrolDevice(userId)) };
  }

  /** Teams X and Y, X first in id order (a user's first team is the lowest id). */
  async function threeReps(): Promise<{ ana: Awaited<ReturnType<typeof member>>; ben: Awaited<ReturnType<typeof member>>; cem: Awaited<ReturnType<typeof member>> }> {
    const prefix = randomUUID().slice(0, 8);
    const [x, y] = [`${prefix}-a-x`, `${prefix}-b-y`];
    return { ana: await member('Ana', [x, y]), ben: await member('Ben', [y]), cem: await member('Cem', [x]) };
  }

  it('the assignee’s device receives the task, and evicts it once the task is reassigned to someone it does not share a team with', async () => {
    const { ana, ben, cem } = await threeReps();
    const id = randomUUID();
    const key = `tasks/${id}`;
    await ana.laptop.push([ana.laptop.upsert('tasks', id, { title: 'Call the buyer', assigneeId: ben.userId })]);

    await ben.laptop.pullAll();
    expect(ben.laptop.replica.get(key)?.get('assigneeId')).toBe(ben.userId);
    expect(ben.laptop.replica.get(key)?.get('title')).toBe('Call the buyer');

    await ana.laptop.push([ana.laptop.upsert('tasks', id, { assigneeId: cem.userId })]);
    const changes = await ben.laptop.pullAll();
    expect(changes.filter((change) => change.recordId === id).map((change) => change.kind)).toEqual(['evict']);
    expect(ben.laptop.replica.has(key)).toBe(false);
    await cem.laptop.pullAll();
    expect(cem.laptop.replica.get(key)?.get('assigneeId')).toBe(cem.userId);
    // The owner keeps it throughout.
    await ana.laptop.pullAll();
    expect(ana.laptop.replica.get(key)?.get('assigneeId')).toBe(cem.userId);
  });

  it('a stored task of the owner’s own reaches the assignee it is later given, whole, and the assignee may change only its status and reminder', async () => {
    const { ana, ben } = await threeReps();
    const id = randomUUID();
    const key = `tasks/${id}`;
    await ana.laptop.push([ana.laptop.upsert('tasks', id, { title: 'Send the quote', assigneeId: ana.userId })]);
    await ben.laptop.pullAll();
    expect(ben.laptop.replica.has(key)).toBe(false);

    await ana.laptop.push([ana.laptop.upsert('tasks', id, { assigneeId: ben.userId })]);
    await ben.laptop.pullAll();
    expect(ben.laptop.replica.get(key)?.get('title')).toBe('Send the quote');
    expect(ben.laptop.replica.get(key)?.get('assigneeId')).toBe(ben.userId);

    // Until roles land only the owner writes a record, but for its assignee's status and reminder (push.ts).
    const refused: Record<string, string>[] = [{ title: 'Sent' }, { status: 'done', title: 'Sent' }];
    for (const fields of refused) {
      const answer = await ben.laptop.push([ben.laptop.upsert('tasks', id, fields)]);
      expect(answer.rejected.map((rejection) => rejection.code)).toEqual(['forbidden']);
    }
    expect(ben.laptop.replica.get(key)?.get('title')).toBe('Send the quote');
    const remindAt = Date.now() + 3_600_000;
    const done = await ben.laptop.push([ben.laptop.upsert('tasks', id, { status: 'done', remindAt, updatedBy: ben.userId })]);
    expect(done.rejected).toEqual([]);
    await ana.laptop.pullAll();
    expect(ana.laptop.replica.get(key)?.get('status')).toBe('done');
    expect(ana.laptop.replica.get(key)?.get('remindAt')).toBe(remindAt);
    expect(ana.laptop.replica.get(key)?.get('title')).toBe('Send the quote');
  });

  it('a task in the owner’s second team stays there when the owner takes it back, and that team’s members keep it', async () => {
    const prefix = randomUUID().slice(0, 8);
    const [x, y] = [`${prefix}-a-x`, `${prefix}-b-y`];
    const ana = await member('Ana', [x, y]);
    const ben = await member('Ben', [y]);
    const dan = await member('Dan', [y]);
    const id = randomUUID();
    const key = `tasks/${id}`;
    await ana.laptop.push([ana.laptop.upsert('tasks', id, { title: 'Book the venue', assigneeId: ben.userId })]);
    await dan.laptop.pullAll();
    expect(dan.laptop.replica.get(key)?.get('title')).toBe('Book the venue');

    await ana.laptop.push([ana.laptop.upsert('tasks', id, { assigneeId: ana.userId })]);
    const changes = await dan.laptop.pullAll();
    expect(changes.filter((change) => change.recordId === id).map((change) => change.kind)).not.toContain('evict');
    expect(dan.laptop.replica.get(key)?.get('assigneeId')).toBe(ana.userId);
    await ben.laptop.pullAll();
    expect(ben.laptop.replica.get(key)?.get('assigneeId')).toBe(ana.userId);
  });

  it('a task an admin placed in a team stays there when assigned to a member of it, and the team’s other members keep it', async () => {
    const prefix = randomUUID().slice(0, 8);
    const [x, y, t] = [`${prefix}-a-x`, `${prefix}-b-y`, `${prefix}-c-t`];
    const ana = await member('Ana', [x, y]);
    const eve = await member('Eve', [x, t]);
    const fay = await member('Fay', [t]);
    const id = randomUUID();
    const key = `tasks/${id}`;
    await ana.laptop.push([ana.laptop.upsert('tasks', id, { title: 'Audit the stock', assigneeId: ana.userId })]);
    const placed = await server.client.request('POST', '/v1/admin/records/reassign', {
      token: server.admin.token,
      body: { record: { entity: 'tasks', recordId: id }, ownerUserId: ana.userId, teamId: t, territoryId: null },
    });
    expect(placed.status).toBe(200);
    await fay.laptop.pullAll();
    expect(fay.laptop.replica.get(key)?.get('title')).toBe('Audit the stock');

    await ana.laptop.push([ana.laptop.upsert('tasks', id, { assigneeId: eve.userId })]);
    const changes = await fay.laptop.pullAll();
    expect(changes.filter((change) => change.recordId === id).map((change) => change.kind)).not.toContain('evict');
    expect(fay.laptop.replica.get(key)?.get('assigneeId')).toBe(eve.userId);
    await eve.laptop.pullAll();
    expect(eve.laptop.replica.get(key)?.get('assigneeId')).toBe(eve.userId);
  });
});
