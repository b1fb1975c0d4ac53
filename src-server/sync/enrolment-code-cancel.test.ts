// Enrolment codes die with the admin device that issued them: revoking it
// cancels, in the same transaction, every code it issued that could still
// enrol a device (a new admin's among them), so a thief holding a stolen
// admin laptop's codes enrols nothing after the revocation. Codes issued at
// the server's console or by another admin device stay valid. An admin can
// also cancel every unused code of one user. Over the real API, TLS on
// loopback, SQLite store.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CancelEnrolmentCodesResponse, CreateEnrolmentCodeResponse, CreateUserResponse } from '../../src-shared/sync/admin-protocol';
import { protocolVersion, SyncErrorBody } from '../../src-shared/sync/protocol';
import { normaliseEnrolmentCode } from '../../src-shared/sync/enrolment-code';
import { startTestServer, type EnrolledDevice, type TestServer } from '../testing/test-server';
import { consoleActor, issueEnrolmentCode } from './admin';
import { sha256Hex } from './devices';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

const post = (device: EnrolledDevice, path: string, body: unknown) => server.client.request('POST', path, { token: device.token, body });

async function codeFrom(device: EnrolledDevice, userId: string): Promise<string> {
  const answer = await post(device, '/v1/admin/enrolment-codes', { userId, validForHours: 720 });
  expect(answer.status).toBe(200);
  return CreateEnrolmentCodeResponse.parse(answer.json).enrolmentCode;
}

/** What POST /v1/enrol answers for the code: its status and error code (none when it enrolled). */
async function enrolWith(enrolmentCode: string): Promise<{ status: number; code: string | undefined }> {
  const answer = await server.client.request('POST', '/v1/enrol', { body: { protocolVersion, schemaVersion: 1, enrolmentCode } });
  return { status: answer.status, code: SyncErrorBody.safeParse(answer.json).data?.error.code };
}

const refused = { status: 401, code: 'unauthenticated' };
const enrolled = { status: 200, code: undefined };

describe('enrolment codes of a revoked admin device', () => {
  it('no longer enrol once the device is revoked; codes from the console and from another admin device still do', async () => {
    const rep = await server.createUser('Rep');
    const laptop = await server.enrolDevice(await server.createUser('Laptop Admin', true));
    // The thief, on the unlocked laptop: a code for the rep and a new admin with a code of its own.
    const forRep = await codeFrom(laptop, rep);
    const newAdmin = CreateUserResponse.parse((await post(laptop, '/v1/admin/users', { displayName: 'Thief Admin', isAdmin: true })).json).userId;
    const forNewAdmin = await codeFrom(laptop, newAdmin);
    const fromConsole = (await issueEnrolmentCode(server.org.ctx, consoleActor(server.admin.userId), rep, 1)).enrolmentCode;
    const fromOtherAdmin = await codeFrom(server.admin, rep);
    // The store names who issued each code.
    const issuer = async (code: string) => (await server.org.store.read((tx) => tx.getEnrolmentCode(sha256Hex(normaliseEnrolmentCode(code)))))?.issuedByDeviceId;
    expect([await issuer(forRep), await issuer(forNewAdmin), await issuer(fromConsole), await issuer(fromOtherAdmin)]).toEqual([
      laptop.deviceId,
      laptop.deviceId,
      null,
      server.admin.deviceId,
    ]);

    expect((await post(server.admin, '/v1/admin/devices/revoke', { deviceId: laptop.deviceId })).status).toBe(200);

    expect(await enrolWith(forRep)).toEqual(refused);
    expect(await enrolWith(forNewAdmin)).toEqual(refused);
    expect(await enrolWith(fromConsole)).toEqual(enrolled);
    expect(await enrolWith(fromOtherAdmin)).toEqual(enrolled);
  });

  it('leaves a code from the console alone when an unrelated device is revoked', async () => {
    const rep = await server.createUser('Rep');
    const fromConsole = (await issueEnrolmentCode(server.org.ctx, consoleActor(server.admin.userId), rep, 1)).enrolmentCode;
    const unrelated = await server.enrolDevice(rep);
    expect((await post(server.admin, '/v1/admin/devices/revoke', { deviceId: unrelated.deviceId })).status).toBe(200);
    expect(await enrolWith(fromConsole)).toEqual(enrolled);
  });
});

describe('POST /v1/admin/enrolment-codes/cancel', () => {
  it("cancels every unused code of the user, whoever issued it, and no one else's", async () => {
    const rep = await server.createUser('Rep');
    const other = await server.createUser('Other Rep');
    const fromAdmin = await codeFrom(server.admin, rep);
    const fromConsole = (await issueEnrolmentCode(server.org.ctx, consoleActor(server.admin.userId), rep, 1)).enrolmentCode;
    const othersCode = await codeFrom(server.admin, other);
    await expect(enrolWith(await codeFrom(server.admin, rep))).resolves.toEqual(enrolled);

    const answer = await post(server.admin, '/v1/admin/enrolment-codes/cancel', { userId: rep });
    expect(answer.status).toBe(200);
    expect(CancelEnrolmentCodesResponse.parse(answer.json)).toEqual({ cancelled: 2 });
    expect(await enrolWith(fromAdmin)).toEqual(refused);
    expect(await enrolWith(fromConsole)).toEqual(refused);
    expect(await enrolWith(othersCode)).toEqual(enrolled);
    // Nothing left to cancel.
    expect((await post(server.admin, '/v1/admin/enrolment-codes/cancel', { userId: rep })).json).toEqual({ cancelled: 0 });
  });

  it('is for admins only, and names an unknown user', async () => {
    const rep = await server.createUser('Rep');
    const repLaptop = await server.enrolDevice(rep);
    const code = await codeFrom(server.admin, rep);
    const asRep = await post(repLaptop, '/v1/admin/enrolment-codes/cancel', { userId: rep });
    expect({ status: asRep.status, code: SyncErrorBody.safeParse(asRep.json).data?.error.code }).toEqual({ status: 403, code: 'forbidden' });
    const unknown = await post(server.admin, '/v1/admin/enrolment-codes/cancel', { userId: 'u-nobody' });
    expect({ status: unknown.status, code: SyncErrorBody.safeParse(unknown.json).data?.error.code }).toEqual({ status: 404, code: 'not_found' });
    expect(await enrolWith(code)).toEqual(enrolled);
  });
});
