// The headless shell's WebSocket must only serve our own page: wrong Origin,
// wrong Host (DNS rebinding), missing or wrong token are all refused (and a
// refused socket is not heard again, even when it ignores the close), only a
// few sockets may wait for their hello at once (one closed for silence or to
// make room is not told its token is bad), and
// arbitrary garbage from an authenticated page gets typed errors while the
// process stays up. Runs the real shell as a child process.
import fc from 'fast-check';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { channelNames } from '../../src-shared/ipc/channels';
import { VaultStatus } from '../../src-shared/ipc/contract';
import { errorCodes } from '../../src-shared/ipc/errors';
import { helloExpectedCloseCode, ServerMessage, unauthorisedCloseCode } from '../../src-shared/ipc/headless-protocol';
import { maxWaitingSockets } from '../../src-main/headless/server';
import { startHeadless, type HeadlessProcess } from '../support/headless-process';

let shell: HeadlessProcess;

beforeAll(async () => {
  shell = await startHeadless();
});
afterAll(async () => {
  await shell.stop();
});

function wsUrl(target: HeadlessProcess = shell): string {
  return `ws://127.0.0.1:${target.url.port}/ipc`;
}

function refusal(headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(wsUrl(), { headers });
    socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
    socket.on('open', () => reject(new Error('socket was accepted')));
    socket.on('error', () => undefined);
  });
}

function closeCode(socket: WebSocket): Promise<number> {
  return new Promise((resolve) => socket.on('close', (code) => resolve(code)));
}

async function authenticated(target: HeadlessProcess = shell): Promise<{ socket: WebSocket; next: () => Promise<ServerMessage> }> {
  const socket = new WebSocket(wsUrl(target), { origin: target.origin });
  const queue: ServerMessage[] = [];
  const waiters: ((message: ServerMessage) => void)[] = [];
  socket.on('message', (data: Buffer) => {
    const message = ServerMessage.parse(JSON.parse(data.toString('utf8')));
    const waiter = waiters.shift();
    if (waiter) waiter(message);
    else queue.push(message);
  });
  const next = (): Promise<ServerMessage> => {
    const queued = queue.shift();
    return queued ? Promise.resolve(queued) : new Promise((resolve) => waiters.push(resolve));
  };
  await new Promise((resolve) => socket.once('open', resolve));
  socket.send(JSON.stringify({ type: 'hello', token: target.token }));
  expect(await next()).toEqual({ type: 'ready' });
  return { socket, next };
}

/** A masked client text frame (payload under 64 KiB). */
function textFrame(text: string): Buffer {
  const payload = Buffer.from(text, 'utf8');
  const mask = randomBytes(4);
  const length = payload.length < 126 ? Buffer.from([0x80 | payload.length]) : Buffer.from([0x80 | 126, payload.length >> 8, payload.length & 0xff]);
  return Buffer.concat([Buffer.from([0x81]), length, mask, payload.map((byte, index) => byte ^ (mask[index % 4] ?? 0))]);
}

/**
 * A WebSocket spoken by hand over TCP: upgrades with the given Origin, then
 * sends frames and never answers a close, as a hostile local client may.
 */
async function rawSocket(origin: string): Promise<{ socket: net.Socket; status: number; closed: Promise<void> }> {
  const socket = net.connect(Number(shell.url.port), '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.write(
    [
      'GET /ipc HTTP/1.1',
      `Host: 127.0.0.1:${shell.url.port}`,
      `Origin: ${origin}`,
      'Upgrade: websocket',
      'Connection: Upgrade',
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
      'Sec-WebSocket-Version: 13',
      '',
      '',
    ].join('\r\n'),
  );
  const head = await new Promise<string>((resolve) => socket.once('data', (chunk: Buffer) => resolve(chunk.toString('latin1'))));
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.on('error', () => undefined);
  return { socket, status: Number(/^HTTP\/1\.1 (\d+)/.exec(head)?.[1] ?? 0), closed };
}

const logged = (event: string): number => shell.stderr().split('\n').filter((line) => line.includes(`"event":"${event}"`)).length;

describe('headless shell transport', () => {
  it('refuses a socket from a foreign origin', async () => {
    expect(await refusal({ Origin: 'http://evil.example' })).toBe(403);
    expect(await refusal({ Origin: `http://localhost.evil.example:${shell.url.port}` })).toBe(403);
  });

  it('refuses a rebound Host header for pages and sockets', async () => {
    // fetch() may not set Host, so ask with node:http as a rebinding page's browser would.
    const status = await new Promise<number>((resolve, reject) => {
      const request = http.get(
        { host: '127.0.0.1', port: Number(shell.url.port), path: '/', headers: { Host: `evil.example:${shell.url.port}` } },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      );
      request.on('error', reject);
    });
    expect(status).toBe(421);
    expect(await refusal({ Origin: shell.origin, Host: `evil.example:${shell.url.port}` })).toBe(403);
  });

  it('closes a socket that sends a wrong token or anything before hello', async () => {
    for (const first of [{ type: 'hello', token: 'wrong' }, { type: 'invoke', id: 1, channel: 'vault.status', input: {} }, 'not json']) {
      const socket = new WebSocket(wsUrl(), { origin: shell.origin });
      const closed = closeCode(socket);
      await new Promise((resolve) => socket.once('open', resolve));
      socket.send(typeof first === 'string' ? first : JSON.stringify(first));
      expect(await closed).toBe(unauthorisedCloseCode);
    }
  });

  it('closes a socket that made room for newer ones as "hello expected", not as a bad token, and the token still works', async () => {
    // A page whose hello has not been read yet (as when many restored tabs connect at once).
    const first = new WebSocket(wsUrl(), { origin: shell.origin });
    const firstClosed = closeCode(first);
    await new Promise((resolve) => first.once('open', resolve));
    const others = await Promise.all(Array.from({ length: maxWaitingSockets }, () => rawSocket(shell.origin)));
    const code = await firstClosed;
    expect(code).toBe(helloExpectedCloseCode);
    for (const raw of others) raw.socket.destroy();
    await Promise.all(others.map((raw) => raw.closed));
    const page = await authenticated();
    page.socket.send(JSON.stringify({ type: 'invoke', id: 1, channel: 'vault.status', input: {} }));
    expect(await page.next()).toMatchObject({ type: 'result', id: 1, result: { ok: true } });
    page.socket.close();
  });

  it('closes a socket silent past its hello timeout as "hello expected", not as a bad token', async () => {
    const silent = new WebSocket(wsUrl(), { origin: shell.origin });
    const closed = closeCode(silent);
    await new Promise((resolve) => silent.once('open', resolve));
    expect(await closed).toBe(helloExpectedCloseCode);
  });

  it('hears nothing more from a socket it refused, and cuts it off when it does not answer the close', async () => {
    const before = logged('headless.bad_token');
    const raw = await rawSocket(shell.origin);
    expect(raw.status).toBe(101);
    // Guesses after the first refusal, then the right token and a call: none of it may be read.
    for (let guess = 0; guess < 5; guess += 1) raw.socket.write(textFrame(JSON.stringify({ type: 'hello', token: `wrong-${guess}` })));
    raw.socket.write(textFrame(JSON.stringify({ type: 'hello', token: shell.token })));
    raw.socket.write(textFrame(JSON.stringify({ type: 'invoke', id: 1, channel: 'vault.status', input: {} })));
    await raw.closed;
    expect(logged('headless.bad_token') - before).toBe(1);
  });

  it('survives a refused upgrade whose peer resets the connection', async () => {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const raw = await rawSocket('http://evil.example');
      expect(raw.status).toBe(403);
      raw.socket.resetAndDestroy();
      await raw.closed;
    }
    const fresh = await authenticated();
    fresh.socket.send(JSON.stringify({ type: 'invoke', id: 1, channel: 'vault.status', input: {} }));
    expect(await fresh.next()).toMatchObject({ type: 'result', id: 1, result: { ok: true } });
    fresh.socket.close();
    expect(shell.stderr()).not.toContain('process.uncaught_exception');
    expect(shell.child.exitCode).toBeNull();
  });

  it('lets only a few sockets wait for their hello at once, and a new one takes the place of the oldest', async () => {
    const waiting = await Promise.all(Array.from({ length: maxWaitingSockets }, () => rawSocket(shell.origin)));
    expect(waiting.map((raw) => raw.status)).toEqual(Array.from({ length: maxWaitingSockets }, () => 101));
    const replaced = logged('headless.waiting_replaced');
    // Silent sockets held open by another local process do not keep the real page out: it gets in, the oldest goes.
    const page = await authenticated();
    expect(logged('headless.waiting_replaced')).toBe(replaced + 1);
    await waiting[0]?.closed;
    page.socket.send(JSON.stringify({ type: 'invoke', id: 1, channel: 'vault.status', input: {} }));
    expect(await page.next()).toMatchObject({ type: 'result', id: 1, result: { ok: true } });
    page.socket.close();
    for (const raw of waiting) raw.socket.destroy();
  });

  it('answers garbage from an authenticated page with typed errors and stays up', async () => {
    const { socket, next } = await authenticated();
    let id = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constantFrom(...channelNames), fc.string({ maxLength: 30 }), fc.jsonValue()),
        fc.jsonValue({ maxDepth: 4 }),
        fc.boolean(),
        async (channel, input, malformed) => {
          if (malformed) {
            socket.send('{"type":"invoke","id":');
            const reply = await next();
            expect(reply).toMatchObject({ type: 'error', error: { code: 'BAD_INPUT' } });
            return;
          }
          id += 1;
          socket.send(JSON.stringify({ type: 'invoke', id, channel, input }));
          const reply = await next();
          expect(reply.type).toBe('result');
          if (reply.type === 'result' && !reply.result.ok) expect(errorCodes).toContain(reply.result.error.code);
        },
      ),
      { numRuns: 200 },
    );
    socket.close();

    // An oversized frame closes that socket only; the process keeps serving.
    const big = await authenticated();
    const closed = closeCode(big.socket);
    big.socket.send('x'.repeat(5 * 1024 * 1024));
    // 1009 (too big) when the close frame arrives; 1006 when the server's
    // teardown beats it while the client is still writing.
    expect([1006, 1009]).toContain(await closed);

    const fresh = await authenticated();
    fresh.socket.send(JSON.stringify({ type: 'invoke', id: 1, channel: 'vault.status', input: {} }));
    expect(await fresh.next()).toMatchObject({ type: 'result', id: 1, result: { ok: true } });
    fresh.socket.close();
    expect(shell.child.exitCode).toBeNull();
  });
});

describe('headless shell without a page', () => {
  let quick: HeadlessProcess;
  const graceMs = 600;

  beforeAll(async () => {
    quick = await startHeadless({ FIELDVAULT_HEADLESS_PAGE_GRACE_MS: String(graceMs) });
  });
  afterAll(async () => {
    await quick.stop();
  });

  type Page = Awaited<ReturnType<typeof authenticated>>;
  /** The next answer, past the pushes (vault.didUnlock, …) that come with it. */
  async function answer(page: Page): Promise<ServerMessage> {
    for (;;) {
      const message = await page.next();
      if (message.type !== 'event') return message;
    }
  }
  async function stateOf(page: Page, id: number): Promise<unknown> {
    page.socket.send(JSON.stringify({ type: 'invoke', id, channel: 'vault.status', input: {} }));
    const reply = await answer(page);
    return reply.type === 'result' && reply.result.ok ? VaultStatus.parse(reply.result.value).state : reply;
  }

  it('keeps the vault open over a reload and locks it once the last page has gone for the grace period', async () => {
    const first = await authenticated(quick);
    first.socket.send(JSON.stringify({ type: 'invoke', id: 1, channel: 'vault.create', input: { password: 'correct horse battery' } }));
    expect(await answer(first)).toMatchObject({ type: 'result', id: 1, result: { ok: true, value: { state: 'unlocked' } } });
    first.socket.close();
    // A reload: the page is back within the grace period, and stays past it.
    const reloaded = await authenticated(quick);
    await new Promise((resolve) => setTimeout(resolve, graceMs * 2));
    expect(await stateOf(reloaded, 2)).toBe('unlocked');
    // The tab closes for good: nobody is looking at the data, so the vault locks.
    reloaded.socket.close();
    await new Promise((resolve) => setTimeout(resolve, graceMs * 3));
    const later = await authenticated(quick);
    expect(await stateOf(later, 3)).toBe('locked');
    later.socket.close();
  });
});
