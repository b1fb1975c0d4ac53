// React glue for PageWindow: a fresh window per query, page fetches as rows
// come into view, a re-render whenever a page lands, and answers to a query
// that is no longer on screen are discarded. `refresh` reads the pages held
// again from the cursors they were read from and shows the rows anew where
// they stand (a change written away from the list, e.g. an Undo pressed in a
// toast): a reload's new window went back to the top with nothing selected.
// `remove` takes held rows out at once (records a sync erased: ListPage).
// A refresh also has the pages on their way read again when they come
// (PageWindow.rereadInFlight): read before the change, they showed it undone.
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
  /** Takes the held rows `matches` finds out of the list, keeping the scroll position (PageWindow.remove); how many went. */
  readonly remove: (matches: (row: Row) => boolean) => number;
  /**
   * Reads the pages held again and puts each row read in place of the held row of its id, keeping the
   * rows' order, the scroll position and the window; resolves the ids held or read but not both (rows
   * that would join or leave the pages held; none when the window was replaced meanwhile), or null when the read failed.
   * With `show` false the rows held stay as they are (a sync's changes wait for Refresh): only the ids are told.
   */
  readonly refresh: (idOf: (row: Row) => string, options?: { readonly show?: boolean }) => Promise<readonly string[] | null>;
}

/** A record's row is shown once: read again on another page (its sort key changed), it leaves the page it stood on. */
function rowId(row: { readonly id: string }): string {
  return row.id;
}

export function usePagedList<Row extends { readonly id: string }>(fetch: FetchPage<Row>, queryKey: string, pageSize = 100): PagedList<Row> {
  const [held, setHeld] = useState(() => ({ queryKey, window: new PageWindow<Row>({ pageSize, idOf: rowId }) }));
  const [version, setVersion] = useState(0);
  const generation = useRef(0);
  const latestFetch = useRef(fetch);
  latestFetch.current = fetch;
  // The cursor each page held was read from, per window: `refresh` reads the same pages again.
  const cursors = useRef(new WeakMap<PageWindow<Row>, Map<number, string | undefined>>());

  // A new query gets its new window in the render that brings it, not in an effect after that
  // render is painted (which showed the last query's rows and count under the new one for a frame,
  // e.g. a filtered view's under "All" once the view was deleted).
  let current = held;
  if (held.queryKey !== queryKey) {
    current = { queryKey, window: new PageWindow<Row>({ pageSize, idOf: rowId }) };
    setHeld(current);
  }
  const { window } = current;

  const reload = useCallback(() => {
    setHeld((now) => ({ queryKey: now.queryKey, window: new PageWindow<Row>({ pageSize, idOf: rowId }) }));
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
      let read = cursors.current.get(window);
      if (read === undefined) {
        read = new Map();
        cursors.current.set(window, read);
      }
      const readFrom = read;
      for (const page of window.missing(first, last)) {
        const fetchPage: FetchPage<Row> = (after, limit) => {
          readFrom.set(page, after);
          return latestFetch.current(after, limit);
        };
        void window.load(page, fetchPage, isCurrent).then((changed) => {
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

  const remove = useCallback(
    (matches: (row: Row) => boolean) => {
      const removed = window.remove(matches);
      if (removed > 0) setVersion((count) => count + 1);
      return removed;
    },
    [window],
  );

  const refresh = useCallback(
    async (idOf: (row: Row) => string, options?: { readonly show?: boolean }) => {
      const mine = generation.current;
      window.rereadInFlight();
      const size = window.pageSize;
      // An empty list holds no row, but its first page was read: a row may join it.
      const empty = window.ended && window.count === 0;
      const pages = [...(cursors.current.get(window) ?? new Map<number, string | undefined>())].filter(
        ([page]) => (window.pageRows(page)?.length ?? 0) > 0 || (page === 0 && empty),
      );
      let answers: readonly (readonly Row[])[];
      try {
        answers = await Promise.all(pages.map(async ([, after]) => (await latestFetch.current(after, size)).items));
      } catch {
        return generation.current === mine ? null : [];
      }
      // A window read anew since shows the rows as they are now.
      if (generation.current !== mine) return [];
      const held = new Set<string>();
      for (const [page] of pages) {
        for (const row of window.pageRows(page) ?? []) held.add(idOf(row));
      }
      const read = new Set<string>();
      let replaced = false;
      for (const row of answers.flat()) {
        const id = idOf(row);
        read.add(id);
        if (held.has(id) && options?.show !== false) replaced = window.replace((shown) => idOf(shown) === id, row) || replaced;
      }
      if (replaced) setVersion((count) => count + 1);
      return [...held, ...read].filter((id) => !(held.has(id) && read.has(id)));
    },
    [window],
  );

  return { window, version, ensure, reload, replace, remove, refresh };
}
