// FieldVaultBridge over the headless shell's WebSocket (see
// src-shared/ipc/headless-protocol.ts). The per-launch token arrives in the
// URL fragment and is taken out of the address bar at once (so it is not left
// in history, bookmarks or screenshots). It is kept in the tab's
// sessionStorage, which the browser gives to this origin (127.0.0.1:PORT) in
// this tab only, so a reload or Back/Forward in the same tab connects again
// without the link; a refused token, or the shell saying it stops, removes it.
// A socket the shell closed only because it waited too long for its hello (or
// gave its place to a newer one while many connected at once) is opened again
// with the same token, a few times. Every server message is parsed before it
// is trusted.
import type { FieldVaultBridge } from '../../src-shared/ipc/bridge';
import type { Result } from '../../src-shared/ipc/errors';
import {
  ServerMessage,
  headlessIpcPath,
  shellStoppedCloseCode,
  helloExpectedCloseCode,
  unauthorisedCloseCode,
  type ClientMessage,
} from '../../src-shared/ipc/headless-protocol';
import { ConnectionCell, type ConnectionMonitor } from './connection';
import { ConnectionError, type ConnectionFailure } from './errors';

export interface Transport extends FieldVaultBridge {
  readonly connection: ConnectionMonitor;
}

/** The part of the browser's WebSocket this transport uses. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(): void;
  addEventListener(type: 'open', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { readonly data: unknown }) => void): void;
  addEventListener(type: 'close', listener: (event: { readonly code: number }) => void): void;
}

/** WebSocket.CLOSED */
const socketClosed = 3;

/** How often a socket closed with helloExpectedCloseCode is opened again before the page gives up. */
export const maxReconnects = 4;

/** Wait before reconnect `attempt` (0-based): doubling, with jitter so tabs restored together do not crowd in again at once. */
function reconnectDelayMs(attempt: number): number {
  return 100 * 2 ** attempt + Math.floor(Math.random() * 100);
}

export interface HeadlessEnvironment {
  readonly location: Pick<Location, 'hash' | 'host' | 'pathname' | 'search'>;
  readonly history: Pick<History, 'replaceState' | 'state'>;
  /** The tab's sessionStorage, where the token waits for a reload; absent (or throwing): the link alone. */
  readonly sessionStorage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  readonly createSocket: (url: string) => SocketLike;
  /**
   * Where Content-Security-Policy violations are reported. Chromium blocks a
   * socket the page's CSP forbids without ever firing 'close' on it, so the
   * violation report is the only prompt sign of that refusal.
   */
  readonly policyReports?: Pick<Document, 'addEventListener' | 'removeEventListener'>;
  /** How long to wait for `ready` after connecting (default 10 s). */
  readonly handshakeTimeoutMs?: number;
}

interface PendingCall {
  readonly resolve: (result: Result<unknown>) => void;
  readonly reject: (error: ConnectionError) => void;
}

/** Reads `#token=…` and removes the whole fragment from the address bar. */
export function takeTokenFromLocation(environment: Pick<HeadlessEnvironment, 'location' | 'history'>): string | null {
  const { location, history } = environment;
  if (location.hash === '') return null;
  const token = new URLSearchParams(location.hash.slice(1)).get('token');
  history.replaceState(history.state, '', `${location.pathname}${location.search}`);
  return token !== null && token.length > 0 ? token : null;
}

/** The sessionStorage key of the access token. */
export const tokenStorageKey = 'fieldvault.accessToken';

/**
 * The token of this tab: from the link (`#token=…`, which replaces a kept one and is kept in its place),
 * else the one kept in sessionStorage by an earlier load of this page in this tab.
 */
export function accessToken(environment: Pick<HeadlessEnvironment, 'location' | 'history' | 'sessionStorage'>): string | null {
  const fromLink = takeTokenFromLocation(environment);
  try {
    const storage = environment.sessionStorage;
    if (fromLink !== null) {
      storage?.setItem(tokenStorageKey, fromLink);
      return fromLink;
    }
    const kept = storage?.getItem(tokenStorageKey) ?? null;
    return kept !== null && kept.length > 0 ? kept : null;
  } catch {
    // Storage turned off by the browser: the link works, a reload needs it again.
    return fromLink;
  }
}

function forgetToken(environment: Pick<HeadlessEnvironment, 'sessionStorage'>): void {
  try {
    environment.sessionStorage?.removeItem(tokenStorageKey);
  } catch {
    // Nothing was kept.
  }
}

export class HeadlessTransport implements Transport {
  readonly #connection = new ConnectionCell({ status: 'connecting' });
  readonly #pending = new Map<number, PendingCall>();
  readonly #listeners = new Map<string, Set<(payload: unknown) => void>>();
  readonly #waitingForReady: Array<{ resolve: () => void; reject: (error: ConnectionError) => void }> = [];
  #socket: SocketLike | undefined;
  #handshakeTimer: ReturnType<typeof setTimeout> | undefined;
  #reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  #stopWatchingPolicy: (() => void) | undefined;
  #nextId = 0;

  constructor(environment: HeadlessEnvironment) {
    const token = accessToken(environment);
    if (token === null) {
      this.#fail('no-token');
      return;
    }
    this.#open(environment, token);
  }

  get connection(): ConnectionMonitor {
    return this.#connection;
  }

  async invoke(channel: string, input: unknown): Promise<Result<unknown>> {
    await this.#ready();
    const socket = this.#socket;
    if (socket === undefined) throw new ConnectionError('closed');
    const id = this.#nextId++;
    return new Promise<Result<unknown>>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#send(socket, { type: 'invoke', id, channel, input });
    });
  }

  on(event: string, listener: (payload: unknown) => void): () => void {
    let set = this.#listeners.get(event);
    if (set === undefined) {
      set = new Set();
      this.#listeners.set(event, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  /** Closes the socket; pending and later calls fail with ConnectionError. */
  close(): void {
    this.#fail('closed');
  }

  #ready(): Promise<void> {
    const state = this.#connection.current();
    if (state.status === 'ready') return Promise.resolve();
    if (state.status === 'failed') return Promise.reject(new ConnectionError(state.failure));
    return new Promise((resolve, reject) => this.#waitingForReady.push({ resolve, reject }));
  }

  #open(environment: HeadlessEnvironment, token: string): void {
    this.#watchPolicy(environment, `ws://${environment.location.host}`);
    this.#connect(environment, token, 0);
  }

  #connect(environment: HeadlessEnvironment, token: string, attempt: number): void {
    const url = `ws://${environment.location.host}${headlessIpcPath}`;
    let socket: SocketLike;
    try {
      socket = environment.createSocket(url);
    } catch {
      // A Content-Security-Policy violation may throw here instead of closing.
      this.#fail('refused');
      return;
    }
    this.#socket = socket;
    this.#handshakeTimer = setTimeout(() => this.#fail('unreachable'), environment.handshakeTimeoutMs ?? 10_000);
    socket.addEventListener('open', () => this.#send(socket, { type: 'hello', token }));
    socket.addEventListener('message', (event) => this.#receive(event.data));
    // The page itself came from this server, so a socket that closes before
    // `ready` was turned away (bad token: 4401; wrong Origin or Host: the
    // upgrade is answered 403, seen here as 1006). A silent server is caught
    // by the handshake timer instead.
    // A token the server refused (4401) is of no use after a reload either,
    // nor one of a shell that said it stops. After any other close (an upgrade
    // turned away while the server was busy, too big a frame) a reload may
    // still connect with it. A hello the server stopped waiting for (4408:
    // many tabs connecting at once, a page that froze) is tried again; if that
    // keeps failing, the page says the shell did not answer, and a reload may
    // still connect.
    socket.addEventListener('close', (event) => {
      if (event.code === unauthorisedCloseCode || event.code === shellStoppedCloseCode) forgetToken(environment);
      // A socket this transport has already left (after a failure) decides nothing.
      if (this.#socket !== socket) return;
      const wasReady = this.#connection.current().status === 'ready';
      if (!wasReady && event.code === helloExpectedCloseCode) {
        this.#socket = undefined;
        clearTimeout(this.#handshakeTimer);
        if (attempt >= maxReconnects) {
          this.#fail('unreachable');
          return;
        }
        this.#reconnectTimer = setTimeout(() => this.#connect(environment, token, attempt + 1), reconnectDelayMs(attempt));
        return;
      }
      this.#fail(wasReady && event.code !== unauthorisedCloseCode ? 'closed' : 'refused');
    });
    // An 'error' event is always followed by 'close', which decides the failure.
  }

  #watchPolicy(environment: HeadlessEnvironment, socketOrigin: string): void {
    const reports = environment.policyReports;
    if (reports === undefined) return;
    const onViolation = (event: SecurityPolicyViolationEvent) => {
      // Reports may name the full URL or only its origin.
      if (event.blockedURI.startsWith(socketOrigin)) this.#fail('refused');
    };
    reports.addEventListener('securitypolicyviolation', onViolation);
    this.#stopWatchingPolicy = () => reports.removeEventListener('securitypolicyviolation', onViolation);
  }

  #send(socket: SocketLike, message: ClientMessage): void {
    socket.send(JSON.stringify(message));
  }

  #receive(data: unknown): void {
    if (typeof data !== 'string') return;
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      return;
    }
    const parsed = ServerMessage.safeParse(json);
    if (!parsed.success) return;
    const message = parsed.data;
    switch (message.type) {
      case 'ready':
        this.#becomeReady();
        return;
      case 'result': {
        const call = this.#pending.get(message.id);
        if (call === undefined) return;
        this.#pending.delete(message.id);
        call.resolve(message.result.ok ? { ok: true, value: message.result.value } : message.result);
        return;
      }
      case 'event':
        this.#dispatch(message.event, message.payload);
        return;
      case 'error':
        // The server could not read one of our messages and has no id to
        // answer. Every message this client sends is built from the protocol's
        // own types, so there is no call here to fail.
        return;
    }
  }

  #becomeReady(): void {
    if (this.#connection.current().status !== 'connecting') return;
    clearTimeout(this.#handshakeTimer);
    this.#stopWatchingPolicy?.();
    this.#connection.set({ status: 'ready' });
    for (const waiter of this.#waitingForReady.splice(0)) waiter.resolve();
  }

  #dispatch(event: string, payload: unknown): void {
    const set = this.#listeners.get(event);
    if (set === undefined) return;
    for (const listener of [...set]) {
      try {
        listener(payload);
      } catch (error) {
        // One broken listener must not starve the others; report it unhandled.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }

  #fail(failure: ConnectionFailure): void {
    if (this.#connection.current().status === 'failed') return;
    clearTimeout(this.#handshakeTimer);
    clearTimeout(this.#reconnectTimer);
    this.#stopWatchingPolicy?.();
    this.#connection.set({ status: 'failed', failure });
    const error = new ConnectionError(failure);
    for (const waiter of this.#waitingForReady.splice(0)) waiter.reject(error);
    for (const call of this.#pending.values()) call.reject(error);
    this.#pending.clear();
    const socket = this.#socket;
    this.#socket = undefined;
    if (socket !== undefined && socket.readyState !== socketClosed) socket.close();
  }
}
