// The sign-in gate over real TLS: every route a device signs in to refuses a
// request without a good token before its body is read (the answer comes while
// half the body is still unsent), and failed sign-ins are limited per client
// address, costing no database read once over the limit, while a device with
// a good token from the same address is not slowed.
import { randomBytes, randomUUID } from 'node:crypto';
import https from 'node:https';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { protocolHeader, protocolVersion, schemaHeader, SyncErrorBody } from '../../src-shared/sync/protocol';
import { sha256Hex } from '../sync/devices';
import { startTestServer, type EnrolledDevice, type TestServer } from '../testing/test-server';

/** 256 KiB (less two bytes) of nesting: costly to parse, within every small route's limit. */
const nested = Buffer.from(`${'['.repeat(128 * 1024 - 1)}${']'.repeat(128 * 1024 - 1)}`);

interface EarlyAnswer {
  readonly status: number;
  readonly code: string;
}

/**
 * Sends the headers and only the first half of `body`, never the rest: an answer proves the server decided
 * without reading (let alone parsing) the body; a server that waits for the body does not answer in time.
 */
function answerToHalfBody(server: TestServer, path: string, token: string | null, body: Buffer, waitMs = 3_000): Promise<EarlyAnswer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {
      [protocolHeader]: String(protocolVersion),
      [schemaHeader]: '1',
      'content-type': 'application/json',
      'content-length': String(body.length),
    };
    if (token !== null) headers.authorization = `Bearer ${token}`;
    const request = https.request(new URL(path, server.url), { method: 'POST', headers, ca: [server.caPem], agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        clearTimeout(timer);
        request.destroy();
        resolve({ status: response.statusCode ?? 0, code: SyncErrorBody.parse(JSON.parse(Buffer.concat(chunks).toString('utf8'))).error.code });
      });
    });
    const timer = setTimeout(() => {
      request.destroy();
      reject(new Error(`${path}: no answer while half the body was unsent (the server waited to read it)`));
    }, waitMs);
    request.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    request.write(body.subarray(0, body.length / 2));
  });
}

const madeUpToken = () => randomBytes(32).toString('base64url');

describe('a request without a good token is refused before its body is read', () => {
  let server: TestServer;
  let rep: EnrolledDevice;
  beforeAll(async () => {
    server = await startTestServer();
    rep = await server.enrolDevice(await server.createUser());
  });
  afterAll(async () => {
    await server.close();
  });

  const signedInRoutes = [
    '/v1/pull',
    '/v1/push',
    '/v1/acks',
    '/v1/admin/users',
    '/v1/admin/users/rename',
    '/v1/admin/enrolment-codes',
    '/v1/admin/enrolment-codes/cancel',
    '/v1/admin/devices/revoke',
    '/v1/admin/memberships',
    '/v1/admin/records/reassign',
    '/v1/admin/erase',
    '/v1/admin/erasures/status',
  ];

  it('no token, or a made-up one: 401 unauthenticated on every route, with half of a 256 KiB nested body unsent', async () => {
    for (const path of signedInRoutes) {
      expect(await answerToHalfBody(server, path, null, nested)).toEqual({ status: 401, code: 'unauthenticated' });
      expect(await answerToHalfBody(server, path, madeUpToken(), nested)).toEqual({ status: 401, code: 'unauthenticated' });
    }
    // The whole body sent: the same answer.
    const whole = await server.client.request('POST', '/v1/pull', { rawBody: nested });
    expect(whole.status).toBe(401);
    expect(SyncErrorBody.parse(whole.json).error.code).toBe('unauthenticated');
  });

  it('a device that is no admin on an admin route: 403 forbidden; an unknown URL: 404; both before the body', async () => {
    expect(await answerToHalfBody(server, '/v1/admin/users', rep.token, nested)).toEqual({ status: 403, code: 'forbidden' });
    expect(await answerToHalfBody(server, '/v1/everything', null, nested)).toEqual({ status: 404, code: 'not_found' });
  });

  it('a good token: the server waits for the body (what the early answers above are measured against)', async () => {
    await expect(answerToHalfBody(server, '/v1/pull', rep.token, nested, 1_500)).rejects.toThrow(/no answer while half the body was unsent/);
  });

  it('a revoked device still hears device_revoked, before its body too', async () => {
    const lost = await server.enrolDevice(rep.userId);
    const revoked = await server.client.request('POST', '/v1/admin/devices/revoke', { token: server.admin.token, body: { deviceId: lost.deviceId } });
    expect(revoked.status).toBe(200);
    expect(await answerToHalfBody(server, '/v1/pull', lost.token, nested)).toEqual({ status: 403, code: 'device_revoked' });
  });
});

describe('failed sign-ins are limited per client address', () => {
  let server: TestServer;
  beforeAll(async () => {
    // The enrolment limit, per address: failed sign-ins share it.
    server = await startTestServer({ rateLimits: { enrolRateLimit: { capacity: 3, refillPerSecond: 0.001 } } });
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await server.close();
  });

  const pullAs = (device: { deviceId: string; token: string }) =>
    server.client.request('POST', '/v1/pull', { token: device.token, body: { protocolVersion, schemaVersion: 1, deviceId: device.deviceId, cursor: 0 } });

  it('a burst of made-up tokens gets 429 after the limit, without a database read; good devices from that address still sync', async () => {
    const rep = await server.enrolDevice(await server.createUser());
    const lost = await server.enrolDevice(rep.userId);
    expect((await server.client.request('POST', '/v1/admin/devices/revoke', { token: server.admin.token, body: { deviceId: lost.deviceId } })).status).toBe(200);
    // A device this process never saw (enrolled on another server process, or before this one started).
    const elsewhere = { deviceId: randomUUID().replaceAll('-', '').slice(0, 20), token: madeUpToken() };
    await server.org.store.transaction(async (tx) => {
      const now = Date.now();
      const head = await tx.head();
      await tx.insertDevice({ id: elsewhere.deviceId, userId: rep.userId, tokenHash: sha256Hex(elsewhere.token), createdAt: now, revokedAt: null, lastAppliedSeq: 0, lastCursor: head, lastSeenAt: now });
    });

    const guess = () => server.client.request('POST', '/v1/pull', { token: madeUpToken(), body: { protocolVersion, schemaVersion: 1, deviceId: rep.deviceId, cursor: 0 } });
    const statuses: number[] = [];
    for (let index = 0; index < 4; index += 1) statuses.push((await guess()).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
    const limited = await guess();
    expect(limited.status).toBe(429);
    const { error } = SyncErrorBody.parse(limited.json);
    expect(error.code).toBe('rate_limited');
    expect(error.retryAfterMs).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);

    // Over the limit, a made-up token costs no read of the store.
    const reads = vi.spyOn(server.org.store, 'read');
    for (let index = 0; index < 5; index += 1) expect((await guess()).status).toBe(429);
    expect(reads).not.toHaveBeenCalled();
    reads.mockRestore();

    // From the same address: the good devices sync, the revoked one hears it was revoked.
    expect((await pullAs(rep)).status).toBe(200);
    expect((await pullAs(server.admin)).status).toBe(200);
    expect((await pullAs(elsewhere)).status).toBe(200);
    const revokedAnswer = await pullAs(lost);
    expect(revokedAnswer.status).toBe(403);
    expect(SyncErrorBody.parse(revokedAnswer.json).error.code).toBe('device_revoked');
    // No token at all is no guess: still 401, whatever the address did.
    expect((await server.client.request('POST', '/v1/pull', { body: {} })).status).toBe(401);
  });

  it('counts an IPv6 client by its /64', async () => {
    const guessFrom = async (remoteAddress: string) =>
      (
        await server.server.app.inject({
          method: 'GET',
          url: '/v1/poke?cursor=0',
          remoteAddress,
          headers: { [protocolHeader]: String(protocolVersion), [schemaHeader]: '1', authorization: `Bearer ${madeUpToken()}` },
        })
      ).statusCode;
    const statuses: number[] = [];
    for (let host = 1; host <= 4; host += 1) statuses.push(await guessFrom(`2001:db8:5:5::${host.toString(16)}`));
    expect(statuses).toEqual([401, 401, 401, 429]);
    expect(await guessFrom('2001:db8:5:6::1')).toBe(401);
  });
});
