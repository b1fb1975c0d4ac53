// Tasks are placed again after an admin changes memberships, and when an admin
// moves a task (stored-task-placement.ts). Ana is in teams X and Y, Ben only
// in Y, so a task Ana assigns to Ben is filed in Y. When an admin moves Ben
// from Y to X, Ben's device gets the task back (in X); a task that stayed
// Ana's because Ben shared nothing with her finds him once Ana joins his team.
// A walk that fails leaves the step to the next start. An admin moving a task
// out of its assignee's reach puts it where both reach. Over the real HTTPS
// API with a device each, on both stores.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../store/store';
import { bothStores } from '../testing/both-stores';
import { startTestServer, type TestServer } from '../testing/test-server';
import { TestDevice } from '../testing/test-device';
import { consoleActor, setMemberships } from './admin';
import type { SyncContext } from './context';
import { placementWalksSettled, placeStoredTasksOnce, storedTaskPlacementStep } from './stored-task-placement';

const stores = bothStores('membership_task_placement');

interface Member {
  readonly userId: string;
  readonly laptop: TestDevice;
}

describe.each(stores)('tasks follow their assignee across admin changes (%s)', (_name, choose) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ store: await choose() });
  });
  afterAll(async () => {
    await server.close();
  });

  async function setTeams(userId: string, teamIds: string[]): Promise<void> {
    const answer = await server.client.request('POST', '/v1/admin/memberships', { token: server.admin.token, body: { userId, teamIds, territoryIds: [] } });
    expect(answer.status).toBe(200);
    await placementWalksSettled(server.org.ctx.store);
  }

  async function member(name: string, teamIds: string[]): Promise<Member> {
    const userId = await server.createUser(name);
    await setTeams(userId, teamIds);
    return { userId, laptop: new TestDevice(server.client, await server.enrolDevice(userId)) };
  }

  /** Teams X, Y and Z in id order (a user's first team is the lowest id). */
  function teams(): { x: string; y: string; z: string } {
    const prefix = randomUUID().slice(0, 8);
    return { x: `${prefix}-a-x`, y: `${prefix}-b-y`, z: `${prefix}-c-z` };
  }

  const teamOf = async (id: string): Promise<string | null> =>
    (await server.org.ctx.store.read((tx) => tx.getRecords([{ entity: 'tasks', recordId: id }])))[0]?.teamId ?? null;
  const stepDone = (): Promise<number | null> => server.org.ctx.store.read((tx) => tx.serverStepDoneAt(storedTaskPlacementStep));

  it('an assignee moved to another team of the owner’s gets the task back on their device', async () => {
    const { x, y } = teams();
    const ana = await member('Ana', [x, y]);
    const ben = await member('Ben', [y]);
    const id = randomUUID();
    await ana.laptop.push([ana.laptop.upsert('tasks', id, { title: 'Call the buyer', assigneeId: ben.userId })]);
    await ben.laptop.pullAll();
    expect(ben.laptop.replica.get(`tasks/${id}`)?.get('title')).toBe('Call the buyer');
    expect(await teamOf(id)).toBe(y);

    await setTeams(ben.userId, [x]);
    await ben.laptop.pullAll();
    expect(ben.laptop.replica.get(`tasks/${id}`)?.get('title')).toBe('Call the buyer');
    expect(await teamOf(id)).toBe(x);
    expect(await stepDone()).not.toBeNull();
  });

  it('a task that stayed its owner’s reaches the assignee once the owner joins the assignee’s team', async () => {
    const { x, z } = teams();
    const ana = await member('Ana', [x]);
    const ben = await member('Ben', [z]);
    const id = randomUUID();
    await ana.laptop.push([ana.laptop.upsert('tasks', id, { title: 'Count the stock', assigneeId: ben.userId })]);
    await ben.laptop.pullAll();
    expect(ben.laptop.replica.has(`tasks/${id}`)).toBe(false);
    expect(await teamOf(id)).toBe(x);

    await setTeams(ana.userId, [x, z]);
    await ben.laptop.pullAll();
    expect(ben.laptop.replica.get(`tasks/${id}`)?.get('title')).toBe('Count the stock');
    expect(await teamOf(id)).toBe(z);
  });

  it('memberships changed together are all followed: a walk that saw each change ends after the answers', async () => {
    const { x, y } = teams();
    const ana = await member('Ana', [x, y]);
    const reps = await Promise.all(['Ben', 'Cem', 'Dan'].map((name) => member(name, [y])));
    const tasks = reps.map((rep) => ({ rep, id: randomUUID() }));
    for (const { rep, id } of tasks) await ana.laptop.push([ana.laptop.upsert('tasks', id, { title: 'Visit the site', assigneeId: rep.userId })]);

    await Promise.all(reps.map((rep) => setTeams(rep.userId, [x])));
    for (const { rep, id } of tasks) {
      await rep.laptop.pullAll();
      expect(rep.laptop.replica.get(`tasks/${id}`)?.get('title')).toBe('Visit the site');
    }
  });

  it('a walk that fails after the membership change is logged, and the step runs again at the next start', async () => {
    const { x, y } = teams();
    const ana = await member('Ana', [x, y]);
    const ben = await member('Ben', [y]);
    const id = randomUUID();
    await ana.laptop.push([ana.laptop.upsert('tasks', id, { title: 'Renew the permit', assigneeId: ben.userId })]);
    await ben.laptop.pullAll();
    expect(ben.laptop.replica.has(`tasks/${id}`)).toBe(true);

    const { ctx } = server.org;
    const readRefused: Store = {
      kind: ctx.store.kind,
      tryKeyRotationLock: () => ctx.store.tryKeyRotationLock(),
      transaction: (fn, options) => ctx.store.transaction(fn, options),
      read: () => Promise.reject(new Error('read refused')),
      onCommit: (listener) => ctx.store.onCommit(listener),
      close: () => ctx.store.close(),
    };
    const failing: SyncContext = { ...ctx, store: readRefused };
    const logged: string[] = [];
    await setMemberships(failing, consoleActor(server.admin.userId), ben.userId, { teamIds: [x] }, (event) => void logged.push(event));
    await placementWalksSettled(readRefused);
    expect(logged).toEqual(['server.step_failed']);
    await ben.laptop.pullAll();
    expect(ben.laptop.replica.has(`tasks/${id}`)).toBe(false);
    expect(await stepDone()).toBeNull();

    const placed = await placeStoredTasksOnce(ctx);
    expect(placed?.moved).toBe(1);
    await ben.laptop.pullAll();
    expect(ben.laptop.replica.get(`tasks/${id}`)?.get('title')).toBe('Renew the permit');
  });

  it('answers before its walk ends, and a walk that began before a later change leaves the step to the next start', async () => {
    const { x, y } = teams();
    const ana = await member('Ana', [x, y]);
    const ben = await member('Ben', [y]);
    const cem = await member('Cem', [y]);
    const [forBen, forCem] = [randomUUID(), randomUUID()];
    await ana.laptop.push([ana.laptop.upsert('tasks', forBen, { title: 'Call the buyer', assigneeId: ben.userId })]);
    await ana.laptop.push([ana.laptop.upsert('tasks', forCem, { title: 'Count the stock', assigneeId: cem.userId })]);

    // Change C1's walk reads its page, then waits at its first move until released: a walk over a big store.
    const { ctx } = server.org;
    let release = (): void => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    let atMove = (): void => undefined;
    const walkAtMove = new Promise<void>((resolve) => (atMove = resolve));
    let writes = 0;
    const slow: Store = {
      kind: ctx.store.kind,
      tryKeyRotationLock: () => ctx.store.tryKeyRotationLock(),
      read: (fn) => ctx.store.read(fn),
      transaction: (fn, options) => {
        if (writes++ === 0) return ctx.store.transaction(fn, options);
        atMove();
        return released.then(() => ctx.store.transaction(fn, options));
      },
      onCommit: (listener) => ctx.store.onCommit(listener),
      close: () => ctx.store.close(),
    };
    const answer = setMemberships({ ...ctx, store: slow }, consoleActor(server.admin.userId), ben.userId, { teamIds: [x] }).then(() => 'answered');
    await walkAtMove;
    const waited = new Promise<string>((resolve) => setTimeout(() => resolve('still waiting for the walk'), 3000));
    expect(await Promise.race([answer, waited])).toBe('answered');

    // Change C2 commits while C1's walk waits; its own walk fails (the server stopped during it).
    const stopped: Store = { ...slow, transaction: (fn, options) => ctx.store.transaction(fn, options), read: () => Promise.reject(new Error('stopped')) };
    await setMemberships({ ...ctx, store: stopped }, consoleActor(server.admin.userId), cem.userId, { teamIds: [x] });
    await placementWalksSettled(stopped);
    release();
    await placementWalksSettled(slow);
    expect(await teamOf(forBen)).toBe(x);
    expect(await teamOf(forCem)).toBe(y);
    expect(await stepDone()).toBeNull();

    expect(await placeStoredTasksOnce(ctx)).toMatchObject({ moved: 1 });
    expect(await teamOf(forCem)).toBe(x);
    expect(await stepDone()).not.toBeNull();
  });

  it('an admin moving a task to a team its assignee is not in puts it in a team of the owner’s the assignee shares', async () => {
    const { x, y, z } = teams();
    const ana = await member('Ana', [x, y]);
    const ben = await member('Ben', [y]);
    const cem = await member('Cem', [z]);
    const id = randomUUID();
    await ana.laptop.push([ana.laptop.upsert('tasks', id, { title: 'Audit the stock', assigneeId: ben.userId })]);
    await ben.laptop.pullAll();
    expect(ben.laptop.replica.has(`tasks/${id}`)).toBe(true);

    const moved = await server.client.request('POST', '/v1/admin/records/reassign', {
      token: server.admin.token,
      body: { record: { entity: 'tasks', recordId: id }, ownerUserId: cem.userId, teamId: z, territoryId: null },
    });
    expect(moved.status).toBe(200);
    // Cem owns it now; Ben shares nothing with Cem, so it stays where the admin put it.
    expect(await teamOf(id)).toBe(z);
    await cem.laptop.pullAll();
    expect(cem.laptop.replica.get(`tasks/${id}`)?.get('title')).toBe('Audit the stock');

    const back = await server.client.request('POST', '/v1/admin/records/reassign', {
      token: server.admin.token,
      body: { record: { entity: 'tasks', recordId: id }, ownerUserId: ana.userId, teamId: x, territoryId: null },
    });
    expect(back.status).toBe(200);
    expect(await teamOf(id)).toBe(y);
    await ben.laptop.pullAll();
    expect(ben.laptop.replica.get(`tasks/${id}`)?.get('title')).toBe('Audit the stock');
  });
});
