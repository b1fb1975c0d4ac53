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
}

export function usePagedList<Row>(fetch: FetchPage<Row>, queryKey: string, pageSize = 100): PagedList<Row> {
  const [window, setWindow] = useState(() => new PageWindow<Row>({ pageSize }));
  const [version, setVersion] = useState(0);
  const generation = useRef(0);
  const latestFetch = useRef(fetch);
  latestFetch.current = fetch;
  const firstKey = useRef(queryKey);

  const reload = useCallback(() => {
    generation.current += 1;
    setWindow(new PageWindow<Row>({ pageSize }));
    setVersion((current) => current + 1);
  }, [pageSize]);

  useEffect(() => {
    // The initial window already belongs to the first key.
    if (firstKey.current === queryKey) return;
    firstKey.current = queryKey;
    reload();
  }, [queryKey, reload]);

  useEffect(
    () => () => {
      generation.current += 1;
    },
    [],
  );

  const ensure = useCallback(
    (first: number, last: number) => {
      const mine = generation.current;
      const isCurrent = () => generation.current === mine;
      for (const page of window.missing(first, last)) {
        void window.load(page, (after, limit) => latestFetch.current(after, limit), isCurrent).then((changed) => {
          if (!changed || !isCurrent()) return;
          window.evictAround((first + last) / 2);
          setVersion((current) => current + 1);
        });
      }
    },
    [window],
  );

  return { window, version, ensure, reload };
}
