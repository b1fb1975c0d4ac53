// A revoked device's token replayed in a loop (a thief with a lost laptop's
// token): after the per-device burst the answer is 429, like any device's,
// and the store is read once for it, not once a request (on PostgreSQL each
// read takes a pooled connection). Revocation is permanent, so the server
// keeps what it learnt in memory. Over real TLS on loopback, SQLite store.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { protocolVersion, SyncErrorBody } from '../../src-shared/sync/protocol';
import { startTestServer, type TestServer } from '../testing/test-server';

const burst = 20;
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ rateLimits: { deviceRateLimit: { capacity: burst, refillPerSecond: 0.001 } } });
});
afterAll(async () => {
  vi.restoreAllMocks();
  await server.close();
});

describe('a revoked device token replayed in a loop', () => {
  it('hears device_revoked through the burst, then 429, with a bounded number of store reads', async () => {
    const lost = await server.enrolDevice(await server.createUser());
    const revoke = await server.client.request('POST', '/v1/admin/devices/revoke', { token: server.admin.token, body: { deviceId: lost.deviceId } });
    expect(revoke.status).toBe(200);

    const reads = vi.spyOn(server.org.store, 'read');
    const answers: { status: number; code: string | undefined }[] = [];
    for (let index = 0; index < 500; index += 1) {
      const answer = await server.client.request('POST', '/v1/pull', { token: lost.token, body: { protocolVersion, schemaVersion: 1, deviceId: lost.deviceId, cursor: 0 } });
      answers.push({ status: answer.status, code: SyncErrorBody.safeParse(answer.json).data?.error.code });
    }
    const revokedAnswers = answers.filter((answer) => answer.status === 403);
    expect(revokedAnswers.length).toBeGreaterThan(0);
    expect(revokedAnswers.length).toBeLessThanOrEqual(burst);
    expect(revokedAnswers.every((answer) => answer.code === 'device_revoked')).toBe(true);
    expect(answers.slice(burst)).toEqual(Array.from({ length: 500 - burst }, () => ({ status: 429, code: 'rate_limited' })));
    expect(reads.mock.calls.length).toBeLessThanOrEqual(2);
    reads.mockRestore();
  }, 120_000);
});
