// A FieldVault newer than its organisation's sync server (its protocol
// header above the newest the server speaks), against the real sync server
// over TLS on loopback: the server names the newest protocol it speaks, and
// the device says the server needs an update and that its changes stay on
// it, where it said "the sync server could not read the request" for ever.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { protocolVersion, SyncErrorBody } from '../../src-shared/sync/protocol';
import { SyncServerError } from '../../src-main/sync/errors';
import { lastErrorOf } from '../../src-main/sync/status';
import { SyncTransport } from '../../src-main/sync/transport';
import { startTestServer, type TestServer } from '../support/sync-server';

describe('a sync server older than this FieldVault', () => {
  let server: TestServer;

  beforeEach(async () => {
    server = await startTestServer();
  });

  afterEach(async () => {
    await server.close();
  });

  it('names the newest protocol it speaks, and the device says it needs an update', async () => {
    // What the server answers, as it is sent.
    const raw = await server.client.request('GET', '/v1/users?limit=1', { token: server.admin.token, headers: { 'x-fieldvault-protocol': String(protocolVersion + 1) } });
    expect(raw.status).toBe(400);
    expect(SyncErrorBody.parse(raw.json).error).toMatchObject({ code: 'bad_request', maximumProtocolVersion: protocolVersion });

    const transport = new SyncTransport({ serverUrl: server.url, caPem: server.caPem, protocolVersion: protocolVersion + 1, schemaVersion: 1, deviceToken: server.admin.token });
    try {
      const error = await transport.request({ method: 'GET', path: '/v1/users?limit=1', response: z.unknown() }).then(
        () => null,
        (refusal: unknown) => refusal,
      );
      expect(error).toBeInstanceOf(SyncServerError);
      expect(error).toMatchObject({ status: 400, serverCode: 'server_outdated' });
      expect(lastErrorOf(error)).toEqual({
        lastError: "Your organisation's sync server needs an update before this version of FieldVault can sync with it. Your changes stay on this device.",
        lastErrorReason: { code: 'sync_server', problem: 'server_outdated' },
      });
    } finally {
      transport.close();
    }
  });
});
