// Loads a detail answer (`<entity>.get`) for a page and keeps it while the
// page is open: loading, failed (with the code, so NOT_FOUND reads as "gone"),
// or loaded. Answers for a record the page no longer shows are discarded. A
// reload of a page showing its record that fails (but for the record being
// gone) keeps the page as it is and says so in a toast.
// A sync that changed records (or a resolved conflict that did) reloads it,
// keeping what it shows meanwhile, when it changed what the page shows: its
// own record, a related one it shows by id, or a record of a related list it
// shows: one in the list, or one that links to the page's record now and may
// join it (detail-shows.ts). Records the event does not name by id (too
// many), or whose links it does not give, count as changed. A page
// that says nothing of what it shows reloads on any change of records (not on
// a change of the user directory alone, which names follow by themselves).
// A reload that finds the record gone (a sync erased or evicted it, or it was
// deleted elsewhere) while the page held unsaved typing (an open inline edit)
// drops that typing with the page, as it must, but says so (`unsavedLost`):
// before, the edit vanished without a word.
import { useCallback, useEffect, useRef, useState } from 'react';
import { changesConcern, type Shown } from '../../../src-shared/sync/changed-records';
import { onRecordChanges, type LocalChange } from '../../app/local-changes';
import { BridgeError } from '../../api/errors';
import { useApi } from '../../app/api-context';
import { useHasUnsavedChanges } from '../../app/router';
import { useToasts } from '../../ui/toasts';
import { wordsText, type Words } from '../../ui/words';

export type DetailState<T> =
  | { readonly kind: 'loading' }
  | {
      readonly kind: 'failed';
      readonly message: Words;
      readonly notFound: boolean;
      /** The record went while the page held unsaved typing, which went with it. */
      readonly unsavedLost?: boolean;
    }
  | { readonly kind: 'loaded'; readonly data: T };

export interface Detail<T> {
  readonly state: DetailState<T>;
  /** Fetches again, keeping the current data on screen meanwhile. */
  readonly reload: () => void;
  /** Replaces the data with an answer the page already holds (e.g. from an update). */
  readonly update: (change: (data: T) => T) => void;
}

/** What the page shows for its data (null before it has any). */
export type Shows<T> = (data: T | null) => Shown;

export function useDetail<T>(load: () => Promise<T>, key: string, shows?: Shows<T>): Detail<T> {
  const api = useApi();
  // Read through a ref: fetch stays one function, so the load effect runs once per record.
  const toaster = useToasts();
  const toasts = useRef(toaster);
  toasts.current = toaster;
  const unsavedNow = useHasUnsavedChanges();
  const hasUnsaved = useRef(unsavedNow);
  hasUnsaved.current = unsavedNow;
  const [state, setState] = useState<DetailState<T>>({ kind: 'loading' });
  const request = useRef(0);
  const latest = useRef(load);
  latest.current = load;
  const shown = useRef<() => Shown | null>(() => null);
  shown.current = () => (shows === undefined ? null : shows(state.kind === 'loaded' ? state.data : null));

  // Whether the page shows its data now: a reload that fails then keeps it (and an editor's unsaved typing).
  const loaded = useRef(false);
  loaded.current = state.kind === 'loaded';
  const fetch = useCallback(() => {
    request.current += 1;
    const mine = request.current;
    // A page that has not shown its data (its first read failed, and Retry was pressed) shows that it is reading
    // again: the failure stayed on screen, and a second identical failure looked as if Retry had done nothing.
    if (!loaded.current) setState({ kind: 'loading' });
    latest.current().then(
      (data) => {
        if (request.current === mine) setState({ kind: 'loaded', data });
      },
      (error: unknown) => {
        if (request.current !== mine) return;
        const notFound = error instanceof BridgeError && error.code === 'NOT_FOUND';
        // A reload (after a sync, or the page's own change) that fails for another reason than the record being
        // gone keeps the page, saying so: replaced by the error screen, an open inline edit lost what was typed.
        if (loaded.current && !notFound) {
          toasts.current.show({ message: { key: 'detail.reloadFailed', params: { reason: wordsText({ error }) } }, tone: 'error', key: 'detail.reloadFailed', testId: 'detail-reload-failed' });
          return;
        }
        // Asked before the failure screen replaces the page: the editors holding the typing are still there.
        setState({ kind: 'failed', message: { error }, notFound, unsavedLost: loaded.current && notFound && hasUnsaved.current() });
      },
    );
  }, []);

  useEffect(() => {
    setState({ kind: 'loading' });
    fetch();
    return () => {
      request.current += 1;
    };
  }, [fetch, key]);

  useEffect(() => {
    const changed = (change: LocalChange) => {
      const page = shown.current();
      if (page === null ? change.entities.length > 0 : changesConcern(change, page)) fetch();
    };
    // A sync's changes, and this window's own writes made away from the page (app/local-changes.ts).
    return onRecordChanges(api, changed);
  }, [api, fetch]);

  const update = useCallback((change: (data: T) => T) => {
    setState((current) => (current.kind === 'loaded' ? { kind: 'loaded', data: change(current.data) } : current));
  }, []);

  return { state, reload: fetch, update };
}
