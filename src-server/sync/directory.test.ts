// The user directory over the real API: GET /v1/users names the device's user
// and everyone sharing one of its current teams or territories, nobody else;
// the last page of every pull names its version, which changes with a rename
// (POST /v1/admin/users/rename) or a teammate leaving, and not otherwise.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PullResponse, UsersResponse } from '../../src-shared/sync/protocol';
import { startTestServer, type TestServer } from '../testing/test-server';
import { TestDevice } from '../testing/test-device';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

async function setMemberships(userId: string, teamIds: string[], territoryIds: string[]): Promise<void> {
  const answer = await server.client.request('POST', '/v1/admin/memberships', { token: server.admin.token, body: { userId, teamIds, territoryIds } });
  expect(answer.status).toBe(200);
}

async function directory(device: TestDevice): Promise<UsersResponse> {
  const answer = await device.client.request('GET', '/v1/users', { token: device.enrolled.token });
  expect(answer.status).toBe(200);
  return UsersResponse.parse(answer.json);
}

/** Pulls to the head; returns the last page (the one that names the directory version). */
async function pullToHead(device: TestDevice): Promise<PullResponse> {
  for (;;) {
    const page = await device.pullPage();
    if (!page.hasMore) return page;
    expect(page.directoryVersion).toBeNull();
  }
}

describe('user directory', () => {
  it('names teammates and territory mates, not others; pulls name its version, which follows renames and leavers', async () => {
    const manager = await server.createUser('Mona Manager');
    const teammate = await server.createUser('Rita Rep');
    const territoryMate = await server.createUser('Tom Territory');
    const stranger = await server.createUser('Sam Stranger');
    await setMemberships(manager, ['team-directory'], ['north-directory']);
    await setMemberships(teammate, ['team-directory'], []);
    await setMemberships(territoryMate, [], ['north-directory']);
    await setMemberships(stranger, ['team-elsewhere'], ['north-elsewhere']);
    const device = new TestDevice(server.client, await server.enrolDevice(manager));

    const first = await directory(device);
    const byId = (answer: UsersResponse) => Object.fromEntries(answer.users.map((user) => [user.userId, user.displayName]));
    expect(byId(first)).toEqual({ [manager]: 'Mona Manager', [teammate]: 'Rita Rep', [territoryMate]: 'Tom Territory' });
    expect((await pullToHead(device)).directoryVersion).toBe(first.version);
    // Nothing changed: the same version, so a device does not fetch again.
    expect((await pullToHead(device)).directoryVersion).toBe(first.version);

    const rename = await server.client.request('POST', '/v1/admin/users/rename', { token: server.admin.token, body: { userId: teammate, displayName: 'Rita Renamed' } });
    expect(rename.status).toBe(200);
    const renamed = await directory(device);
    expect(byId(renamed)[teammate]).toBe('Rita Renamed');
    expect(renamed.version).not.toBe(first.version);
    expect((await pullToHead(device)).directoryVersion).toBe(renamed.version);

    await setMemberships(territoryMate, [], []);
    const left = await directory(device);
    expect(byId(left)).toEqual({ [manager]: 'Mona Manager', [teammate]: 'Rita Renamed' });
    expect((await pullToHead(device)).directoryVersion).toBe(left.version);

    // The stranger's own device sees only its own name.
    const strangerDevice = new TestDevice(server.client, await server.enrolDevice(stranger));
    expect((await directory(strangerDevice)).users).toEqual([{ userId: stranger, displayName: 'Sam Stranger' }]);
  });

  it('renaming is for admins only, and of existing users', async () => {
    const rep = await server.createUser('Rep');
    const device = new TestDevice(server.client, await server.enrolDevice(rep));
    const byRep = await server.client.request('POST', '/v1/admin/users/rename', { token: device.enrolled.token, body: { userId: rep, displayName: 'Boss' } });
    expect(byRep.status).toBe(403);
    const missing = await server.client.request('POST', '/v1/admin/users/rename', { token: server.admin.token, body: { userId: 'u-missing', displayName: 'X' } });
    expect(missing.status).toBe(404);
    const blank = await server.client.request('POST', '/v1/admin/users/rename', { token: server.admin.token, body: { userId: rep, displayName: '   ' } });
    expect(blank.status).toBe(400);
    expect((await directory(device)).users).toEqual([{ userId: rep, displayName: 'Rep' }]);
  });

  it('pages the directory by user id for a device that asks with a limit, each page naming the whole list’s version', async () => {
    const manager = await server.createUser('Paula Pager');
    const team = ['Anna', 'Ben', 'Cleo', 'Dan', 'Eve'];
    await setMemberships(manager, ['team-paged'], []);
    for (const name of team) await setMemberships(await server.createUser(name), ['team-paged'], []);
    const device = new TestDevice(server.client, await server.enrolDevice(manager));

    // Without a limit (a client from before paging): the whole list, as before.
    const whole = await directory(device);
    expect(whole.users.map((user) => user.displayName).sort()).toEqual([...team, 'Paula Pager'].sort());
    expect(whole.next).toBeNull();

    const pages: UsersResponse[] = [];
    let after: string | null = null;
    for (let request = 0; request < 10; request += 1) {
      const query: string = after === null ? 'limit=4' : `limit=4&after=${encodeURIComponent(after)}`;
      const answer = await device.client.request('GET', `/v1/users?${query}`, { token: device.enrolled.token });
      expect(answer.status).toBe(200);
      const page = UsersResponse.parse(answer.json);
      pages.push(page);
      if (page.next === null) break;
      after = page.next;
    }
    expect(pages.map((page) => page.users.length)).toEqual([4, 2]);
    expect(pages.flatMap((page) => page.users)).toEqual(whole.users);
    expect(pages.map((page) => page.version)).toEqual([whole.version, whole.version]);

    for (const query of ['limit=0', 'limit=10001', 'limit=2&cursor=1']) {
      expect((await device.client.request('GET', `/v1/users?${query}`, { token: device.enrolled.token })).status).toBe(400);
    }
  });

  it('needs a device token', async () => {
    expect((await server.client.request('GET', '/v1/users')).status).toBe(401);
  });
});
