// Sync for the whole workspace: the status the chrome shows (useSyncStatus),
// "Sync now" (sync.now) with its busy state and outcome, shared by the sync
// dialog's button and the S shortcut, and `accept` for an enrolment's answer
// (Settings), so the chrome knows at once that the device is connected. An
// outcome is news only until newer news: a later sync that succeeded or failed
// (the engine's own retry, say) changes the last success or the last error,
// and the outcome of the "Sync now" before it is no longer shown. A "Sync now"
// the app refuses (a thrown error, not a failed sync) changes no status, so
// the pill says nothing of it: the caller may be told (`onRefused`), and the
// S shortcut says it in a toast while the sync dialog is closed.
import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';
import type { SyncStatus } from '../../../src-shared/sync/client-api';
import { useApi } from '../../app/api-context';
import type { Words } from '../../ui/words';
import { useSyncStatus, type SyncView } from './sync-status';

/** How the last "Sync now" of this session ended: done, or why not in plain words. */
export type SyncOutcome = { readonly ok: true } | { readonly ok: false; readonly message: Words };

export interface SyncControl {
  readonly view: SyncView;
  /** A "Sync now" is under way. */
  readonly busy: boolean;
  /** null before the first "Sync now", while one runs, and once a later sync has ended otherwise. */
  readonly outcome: SyncOutcome | null;
  /** Runs sync.now; does nothing on a device that is not enrolled or while one runs. `onRefused` hears a refusal of the call itself. */
  readonly syncNow: (onRefused?: (reason: Words) => void) => void;
  /** Drops the outcome of an earlier "Sync now" (the dialog opens without a stale one). */
  readonly forgetOutcome: () => void;
  readonly accept: (status: SyncStatus) => void;
}

const SyncContext = createContext<SyncControl | null>(null);

function outcomeOf(status: SyncStatus): SyncOutcome {
  if (status.lastError === null) return { ok: true };
  return { ok: false, message: { english: status.lastError, reasons: status.lastErrorReason === null ? [] : [status.lastErrorReason] } };
}

/** What a later sync changes, whether it succeeded or failed: the last success and the last error. */
function newsOf(lastSyncAt: number | null, lastError: string | null): string {
  return `${String(lastSyncAt)}|${lastError ?? ''}`;
}

export function SyncProvider({ children }: { readonly children: ReactNode }) {
  const api = useApi();
  const { view, accept } = useSyncStatus();
  const [busy, setBusy] = useState(false);
  /** The last "Sync now"'s outcome, with the news (`newsOf`) the status had when it ended. */
  const [held, setHeld] = useState<{ readonly outcome: SyncOutcome; readonly of: string } | null>(null);
  const running = useRef(false);
  const enrolled = view.enrolled === true;
  const latestView = useRef(view);
  latestView.current = view;
  const outcome = held !== null && held.of === newsOf(view.lastSyncAt, view.lastError) ? held.outcome : null;

  const syncNow = useCallback((onRefused?: (reason: Words) => void) => {
    if (running.current || !enrolled) return;
    running.current = true;
    setBusy(true);
    setHeld(null);
    api
      .invoke('sync.now', {})
      .then(
        (status) => {
          accept(status);
          setHeld({ outcome: outcomeOf(status), of: newsOf(status.lastSuccessAt, status.lastError) });
        },
        (error: unknown) => {
          setHeld({ outcome: { ok: false, message: { error } }, of: newsOf(latestView.current.lastSyncAt, latestView.current.lastError) });
          onRefused?.({ error });
        },
      )
      .finally(() => {
        running.current = false;
        setBusy(false);
      });
  }, [api, accept, enrolled]);

  const forgetOutcome = useCallback(() => setHeld(null), []);

  const value = useMemo<SyncControl>(
    () => ({ view, busy, outcome, syncNow, forgetOutcome, accept }),
    [view, busy, outcome, syncNow, forgetOutcome, accept],
  );
  return <SyncContext.Provider value={value}>{children}</SyncContext.Provider>;
}

export function useSync(): SyncControl {
  const sync = useContext(SyncContext);
  if (sync === null) throw new Error('useSync() outside <SyncProvider>');
  return sync;
}
