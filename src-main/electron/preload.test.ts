// preload.ts itself: with 'electron' replaced by stand-ins (the binary cannot
// run here), loading the script exposes window.fieldvault and nothing else.
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => {
  const exposed = new Map<string, unknown>();
  const invoked: string[] = [];
  return {
    exposed,
    invoked,
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => void exposed.set(key, api) },
  };
});

vi.mock('electron', () => {
  const ipcRenderer = Object.assign(new EventEmitter(), {
    invoke: (channel: string) => {
      electron.invoked.push(channel);
      return Promise.resolve({ ok: true, value: null });
    },
  });
  return { contextBridge: electron.contextBridge, ipcRenderer };
});

describe('preload.ts', () => {
  it('exposes only window.fieldvault = { invoke, on }, wired to ipcRenderer', async () => {
    await import('./preload');
    expect([...electron.exposed.keys()]).toEqual(['fieldvault']);
    const api = electron.exposed.get('fieldvault');
    if (typeof api !== 'object' || api === null) throw new Error('nothing exposed');
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on']);

    const invoke: unknown = Reflect.get(api, 'invoke');
    if (typeof invoke !== 'function') throw new Error('no invoke');
    const refused: unknown = await Reflect.apply(invoke, api, ['shell.openExternal', 'https://x']);
    expect(refused).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    const answered: unknown = await Reflect.apply(invoke, api, ['vault.status', {}]);
    expect(answered).toEqual({ ok: true, value: null });
    expect(electron.invoked).toEqual(['fv:vault.status']);
  });
});
