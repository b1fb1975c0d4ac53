// An enrolment reads its code first, then waits for the write lock (up to the
// write queue's bound) to use it. It checks the code's expiry, and dates the
// device, with the time it writes, not the time the request arrived; and a
// revocation cancels every unused code the revoked device issued, expired or
// not. Otherwise a code read two seconds before it expired, its admin laptop
// revoked a second after, still enrolled a device after the revocation. Over
// the real HTTPS API, on both stores, with the server's clock moved forward
// while the enrolment waits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateEnrolmentCodeResponse } from '../../src-shared/sync/admin-protocol';
import { normaliseEnrolmentCode } from '../../src-shared/sync/enrolment-code';
import { EnrolResponse, protocolVersion, SyncErrorBody } from '../../src-shared/sync/protocol';
import { holdWriteLock } from '../store/conformance/write-queue.conformance';
import { bothStores } from '../testing/both-stores';
import { startTestServer, type EnrolledDevice, type TestServer } from '../testing/test-server';
import { consoleActor, revokeDevice } from './admin';
import { sha256Hex } from './devices';

const stores = bothStores('enrolment_wait');
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Long enough for the enrol request to be read (TLS, its read-first check) and to queue its write. */
const queuedMs = 1_000;

describe.each(stores)('an enrolment that waited for the write lock (%s)', (_name, choose) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ store: await choose() });
  }, 120_000);
  afterAll(async () => {
    await server.close();
  }, 60_000);

  async function issue(by: EnrolledDevice, userId: string): Promise<{ code: string; expiresAt: number }> {
    const answer = await server.client.request('POST', '/v1/admin/enrolment-codes', { token: by.token, body: { userId, validForHours: 1 } });
    const { enrolmentCode, expiresAt } = CreateEnrolmentCodeResponse.parse(answer.json);
    return { code: enrolmentCode, expiresAt };
  }
  const enrol = (enrolmentCode: string) => server.client.request('POST', '/v1/enrol', { body: { protocolVersion, schemaVersion: 1, enrolmentCode } });
  const codeRow = (code: string) => server.org.store.read((tx) => tx.getEnrolmentCode(sha256Hex(normaliseEnrolmentCode(code))));
  const refusal = (answer: { status: number; json: unknown }) => ({ status: answer.status, code: SyncErrorBody.safeParse(answer.json).data?.error.code });
  /** Moves the server's clock to `at` (it only moves forward). */
  const clockTo = (at: number) => server.advanceClock(at - server.org.ctx.now());

  it('refuses a code that expired while the enrolment waited', async () => {
    const rep = await server.createUser('Rep');
    const { code, expiresAt } = await issue(server.admin, rep);
    clockTo(expiresAt - 2_000);
    const held = await holdWriteLock(server.org.store);
    const asked = enrol(code);
    await pause(queuedMs);
    clockTo(expiresAt + 1_000);
    held.release();
    await held.done;
    expect(refusal(await asked)).toEqual({ status: 401, code: 'unauthenticated' });
    expect(await codeRow(code)).toMatchObject({ usedAt: null, deviceId: null });
  }, 60_000);

  it('refuses a code whose admin laptop was revoked, after it expired, while the enrolment waited; the revocation cancels it', async () => {
    const laptop = await server.enrolDevice(await server.createUser('Laptop Admin', true));
    const rep = await server.createUser('Rep');
    const { code, expiresAt } = await issue(laptop, rep);
    clockTo(expiresAt - 2_000);
    const held = await holdWriteLock(server.org.store);
    // The revocation queues first; it reads its time when it runs, a second after the code expired.
    const revoked = revokeDevice(server.org.ctx, consoleActor(server.admin.userId), laptop.deviceId);
    await pause(100);
    const asked = enrol(code);
    await pause(queuedMs);
    clockTo(expiresAt + 1_000);
    held.release();
    await held.done;
    const { revokedAt } = await revoked;
    expect(revokedAt).toBeGreaterThan(expiresAt);
    expect(refusal(await asked)).toEqual({ status: 401, code: 'unauthenticated' });
    expect(await codeRow(code)).toMatchObject({ usedAt: null, deviceId: null, cancelledAt: revokedAt });
  }, 60_000);

  it('dates the device with the time it was written', async () => {
    const rep = await server.createUser('Rep');
    const { code } = await issue(server.admin, rep);
    const held = await holdWriteLock(server.org.store);
    const asked = enrol(code);
    await pause(queuedMs);
    server.advanceClock(5_000);
    const released = server.org.ctx.now();
    held.release();
    await held.done;
    const answer = await asked;
    expect(answer.status).toBe(200);
    const enrolled = EnrolResponse.parse(answer.json);
    expect(enrolled.serverTime).toBeGreaterThanOrEqual(released);
    const device = await server.org.store.read((tx) => tx.getDevice(enrolled.deviceId));
    expect(device).toMatchObject({ createdAt: enrolled.serverTime, lastSeenAt: enrolled.serverTime });
    expect(await codeRow(code)).toMatchObject({ usedAt: enrolled.serverTime, deviceId: enrolled.deviceId });
  }, 60_000);
});
