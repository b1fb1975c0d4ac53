// The access log names who made each request: the device, once its token
// was read (a pull, a push, an admin call), else the address it came from
// (an enrolment, a request refused before any device was known), so a
// security officer can tell what a stolen laptop did before it was revoked
// and who is trying codes. It never names a body, a token or a code. Real
// TLS on loopback, SQLite store.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { protocolVersion } from '../../src-shared/sync/protocol';
import { startTestServer, type TestServer } from '../testing/test-server';

interface Line {
  readonly event: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

let server: TestServer;
const lines: Line[] = [];

beforeAll(async () => {
  server = await startTestServer({ log: (event, fields) => lines.push({ event, fields: fields ?? {} }) });
});
afterAll(async () => {
  await server.close();
});

/** The access log line of the newest request to `route`. */
async function lastRequest(route: string): Promise<Readonly<Record<string, unknown>>> {
  // The line is written as the response ends, which may come just after the client has the answer.
  for (let tries = 0; tries < 100; tries += 1) {
    const line = lines.findLast((entry) => entry.event === 'request' && entry.fields['route'] === route);
    if (line !== undefined) return line.fields;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`no request line for ${route}`);
}

describe('the access log', () => {
  it('names the device of an authenticated request, and the address of one with no device known', async () => {
    const device = await server.enrolDevice(await server.createUser('Logged Rep'));
    lines.length = 0;
    const pulled = await server.client.request('POST', '/v1/pull', { token: device.token, body: { protocolVersion, schemaVersion: 1, deviceId: device.deviceId, cursor: 0 } });
    expect(pulled.status).toBe(200);
    expect(await lastRequest('/v1/pull')).toMatchObject({ status: 200, device: device.deviceId });

    const code = 'ZZZZ-ZZZZ-ZZZZ-ZZZZ';
    const refused = await server.client.request('POST', '/v1/enrol', { body: { protocolVersion, schemaVersion: 1, enrolmentCode: code } });
    expect(refused.status).toBe(401);
    const enrolLine = await lastRequest('/v1/enrol');
    expect(enrolLine).toMatchObject({ status: 401, device: null, ip: '127.0.0.1' });

    const forged = await server.client.request('POST', '/v1/pull', { token: 'not-a-token-of-anyone-at-all', body: { protocolVersion, schemaVersion: 1, deviceId: device.deviceId, cursor: 0 } });
    expect(forged.status).toBe(401);
    expect(await lastRequest('/v1/pull')).toMatchObject({ status: 401, device: null, ip: '127.0.0.1' });

    // Neither a token nor a code is ever logged.
    const logged = JSON.stringify(lines);
    expect(logged).not.toContain(device.token);
    expect(logged).not.toContain(code);
    expect(logged).not.toContain('not-a-token-of-anyone-at-all');
  });
});
