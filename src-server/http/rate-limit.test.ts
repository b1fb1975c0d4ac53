// The per-device token bucket, on its own (with a test clock) and through the
// real server: a burst beyond capacity gets 429 rate_limited with a retry
// hint, and tokens come back with time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { protocolHeader, protocolVersion, schemaHeader, SyncErrorBody } from '../../src-shared/sync/protocol';
import { startTestServer, type TestServer } from '../testing/test-server';
import { addressKey, TokenBucketLimiter } from './rate-limit';

describe('addressKey', () => {
  it('keys an IPv6 client by its /64, and an IPv4 one (mapped too) by its address', () => {
    // One subscriber's /64, however written: one key (before, each of its 2^64 addresses had a bucket of its own).
    const subscriber = ['2001:db8:1:2::a', '2001:0DB8:0001:0002:ffff:1:2:3', '2001:db8:1:2:0:0:0:1', '2001:db8:1:2::1%eth0'];
    expect(new Set(subscriber.map(addressKey))).toEqual(new Set(['2001:db8:1:2::/64']));
    expect(addressKey('2001:db8:1:3::a')).toBe('2001:db8:1:3::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('::ffff:203.0.113.9')).toBe('203.0.113.9');
    // An IPv4 tail stands for two groups, so the zeros "::" fills are counted right: 0:1:2:3:4:5:0102:0304.
    expect(addressKey('::1:2:3:4:5:1.2.3.4')).toBe('0:1:2:3::/64');
    expect(addressKey('203.0.113.9')).toBe('203.0.113.9');
    const limiter = new TokenBucketLimiter({ capacity: 1, refillPerSecond: 0.001 }, () => 0);
    expect(limiter.take(addressKey('2001:db8:1:2::a'))).toBe(0);
    expect(limiter.take(addressKey('2001:db8:1:2::b'))).toBeGreaterThan(0);
  });
});

describe('TokenBucketLimiter', () => {
  it('allows a burst up to capacity, then refills at the given rate, per key', () => {
    let now = 0;
    const limiter = new TokenBucketLimiter({ capacity: 3, refillPerSecond: 2 }, () => now);
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([0, 0, 0]);
    expect(limiter.take('a')).toBe(500);
    expect(limiter.take('b')).toBe(0);
    now += 500;
    expect(limiter.take('a')).toBe(0);
    expect(limiter.take('a')).toBeGreaterThan(0);
  });

  it('holds at most maxKeys keys, forgetting the oldest when none has refilled, and a clock set back drains nothing', () => {
    let now = 0;
    const limiter = new TokenBucketLimiter({ capacity: 1, refillPerSecond: 0.2 }, () => now, 10);
    // Twenty addresses within one refill: before, the map grew past its bound and each new key scanned all of it.
    for (let index = 0; index < 20; index += 1) expect(limiter.take(`address-${index}`)).toBe(0);
    expect(limiter.size).toBeLessThanOrEqual(10);
    // The newest are still limited; the oldest were forgotten.
    expect(limiter.take('address-19')).toBeGreaterThan(0);
    expect(limiter.take('address-0')).toBe(0);
    const clock = new TokenBucketLimiter({ capacity: 2, refillPerSecond: 1 }, () => now);
    now = 10_000;
    expect(clock.take('d')).toBe(0);
    now = 5_000;
    // Set back 5 s: one token is still there (before, the negative span took it away: 429 for 4 s).
    expect(clock.take('d')).toBe(0);
  });
});

describe('rate limiting over HTTPS', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ rateLimits: { deviceRateLimit: { capacity: 5, refillPerSecond: 0.5 } } });
  });
  afterAll(async () => {
    await server.close();
  });

  it('answers 429 rate_limited with retry-after once a device exceeds its burst', async () => {
    const device = await server.enrolDevice(server.admin.userId);
    const pull = () =>
      server.client.request('POST', '/v1/pull', {
        token: device.token,
        body: { protocolVersion, schemaVersion: 1, deviceId: device.deviceId, cursor: 0 },
      });
    const statuses: number[] = [];
    for (let index = 0; index < 7; index += 1) statuses.push((await pull()).status);
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    const limited = await pull();
    expect(limited.status).toBe(429);
    expect(SyncErrorBody.parse(limited.json).error).toMatchObject({ code: 'rate_limited', retryAfterMs: expect.any(Number) as number });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  });
});

describe('the enrolment limit over HTTPS', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ rateLimits: { enrolRateLimit: { capacity: 3, refillPerSecond: 0.001 } } });
  });
  afterAll(async () => {
    await server.close();
  });

  it('counts failed enrolments only: a team enrolling from one office address is not refused, codes guessed are', async () => {
    // Six laptops behind one address, each with a good code: before, the fourth got 429 "too many attempts".
    const rep = await server.createUser('Office Rep');
    for (let laptop = 0; laptop < 6; laptop += 1) expect((await server.enrolDevice(rep)).deviceId).toMatch(/./);
    const guess = () => server.client.request('POST', '/v1/enrol', { body: { protocolVersion, schemaVersion: 1, enrolmentCode: 'ZZZZ-ZZZZ-ZZZZ-ZZZZ' } });
    const statuses: number[] = [];
    for (let index = 0; index < 4; index += 1) statuses.push((await guess()).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
  });

  it('limits guesses from one IPv6 /64 together, whichever of its addresses they come from', async () => {
    // Through the server's own routes (fastify's inject names the client's address; loopback has only ::1).
    const guessFrom = async (remoteAddress: string) =>
      (
        await server.server.app.inject({
          method: 'POST',
          url: '/v1/enrol',
          remoteAddress,
          headers: { [protocolHeader]: String(protocolVersion), [schemaHeader]: '1', 'content-type': 'application/json' },
          payload: JSON.stringify({ protocolVersion, schemaVersion: 1, enrolmentCode: 'ZZZZ-ZZZZ-ZZZZ-ZZZZ' }),
        })
      ).statusCode;
    const statuses: number[] = [];
    for (let host = 1; host <= 4; host += 1) statuses.push(await guessFrom(`2001:db8:7:7::${host.toString(16)}`));
    expect(statuses).toEqual([401, 401, 401, 429]);
    // Another /64 has its own.
    expect(await guessFrom('2001:db8:7:8::1')).toBe(401);
  });
});
