// Loads a detail answer (`<entity>.get`) for a page and keeps it while the
// page is open: loading, failed (with the code, so NOT_FOUND reads as "gone"),
// or loaded. Answers for a record the page no longer shows are discarded.
// A sync that changed records (or a resolved conflict that did) reloads it,
// keeping what it shows meanwhile: a page shows its record and the related
// ones of every entity, so any change of records does (not a change of the
// user directory alone, which names follow by themselves).
import { useCallback, useEffect, useRef, useState } from 'react';
import { BridgeError } from '../../api/errors';
import { useApi } from '../../app/api-context';
import { errorText } from '../../ui/error-text';

export type DetailState<T> =
  | { readonly kind: 'loading' }
  | { readonly kind: 'failed'; readonly message: string; readonly notFound: boolean }
  | { readonly kind: 'loaded'; readonly data: T };

export interface Detail<T> {
  readonly state: DetailState<T>;
  /** Fetches again, keeping the current data on screen meanwhile. */
  readonly reload: () => void;
  /** Replaces the data with an answer the page already holds (e.g. from an update). */
  update(change: (data: T) => T): void;
}

export function useDetail<T>(load: () => Promise<T>, key: string): Detail<T> {
  const api = useApi();
  const [state, setState] = useState<DetailState<T>>({ kind: 'loading' });
  const request = useRef(0);
  const latest = useRef(load);
  latest.current = load;

  const fetch = useCallback(() => {
    request.current += 1;
    const mine = request.current;
    latest.current().then(
      (data) => {
        if (request.current === mine) setState({ kind: 'loaded', data });
      },
      (error: unknown) => {
        if (request.current !== mine) return;
        const notFound = error instanceof BridgeError && error.code === 'NOT_FOUND';
        setState({ kind: 'failed', message: errorText(error), notFound });
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

  useEffect(
    () =>
      api.on('sync.didApplyChanges', ({ entities }) => {
        if (entities.length > 0) fetch();
      }),
    [api, fetch],
  );

  const update = useCallback((change: (data: T) => T) => {
    setState((current) => (current.kind === 'loaded' ? { kind: 'loaded', data: change(current.data) } : current));
  }, []);

  return { state, reload: fetch, update };
}
