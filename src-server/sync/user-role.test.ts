// An admin can be made a member again, on both stores: a thief on a stolen
// admin laptop makes "Thief Admin" and enrols a device for them, but cannot
// demote the real admins over the API (a device may demote only its own
// user); revoking the laptop leaves Thief Admin an admin, so the operator
// demotes them at the console (set-role, through the same setUserRole), and
// their device's next admin request is refused. Demoting cancels the unused
// codes the demoted admin's devices issued; the last admin cannot be demoted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateEnrolmentCodeResponse, CreateUserResponse, SetUserRoleResponse } from '../../src-shared/sync/admin-protocol';
import { EnrolResponse, protocolVersion, SyncErrorBody } from '../../src-shared/sync/protocol';
import { bothStores } from '../testing/both-stores';
import type { HttpAnswer } from '../testing/https-client';
import { startTestServer, type EnrolledDevice, type TestServer } from '../testing/test-server';
import { consoleActor, setUserRole } from './admin';

const stores = bothStores('user_role');

const errorOf = (answer: HttpAnswer) => ({ status: answer.status, code: SyncErrorBody.safeParse(answer.json).data?.error.code });

describe.each(stores)('making an admin a member (%s)', (_name, choose) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ store: await choose() });
  }, 120_000);
  afterAll(async () => {
    await server.close();
  });

  const asDevice = (device: EnrolledDevice, path: string, body: unknown) => server.client.request('POST', path, { token: device.token, body });
  const setRole = async (userId: string, isAdmin: boolean) => {
    const answer = await asDevice(server.admin, '/v1/admin/users/role', { userId, isAdmin });
    expect(answer.status, JSON.stringify(answer.json)).toBe(200);
    return SetUserRoleResponse.parse(answer.json);
  };
  /** As `fieldvault-server set-role` does it: the operator at the console. */
  const setRoleAtConsole = (userId: string, isAdmin: boolean) => setUserRole(server.org.ctx, consoleActor(server.admin.userId), userId, isAdmin);
  const isAdmin = async (userId: string) => (await server.org.store.read((tx) => tx.getUser(userId)))?.isAdmin;
  const head = () => server.org.store.read((tx) => tx.head());
  const demoteOther = { status: 403, code: 'forbidden' };
  const demoteOtherMessage =
    'An admin device may make only its own user a member; make another admin a member at the server console (fieldvault-server set-role). Nothing changed.';

  it('refuses the admin requests of a demoted thief admin’s device, whose unused codes are cancelled', async () => {
    const laptop = await server.enrolDevice(await server.createUser('Second Admin', true));
    // On the stolen laptop: a new admin, a device for them, and a code that device issues.
    const made = await asDevice(laptop, '/v1/admin/users', { displayName: 'Thief Admin', isAdmin: true });
    const thiefId = CreateUserResponse.parse(made.json).userId;
    const code = CreateEnrolmentCodeResponse.parse((await asDevice(laptop, '/v1/admin/enrolment-codes', { userId: thiefId })).json).enrolmentCode;
    const enrolled = await server.client.request('POST', '/v1/enrol', { body: { protocolVersion, schemaVersion: 1, enrolmentCode: code } });
    const { deviceId, deviceToken } = EnrolResponse.parse(enrolled.json);
    const thief: EnrolledDevice = { deviceId, token: deviceToken, userId: thiefId };
    const pending = CreateEnrolmentCodeResponse.parse((await asDevice(thief, '/v1/admin/enrolment-codes', { userId: thiefId })).json).enrolmentCode;
    // Neither the laptop nor the thief's device can make the real admin a member: they could revoke neither then.
    const before = await head();
    for (const device of [laptop, thief]) {
      const refused = await asDevice(device, '/v1/admin/users/role', { userId: server.admin.userId, isAdmin: false });
      expect(errorOf(refused)).toEqual(demoteOther);
      expect(SyncErrorBody.parse(refused.json).error.message).toBe(demoteOtherMessage);
    }
    expect(await isAdmin(server.admin.userId)).toBe(true);
    expect(await head()).toBe(before);

    expect((await asDevice(server.admin, '/v1/admin/devices/revoke', { deviceId: laptop.deviceId })).status).toBe(200);
    // The laptop is out, but the admin it made is still one.
    expect(await isAdmin(thiefId)).toBe(true);
    expect((await asDevice(thief, '/v1/admin/users', { displayName: 'Thief Two' })).status).toBe(200);

    // The real admin's device cannot demote Thief Admin either; the operator does, at the console.
    expect(errorOf(await asDevice(server.admin, '/v1/admin/users/role', { userId: thiefId, isAdmin: false }))).toEqual(demoteOther);
    const seq = await head();
    const demoted = await setRoleAtConsole(thiefId, false);
    expect(demoted).toEqual({ commitSeq: seq + 1, changed: true, cancelledEnrolmentCodes: 1 });
    expect(await isAdmin(thiefId)).toBe(false);
    expect(errorOf(await asDevice(thief, '/v1/admin/users', { displayName: 'Thief Three' }))).toEqual({ status: 403, code: 'forbidden' });
    expect(errorOf(await asDevice(thief, '/v1/admin/users/role', { userId: thiefId, isAdmin: true }))).toEqual({ status: 403, code: 'forbidden' });
    // The code the thief's device issued while an admin enrols nothing now.
    const late = await server.client.request('POST', '/v1/enrol', { body: { protocolVersion, schemaVersion: 1, enrolmentCode: pending } });
    expect(errorOf(late)).toEqual({ status: 401, code: 'unauthenticated' });
    // A second demotion changes nothing; a member can be made an admin again.
    expect(await setRoleAtConsole(thiefId, false)).toEqual({ commitSeq: seq + 1, changed: false, cancelledEnrolmentCodes: 0 });
    expect((await setRole(thiefId, true)).changed).toBe(true);
    expect((await asDevice(thief, '/v1/admin/users', { displayName: 'Thief Four' })).status).toBe(200);
    expect((await setRoleAtConsole(thiefId, false)).changed).toBe(true);
  });

  it('refuses to demote the last admin, and an unknown user', async () => {
    for (const user of await server.org.store.read((tx) => tx.listUsers())) {
      if (user.isAdmin && user.id !== server.admin.userId) await setRoleAtConsole(user.id, false);
    }
    const seq = await head();
    const last = await asDevice(server.admin, '/v1/admin/users/role', { userId: server.admin.userId, isAdmin: false });
    expect(errorOf(last)).toEqual({ status: 400, code: 'bad_request' });
    expect(SyncErrorBody.parse(last.json).error.message).toBe(`${server.admin.userId} is the organisation's last admin: make another user an admin first. Nothing changed.`);
    expect(await isAdmin(server.admin.userId)).toBe(true);
    expect(await head()).toBe(seq);
    expect(errorOf(await asDevice(server.admin, '/v1/admin/users/role', { userId: 'u-nosuchuser', isAdmin: false }))).toEqual({ status: 404, code: 'not_found' });

    // With a second admin, the second's device cannot make the first a member, and nothing is written.
    const second = await server.enrolDevice(await server.createUser('Second in line', true));
    const withSecond = await head();
    const demoteFirst = await asDevice(second, '/v1/admin/users/role', { userId: server.admin.userId, isAdmin: false });
    expect(errorOf(demoteFirst)).toEqual(demoteOther);
    expect(SyncErrorBody.parse(demoteFirst.json).error.message).toBe(demoteOtherMessage);
    expect(await isAdmin(server.admin.userId)).toBe(true);
    expect(await head()).toBe(withSecond);
    // The first may step down themself over the API; the second is then the last.
    const stepDown = await asDevice(server.admin, '/v1/admin/users/role', { userId: server.admin.userId, isAdmin: false });
    expect(SetUserRoleResponse.parse(stepDown.json)).toEqual({ commitSeq: withSecond + 1, changed: true, cancelledEnrolmentCodes: 0 });
    expect(errorOf(await asDevice(server.admin, '/v1/admin/users', { displayName: 'Not any more' }))).toEqual({ status: 403, code: 'forbidden' });
    expect(errorOf(await asDevice(second, '/v1/admin/users/role', { userId: second.userId, isAdmin: false }))).toEqual({ status: 400, code: 'bad_request' });
    expect(await isAdmin(second.userId)).toBe(true);
    // Any admin device may make anyone an admin; the console may make the other one a member.
    expect((await asDevice(second, '/v1/admin/users/role', { userId: server.admin.userId, isAdmin: true })).status).toBe(200);
    expect((await setRoleAtConsole(second.userId, false)).changed).toBe(true);
    expect(errorOf(await asDevice(second, '/v1/admin/users', { displayName: 'Not any more' }))).toEqual({ status: 403, code: 'forbidden' });
    expect(await isAdmin(server.admin.userId)).toBe(true);
  });
});
