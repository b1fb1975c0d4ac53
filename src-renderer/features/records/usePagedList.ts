// React glue for PageWindow: a fresh window per query, page fetches as rows
// come into view, a re-render whenever a page lands, and answers to a query
// that is no longer on screen are discarded.
import { useCallback, useEffect, useRef, useState } from 'react';
import { PageWindow, type FetchPage } from './page-window';

export interface PagedList<Row> {
  readonly window: PageWindow<Row>;
  /** Changes whenever the window's contents change (for memo keys). */
  readonly version: number;
  /** Makes sure rows first..last are loaded or on their way. */
  readonly ensure: (first: number, last: number) => void;
  /** Starts again from the first page (after a create, delete, …). */
  readonly reload: () => void;
  /** Shows a written row in place of the held one `matches` finds, keeping the scroll position (PageWindow.replace); false when none is held. */
  readonly replace: (matches: (row: Row) => boolean, next: Row) => boolean;
}

export function usePagedList<Row>(fetch: FetchPage<Row>, queryKey: string, pageSize = 100): PagedList<Row> {
  const [held, setHeld] = useState(() => ({ queryKey, window: new PageWindow<Row>({ pageSize }) }));
  const [version, setVersion] = useState(0);
  const generation = useRef(0);
  const latestFetch = useRef(fetch);
  latestFetch.current = fetch;

  // A new query gets its new window in the render that brings it, not in an effect after that
  // render is painted (which showed the last query's rows and count under the new one for a frame,
  // e.g. a filtered view's under "All" once the view was deleted).
  let current = held;
  if (held.queryKey !== queryKey) {
    current = { queryKey, window: new PageWindow<Row>({ pageSize }) };
    setHeld(current);
  }
  const { window } = current;

  const reload = useCallback(() => {
    setHeld((now) => ({ queryKey: now.queryKey, window: new PageWindow<Row>({ pageSize }) }));
    setVersion((count) => count + 1);
  }, [pageSize]);

  // Answers for a window no longer shown (or after unmount) are discarded.
  useEffect(
    () => () => {
      generation.current += 1;
    },
    [window],
  );

  const ensure = useCallback(
    (first: number, last: number) => {
      const mine = generation.current;
      const isCurrent = () => generation.current === mine;
      for (const page of window.missing(first, last)) {
        void window.load(page, (after, limit) => latestFetch.current(after, limit), isCurrent).then((changed) => {
          if (!changed || !isCurrent()) return;
          window.evictAround((first + last) / 2, page);
          setVersion((count) => count + 1);
        });
      }
    },
    [window],
  );

  const replace = useCallback(
    (matches: (row: Row) => boolean, next: Row) => {
      const replaced = window.replace(matches, next);
      if (replaced) setVersion((count) => count + 1);
      return replaced;
    },
    [window],
  );

  return { window, version, ensure, reload, replace };
}
