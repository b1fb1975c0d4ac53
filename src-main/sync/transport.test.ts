import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { runTsx } from '../testing/spawn-tsx';
import { DeviceRevokedError, isRateLimited, requestedWaitMs, SyncNetworkError, SyncServerError, UpgradeRequiredError } from './errors';
import { createTestCa, type TestCa } from './testing/test-pki';
import { protocolHeader, schemaHeader } from '../../src-shared/sync/protocol';
import { SyncTransport, parseServerUrl } from './transport';

type Handler = (request: IncomingMessage, response: ServerResponse, body: string) => void;

interface TestServer {
  readonly url: string;
  readonly requests: { path: string; headers: IncomingMessage['headers']; body: string }[];
  /** TCP connections accepted so far. */
  connections(): number;
  close(): Promise<void>;
}

async function startServer(ca: TestCa, handler: Handler, certOptions?: { days?: number; startDaysAgo?: number }): Promise<TestServer> {
  const { certPem, keyPem } = await ca.issueServer(certOptions);
  const requests: TestServer['requests'] = [];
  const server = https.createServer({ cert: certPem, key: keyPem, minVersion: 'TLSv1.2' }, (request, response) => {
    let body = '';
    request.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      requests.push({ path: request.url ?? '', headers: request.headers, body });
      handler(request, response, body);
    });
  });
  let connections = 0;
  server.on('connection', () => (connections += 1));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    requests,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const json = (status: number, value: unknown): Handler => (_request, response) => {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
};

const Ok = z.object({ ok: z.boolean() });

describe('SyncTransport', () => {
  let orgCa: TestCa;
  let otherCa: TestCa;
  const orgCaOf = () => orgCa;
  const otherCaOf = () => otherCa;
  let dir: string;

  beforeAll(async () => {
    orgCa = await createTestCa('Org CA');
    otherCa = await createTestCa('Another CA');
    dir = await mkdtemp(path.join(os.tmpdir(), 'fieldvault-transport-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const transportFor = (url: string, extra: Partial<ConstructorParameters<typeof SyncTransport>[0]> = {}) =>
    new SyncTransport({ serverUrl: url, caPem: orgCa.certPem, protocolVersion: 3, schemaVersion: 7, deviceToken: 'token-abc', ...extra });

  it('sends the token and the protocol and schema versions, and parses the answer', async () => {
    const server = await startServer(orgCa, json(200, { ok: true, extra: 'dropped' }));
    const transport = transportFor(server.url);
    try {
      const answer = await transport.request({ method: 'POST', path: '/v1/push', body: { a: 1 }, response: Ok });
      expect(answer).toEqual({ ok: true });
      const [request] = server.requests;
      expect(request?.path).toBe('/v1/push');
      expect(request?.headers.authorization).toBe('Bearer token-abc');
      expect(request?.headers[protocolHeader]).toBe('3');
      expect(request?.headers[schemaHeader]).toBe('7');
      expect(JSON.parse(request?.body ?? '')).toEqual({ a: 1 });
    } finally {
      transport.close();
      await server.close();
    }
  });

  it('decodes answers of many chunks, several at once, whatever their sizes', async () => {
    // Names with 2-, 3- and 4-byte characters, written in pieces that cut characters apart.
    const answerOf = (size: number, tag: string) => ({ ok: true, tag, names: Array.from({ length: size }, (_, i) => `Zoë 王小明 😀 ${tag} ${i}`) });
    const server = await startServer(orgCa, (request, response) => {
      const [tag = '', size = '0'] = (request.url ?? '').slice(1).split('/');
      const bytes = Buffer.from(JSON.stringify(answerOf(Number(size), tag)), 'utf8');
      response.writeHead(200, { 'content-type': 'application/json' });
      for (let offset = 0; offset < bytes.length; offset += 7_001) response.write(bytes.subarray(offset, offset + 7_001));
      response.end();
    });
    const transport = transportFor(server.url);
    const Answer = z.object({ ok: z.boolean(), tag: z.string(), names: z.array(z.string()) });
    try {
      const sizes = [40_000, 10, 60_000, 5_000, 1];
      const answers = await Promise.all(sizes.map((size, index) => transport.request({ method: 'GET', path: `/a${index}/${size}`, response: Answer })));
      answers.forEach((answer, index) => expect(answer).toEqual(answerOf(sizes[index] ?? 0, `a${index}`)));
      // One after another on a kept-alive connection: a small answer right after a large one.
      for (const [index, size] of [70_000, 3].entries()) {
        expect(await transport.request({ method: 'GET', path: `/b${index}/${size}`, response: Answer })).toEqual(answerOf(size, `b${index}`));
      }
    } finally {
      transport.close();
      await server.close();
    }
  });

  it('refuses a server whose otherwise valid certificate comes from another CA, before sending anything', async () => {
    const server = await startServer(otherCa, json(200, { ok: true }));
    const transport = transportFor(server.url);
    try {
      const failure = await transport.request({ method: 'POST', path: '/v1/push', body: {}, response: Ok }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(SyncNetworkError);
      expect((failure as SyncNetworkError).failure).toBe('untrusted_certificate');
      expect(server.requests).toEqual([]);
    } finally {
      transport.close();
      await server.close();
    }
  });

  it('refuses a foreign CA even when the process trusts it through NODE_EXTRA_CA_CERTS', async () => {
    const server = await startServer(otherCa, json(200, { ok: true }));
    const otherCaFile = path.join(dir, 'other-ca.pem');
    const orgCaFile = path.join(dir, 'org-ca.pem');
    await writeFile(otherCaFile, otherCa.certPem);
    await writeFile(orgCaFile, orgCa.certPem);
    try {
      const result = await runTsx('src-main/sync/fixtures/pinned-request.ts', {
        NODE_EXTRA_CA_CERTS: otherCaFile,
        TARGET_URL: server.url,
        ORG_CA_FILE: orgCaFile,
      });
      expect(result.code, result.stderr).toBe(0);
      const outcome = z.object({ plain: z.string(), pinned: z.string() }).parse(JSON.parse(result.stdout));
      // The control: the process-wide store does trust the foreign server...
      expect(outcome.plain).toBe('status 200');
      // ...and the pinned transport still refuses it.
      expect(outcome.pinned).toBe('refused untrusted_certificate');
    } finally {
      await server.close();
    }
  });

  it('leaves no listener behind on a kept-alive connection, however many requests it carries', async () => {
    const server = await startServer(orgCa, json(200, { ok: true }));
    const transport = transportFor(server.url);
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on('warning', onWarning);
    try {
      for (let index = 0; index < 15; index += 1) await transport.request({ method: 'GET', path: `/k${index}`, response: Ok });
      await new Promise((resolve) => setImmediate(resolve));
      expect(server.connections()).toBe(1);
      // Before, each request left a 'secure' listener on the reused socket: a leak Node warned of from the eleventh.
      expect(warnings).not.toContain('MaxListenersExceededWarning');
    } finally {
      process.off('warning', onWarning);
      transport.close();
      await server.close();
    }
  });

  // An organisation certificate out of its dates is said as such (a certificate nobody renewed, a clock far off), not
  // as one from another CA, which sends people looking for an attacker or a hotel's sign-in page.
  it.each([
    // Valid for one day, starting three days ago.
    ['an expired certificate from the organisation CA', orgCaOf, { days: 1, startDaysAgo: 3 }, 'certificate_expired', 'has expired'],
    // Valid from two days on.
    ['a certificate from the organisation CA not valid yet', orgCaOf, { days: 1, startDaysAgo: -2 }, 'certificate_not_yet_valid', 'not valid yet'],
    // OpenSSL names the last error it found, the date, for a chain it could not build as well.
    ['an expired certificate from another CA', otherCaOf, { days: 1, startDaysAgo: 3 }, 'untrusted_certificate', 'not from your organisation'],
  ] as const)('refuses %s, in words that say why', async (_name, caOf, dates, failure, words) => {
    const server = await startServer(caOf(), json(200, { ok: true }), dates);
    const transport = transportFor(server.url);
    try {
      const refused = await transport.request({ method: 'GET', path: '/v1/poke', response: Ok }).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(SyncNetworkError);
      expect((refused as SyncNetworkError).failure).toBe(failure);
      expect((refused as SyncNetworkError).message).toContain(words);
      expect(server.requests).toEqual([]);
    } finally {
      transport.close();
      await server.close();
    }
  });

  it('maps device_revoked, upgrade_required, server errors and unreadable answers to typed errors', async () => {
    const answers: Record<string, Handler> = {
      '/revoked': json(403, { error: { code: 'device_revoked', message: 'x' } }),
      '/upgrade': json(426, { error: { code: 'upgrade_required', message: 'x' } }),
      '/broken': json(503, { error: { code: 'internal', message: 'x' } }),
      '/busy': json(429, { error: { code: 'rate_limited', message: 'x', retryAfterMs: 1500 } }),
      '/denied': json(403, { error: { code: 'forbidden', message: 'secret server detail' } }),
      '/garbage': (_request, response) => response.writeHead(200).end('not json'),
      '/wrong-shape': json(200, { ok: 'yes' }),
    };
    const server = await startServer(orgCa, (request, response, body) => answers[request.url ?? '']?.(request, response, body));
    const transport = transportFor(server.url);
    const call = (p: string) => transport.request({ method: 'GET', path: p, response: Ok }).catch((error: unknown) => error);
    try {
      expect(await call('/revoked')).toBeInstanceOf(DeviceRevokedError);
      expect(await call('/upgrade')).toBeInstanceOf(UpgradeRequiredError);
      const broken = await call('/broken');
      expect(broken).toBeInstanceOf(SyncServerError);
      expect((broken as SyncServerError).retryable).toBe(true);
      expect(await call('/busy')).toMatchObject({ retryable: true, retryAfterMs: 1500 });
      const denied = await call('/denied');
      expect((denied as SyncServerError).retryable).toBe(false);
      // The server's own words are not relayed.
      expect((denied as SyncServerError).message).not.toContain('secret');
      expect(await call('/garbage')).toBeInstanceOf(SyncServerError);
      const wrongShape = await call('/wrong-shape');
      expect(wrongShape).toBeInstanceOf(SyncServerError);
      expect((wrongShape as SyncServerError).serverCode).toBe('unexpected');
    } finally {
      transport.close();
      await server.close();
    }
  });

  it("retries a busy database's 503 and a 429 after the server's Retry-After, from the body or, from a proxy, the header", async () => {
    const answers: Record<string, Handler> = {
      '/db-busy': (_request, response) => {
        response
          .writeHead(503, { 'content-type': 'application/json', 'retry-after': '5' })
          .end(JSON.stringify({ error: { code: 'unavailable', message: 'x', retryAfterMs: 5000 } }));
      },
      '/proxy': (_request, response) => response.writeHead(503, { 'retry-after': '7' }).end('<html>Service Unavailable</html>'),
      '/proxy-date': (_request, response) => response.writeHead(503, { 'retry-after': new Date(Date.now() + 60_000).toUTCString() }).end('down'),
      '/failed-later': json(500, { error: { code: 'internal', message: 'x', retryAfterMs: 2000 } }),
      // A gateway shedding load names no wait, in JSON of its own or in a page.
      '/gateway-json': json(429, { message: 'Too Many Requests' }),
      '/gateway-page': (_request, response) => response.writeHead(429).end('<html>Too Many Requests</html>'),
      '/gateway-page-after': (_request, response) => response.writeHead(429, { 'retry-after': '90' }).end('<html>Too Many Requests</html>'),
    };
    const server = await startServer(orgCa, (request, response, body) => answers[request.url ?? '']?.(request, response, body));
    const transport = transportFor(server.url);
    const call = (p: string) => transport.request({ method: 'GET', path: p, response: Ok }).catch((error: unknown) => error);
    try {
      const busy = await call('/db-busy');
      expect(busy).toBeInstanceOf(SyncServerError);
      expect(busy).toMatchObject({ status: 503, serverCode: 'unavailable', retryable: true, retryAfterMs: 5000 });
      expect((busy as SyncServerError).reason).toEqual({ code: 'sync_server', problem: 'unavailable' });
      expect(await call('/proxy')).toMatchObject({ status: 503, retryable: true, retryAfterMs: 7000 });
      const dated = (await call('/proxy-date')) as SyncServerError;
      expect(dated.retryAfterMs).toBeGreaterThan(50_000);
      expect(dated.retryAfterMs).toBeLessThanOrEqual(60_000);
      expect(await call('/failed-later')).toMatchObject({ retryable: true, retryAfterMs: 2000 });
      // A 429 is rate limiting however it is worded: retried after its Retry-After, else after the rate-limited backoff (retry-waits.ts).
      for (const gateway of ['/gateway-json', '/gateway-page']) {
        const limited = await call(gateway);
        expect(limited).toMatchObject({ status: 429, retryable: true, retryAfterMs: undefined });
        expect(isRateLimited(limited)).toBe(true);
        expect(requestedWaitMs(limited)).toBeUndefined();
      }
      const namedWait = await call('/gateway-page-after');
      expect(isRateLimited(namedWait)).toBe(true);
      expect(requestedWaitMs(namedWait)).toBe(90_000);
      expect(isRateLimited(busy)).toBe(false);
      expect(requestedWaitMs(busy)).toBe(5000);
    } finally {
      transport.close();
      await server.close();
    }
  });

  it('caps the answer size, times out, and reports a connection cut mid-answer', async () => {
    const server = await startServer(orgCa, (request, response) => {
      if (request.url === '/big') response.writeHead(200).end(JSON.stringify({ ok: true, pad: 'x'.repeat(5000) }));
      else if (request.url === '/chunked-big') {
        response.writeHead(200);
        for (let i = 0; i < 10; i += 1) response.write('x'.repeat(1000));
        response.end();
      } else if (request.url === '/cut') {
        response.writeHead(200, { 'content-length': '1000' });
        response.write('{"ok":');
        setTimeout(() => response.socket?.destroy(), 20);
      }
      // '/slow' never answers.
    });
    const transport = transportFor(server.url, { maxResponseBytes: 2000 });
    const call = (p: string, timeoutMs?: number) =>
      transport.request({ method: 'GET', path: p, response: Ok, ...(timeoutMs === undefined ? {} : { timeoutMs }) }).catch((error: unknown) => error);
    try {
      expect((await call('/big')) as SyncNetworkError).toMatchObject({ failure: 'too_large' });
      expect((await call('/chunked-big')) as SyncNetworkError).toMatchObject({ failure: 'too_large' });
      expect((await call('/cut')) as SyncNetworkError).toMatchObject({ failure: 'connection_lost' });
      expect((await call('/slow', 200)) as SyncNetworkError).toMatchObject({ failure: 'timeout' });
    } finally {
      transport.close();
      await server.close();
    }
  });

  it('reports an unreachable server and stops when aborted', async () => {
    const server = await startServer(orgCa, () => undefined);
    const url = server.url;
    const transport = transportFor(url);
    try {
      const controller = new AbortController();
      const pending = transport.request({ method: 'GET', path: '/v1/poke', response: Ok, signal: controller.signal }).catch((error: unknown) => error);
      setTimeout(() => controller.abort(), 50);
      expect((await pending) as SyncNetworkError).toMatchObject({ failure: 'connection_lost' });
    } finally {
      transport.close();
      await server.close();
    }
    const closed = transportFor(url);
    expect((await closed.request({ method: 'GET', path: '/', response: Ok }).catch((error: unknown) => error)) as SyncNetworkError).toMatchObject({
      failure: 'unreachable',
    });
    closed.close();
  });

  it('opens no connection for a request aborted before it is made, or made after close', async () => {
    const server = await startServer(orgCa, json(200, { ok: true }));
    const transport = transportFor(server.url);
    const call = (signal?: AbortSignal) => transport.request({ method: 'GET', path: '/v1/pull', response: Ok, ...(signal ? { signal } : {}) }).catch((error: unknown) => error);
    try {
      // A cycle unwinding after its session ended: the session's signal is aborted, then its transport closed.
      const aborted = new AbortController();
      aborted.abort();
      expect(await call(aborted.signal)).toMatchObject({ failure: 'connection_lost' });
      transport.close();
      expect(await call()).toMatchObject({ failure: 'connection_lost' });
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(server.connections()).toBe(0);
      expect(server.requests).toEqual([]);
    } finally {
      transport.close();
      await server.close();
    }
  });

  it('accepts only plain https origins as server addresses', () => {
    expect(parseServerUrl('https://sync.example.org:8443').origin).toBe('https://sync.example.org:8443');
    expect(() => parseServerUrl('http://sync.example.org')).toThrow(/https/);
    expect(() => parseServerUrl('https://user:pw@sync.example.org')).toThrow(/credentials/);
    expect(() => parseServerUrl('https://sync.example.org/api')).toThrow(/origin/);
    expect(() => parseServerUrl('not a url')).toThrow(/URL/);
  });
});
