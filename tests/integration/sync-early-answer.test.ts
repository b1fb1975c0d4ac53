// The real sync server answers a large push before its body is all written
// (its device gate refuses it: here the per-device rate limit's 429), over
// real TLS on loopback. The transport closes that socket, which holds half a
// request nobody can use again: left open (the server keeps it about a
// minute), four such answers held all four of the agent's sockets, and every
// request after them timed out waiting for one.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { protocolVersion } from '../../src-shared/sync/protocol';
import { SyncServerError } from '../../src-main/sync/errors';
import { SyncTransport } from '../../src-main/sync/transport';
import { startTestServer, type TestServer } from '../support/sync-server';

const Anything = z.unknown();

describe('an answer that comes before a large push body is all written', () => {
  let server: TestServer;
  let transport: SyncTransport | undefined;

  beforeEach(async () => {
    // One request per device, then a token every ~17 minutes: every request after the first is refused at once.
    server = await startTestServer({ rateLimits: { deviceRateLimit: { capacity: 1, refillPerSecond: 0.001 } } });
  });

  afterEach(async () => {
    transport?.close();
    transport = undefined;
    await server.close();
  });

  it('leaves the agent its sockets: the next four requests are answered promptly', async () => {
    const device = server.admin;
    // A 5 s idle timeout: a request that waits for a socket moves no byte, and fails as a timeout.
    transport = new SyncTransport({ serverUrl: server.url, caPem: server.caPem, protocolVersion, schemaVersion: 1, deviceToken: device.token, timeoutMs: 5_000 });
    const users = () => transport?.request({ method: 'GET', path: '/v1/users?limit=1', response: Anything }).then(() => 'answered', (error: unknown) => error);
    // The device's one request the limit lets through.
    expect(await users()).toBe('answered');

    // Four pushes of 1 MiB, one after the other (the engine pushes one batch at a time), each refused by the gate.
    const body = { deviceId: device.deviceId, filler: 'x'.repeat(1024 * 1024) };
    for (let push = 1; push <= 4; push += 1) {
      const refused = await transport.request({ method: 'POST', path: '/v1/push', body, response: Anything }).then(
        () => null,
        (error: unknown) => error,
      );
      expect(refused, `push ${push}`).toBeInstanceOf(SyncServerError);
      expect(refused, `push ${push}`).toMatchObject({ status: 429, serverCode: 'rate_limited' });
    }

    // Four requests at once, as many as the agent has sockets: each gets its answer (the limiter's 429), none times out.
    const startedAt = performance.now();
    const answers = await Promise.all([users(), users(), users(), users()]);
    for (const answer of answers) expect(answer).toMatchObject({ status: 429, serverCode: 'rate_limited' });
    expect(performance.now() - startedAt).toBeLessThan(4_000);
  });
});
