// The preload's allow-lists, with stand-ins for Electron's contextBridge and
// ipcRenderer (the one thing that cannot run here is the Electron binary).
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { channelNames, eventNameList } from '../../src-shared/ipc/channels';
import { eventIpcChannel } from './event-channel';
import { bridgeKey, createBridge, exposeBridge, type IpcRendererLike } from './preload-bridge';

/** An ipcRenderer stand-in that records invokes and emits like Electron does. */
class FakeIpcRenderer extends EventEmitter implements IpcRendererLike {
  readonly invoked: { channel: string; args: unknown[] }[] = [];
  answer: unknown = { ok: true, value: 'pong' };

  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invoked.push({ channel, args });
    return Promise.resolve(this.answer);
  }

  /** What Electron does on webContents.send: the event object comes first. */
  push(...args: unknown[]): void {
    const electronEvent = { sender: this, senderId: 0, ports: [] };
    this.emit(eventIpcChannel, electronEvent, ...args);
  }
}

/** Calls a bridge method the way the untyped page can: with any arguments. */
function callAsPage(target: object, method: string, ...args: unknown[]): unknown {
  const fn: unknown = Reflect.get(target, method);
  if (typeof fn !== 'function') throw new Error(`no ${method}`);
  const result: unknown = Reflect.apply(fn, target, args);
  return result;
}

describe('preload bridge: invoke', () => {
  it('sends a contract channel as fv:<channel> with the input, and returns the Result', async () => {
    const ipc = new FakeIpcRenderer();
    const bridge = createBridge(ipc);
    const result = await bridge.invoke('vault.status', {});
    expect(result).toEqual({ ok: true, value: 'pong' });
    expect(ipc.invoked).toEqual([{ channel: 'fv:vault.status', args: [{}] }]);
  });

  it('allows every channel of the contract', async () => {
    const ipc = new FakeIpcRenderer();
    const bridge = createBridge(ipc);
    for (const channel of channelNames) await bridge.invoke(channel, {});
    expect(ipc.invoked.map((call) => call.channel)).toEqual(channelNames.map((channel) => `fv:${channel}`));
  });

  it.each([
    'vault.nope',
    'fv:vault.status',
    'ELECTRON_BROWSER_REQUIRE',
    '__proto__',
    'constructor',
    'toString',
    '',
    42,
    null,
    { toString: () => 'vault.status' },
  ])('refuses %j locally without any IPC call', async (channel) => {
    const ipc = new FakeIpcRenderer();
    const bridge = createBridge(ipc);
    const result = await callAsPage(bridge, 'invoke', channel, {});
    expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    expect(ipc.invoked).toEqual([]);
  });

  it('turns a failed send into an INTERNAL value, not a thrown error', async () => {
    const ipc = new FakeIpcRenderer();
    ipc.invoke = () => Promise.reject(new Error('An object could not be cloned.'));
    const result = await createBridge(ipc).invoke('vault.status', { f: () => 1 });
    // INTERNAL, which the renderer words in Chinese too; a BAD_INPUT without a reason stayed English there.
    expect(result).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'The request could not be sent. Nothing was changed.' } });
  });

  it('does not pass on an answer that is not a Result', async () => {
    const ipc = new FakeIpcRenderer();
    ipc.answer = { secret: 'x' };
    const result = await createBridge(ipc).invoke('vault.status', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });
});

describe('preload bridge: on', () => {
  it('delivers the payload alone, never the Electron event object', () => {
    const ipc = new FakeIpcRenderer();
    const received: unknown[][] = [];
    createBridge(ipc).on('vault.didLock', (...args: unknown[]) => received.push(args));
    ipc.push('vault.didLock', { reason: 'idle' });
    expect(received).toEqual([[{ reason: 'idle' }]]);
  });

  it('delivers only the subscribed event', () => {
    const ipc = new FakeIpcRenderer();
    const received: unknown[] = [];
    createBridge(ipc).on('vault.didUnlock', (payload) => received.push(payload));
    ipc.push('vault.didLock', { reason: 'idle' });
    ipc.push('vault.didUnlock', {});
    expect(received).toEqual([{}]);
  });

  it.each(['vault.didExplode', 'fv-event', '__proto__', '', 7])('refuses the unknown event %j', (event) => {
    const ipc = new FakeIpcRenderer();
    const bridge = createBridge(ipc);
    expect(() => callAsPage(bridge, 'on', event, () => undefined)).toThrow(TypeError);
    expect(ipc.listenerCount(eventIpcChannel)).toBe(0);
  });

  it('accepts every event of the contract', () => {
    const bridge = createBridge(new FakeIpcRenderer());
    for (const event of eventNameList) expect(typeof bridge.on(event, () => undefined)).toBe('function');
  });

  it('refuses a listener that is not a function', () => {
    const bridge = createBridge(new FakeIpcRenderer());
    expect(() => callAsPage(bridge, 'on', 'vault.didLock', 'alert(1)')).toThrow(TypeError);
  });

  it('unsubscribe removes exactly that subscription, and the IPC listener with the last one', () => {
    const ipc = new FakeIpcRenderer();
    const bridge = createBridge(ipc);
    const calls: string[] = [];
    const listener = (): void => void calls.push('shared');
    const first = bridge.on('vault.didLock', listener);
    bridge.on('vault.didLock', listener);
    const other = bridge.on('vault.didUnlock', () => calls.push('other'));
    expect(ipc.listenerCount(eventIpcChannel)).toBe(1);

    first();
    first(); // idempotent: must not remove the second registration
    ipc.push('vault.didLock', { reason: 'user' });
    expect(calls).toEqual(['shared']);

    other();
    ipc.push('vault.didUnlock', {});
    expect(calls).toEqual(['shared']);
    expect(ipc.listenerCount(eventIpcChannel)).toBe(1);
  });

  it('detaches from ipcRenderer when nothing is subscribed', () => {
    const ipc = new FakeIpcRenderer();
    const bridge = createBridge(ipc);
    const off = bridge.on('vault.didLock', () => undefined);
    off();
    expect(ipc.listenerCount(eventIpcChannel)).toBe(0);
    bridge.on('vault.didLock', () => undefined);
    expect(ipc.listenerCount(eventIpcChannel)).toBe(1);
  });

  it('keeps delivering to other listeners when one throws', () => {
    const ipc = new FakeIpcRenderer();
    const reported: unknown[] = [];
    const bridge = createBridge(ipc, (error) => reported.push(error));
    const received: unknown[] = [];
    bridge.on('vault.didLock', () => {
      throw new Error('page bug');
    });
    bridge.on('vault.didLock', (payload) => received.push(payload));
    ipc.push('vault.didLock', { reason: 'suspend' });
    expect(received).toEqual([{ reason: 'suspend' }]);
    expect(reported).toHaveLength(1);
  });
});

describe('exposeBridge', () => {
  it('exposes exactly { invoke, on } under window.fieldvault, and no ipcRenderer', async () => {
    const ipc = new FakeIpcRenderer();
    const exposed = new Map<string, unknown>();
    exposeBridge({ exposeInMainWorld: (key, api) => exposed.set(key, api) }, ipc);

    expect([...exposed.keys()]).toEqual([bridgeKey]);
    const api = exposed.get(bridgeKey);
    if (typeof api !== 'object' || api === null) throw new Error('nothing exposed');
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on']);
    for (const value of Object.values(api)) expect(typeof value).toBe('function');
    expect(Object.values(api)).not.toContain(ipc);

    expect(await callAsPage(api, 'invoke', 'nope', {})).toMatchObject({ ok: false });
    expect(ipc.invoked).toEqual([]);
  });
});
