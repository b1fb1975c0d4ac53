// The transport on a slow link and behind a guest Wi-Fi's sign-in page, over
// real sockets on loopback. A request times out when no byte of it moves for
// the idle timeout, not when the whole exchange takes that long (a 1 MiB push
// took more than 30 s below about 280 kbit/s, and failed on every try); a cap
// on the whole request still ends an answer that trickles for ever. A port
// that answers in plain HTTP (a sign-in page in front of 443) is said with
// the sign-in advice, not as an unreachable server.
import https from 'node:https';
import net, { type AddressInfo } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SyncNetworkError } from './errors';
import { createTestCa, type TestCa } from './testing/test-pki';
import { SyncTransport } from './transport';

const Answer = z.object({ ok: z.boolean(), received: z.number() });

describe('SyncTransport on a slow link', () => {
  let ca: TestCa;
  beforeAll(async () => {
    ca = await createTestCa('Org CA');
  });

  const transportFor = (url: string, extra: Partial<ConstructorParameters<typeof SyncTransport>[0]> = {}) =>
    new SyncTransport({ serverUrl: url, caPem: ca.certPem, protocolVersion: 3, schemaVersion: 7, deviceToken: 'token-abc', ...extra });

  /**
   * A TLS server that reads a request's body at `readBytesPerSecond` (null: at once), then answers `{ok, received}`
   * in `answerPieces` pieces `answerGapMs` apart (Infinity pieces: it never ends).
   */
  async function slowServer(options: { readBytesPerSecond: number | null; answerPieces: number; answerGapMs: number }) {
    const { certPem, keyPem } = await ca.issueServer();
    const timers = new Set<NodeJS.Timeout>();
    const later = (ms: number, run: () => void) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        run();
      }, ms);
      timers.add(timer);
    };
    const server = https.createServer({ cert: certPem, key: keyPem }, (request, response) => {
      let received = 0;
      request.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (options.readBytesPerSecond === null) return;
        request.pause();
        later((chunk.length / options.readBytesPerSecond) * 1000, () => request.resume());
      });
      request.on('end', () => {
        const body = JSON.stringify({ ok: true, received });
        response.writeHead(200, { 'content-type': 'application/json' });
        const pieces = Math.min(options.answerPieces, body.length);
        const size = Number.isFinite(pieces) ? Math.ceil(body.length / pieces) : 1;
        const send = (offset: number) => {
          if (response.destroyed) return;
          if (offset >= body.length) {
            response.end();
            return;
          }
          // An answer of endless pieces repeats its first byte (a space before the JSON) for ever.
          if (!Number.isFinite(options.answerPieces)) response.write(' ');
          else response.write(body.slice(offset, offset + size));
          later(options.answerGapMs, () => send(Number.isFinite(options.answerPieces) ? offset + size : offset));
        };
        send(0);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return {
      url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
      close: () =>
        new Promise<void>((resolve) => {
          for (const timer of timers) clearTimeout(timer);
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    };
  }

  const post = (transport: SyncTransport, body: unknown) =>
    transport.request({ method: 'POST', path: '/v1/push', body, response: Answer }).catch((error: unknown) => error);

  it('waits for an answer that keeps coming, piece by piece, past the idle timeout in all', async () => {
    // 12 pieces 150 ms apart: 1.65 s in all, never 400 ms without a byte.
    const server = await slowServer({ readBytesPerSecond: null, answerPieces: 12, answerGapMs: 150 });
    const transport = transportFor(server.url, { timeoutMs: 400 });
    try {
      const startedAt = performance.now();
      expect(await post(transport, { a: 1 })).toEqual({ ok: true, received: 7 });
      expect(performance.now() - startedAt).toBeGreaterThan(1_500);
    } finally {
      transport.close();
      await server.close();
    }
  });

  it('sends a body the server takes in slowly, past the idle timeout in all', async () => {
    // 24 MiB read at 6 MiB/s: 4 s in all (the first few MiB go into the system's buffers at once, the rest as they drain).
    const server = await slowServer({ readBytesPerSecond: 6 * 1024 * 1024, answerPieces: 1, answerGapMs: 0 });
    const transport = transportFor(server.url, { timeoutMs: 1_500 });
    const body = { notes: 'n'.repeat(24 * 1024 * 1024) };
    try {
      const startedAt = performance.now();
      expect(await post(transport, body)).toEqual({ ok: true, received: Buffer.byteLength(JSON.stringify(body)) });
      expect(performance.now() - startedAt).toBeGreaterThan(3_000);
    } finally {
      transport.close();
      await server.close();
    }
  });

  it('times out an answer that stalls, and one that trickles past the cap on a whole request', async () => {
    const stalled = await slowServer({ readBytesPerSecond: null, answerPieces: 2, answerGapMs: 60_000 });
    const trickling = await slowServer({ readBytesPerSecond: null, answerPieces: Number.POSITIVE_INFINITY, answerGapMs: 100 });
    const transports = [transportFor(stalled.url, { timeoutMs: 300 }), transportFor(trickling.url, { timeoutMs: 300, maxRequestMs: 1_000 })];
    try {
      const [first, second] = transports;
      if (first === undefined || second === undefined) throw new Error('two transports');
      expect(await post(first, {})).toMatchObject({ failure: 'timeout' });
      const startedAt = performance.now();
      expect(await post(second, {})).toMatchObject({ failure: 'timeout' });
      expect(performance.now() - startedAt).toBeGreaterThanOrEqual(900);
    } finally {
      for (const transport of transports) transport.close();
      await stalled.close();
      await trickling.close();
    }
  });
});

describe('SyncTransport behind a sign-in page', () => {
  it('says a port answering in plain HTTP is no secure connection, with the sign-in advice', async () => {
    const ca = await createTestCa('Org CA');
    // A guest Wi-Fi's portal on the port the device speaks TLS to: whatever comes, it answers with its page.
    const sockets = new Set<net.Socket>();
    const portal = net.createServer((socket) => {
      sockets.add(socket);
      socket.once('data', () => socket.end('HTTP/1.1 302 Found\r\nLocation: http://portal.example/login\r\nContent-Length: 0\r\n\r\n'));
    });
    await new Promise<void>((resolve) => portal.listen(0, '127.0.0.1', resolve));
    const url = `https://127.0.0.1:${(portal.address() as AddressInfo).port}`;
    const transport = new SyncTransport({ serverUrl: url, caPem: ca.certPem, protocolVersion: 3, schemaVersion: 7, deviceToken: 'token-abc' });
    try {
      const error = await transport.request({ method: 'GET', path: '/v1/poke?cursor=0', response: z.object({}) }).catch((thrown: unknown) => thrown);
      expect(error).toBeInstanceOf(SyncNetworkError);
      expect(error).toMatchObject({
        failure: 'no_secure_connection',
        reason: { code: 'sync_network', failure: 'no_secure_connection' },
        message:
          "The sync server's address did not answer with a secure connection. Nothing was sent. If this network has a sign-in page (hotel or airport Wi-Fi), sign in there first.",
      });
    } finally {
      transport.close();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => portal.close(() => resolve()));
    }
  });
});
