// The list table: a sticky header with sortable columns and a virtualised
// body (@tanstack/react-virtual) that renders only the rows in view, asking
// the paged list for the pages they fall in. Rows open on click or Enter;
// ↑/↓ move between rows, scrolling the virtual list as needed. Columns the
// list can do without are left out when the table is too narrow for them all,
// and those its loaded rows leave empty give their room to the first column.
// A column that sorts has a button in its header, which shows a sort icon on
// hover or focus; only the header of the column the list is sorted by carries
// aria-sort (ascending or descending), as the ARIA practices ask: one at a
// time. A column that does not sort has a plain label.
// Rows are selected by the checkbox in their first cell (Shift+click for a
// range), Space on a focused row (Shift+Space: a range), Shift+↑/↓ (moving
// and selecting) and the header's checkbox (every row the list holds); Esc
// clears the selection, and Delete (on a Mac also ⌫; not from a text field) asks the page to
// delete it. The selection is the page's (ids, see selection.ts). After an
// action on it the page asks for the focus at a row (`focusRequest`, the
// first acted-on position): it lands there once the reloaded list holds it.
// Back from a record, the request names the record too, and the focus goes
// to its row wherever the list then holds it (else to the place it had).
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import { flushSync } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { titleWhenCut } from '../../ui/cut-title';
import { Icon } from '../../ui/icons';
import { columnsThatFit, columnTracks, minRem } from './fit-columns';
import type { Column } from './list-spec';
import type { ListState } from './list-state';
import type { Selection } from './selection';
import { baseFor, segmentCount, segmentShift } from './segment';
import { isDeleteKey } from '../shell/keyboard';
import { cellClass, TableRow, type RowEvents } from './TableRow';
import { useEmptyColumns } from './useEmptyColumns';
import type { PagedList } from './usePagedList';

const rowHeight = 48;
/** A cell's text its column cuts with an ellipsis (an e-mail address, a phone number, a website): whole in a tooltip. */
const cutCells = titleWhenCut('.truncate');

/**
 * The table's inner width in rem, followed as the window or the page resizes
 * (null before the first layout). A new width is rendered in the observer's
 * callback (flushSync), which runs after layout and before paint: rendered in
 * a later task, the frame at the new width would show the old columns.
 */
function useRoom(element: RefObject<HTMLElement | null>): number | null {
  const [room, setRoom] = useState<number | null>(null);
  useLayoutEffect(() => {
    const box = element.current;
    if (box === null) return undefined;
    const measure = () => {
      const rem = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
      return box.clientWidth / rem;
    };
    setRoom(measure());
    const observer = new ResizeObserver(() => flushSync(() => setRoom(measure())));
    observer.observe(box);
    return () => observer.disconnect();
  }, [element]);
  return room;
}

/**
 * The scroll position (from `scrollTop`, in the segment the row is in) that
 * shows a row starting `rowStart` px into the body whole: below the sticky
 * header (`head` px tall) and above the end of the view less its
 * scroll-padding-bottom (the room kept for toasts), moving the least from
 * `scrollTop`.
 */
function scrollToShow(element: HTMLElement, head: number, scrollTop: number, rowStart: number): number {
  const reserve = parseFloat(getComputedStyle(element).scrollPaddingBottom) || 0;
  const top = head + rowStart;
  const bottom = top + rowHeight;
  if (top < scrollTop + head) return Math.max(0, top - head);
  if (bottom > scrollTop + element.clientHeight - reserve) return Math.max(0, bottom - element.clientHeight + reserve);
  return Math.max(0, scrollTop);
}

/** Where the page wants the focus: a place in the list, and the record expected there (null: whatever row is there). */
export interface FocusRequest {
  readonly index: number;
  readonly id: string | null;
}

export interface VirtualTableProps<Row extends { readonly id: string }> {
  readonly label: string;
  readonly columns: readonly Column<Row>[];
  readonly list: PagedList<Row>;
  readonly sort: ListState['sort'];
  readonly onSort: (field: string) => void;
  readonly onOpen: (row: Row) => void;
  readonly rowLabel: (row: Row) => string;
  readonly testId: string;
  readonly selection: Selection;
  /** Whether the header's checkbox shows every held row selected, some, or none. */
  readonly selectedOfHeld: 'none' | 'some' | 'all';
  /** Toggles row `index`, or (`range`) selects from the anchor, else from `from`, to it. */
  readonly onSelect: (index: number, range: boolean, from?: number) => void;
  readonly onSelectAll: () => void;
  readonly onClearSelection: () => void;
  /** The Delete key with rows selected (absent where the selection cannot be deleted, e.g. in the trash). */
  readonly onDeleteSelection?: (() => void) | undefined;
  /**
   * A row (absolute index) the page wants the focus on once the list holds it
   * (or its last row, if shorter); with an id, the row of that record instead
   * when the list then holds it elsewhere (a record renamed and sorted anew
   * while open); null for none.
   */
  readonly focusRequest: FocusRequest | null;
  /** The request is met (or the table cannot meet it): the page drops it. */
  readonly onFocusRequestDone: () => void;
}

/** The header's checkbox: "some" shows as indeterminate, which only a property can set. */
function SelectAll({ state, label, onChange }: { readonly state: 'none' | 'some' | 'all'; readonly label: string; readonly onChange: () => void }) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (ref.current !== null) ref.current.indeterminate = state === 'some';
  }, [state]);
  return <input ref={ref} type="checkbox" className="vtable__check" aria-label={label} checked={state === 'all'} data-testid="select-all" onChange={onChange} />;
}

export function VirtualTable<Row extends { readonly id: string }>(props: VirtualTableProps<Row>) {
  const { t } = useTranslation();
  const { list, sort } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const room = useRoom(scrollRef);
  const columns = useMemo(() => columnsThatFit(props.columns, room), [props.columns, room]);
  const empty = useEmptyColumns(props.columns, list.window);
  const tracks = useMemo(() => columnTracks(columns, empty), [columns, empty]);
  const [focused, setFocused] = useState(0);
  // The row a keyboard move is taking the focus to, until it is rendered.
  const focusTarget = useRef<number | null>(null);
  // The scroll position a keyboard move goes to, until the segment it is in is rendered.
  const scrollTarget = useRef<number | null>(null);
  // Bumped to render the rows at a position the table scrolled to itself.
  const [, setScrolled] = useState(0);
  const headRef = useRef<HTMLDivElement>(null);
  // Absolute index of the segment's first row (see segment.ts).
  const [base, setBase] = useState(0);
  const total = list.window.count;
  const count = segmentCount(base, total);
  const template = tracks.join(' ');
  // Rows are separate grids: a fixed least width keeps long content from widening one row's columns.
  const minWidth = `${tracks.reduce((sum, track) => sum + minRem(track), 0)}rem`;

  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;

  // A new query starts at the top, its first row the table's Tab stop.
  useLayoutEffect(() => {
    setBase(0);
    setFocused(0);
    focusTarget.current = null;
    if (scrollRef.current !== null) scrollRef.current.scrollTop = 0;
  }, [list.window]);

  useLayoutEffect(() => {
    const element = scrollRef.current;
    const shift = segmentShift(base, first, last, total);
    // Rows a keyboard move's scroll (written below) has not rendered yet say nothing about where the view is.
    if (element === null || shift === 0 || scrollTarget.current !== null) return;
    // Move the segment and the scroll position together, before paint, so the rows in view stay put.
    const top = Math.max(0, element.scrollTop - shift * rowHeight);
    element.scrollTop = top;
    virtualizer.scrollOffset = top;
    setBase(base + shift);
  }, [base, first, last, total, virtualizer]);

  useEffect(() => {
    // Prefetch half a page beyond what is visible so scrolling rarely waits.
    list.ensure(base + first, base + last + list.window.pageSize / 2);
  }, [base, first, last, count, list, list.version]);

  /**
   * The one row Tab reaches: the focused one, or the first rendered row once
   * that one has scrolled out of the rendered window (else Tab would find none).
   */
  function tabStop(rendered: readonly { readonly index: number }[]): number {
    if (rendered.some((item) => base + item.index === focused)) return focused;
    return base + (rendered[0]?.index ?? 0);
  }

  /**
   * Scrolls to the position a keyboard move asked for (see `focusRow`) in the
   * commit that moves the segment, and renders the rows there before paint:
   * the virtualizer would only learn of the scroll from its event, a frame
   * later, leaving a frame of the rows around the old position.
   */
  useLayoutEffect(() => {
    const top = scrollTarget.current;
    const element = scrollRef.current;
    if (top === null || element === null) return;
    scrollTarget.current = null;
    element.scrollTop = top;
    virtualizer.scrollOffset = element.scrollTop;
    setScrolled((scrolls) => scrolls + 1);
  });

  /**
   * Focuses the row a keyboard move goes to in the commit that renders it,
   * before paint: the row the focus was on may leave the DOM in that same
   * commit (a long jump scrolls it away), and a frame with the focus on the
   * page's body would be announced as such. Unless the focus went elsewhere
   * (outside the table) in between. The table has already scrolled the row
   * into view below its header: the browser's own scroll on focus would put
   * a row above the view at the scrollport's top, under the sticky header.
   */
  useLayoutEffect(() => {
    const target = focusTarget.current;
    const table = scrollRef.current;
    if (target === null || table === null) return;
    const row = table.querySelector<HTMLElement>(`[data-index="${target}"]`);
    if (row === null) return;
    focusTarget.current = null;
    const active = document.activeElement;
    // The page itself (just shown, on a return to the list) holds no one's focus either.
    if (active === null || active === document.body || active.tagName === 'MAIN' || table.contains(active)) row.focus({ preventScroll: true });
  });

  /**
   * Moves the focus to row `index` (absolute), scrolling the least that shows
   * it whole between the sticky header and the end of the view (less the room
   * kept for toasts), in the segment that holds it.
   */
  function focusRow(index: number) {
    const target = Math.max(0, Math.min(total - 1, index));
    const nextBase = target >= base && target < base + count ? base : baseFor(target, total);
    const element = scrollRef.current;
    if (element !== null) {
      const top = scrollToShow(element, headRef.current?.offsetHeight ?? 0, element.scrollTop - (nextBase - base) * rowHeight, (target - nextBase) * rowHeight);
      if (nextBase !== base || top !== element.scrollTop) scrollTarget.current = top;
    }
    focusTarget.current = target;
    setBase(nextBase);
    setFocused(target);
  }

  /**
   * The page's focus request, once the reloaded list holds that row (loading
   * the pages before it, keyset pages cannot be skipped) or ends before it:
   * moved to as by a keyboard move, so the row becomes the Tab stop. Each
   * step asks from the last page whose start is known, not from the top: the
   * window keeps the pages around the middle of what is asked, and the middle
   * of rows 0 to 1,345 would drop the page of row 1,345 (12 pages are held).
   */
  useEffect(() => {
    const request = props.focusRequest;
    const window = list.window;
    if (request === null || window.failure !== null || window.count === 0) return;
    const target = request.index;
    if (window.rowAt(target) === undefined && !window.ended) {
      list.ensure(Math.min(target, window.seen), target);
      return;
    }
    props.onFocusRequestDone();
    const ofRecord = request.id === null ? -1 : window.indexWhere((row) => row.id === request.id);
    focusRow(ofRecord >= 0 ? ofRecord : Math.min(target, window.count - 1));
  });

  /**
   * The focused row left the list's end: End reached the last row counted
   * before the last page was read, and that page was shorter (or rows were
   * removed). The row is gone from the DOM and the focus fell to the page's
   * body; it goes to the last row in the same commit, before paint. Unless
   * the focus is elsewhere (outside the table).
   */
  useLayoutEffect(() => {
    const table = scrollRef.current;
    if (table === null || total === 0 || focused < total) return;
    const active = document.activeElement;
    if (active === null || active === document.body || table.contains(active)) focusRow(total - 1);
  });

  // Stable callbacks for the memoised rows; they read the latest render's functions.
  const latest = useRef({ open: props.onOpen, key: onRowKey, select: props.onSelect, rowAt: (index: number) => list.window.rowAt(index) });
  latest.current = { open: props.onOpen, key: onRowKey, select: props.onSelect, rowAt: (index: number) => list.window.rowAt(index) };
  const events = useMemo<RowEvents>(
    () => ({
      open: (index) => {
        const row = latest.current.rowAt(index);
        if (row !== undefined) latest.current.open(row);
      },
      focus: setFocused,
      key: (event, index) => latest.current.key(event, index, latest.current.rowAt(index)),
      select: (index, range) => latest.current.select(index, range),
    }),
    [],
  );

  function onRowKey(event: KeyboardEvent<HTMLDivElement>, index: number, row: Row | undefined) {
    // Space and Enter on a control in the row (a checkbox) are that control's.
    const onRow = event.target === event.currentTarget;
    if (event.shiftKey && (event.key === 'ArrowDown' || event.key === 'ArrowUp')) {
      const target = Math.max(0, Math.min(total - 1, index + (event.key === 'ArrowDown' ? 1 : -1)));
      focusRow(target);
      props.onSelect(target, true, index);
    } else if (event.key === ' ' && onRow) props.onSelect(index, event.shiftKey);
    else if (event.key === 'ArrowDown') focusRow(index + 1);
    else if (event.key === 'ArrowUp') focusRow(index - 1);
    else if (event.key === 'Home') focusRow(0);
    else if (event.key === 'End') focusRow(total - 1);
    else if (event.key === 'PageDown') focusRow(index + 10);
    else if (event.key === 'PageUp') focusRow(index - 10);
    else if (event.key === 'Enter' && onRow && row !== undefined) props.onOpen(row);
    else return;
    event.preventDefault();
  }

  const tabRow = tabStop(items);
  return (
    <div
      ref={scrollRef}
      className="vtable"
      role="table"
      aria-label={props.label}
      aria-rowcount={list.window.ended ? total + 1 : -1}
      data-testid={props.testId}
      onKeyDown={(event) => {
        if (props.selection.ids.size === 0) return;
        if (event.key === 'Escape') props.onClearSelection();
        else if (isDeleteKey(event) && props.onDeleteSelection !== undefined) props.onDeleteSelection();
        else return;
        event.preventDefault();
      }}
    >
      <div ref={headRef} className="vtable__head" role="rowgroup">
        <div className="vtable__row vtable__row--head" role="row" aria-rowindex={1} style={{ gridTemplateColumns: template, minWidth }}>
          {columns.map((column, at) => {
            const sorted = column.sortField !== undefined && sort.field === column.sortField;
            return (
              <div
                key={column.id}
                role="columnheader"
                data-column={column.id}
                className={cellClass(column, at)}
                // The first header holds the select-all checkbox too: its name is the column's alone.
                aria-label={at === 0 ? t(column.label) : undefined}
                aria-sort={sorted ? (sort.direction === 'asc' ? 'ascending' : 'descending') : undefined}
              >
                {at === 0 ? (
                  <span className="vtable__select">
                    <SelectAll state={props.selectedOfHeld} label={t('bulk.selectAll')} onChange={props.onSelectAll} />
                  </span>
                ) : null}
                {column.sortField === undefined ? (
                  <span className="vtable__label">{t(column.label)}</span>
                ) : (
                  <button
                    type="button"
                    className={sorted ? 'vtable__sort vtable__sort--active' : 'vtable__sort'}
                    data-testid={`sort-${column.sortField}`}
                    title={column.sortTitle === undefined ? t('list.sortBy', { field: t(column.label) }) : t(column.sortTitle)}
                    onClick={() => column.sortField !== undefined && props.onSort(column.sortField)}
                  >
                    <span className="vtable__label">{t(column.label)}</span>
                    {sorted ? (
                      <Icon name={sort.direction === 'asc' ? 'sortUp' : 'sortDown'} size={14} />
                    ) : (
                      <span className="vtable__sort-hint" data-testid="sort-hint">
                        <Icon name="sortBoth" size={14} />
                      </span>
                    )}
                  </button>
                )}
              </div>
            );
          })}
        </div>
      </div>
      <div className="vtable__body" role="rowgroup" style={{ height: virtualizer.getTotalSize(), minWidth }} onPointerOver={cutCells}>
        {items.map((item) => {
          const index = base + item.index;
          const row = list.window.rowAt(index);
          const label = row === undefined ? t('list.loadingRows') : props.rowLabel(row);
          return (
            <TableRow
              key={item.key}
              index={index}
              start={item.start}
              height={rowHeight}
              row={row}
              label={label}
              focused={index === tabRow}
              selected={row !== undefined && props.selection.ids.has(row.id)}
              selectLabel={t('bulk.selectRow', { name: label })}
              columns={columns}
              template={template}
              minWidth={minWidth}
              testId={`${props.testId}-row`}
              events={events}
            />
          );
        })}
      </div>
    </div>
  );
}
