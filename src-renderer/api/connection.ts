// The connection state of a transport, observable by the UI so a page that
// cannot reach FieldVault says so instead of waiting forever.
import type { ConnectionFailure } from './errors';

export type ConnectionState =
  | { readonly status: 'connecting' }
  | { readonly status: 'ready' }
  | { readonly status: 'failed'; readonly failure: ConnectionFailure };

export interface ConnectionMonitor {
  current(): ConnectionState;
  /** Calls `listener` on every change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
}

/** A ConnectionMonitor whose owner moves it from state to state. */
export class ConnectionCell implements ConnectionMonitor {
  #state: ConnectionState;
  readonly #listeners = new Set<() => void>();

  constructor(initial: ConnectionState) {
    this.#state = initial;
  }

  current(): ConnectionState {
    return this.#state;
  }

  set(next: ConnectionState): void {
    this.#state = next;
    for (const listener of [...this.#listeners]) listener();
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }
}
