// The headless transport and the typed client against a scripted socket: the
// token leaves the address bar for the tab's sessionStorage (a reload or
// Back/Forward connects with it; a refusal or the shell's stop removes it),
// calls wait for `ready`, results are matched by
// id, events reach listeners, bad server messages are ignored, a socket the
// server stopped waiting for is opened again with the same token, and a closed
// socket rejects what is pending with a typed ConnectionError.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApi } from './bridge-client';
import { helloExpectedCloseCode } from '../../src-shared/ipc/headless-protocol';
import { BridgeError, ConnectionError } from './errors';
import {
  HeadlessTransport,
  accessToken,
  maxReconnects,
  takeTokenFromLocation,
  tokenStorageKey,
  type HeadlessEnvironment,
  type SocketLike,
} from './headless-transport';

type Listener = (event: { readonly data: unknown; readonly code: number }) => void;

class ScriptedSocket implements SocketLike {
  readyState = 0;
  readonly sent: unknown[] = [];
  readonly #listeners = new Map<string, Listener[]>();

  constructor(readonly url: string) {}

  addEventListener(type: string, listener: Listener): void {
    this.#listeners.set(type, [...(this.#listeners.get(type) ?? []), listener]);
  }

  send(data: string): void {
    this.sent.push(JSON.parse(data));
  }

  close(): void {
    this.serverClose(1000);
  }

  open(): void {
    this.readyState = 1;
    this.#fire('open', { data: null, code: 0 });
  }

  serverSends(message: unknown): void {
    this.#fire('message', { data: typeof message === 'string' ? message : JSON.stringify(message), code: 0 });
  }

  serverClose(code: number): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.#fire('close', { data: null, code });
  }

  #fire(type: string, event: { data: unknown; code: number }): void {
    for (const listener of this.#listeners.get(type) ?? []) listener(event);
  }
}

/** A tab's sessionStorage. */
class TabStorage {
  readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
}

function environment(hash: string, storage: TabStorage = new TabStorage()) {
  const sockets: ScriptedSocket[] = [];
  const replaced: string[] = [];
  const env: HeadlessEnvironment = {
    location: { hash, host: '127.0.0.1:4567', pathname: '/', search: '' },
    history: { state: null, replaceState: (_state, _title, url) => replaced.push(String(url)) },
    sessionStorage: storage,
    createSocket: (url) => {
      const socket = new ScriptedSocket(url);
      sockets.push(socket);
      return socket;
    },
    handshakeTimeoutMs: 60_000,
  };
  return { env, sockets, replaced, storage };
}

function onlySocket(sockets: readonly ScriptedSocket[]): ScriptedSocket {
  const socket = sockets[0];
  if (socket === undefined || sockets.length !== 1) throw new Error(`expected one socket, got ${sockets.length}`);
  return socket;
}

const status = { state: 'locked', failedAttempts: 0, maxFailedAttempts: 10, retryAfterMs: 0 };

describe('takeTokenFromLocation', () => {
  it('reads #token= and clears the fragment from the address bar', () => {
    const { env, replaced } = environment('#token=abc_DEF-123');
    expect(takeTokenFromLocation(env)).toBe('abc_DEF-123');
    expect(replaced).toEqual(['/']);
  });

  it('returns null without a token, and still clears a stray fragment', () => {
    const { env, replaced } = environment('#other=1');
    expect(takeTokenFromLocation(env)).toBeNull();
    expect(replaced).toEqual(['/']);
    expect(takeTokenFromLocation(environment('').env)).toBeNull();
  });
});

describe('accessToken', () => {
  it('keeps the link’s token in the tab’s sessionStorage, and a reload (no fragment) finds it there', () => {
    const { env, storage, replaced } = environment('#token=abc_DEF-123');
    expect(accessToken(env)).toBe('abc_DEF-123');
    expect(replaced).toEqual(['/']);
    expect([...storage.items]).toEqual([[tokenStorageKey, 'abc_DEF-123']]);
    expect(accessToken(environment('', storage).env)).toBe('abc_DEF-123');
    // A stray fragment is cleared, and the kept token still serves.
    expect(accessToken(environment('#other=1', storage).env)).toBe('abc_DEF-123');
  });

  it('lets a new link replace the kept token', () => {
    const { storage } = environment('#token=old');
    storage.setItem(tokenStorageKey, 'old');
    expect(accessToken(environment('#token=new', storage).env)).toBe('new');
    expect(storage.getItem(tokenStorageKey)).toBe('new');
  });

  it('has none in a new tab, or where the browser turned storage off (the link still works)', () => {
    expect(accessToken(environment('').env)).toBeNull();
    const off = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('SecurityError');
      },
      removeItem: () => {
        throw new Error('SecurityError');
      },
    };
    expect(accessToken({ ...environment('#token=abc').env, sessionStorage: off })).toBe('abc');
    expect(accessToken({ ...environment('').env, sessionStorage: off })).toBeNull();
  });
});

describe('HeadlessTransport', () => {
  it('says hello with the kept token after a reload', async () => {
    const first = environment('#token=secret');
    new HeadlessTransport(first.env).close();
    const reloaded = environment('', first.storage);
    const api = createApi(new HeadlessTransport(reloaded.env));
    const socket = onlySocket(reloaded.sockets);
    socket.open();
    expect(socket.sent).toEqual([{ type: 'hello', token: 'secret' }]);
    socket.serverSends({ type: 'ready' });
    await Promise.resolve();
    expect(api.connection.current()).toEqual({ status: 'ready' });
  });

  it('forgets the kept token when the server refuses it (4401) or the shell stops, not on another close', () => {
    for (const [code, ready, kept] of [
      [4401, false, false],
      [4401, true, false],
      [4000, true, false],
      [1006, true, true],
      [1006, false, true],
      // Closed for silence or to make room for another socket: nothing said against the token.
      [4408, false, true],
      [1000, true, true],
      [1009, true, true],
    ] as const) {
      const { env, sockets, storage } = environment('#token=secret');
      const transport = new HeadlessTransport(env);
      const socket = onlySocket(sockets);
      socket.open();
      if (ready) socket.serverSends({ type: 'ready' });
      socket.serverClose(code);
      expect({ code, ready, kept: storage.getItem(tokenStorageKey) === 'secret' }).toEqual({ code, ready, kept });
      transport.close();
    }
  });

  it('fails at once without a token and never opens a socket', async () => {
    const { env, sockets } = environment('');
    const transport = new HeadlessTransport(env);
    expect(transport.connection.current()).toEqual({ status: 'failed', failure: 'no-token' });
    expect(sockets).toEqual([]);
    await expect(transport.invoke('vault.status', {})).rejects.toEqual(new ConnectionError('no-token'));
  });

  it('says hello, waits for ready, then matches results to calls by id', async () => {
    const { env, sockets } = environment('#token=secret');
    const api = createApi(new HeadlessTransport(env));
    const socket = onlySocket(sockets);
    expect(socket.url).toBe('ws://127.0.0.1:4567/ipc');

    const first = api.invoke('vault.status', {});
    const second = api.invoke('vault.lock', {});
    socket.open();
    expect(socket.sent).toEqual([{ type: 'hello', token: 'secret' }]);
    socket.serverSends({ type: 'ready' });
    await Promise.resolve();
    await Promise.resolve();
    expect(api.connection.current()).toEqual({ status: 'ready' });
    expect(socket.sent.slice(1)).toEqual([
      { type: 'invoke', id: 0, channel: 'vault.status', input: {} },
      { type: 'invoke', id: 1, channel: 'vault.lock', input: {} },
    ]);

    // Answers may come in any order.
    socket.serverSends({
      type: 'result',
      id: 1,
      result: { ok: false, error: { code: 'THROTTLED', message: 'Wait.', retryAfterMs: 3000 } },
    });
    socket.serverSends({ type: 'result', id: 0, result: { ok: true, value: status } });
    await expect(first).resolves.toEqual(status);
    const error: unknown = await second.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BridgeError);
    expect(error).toMatchObject({ code: 'THROTTLED', message: 'Wait.', retryAfterMs: 3000 });
  });

  it('parses events with the contract and ignores malformed server messages', async () => {
    const { env, sockets } = environment('#token=secret');
    const api = createApi(new HeadlessTransport(env));
    const socket = onlySocket(sockets);
    const reasons: string[] = [];
    const stop = api.on('vault.didLock', (payload) => reasons.push(payload.reason));
    socket.open();
    socket.serverSends({ type: 'ready' });
    socket.serverSends('not json');
    socket.serverSends({ type: 'result', id: 'x' });
    socket.serverSends({ type: 'event', event: 'vault.didLock', payload: { reason: 'nonsense' } });
    socket.serverSends({ type: 'event', event: 'vault.didLock', payload: { reason: 'idle' } });
    stop();
    socket.serverSends({ type: 'event', event: 'vault.didLock', payload: { reason: 'user' } });
    expect(reasons).toEqual(['idle']);

    // An answer that does not match the channel's output schema is refused.
    const call = api.invoke('vault.status', {});
    await Promise.resolve();
    socket.serverSends({ type: 'result', id: 0, result: { ok: true, value: { state: 'open' } } });
    await expect(call).rejects.toMatchObject({ code: 'INTERNAL' });
  });

  it('rejects pending calls with ConnectionError when the socket closes', async () => {
    const { env, sockets } = environment('#token=secret');
    const transport = new HeadlessTransport(env);
    const socket = onlySocket(sockets);
    socket.open();
    socket.serverSends({ type: 'ready' });
    const pending = transport.invoke('contacts.list', {});
    await Promise.resolve();
    socket.serverClose(1006);
    await expect(pending).rejects.toEqual(new ConnectionError('closed'));
    expect(transport.connection.current()).toEqual({ status: 'failed', failure: 'closed' });
    await expect(transport.invoke('vault.status', {})).rejects.toBeInstanceOf(ConnectionError);
  });

  it('reports a refused token (4401) and a refused upgrade as "refused"', async () => {
    for (const code of [4401, 1006]) {
      const { env, sockets } = environment('#token=wrong');
      const transport = new HeadlessTransport(env);
      const waiting = transport.invoke('vault.status', {});
      const socket = onlySocket(sockets);
      socket.open();
      socket.serverClose(code);
      await expect(waiting).rejects.toEqual(new ConnectionError('refused'));
      expect(transport.connection.current()).toEqual({ status: 'failed', failure: 'refused' });
    }
  });

  it('gives up with "unreachable" when the server never says ready', async () => {
    const { env } = environment('#token=secret');
    const transport = new HeadlessTransport({ ...env, handshakeTimeoutMs: 5 });
    await expect(transport.invoke('vault.status', {})).rejects.toEqual(new ConnectionError('unreachable'));
  });
});

describe('HeadlessTransport when the server stops waiting for its hello', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('opens the socket again with the same token and becomes ready', async () => {
    vi.useFakeTimers();
    const { env, sockets, storage } = environment('#token=secret');
    const transport = new HeadlessTransport(env);
    const waiting = transport.invoke('vault.status', {});
    const first = onlySocket(sockets);
    first.open();
    first.serverClose(helloExpectedCloseCode);
    expect(transport.connection.current()).toEqual({ status: 'connecting' });
    await vi.advanceTimersByTimeAsync(1000);
    const second = sockets[1];
    if (second === undefined || sockets.length !== 2) throw new Error(`expected a second socket, got ${sockets.length}`);
    second.open();
    expect(second.sent).toEqual([{ type: 'hello', token: 'secret' }]);
    second.serverSends({ type: 'ready' });
    expect(transport.connection.current()).toEqual({ status: 'ready' });
    await vi.advanceTimersByTimeAsync(0);
    expect(second.sent.slice(1)).toEqual([{ type: 'invoke', id: 0, channel: 'vault.status', input: {} }]);
    second.serverSends({ type: 'result', id: 0, result: { ok: true, value: status } });
    await expect(waiting).resolves.toEqual({ ok: true, value: status });
    expect(storage.getItem(tokenStorageKey)).toBe('secret');
  });

  it('gives up with "unreachable" after a few tries, keeping the token for a reload', async () => {
    vi.useFakeTimers();
    const { env, sockets, storage } = environment('#token=secret');
    const transport = new HeadlessTransport(env);
    for (let attempt = 0; attempt <= maxReconnects; attempt += 1) {
      const socket = sockets[attempt];
      if (socket === undefined) throw new Error(`no socket for attempt ${attempt}`);
      socket.open();
      socket.serverClose(helloExpectedCloseCode);
      await vi.advanceTimersByTimeAsync(5000);
    }
    expect(sockets).toHaveLength(maxReconnects + 1);
    expect(transport.connection.current()).toEqual({ status: 'failed', failure: 'unreachable' });
    expect(storage.getItem(tokenStorageKey)).toBe('secret');
  });

  it('stops trying when closed while it waits to reconnect', async () => {
    vi.useFakeTimers();
    const { env, sockets } = environment('#token=secret');
    const transport = new HeadlessTransport(env);
    onlySocket(sockets).serverClose(helloExpectedCloseCode);
    transport.close();
    await vi.advanceTimersByTimeAsync(5000);
    expect(sockets).toHaveLength(1);
    expect(transport.connection.current()).toEqual({ status: 'failed', failure: 'closed' });
  });
});
