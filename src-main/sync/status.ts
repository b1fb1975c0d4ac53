// The engine's status as the user sees it (offline, syncing, online, error;
// pending changes; last success; last error in plain words), published to a
// listener only when something in it changed. Error text comes from our typed
// errors, whose messages name no value; anything else becomes a generic line.
// Beside the English, every error has a reason the renderer words.
import type { SyncState, SyncStatusEvent } from '../../src-shared/sync/client-api';
import { AppError } from '../../src-shared/ipc/errors';
import type { Reason } from '../../src-shared/ipc/reasons';

export function plainError(error: unknown): string {
  if (error instanceof AppError) return error.message;
  return 'Sync failed because of a problem inside FieldVault. It will try again.';
}

/**
 * plainError's message as a reason the renderer words in the user's language:
 * the error's own reason, or for one of ours without a reason (a damaged or
 * locked vault, the keychain) its code; anything else is sync_internal.
 */
export function plainReason(error: unknown): Reason {
  if (error instanceof AppError) return error.reason ?? { code: 'sync_stopped', error: error.code };
  return { code: 'sync_internal' };
}

/** The status fields of a failure: its message and its reason. */
export function lastErrorOf(error: unknown): Pick<SyncStatusEvent, 'lastError' | 'lastErrorReason'> {
  return { lastError: plainError(error), lastErrorReason: plainReason(error) };
}

export class StatusBoard {
  #status: SyncStatusEvent = { state: 'offline', pendingCount: 0, lastSuccessAt: null, lastError: null, lastErrorReason: null, received: 0, openConflicts: 0, unsentRecords: 0 };

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

  /** Sets the state; with `error`, the last error too (null clears it). */
  state(state: SyncState, error?: unknown): void {
    if (error === undefined) this.update({ state });
    else if (error === null) this.update({ state, lastError: null, lastErrorReason: null });
    else this.update({ state, ...lastErrorOf(error) });
  }
}
