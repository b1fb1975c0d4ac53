// An admin can be made a member again, over the real API on both stores: a
// thief on a stolen admin laptop makes "Thief Admin" and enrols a device for
// them; revoking the laptop leaves Thief Admin an admin, so the operator
// demotes them, and their device's next admin request is refused. Demoting
// cancels the unused codes the demoted admin's devices issued; the last
// admin cannot be demoted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateEnrolmentCodeResponse, CreateUserResponse, SetUserRoleResponse } from '../../src-shared/sync/admin-protocol';
import { EnrolResponse, protocolVersion, SyncErrorBody } from '../../src-shared/sync/protocol';
import { bothStores } from '../testing/both-stores';
import type { HttpAnswer } from '../testing/https-client';
import { startTestServer, type EnrolledDevice, type TestServer } from '../testing/test-server';

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
  const isAdmin = async (userId: string) => (await server.org.store.read((tx) => tx.getUser(userId)))?.isAdmin;

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

    expect((await asDevice(server.admin, '/v1/admin/devices/revoke', { deviceId: laptop.deviceId })).status).toBe(200);
    // The laptop is out, but the admin it made is still one.
    expect(await isAdmin(thiefId)).toBe(true);
    expect((await asDevice(thief, '/v1/admin/users', { displayName: 'Thief Two' })).status).toBe(200);

    const head = await server.org.store.read((tx) => tx.head());
    const demoted = await setRole(thiefId, false);
    expect(demoted).toEqual({ commitSeq: head + 1, changed: true, cancelledEnrolmentCodes: 1 });
    expect(await isAdmin(thiefId)).toBe(false);
    expect(errorOf(await asDevice(thief, '/v1/admin/users', { displayName: 'Thief Three' }))).toEqual({ status: 403, code: 'forbidden' });
    expect(errorOf(await asDevice(thief, '/v1/admin/users/role', { userId: thiefId, isAdmin: true }))).toEqual({ status: 403, code: 'forbidden' });
    // The code the thief's device issued while an admin enrols nothing now.
    const late = await server.client.request('POST', '/v1/enrol', { body: { protocolVersion, schemaVersion: 1, enrolmentCode: pending } });
    expect(errorOf(late)).toEqual({ status: 401, code: 'unauthenticated' });
    // A second demotion changes nothing; a member can be made an admin again.
    expect(await setRole(thiefId, false)).toEqual({ commitSeq: head + 1, changed: false, cancelledEnrolmentCodes: 0 });
    expect((await setRole(thiefId, true)).changed).toBe(true);
    expect((await asDevice(thief, '/v1/admin/users', { displayName: 'Thief Four' })).status).toBe(200);
    expect((await setRole(thiefId, false)).changed).toBe(true);
  });

  it('refuses to demote the last admin, and an unknown user', async () => {
    for (const user of await server.org.store.read((tx) => tx.listUsers())) {
      if (user.isAdmin && user.id !== server.admin.userId) await setRole(user.id, false);
    }
    const head = await server.org.store.read((tx) => tx.head());
    const last = await asDevice(server.admin, '/v1/admin/users/role', { userId: server.admin.userId, isAdmin: false });
    expect(errorOf(last)).toEqual({ status: 400, code: 'bad_request' });
    expect(SyncErrorBody.parse(last.json).error.message).toBe(`${server.admin.userId} is the organisation's last admin: make another user an admin first. Nothing changed.`);
    expect(await isAdmin(server.admin.userId)).toBe(true);
    expect(await server.org.store.read((tx) => tx.head())).toBe(head);
    expect(errorOf(await asDevice(server.admin, '/v1/admin/users/role', { userId: 'u-nosuchuser', isAdmin: false }))).toEqual({ status: 404, code: 'not_found' });

    // With a second admin, the first may step down (here made a member by the second's device); the second is then the last.
    const second = await server.enrolDevice(await server.createUser('Second in line', true));
    const stepDown = await asDevice(second, '/v1/admin/users/role', { userId: server.admin.userId, isAdmin: false });
    expect(SetUserRoleResponse.parse(stepDown.json).changed).toBe(true);
    expect(errorOf(await asDevice(server.admin, '/v1/admin/users', { displayName: 'Not any more' }))).toEqual({ status: 403, code: 'forbidden' });
    expect(errorOf(await asDevice(second, '/v1/admin/users/role', { userId: second.userId, isAdmin: false }))).toEqual({ status: 400, code: 'bad_request' });
    expect(await isAdmin(second.userId)).toBe(true);
    expect((await asDevice(second, '/v1/admin/users/role', { userId: server.admin.userId, isAdmin: true })).status).toBe(200);
  });
});
