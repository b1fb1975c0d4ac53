// The engine's status as the user sees it (offline, syncing, online, error;
// pending changes; last success; last error in plain words), published to a
// listener only when something in it changed. Error text comes from our typed
// errors, whose messages name no value; anything else becomes a generic line.
import type { SyncState, SyncStatusEvent } from '../../src-shared/sync/client-api';
import { AppError } from '../../src-shared/ipc/errors';

export function plainError(error: unknown): string {
  if (error instanceof AppError) return error.message;
  return 'Sync failed because of a problem inside FieldVault. It will try again.';
}

export class StatusBoard {
  #status: SyncStatusEvent = { state: 'offline', pendingCount: 0, lastSuccessAt: null, lastError: null, received: 0 };

  constructor(private readonly publish: (status: SyncStatusEvent) => void) {}

  get current(): SyncStatusEvent {
    return this.#status;
  }

  update(patch: Partial<SyncStatusEvent>): void {
    const next = { ...this.#status, ...patch };
    const changed = (Object.keys(next) as (keyof SyncStatusEvent)[]).some((key) => next[key] !== this.#status[key]);
    this.#status = next;
    if (changed) this.publish(next);
  }

  state(state: SyncState, lastError?: string | null): void {
    this.update(lastError === undefined ? { state } : { state, lastError });
  }
}
