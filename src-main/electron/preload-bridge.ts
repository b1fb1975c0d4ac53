// Builds `window.fieldvault` for the sandboxed preload. It takes Electron's
// contextBridge and ipcRenderer as parameters (only their shapes are named
// here) so the allow-lists are tested without the Electron binary, and it
// imports nothing at run time but channels.ts: no zod, no Node, because a
// sandboxed preload can require only 'electron' and the bundle must stay small
// enough to read in review.
import type { FieldVaultBridge } from '../../src-shared/ipc/bridge';
import { channelNames, eventNameList, ipcChannel, type ChannelName } from '../../src-shared/ipc/channels';
import type { Result, WireError } from '../../src-shared/ipc/errors';
import { eventIpcChannel } from './event-channel';

type IpcListener = (event: unknown, ...args: unknown[]) => void;

/** The part of Electron's ipcRenderer the bridge uses. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: IpcListener): unknown;
  removeListener(channel: string, listener: IpcListener): unknown;
}

/** The part of Electron's contextBridge the preload uses. */
export interface ContextBridgeLike {
  exposeInMainWorld(apiKey: string, api: unknown): void;
}

export const bridgeKey = 'fieldvault';

const allowedChannels: ReadonlySet<string> = new Set(channelNames);
const allowedEvents: ReadonlySet<string> = new Set(eventNameList);

function isAllowedChannel(channel: unknown): channel is ChannelName {
  return typeof channel === 'string' && allowedChannels.has(channel);
}

function failure(code: WireError['code'], message: string): Result<unknown> {
  return { ok: false, error: { code, message } };
}

/** Main always answers with a Result; anything else is treated as a fault. */
function isResult(value: unknown): value is Result<unknown> {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  if (value.ok === true) return 'value' in value;
  if (value.ok !== false || !('error' in value)) return false;
  const error = value.error;
  return (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    typeof error.code === 'string' &&
    'message' in error &&
    typeof error.message === 'string'
  );
}

/**
 * One page listener's bug must not stop the others (a lock event has to reach
 * every subscriber); by default the error is rethrown on its own so it still
 * shows in the console.
 */
function rethrowLater(error: unknown): void {
  queueMicrotask(() => {
    throw error;
  });
}

export function createBridge(
  ipc: IpcRendererLike,
  reportListenerError: (error: unknown) => void = rethrowLater,
): FieldVaultBridge {
  // Each on() gets its own token object, so unsubscribing removes exactly
  // that subscription even if the page registered the same function twice.
  const subscriptions = new Map<string, Set<{ readonly listener: (payload: unknown) => void }>>();

  // One ipcRenderer listener for all subscriptions. It passes the payload
  // alone: the IpcRendererEvent (which holds `sender`, i.e. ipcRenderer
  // itself) never reaches the page.
  const onEvent: IpcListener = (_event, name, payload) => {
    if (typeof name !== 'string' || !allowedEvents.has(name)) return;
    const set = subscriptions.get(name);
    if (set === undefined) return;
    for (const subscription of [...set]) {
      try {
        subscription.listener(payload);
      } catch (error) {
        reportListenerError(error);
      }
    }
  };

  return {
    async invoke(channel: string, input: unknown): Promise<Result<unknown>> {
      // Refused here, before any IPC, so the page cannot reach an ipcMain
      // handler that is not in the contract (Electron's own or a library's).
      if (!isAllowedChannel(channel)) return failure('UNKNOWN_CHANNEL', 'Unknown request.');
      let answer: unknown;
      try {
        answer = await ipc.invoke(ipcChannel(channel), input);
      } catch {
        // Structured clone failed (e.g. a function in the input: the page's
        // bug, not the user's typing) or the handler is gone: still a value,
        // never a thrown error with a stack. INTERNAL, which the renderer words
        // in the UI's language; a BAD_INPUT without a reason is shown in the
        // main process's English in every language (error-text.ts).
        return failure('INTERNAL', 'The request could not be sent. Nothing was changed.');
      }
      return isResult(answer) ? answer : failure('INTERNAL', 'Something went wrong. Nothing was changed.');
    },

    on(event: string, listener: (payload: unknown) => void): () => void {
      if (typeof event !== 'string' || !allowedEvents.has(event)) {
        throw new TypeError('Unknown FieldVault event.');
      }
      if (typeof listener !== 'function') throw new TypeError('The listener must be a function.');
      const subscription = { listener };
      if (subscriptions.size === 0) ipc.on(eventIpcChannel, onEvent);
      const set = subscriptions.get(event) ?? new Set();
      subscriptions.set(event, set);
      set.add(subscription);

      let active = true;
      return () => {
        if (!active) return;
        active = false;
        const current = subscriptions.get(event);
        current?.delete(subscription);
        if (current !== undefined && current.size === 0) subscriptions.delete(event);
        if (subscriptions.size === 0) ipc.removeListener(eventIpcChannel, onEvent);
      };
    },
  };
}

/** Puts exactly { invoke, on } on window.fieldvault; nothing else is exposed. */
export function exposeBridge(contextBridge: ContextBridgeLike, ipc: IpcRendererLike): void {
  const bridge = createBridge(ipc);
  contextBridge.exposeInMainWorld(bridgeKey, {
    invoke: (channel: string, input: unknown) => bridge.invoke(channel, input),
    on: (event: string, listener: (payload: unknown) => void) => bridge.on(event, listener),
  });
}
