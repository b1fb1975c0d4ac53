// An enrolment with a code that cannot enrol (a guess, a used, cancelled or
// expired code) is refused after a read, without the write transaction: on
// PostgreSQL that takes the commit lock every write in the cluster waits
// for, on SQLite the write lock, so a stream of guesses held up every push.
// A good code, and the retry of a lost answer, still enrol. Over the real
// API, TLS on loopback, SQLite store.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { EnrolResponse, protocolVersion, SyncErrorBody } from '../../src-shared/sync/protocol';
import { startTestServer, type TestServer } from '../testing/test-server';
import { cancelEnrolmentCodes, consoleActor, issueEnrolmentCode } from './admin';
import { newEnrolmentCode } from './devices';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  vi.restoreAllMocks();
  await server.close();
});

const enrolWith = (enrolmentCode: string, attemptId?: string) =>
  server.client.request('POST', '/v1/enrol', { body: { protocolVersion, schemaVersion: 1, enrolmentCode, ...(attemptId === undefined ? {} : { attemptId }) } });

const codeFor = async (userId: string, hours = 1) => (await issueEnrolmentCode(server.org.ctx, consoleActor(server.admin.userId), userId, hours)).enrolmentCode;

describe('an enrolment with a code that cannot enrol', () => {
  it('opens no write transaction: a wrong, used, cancelled or expired code', async () => {
    const rep = await server.createUser();
    const used = await codeFor(rep);
    expect((await enrolWith(used)).status).toBe(200);
    const cancelled = await codeFor(rep);
    await cancelEnrolmentCodes(server.org.ctx, consoleActor(server.admin.userId), rep);
    const expired = await codeFor(rep);
    server.advanceClock(2 * 60 * 60 * 1000);

    const transactions = vi.spyOn(server.org.store, 'transaction');
    for (const code of [newEnrolmentCode(), used, cancelled, expired]) {
      const answer = await enrolWith(code);
      expect({ status: answer.status, code: SyncErrorBody.safeParse(answer.json).data?.error.code }, code).toEqual({ status: 401, code: 'unauthenticated' });
    }
    expect(transactions).not.toHaveBeenCalled();
    transactions.mockRestore();
  });

  it('a good code enrols, and a retry with its attempt id gets the same device again', async () => {
    const rep = await server.createUser();
    const code = await codeFor(rep);
    const attemptId = 'attempt-read-first-0001';
    const first = await enrolWith(code, attemptId);
    expect(first.status).toBe(200);
    const again = await enrolWith(code, attemptId);
    expect(again.status).toBe(200);
    expect(EnrolResponse.parse(again.json).deviceId).toBe(EnrolResponse.parse(first.json).deviceId);
    // Used: without the attempt id, refused.
    expect((await enrolWith(code)).status).toBe(401);
  });
});
