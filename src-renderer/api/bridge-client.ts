// The renderer's typed client of the IPC contract. It picks the transport
// (the Electron preload's `window.fieldvault`, else the headless shell's
// WebSocket), turns { ok: false } into a thrown BridgeError, and parses every
// result and push event with the contract's own schemas before the UI sees it.
// A call that writes tasks is told to the reminder notices (tasks-written.ts).
import type { FieldVaultBridge } from '../../src-shared/ipc/bridge';
import { contract, type Channel, type ChannelInput, type ChannelOutput } from '../../src-shared/ipc/contract';
import { events, type EventName, type EventPayload } from '../../src-shared/ipc/events';
import { i18n } from '../app/i18n';
import { ConnectionCell, type ConnectionMonitor } from './connection';
import { BridgeError } from './errors';
import { HeadlessTransport, type Transport } from './headless-transport';
import { tasksWritten, tasksWrittenBy } from './tasks-written';

declare global {
  interface Window {
    /** Put there by the Electron preload through contextBridge; absent in a browser. */
    readonly fieldvault?: FieldVaultBridge;
  }
}

export interface FieldVaultApi {
  /** Calls a channel; throws BridgeError on { ok: false }, ConnectionError when not connected. */
  invoke<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>>;
  /** Subscribes to a push event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  readonly connection: ConnectionMonitor;
}

/** The preload's bridge is in-process IPC: it is connected from the start. */
function electronTransport(bridge: FieldVaultBridge): Transport {
  const connection = new ConnectionCell({ status: 'ready' });
  return {
    connection,
    invoke: (channel, input) => bridge.invoke(channel, input),
    on: (event, listener) => bridge.on(event, listener),
  };
}

export function pickTransport(win: Window): Transport {
  const preloaded = win.fieldvault;
  if (preloaded !== undefined) return electronTransport(preloaded);
  return new HeadlessTransport({
    location: win.location,
    history: win.history,
    // Reading the property throws where the browser turned storage off.
    get sessionStorage() {
      return win.sessionStorage;
    },
    createSocket: (url) => new WebSocket(url),
    policyReports: win.document,
  });
}

function parseOutput<C extends Channel>(channel: C, value: unknown): ChannelOutput<C> {
  const parsed = contract[channel].output.safeParse(value);
  if (!parsed.success) {
    throw new BridgeError({ code: 'INTERNAL', message: i18n.t('errors.unreadableAnswer') });
  }
  // The schema just checked is contract[channel].output; TypeScript cannot
  // follow a generic index into a union of schemas on its own.
  return parsed.data as ChannelOutput<C>;
}

export function createApi(transport: Transport): FieldVaultApi {
  return {
    connection: transport.connection,
    async invoke(channel, input) {
      const written = tasksWrittenBy(channel, input);
      try {
        const result = await transport.invoke(channel, input);
        if (!result.ok) throw new BridgeError(result.error);
        return parseOutput(channel, result.value);
      } finally {
        // Failed too: a call cut off may have committed, and a listener only reads the tasks again.
        if (written !== undefined) tasksWritten(written);
      }
    },
    on(event, listener) {
      return transport.on(event, (payload) => {
        const parsed = events[event].safeParse(payload);
        if (parsed.success) listener(parsed.data as EventPayload<typeof event>);
      });
    },
  };
}

export function connectBridge(win: Window = window): FieldVaultApi {
  return createApi(pickTransport(win));
}
