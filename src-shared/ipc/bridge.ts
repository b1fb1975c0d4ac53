// The one object the renderer sees: `window.fieldvault`, put there by the
// Electron preload, or built by the renderer itself over the headless shell's
// WebSocket. Results come back as values, never as thrown errors, so a failure
// crosses the boundary as a typed WireError and nothing else.
import type { Result } from './errors';

export interface FieldVaultBridge {
  invoke(channel: string, input: unknown): Promise<Result<unknown>>;
  /** Subscribes to a push event; returns the unsubscribe function. */
  on(event: string, listener: (payload: unknown) => void): () => void;
}
