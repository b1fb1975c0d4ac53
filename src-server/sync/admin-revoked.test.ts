// An admin change checks, in its own transaction, that the acting device is
// still enrolled and its user still an admin (admin.ts `stillAdmin`), as
// pulls, pushes and pokes do: the HTTP layer's check reads the device before
// the change waits for the write lock, and a revocation committed in between
// let the change through. Over the real API, TLS on loopback, SQLite store.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncErrorBody } from '../../src-shared/sync/protocol';
import { startTestServer, type TestServer } from '../testing/test-server';
import { consoleActor, issueEnrolmentCode, revokeDevice } from './admin';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

describe('an admin change made as its device is revoked', () => {
  it('refuses an enrolment code asked for by an admin laptop revoked while the request waited for the write lock', async () => {
    const { ctx } = server.org;
    const stolen = await server.enrolDevice(await server.createUser('Second Admin', true));
    const rep = await server.createUser('Rep');
    // Another writer holds the lock; the revocation queues behind it, then the stolen laptop's request.
    let release = () => {};
    const holding = ctx.store.transaction(() => new Promise<void>((resolve) => (release = resolve)));
    const revoked = revokeDevice(ctx, consoleActor(server.admin.userId), stolen.deviceId);
    const asked = server.client.request('POST', '/v1/admin/enrolment-codes', { token: stolen.token, body: { userId: rep } });
    // Time for the request to be authenticated (its device read before the revocation commits) and to queue its change.
    await new Promise((resolve) => setTimeout(resolve, 500));
    release();
    await holding;
    await revoked;
    const answer = await asked;
    expect({ status: answer.status, code: SyncErrorBody.safeParse(answer.json).data?.error.code }).toEqual({ status: 403, code: 'device_revoked' });
  });

  it('refuses a change for a device row read before the device was revoked (the change’s own check)', async () => {
    const { ctx } = server.org;
    const adminUser = await server.createUser('Third Admin', true);
    const laptop = await server.enrolDevice(adminUser);
    const row = await ctx.store.read((tx) => tx.getDevice(laptop.deviceId));
    if (row === null) throw new Error('no device row');
    await revokeDevice(ctx, consoleActor(server.admin.userId), laptop.deviceId);
    await expect(issueEnrolmentCode(ctx, { userId: adminUser, device: row }, adminUser, 1)).rejects.toMatchObject({ code: 'device_revoked' });
    // The operator at the console is no device: it is not refused.
    await expect(issueEnrolmentCode(ctx, consoleActor(adminUser), adminUser, 1)).resolves.toMatchObject({ enrolmentCode: expect.any(String) as string });
  });
});
