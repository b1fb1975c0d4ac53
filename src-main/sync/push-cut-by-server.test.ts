// A push batch the server cuts because the whole request took too long: the
// sync server is a Node HTTP server whose cap on a whole request (40 s) ends
// a slow upload with a bare 408, as a proxy in front of it may. The device
// reads that as a timeout (retried soon, the next batch smaller), over a real
// TLS socket on loopback. Before, the 408's empty body read as "an unreadable
// answer", a refusal retried only after 5 minutes.
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SyncNetworkError } from './errors';
import { PushPace } from './push-pace';
import { createTestCa, type TestCa } from './testing/test-pki';
import { SyncTransport } from './transport';

describe('a push the server cuts for taking too long', () => {
  let ca: TestCa;
  beforeAll(async () => {
    ca = await createTestCa('Org CA');
  });

  it('is a timeout, retried, and halves the push budget', async () => {
    const { certPem, keyPem } = await ca.issueServer();
    // Takes the body in at about 1 MiB/s (a slow uplink) and gives up on a request after 1 s in all.
    const server = https.createServer({ cert: certPem, key: keyPem, requestTimeout: 1_000, connectionsCheckingInterval: 100 }, (request, response) => {
      request.on('data', () => {
        request.pause();
        setTimeout(() => request.resume(), 60);
      });
      request.on('end', () => response.end('{}'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const transport = new SyncTransport({
      serverUrl: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
      caPem: ca.certPem,
      protocolVersion: 3,
      schemaVersion: 7,
      deviceToken: 'token-abc',
      timeoutMs: 5_000,
    });
    try {
      const bytes = 16 * 1024 * 1024;
      const error = await transport.request({ method: 'POST', path: '/v1/push', body: { notes: 'n'.repeat(bytes) }, response: z.object({}) }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(SyncNetworkError);
      expect(error instanceof SyncNetworkError ? [error.failure, error.retryable, error.reason] : null).toEqual(['timeout', true, { code: 'sync_network', failure: 'timeout' }]);
      const pace = new PushPace(bytes);
      expect(pace.failed(bytes, error)).toBe(true);
      expect(pace.budget).toBe(bytes / 2);
    } finally {
      transport.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
