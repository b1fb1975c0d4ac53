// The headless shell's transport: an HTTP server on 127.0.0.1 that serves the
// built renderer, and a WebSocket at /ipc that carries the same channels as
// Electron's ipcMain. A socket must come from our own origin (Origin and Host
// are checked, which also defeats DNS rebinding) and must present the
// per-launch token before anything else. A socket refused for its token (or
// for silence) is closed and never heard again: frames it sends while the
// close handshake runs are dropped, and it is cut off after a second if it
// does not answer the close. At most a few sockets may wait for their hello
// at a time, so sockets without the token cannot pile up (each may send one
// frame of up to 4 MiB before it is refused): a new socket past that takes the
// place of the one that has waited longest, so a local process holding sockets
// open in silence cannot keep the real page out (it says hello at once). A
// wrong token or a bad first frame is closed with unauthorisedCloseCode (the
// page forgets its token); silence and eviction only with
// helloExpectedCloseCode, which says nothing against the token: many tabs
// restored at once, or another local process churning upgrades, must not cost
// a page its session. An
// accepted socket is a page that hears pushes (EventBus.attachPage) until it
// closes. When the last page has gone and none comes back within a grace
// period (a reload comes back within it), onLastPageGone runs: the shell
// locks the vault, as Electron's does when its window closes.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import {
  ClientMessage,
  headlessIpcPath,
  maxMessageBytes,
  shellStoppedCloseCode,
  helloExpectedCloseCode,
  unauthorisedCloseCode,
  type ServerMessage,
} from '../../src-shared/ipc/headless-protocol';
import type { EventBus } from '../ipc/event-bus';
import type { IpcRegistry, Sender } from '../ipc/registry';
import type { Logger } from '../log/logger';
import { loopbackAddress } from './port';
import { serveStatic } from './static-files';

export interface HeadlessServerOptions {
  readonly registry: Pick<IpcRegistry, 'dispatch'>;
  readonly events: EventBus;
  readonly log: Logger;
  readonly rendererDir: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** How long a new socket has to say hello, in ms. */
  readonly helloTimeoutMs?: number;
  /** Runs when no page has been connected for lastPageGraceMs since the last one closed. */
  readonly onLastPageGone?: () => void;
  /**
   * Runs at once when the last connected page closes (a reload, a tab closed): what only that page could follow
   * (its exports: Core.pageGone) stops, as Electron's binding stops it when its window's page goes.
   */
  readonly onPagesClosed?: () => void;
  /** How long a page may be away (a reload, a restored tab) before onLastPageGone runs, in ms. */
  readonly lastPageGraceMs?: number;
}

/** How long the shell waits for a page to come back before it runs onLastPageGone, unless told otherwise. */
export const defaultLastPageGraceMs = 10_000;

export interface HeadlessServer {
  readonly url: string;
  readonly origin: string;
  readonly port: number;
  close(): Promise<void>;
}

function tokensMatch(expected: Buffer, given: string): boolean {
  const candidate = Buffer.from(given, 'utf8');
  return candidate.length === expected.length && timingSafeEqual(candidate, expected);
}

/** Sockets that may be open without having said hello yet; one more takes the place of the one waiting longest. */
export const maxWaitingSockets = 8;

/** How long a refused socket has to answer the close before it is cut off, in ms. */
const refusedGraceMs = 1000;

function send(socket: WebSocket, message: ServerMessage): void {
  if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
}

export async function startHeadlessServer(options: HeadlessServerOptions): Promise<HeadlessServer> {
  const token = randomBytes(32).toString('base64url');
  const tokenBytes = Buffer.from(token, 'utf8');
  let port = options.port;
  // Set again once listening (port 0 becomes the port picked); nothing is served before.
  let address = loopbackAddress(port);

  const server = http.createServer((request, response) => {
    if (!address.hosts.includes(request.headers.host ?? '')) {
      response.writeHead(421).end();
      return;
    }
    void serveStatic(options.rendererDir, port, request, response);
  });
  const sockets = new WebSocketServer({ noServer: true, maxPayload: maxMessageBytes });
  const authenticated = new Set<WebSocket>();
  const waiting = new Set<WebSocket>();
  const refused = new WeakSet<WebSocket>();
  /** The detach of each accepted socket's page. */
  const pages = new Map<WebSocket, () => void>();
  let pageGone: NodeJS.Timeout | undefined;
  let stopping = false;

  function pageClosed(): void {
    if (stopping || authenticated.size > 0 || options.onLastPageGone === undefined || pageGone !== undefined) return;
    const gone = options.onLastPageGone;
    pageGone = setTimeout(() => {
      pageGone = undefined;
      if (authenticated.size === 0) gone();
    }, options.lastPageGraceMs ?? defaultLastPageGraceMs);
    pageGone.unref();
  }

  /** Closes a socket that has not proven it holds the token, and ignores whatever it sends from now on. */
  function refuse(socket: WebSocket, code: typeof unauthorisedCloseCode | typeof helloExpectedCloseCode, reason: string): void {
    refused.add(socket);
    waiting.delete(socket);
    socket.close(code, reason);
    setTimeout(() => socket.terminate(), refusedGraceMs).unref();
  }

  server.on('upgrade', (request, socket, head) => {
    // Node takes its own error handler off an upgraded socket: a peer that resets it must not throw.
    socket.on('error', () => socket.destroy());
    const path = (request.url ?? '').split('?')[0];
    const fromUs = request.headers.origin === address.origin && address.hosts.includes(request.headers.host ?? '');
    if (path !== headlessIpcPath || !fromUs) {
      options.log.log('warn', 'headless.upgrade_refused', { reason: fromUs ? 'path' : 'origin' });
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    if (waiting.size >= maxWaitingSockets) {
      // Sets iterate in insertion order: the first is the one that has waited longest.
      const oldest = waiting.values().next().value;
      options.log.log('warn', 'headless.waiting_replaced', {});
      if (oldest !== undefined) refuse(oldest, helloExpectedCloseCode, 'hello expected');
    }
    sockets.handleUpgrade(request, socket, head, (ws) => sockets.emit('connection', ws));
  });

  sockets.on('connection', (socket: WebSocket) => {
    const sender: Sender = { transport: 'headless', origin: address.origin };
    waiting.add(socket);
    const helloTimer = setTimeout(() => refuse(socket, helloExpectedCloseCode, 'hello expected'), options.helloTimeoutMs ?? 5000);
    socket.on('close', () => {
      clearTimeout(helloTimer);
      const wasPage = authenticated.delete(socket);
      waiting.delete(socket);
      pages.get(socket)?.();
      pages.delete(socket);
      if (wasPage && authenticated.size === 0 && !stopping) options.onPagesClosed?.();
      if (wasPage) pageClosed();
    });
    socket.on('error', () => socket.terminate());
    socket.on('message', (data: RawData, isBinary: boolean) => {
      if (refused.has(socket)) return;
      void handleMessage(socket, sender, data, isBinary, helloTimer);
    });
  });

  async function handleMessage(
    socket: WebSocket,
    sender: Sender,
    data: RawData,
    isBinary: boolean,
    helloTimer: NodeJS.Timeout,
  ): Promise<void> {
    let parsed: ClientMessage;
    try {
      if (isBinary) throw new Error('binary');
      const text = Array.isArray(data)
        ? Buffer.concat(data).toString('utf8')
        : Buffer.from(data instanceof ArrayBuffer ? new Uint8Array(data) : data).toString('utf8');
      parsed = ClientMessage.parse(JSON.parse(text));
    } catch {
      if (!authenticated.has(socket)) {
        refuse(socket, unauthorisedCloseCode, 'unauthorised');
        return;
      }
      send(socket, { type: 'error', error: { code: 'BAD_INPUT', message: 'Malformed message.' } });
      return;
    }
    if (!authenticated.has(socket)) {
      if (parsed.type !== 'hello' || !tokensMatch(tokenBytes, parsed.token)) {
        options.log.log('warn', 'headless.bad_token', {});
        refuse(socket, unauthorisedCloseCode, 'unauthorised');
        return;
      }
      clearTimeout(helloTimer);
      clearTimeout(pageGone);
      pageGone = undefined;
      waiting.delete(socket);
      authenticated.add(socket);
      send(socket, { type: 'ready' });
      // After ready: what waited for a page (reminders) follows it on this socket.
      if (socket.readyState === socket.OPEN) pages.set(socket, options.events.attachPage());
      return;
    }
    if (parsed.type === 'hello') return;
    const result = await options.registry.dispatch(sender, parsed.channel, parsed.input);
    send(socket, { type: 'result', id: parsed.id, result });
  }

  const unsubscribe = options.events.subscribe((event, payload) => {
    for (const socket of authenticated) send(socket, { type: 'event', event, payload });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  address = loopbackAddress(port);

  return {
    port,
    origin: address.origin,
    url: `${address.origin}/#token=${token}`,
    async close() {
      unsubscribe();
      stopping = true;
      clearTimeout(pageGone);
      // Pages that hold the token hear that the shell stops (so they forget
      // it); every socket is cut off once they have answered, or after a second.
      await Promise.all(
        [...sockets.clients].map(
          (socket) =>
            new Promise<void>((resolve) => {
              if (!authenticated.has(socket) || socket.readyState !== socket.OPEN) {
                socket.terminate();
                resolve();
                return;
              }
              const cutOff = setTimeout(() => socket.terminate(), refusedGraceMs);
              socket.once('close', () => {
                clearTimeout(cutOff);
                resolve();
              });
              socket.close(shellStoppedCloseCode, 'shell stopped');
            }),
        ),
      );
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
