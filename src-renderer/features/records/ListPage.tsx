// The generic list page of one entity: title and count, saved views, filters,
// the trash toggle and the virtualised table. The entity's spec says what the
// columns and filters are; `onNew` opens the entity's create dialog (also on
// the "n" shortcut). Rows the user selects (selection.ts) are acted on from
// the selection bar (BulkBar); a new query, view, sort or reload clears them.
// Back from a record opened here shows the list as it was left (list-return.tsx).
// A change this window made away from the list (an Undo in a toast that outlived
// its page, app/local-changes.ts) shows in the rows where they stand; one that
// adds or takes out rows says so as a sync's changes do, with Refresh.
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../app/api-context';
import { onLocalChange } from '../../app/local-changes';
import { useNavigation, type ListLink } from '../../app/router';
import { errorText } from '../../ui/error-text';
import { Icon } from '../../ui/icons';
import { LiveRegion } from '../../ui/LiveRegion';
import { PageHeader } from '../../ui/PageHeader';
import { Failed } from '../../ui/States';
import { useNewRecordAction } from '../shell/new-record';
import { BulkBar } from './BulkBar';
import { ExportButton } from './ExportButton';
import { FilterPanel, type ChoiceSets } from './FilterPanel';
import { ownerOptions } from './owner-options';
import { usePeople } from './people';
import type { ListSpec, Option } from './list-spec';
import { countActiveFilters, emptyFilter, linkedState, nextSort, noneByHand, reselectedState, sameListState, type FilterState, type HandSet, type ListState } from './list-state';
import { LinkedFilter } from './LinkedFilter';
import { ListEmpty } from './ListEmpty';
import { shownTotal, useListCount } from './useListCount';
import { useCountAnnouncement } from './useCountAnnouncement';
import { usePagedList, type PagedList } from './usePagedList';
import { coverage, extended, noSelection, toggled, withAll, type Selection } from './selection';
import { useBulkActions } from './useBulkActions';
import { isSavedView, listPanelId, ViewBar, viewTabId, type ListView } from './ViewBar';
import { defaultViewOf, useOpeningViews, type OpeningViews } from './default-view';
import { useListReturn } from './list-return';
import { useSyncedOut } from './useSyncedOut';
import { VirtualTable, type FocusRequest } from './VirtualTable';

export interface ListPageProps<Row extends { readonly id: string; readonly ownerId: string }> {
  readonly spec: ListSpec<Row>;
  readonly onNew: () => void;
  /** Choices the page cannot know itself (pipeline stages, translated enums). */
  readonly choices?: Partial<Omit<ChoiceSets, 'owner' | 'assignee'>>;
  /** Extra controls in the header (e.g. the pipeline's Board/Forecast switch). */
  readonly headerExtra?: ReactNode;
  /** Bumped by the parent to reload (e.g. after a record was created elsewhere). */
  readonly reloadKey?: number;
  /** Wraps the table, e.g. to give its cells what writing a row takes (the tasks list's done checkboxes). */
  readonly wrapTable?: (table: ReactNode, list: PagedList<Row>) => ReactNode;
  /** Open on the trash rather than the records (unless coming back to what the list showed). */
  readonly openOnTrash?: boolean;
  /** Open filtered to the records linked to this one (a related card's "Show all"), on the spec's linkedView. */
  readonly linked?: ListLink;
  /** Open with these filters alone, not on the default view (the board's "N more in the list view": stages; Today's "all in Tasks"). */
  readonly openOnFilter?: Partial<FilterState>;
}

export function ListPage<Row extends { readonly id: string; readonly ownerId: string }>(props: ListPageProps<Row>) {
  const { t } = useTranslation();
  const api = useApi();
  const { navigate } = useNavigation();
  const { spec } = props;
  // Back from a record opened here: the tab, sort and filters it was left with, not the default view.
  const { returned, keep } = useListReturn(spec.viewEntity);
  // Opened on the trash (a search's "in the trash" line): as if the list had opened and Trash been pressed.
  const onTrash = props.openOnTrash === true && returned === null;
  const [linked] = useState(() => (props.linked === undefined ? null : linkedState(spec, props.linked)));
  // Opened on a board column's deals: that stage's deals, whatever the default view filters ("Open deals" hid Won's).
  const onFilter = props.openOnFilter !== undefined && returned === null && !onTrash && linked === null;
  const [state, setState] = useState<ListState>(
    returned?.state ??
      (onTrash
        ? { ...spec.defaultState, deleted: 'only', filter: emptyFilter }
        : onFilter
          ? { ...spec.defaultState, filter: { ...emptyFilter, ...props.openOnFilter } }
          : (linked?.state ?? spec.defaultState)),
  );
  const [view, setView] = useState<ListView | null>(returned?.view ?? linked?.view ?? null);
  // The sort and the filters set by hand since the view was chosen: a click on the selected built-in tab keeps them.
  const [handSet, setHandSet] = useState<HandSet>(returned?.handSet ?? noneByHand);
  const byHand = (part: keyof HandSet, change: (current: ListState) => ListState) => {
    setHandSet((current) => ({ ...current, [part]: true }));
    setState(change);
  };
  // The list opens once its views are read, on its default view if it has one, in the render that brings
  // them: until then it says it is loading, with no tab chosen and no page asked for. Views this session
  // read before (views-cache.tsx) open it in its first render.
  const opening = useOpeningViews(api, spec.viewEntity);
  const [opened, setOpened] = useState<OpeningViews | null>(null);
  // The trash shows every deleted record of the entity: a view's filter ("Open deals") would hide
  // deleted won and lost deals there. Back to the list, the sort and filters return as they were.
  const beforeTrash = useRef<ListState | null>(onTrash ? spec.defaultState : null);
  if (opened === null && opening !== null) {
    setOpened(opening);
    const preset = defaultViewOf(opening.views);
    // Back to a saved view deleted since: the list as it was left, on no saved view (as viewGone, below).
    const back = returned?.view ?? null;
    if (isSavedView(back) && !opening.views.some((each) => each.id === back.id)) setView(null);
    // Opened filtered to a record or to stages, it stays on what it was opened for, not on the user's default view.
    if (preset !== undefined && returned === null && linked === null && !onFilter) {
      setView(preset);
      if (onTrash) beforeTrash.current = spec.fromView(preset) ?? spec.defaultState;
      else setState(spec.fromView(preset) ?? spec.defaultState);
    }
  }
  const [filtersOpen, setFiltersOpen] = useState(false);
  const filterToggle = useRef<HTMLButtonElement>(null);
  // What the "changed" notice says: a sync's changes, or this window's own (rows they add or take out).
  const [changedBy, setChangedBy] = useState<'sync' | 'here' | null>(null);
  // Who this device writes as, so the Owner filter can say "Me", and the names it knows (the user directory).
  const { me, names } = usePeople();
  useNewRecordAction(props.onNew);

  const toggleTrash = () => {
    // A filter panel left open would apply its draft (the filters before) over the side just shown.
    setFiltersOpen(false);
    if (state.deleted === 'only') {
      const back = beforeTrash.current;
      beforeTrash.current = null;
      setState({ ...(back ?? state), deleted: 'exclude' });
    } else {
      beforeTrash.current = state;
      setState({ ...state, deleted: 'only', filter: emptyFilter });
    }
  };

  const queryKey = `${JSON.stringify(state)}#${String(props.reloadKey ?? 0)}`;
  const fetch = useCallback(
    (after: string | undefined, limit: number) => spec.fetch(api, state, after, limit),
    [api, spec, state],
  );
  const list = usePagedList<Row>(fetch, queryKey, 100);
  const { window, refresh } = list;

  // This window's own change of the entity: the rows held are read again and shown in place. Rows the
  // change named (all, when it names none) that the read adds or takes out stay as they are, said in the notice.
  useEffect(
    () =>
      onLocalChange((change) => {
        if (!change.entities.includes(spec.viewEntity)) return;
        const named = change.ids[spec.viewEntity];
        void refresh((row) => row.id).then((moved) => {
          if (moved === null || moved.some((id) => named === undefined || named === null || named.includes(id))) setChangedBy((now) => now ?? 'here');
        });
      }),
    [refresh, spec.viewEntity],
  );
  const active = countActiveFilters(state.filter);
  // Clear filters goes back to a built-in tab's own ("Open deals" stays on open deals); a saved view's, and the trash's, to none.
  const ownFilter = state.deleted === 'only' || isSavedView(view) ? emptyFilter : view === null ? spec.defaultState.filter : view.state.filter;

  const [selection, setSelection] = useState<Selection>(noSelection);
  // Sync may change what this list shows (reloading on its own would throw away the scroll position); the rows
  // of records it took away go at once, and from the selection (useSyncedOut.ts).
  const syncChanged = useCallback(() => setChangedBy('sync'), []);
  const syncRemoved = useCallback((gone: ReadonlySet<string>) => setSelection((now) => ({ ...now, ids: new Set([...now.ids].filter((id) => !gone.has(id))) })), []);
  useSyncedOut(api, spec.viewEntity, list, { changed: syncChanged, removed: syncRemoved }, state.deleted === 'only');
  // A new window (another query, view, sort or trash side, or a reload) starts with nothing selected,
  // in the render that brings it; its rows are read now, so a sync's "Changes arrived" notice goes too.
  const [selectionWindow, setSelectionWindow] = useState(window);
  if (selectionWindow !== window) {
    setSelectionWindow(window);
    setSelection(noSelection);
    setChangedBy(null);
  }
  const heldIds = useMemo(
    () => window.sample(window.heldRows).map((row) => row.id),
    // list.version: the rows held change without the window object changing.
    [window, list.version],
  );
  const selectedIds = useMemo(() => [...selection.ids], [selection]);
  // A bulk action may take its rows out of the view, and the bar goes with the selection: the focus goes
  // to the row now at the first acted-on position (VirtualTable), or to the list's panel once it is empty.
  // Back from a record: the focus goes to the row of the one opened, or where the list no longer holds it
  // there (renamed and sorted anew, deleted), to the row at its place (its pages loaded first).
  const [focusRequest, setFocusRequest] = useState<FocusRequest | null>(returned === null ? null : { index: returned.index, id: returned.id });
  const panelRef = useRef<HTMLDivElement>(null);
  const { reload } = list;
  // Where the newest bulk actions' first acted-on rows stood: an Undo puts the records back, and the list read anew
  // takes the focus (and its scroll) to that record's row, not to the top (where the focus fell to the page's body).
  const actedPlaces = useRef<readonly FocusRequest[]>([]);
  const afterBulk = useCallback(() => {
    const index = Math.max(0, window.indexWhere((row) => selection.ids.has(row.id)));
    const id = window.rowAt(index)?.id;
    if (id !== undefined && selection.ids.has(id)) actedPlaces.current = [...actedPlaces.current.slice(-4), { index, id }];
    setFocusRequest({ index, id: null });
    reload();
  }, [window, selection, reload]);
  const afterUndo = useCallback(
    (acted: readonly string[]) => {
      const place = actedPlaces.current.findLast((at) => at.id !== null && acted.includes(at.id));
      setFocusRequest(place ?? { index: 0, id: acted[0] ?? null });
      reload();
    },
    [reload],
  );
  const bulk = useBulkActions(spec.viewEntity, selectedIds, afterUndo, afterBulk);
  useEffect(() => {
    if (focusRequest === null) return;
    if (window.failure !== null) setFocusRequest(null);
    else if (window.ended && window.count === 0) {
      setFocusRequest(null);
      if (document.activeElement === null || document.activeElement === document.body) panelRef.current?.focus();
    }
    // list.version: the window's rows change without the window object changing.
  }, [focusRequest, window, list.version]);
  const focusRequestDone = useCallback(() => setFocusRequest(null), []);
  const idAt = useCallback((index: number) => window.rowAt(index)?.id, [window]);
  const select = useCallback(
    (index: number, range: boolean, from?: number) => {
      const row = window.rowAt(index);
      if (row === undefined) return;
      setSelection((current) => (range ? extended(current, index, idAt, from) : toggled(current, row.id, index)));
    },
    [window, idAt],
  );
  const clearSelection = useCallback(() => setSelection(noSelection), []);
  // "Open trash" in the empty list goes with it: the focus goes to the trash's first row.
  const openTrashFromEmpty = () => {
    setFocusRequest({ index: 0, id: null });
    toggleTrash();
  };
  // Clear (or Esc) in the bar takes the bar away with the selection: the focus goes to the first selected row.
  const clearFromBar = useCallback(() => {
    const index = window.indexWhere((row) => selection.ids.has(row.id));
    setFocusRequest({ index: Math.max(0, index), id: index < 0 ? null : (window.rowAt(index)?.id ?? null) });
    setSelection(noSelection);
  }, [window, selection]);

  // The owners of the rows held, and everyone the device can name (the user directory) and the user: offered
  // only from the rows held, a colleague whose records sat past the loaded pages could not be picked, nor
  // another owner once the list was filtered to one.
  const owners = useMemo<readonly Option[]>(() => {
    const seen = [...window.sample(1000).map((row) => row.ownerId), ...names.keys()];
    for (const id of [state.filter.ownerId, me ?? '']) if (id !== '') seen.push(id);
    return ownerOptions(seen, me, names);
    // list.version: the rows held change without the window object changing.
  }, [window, list.version, state.filter.ownerId, me, names]);
  // "Assigned to me" is the common question, so the user is a choice even when no row held is theirs.
  const { assigneeOf } = spec;
  const assignees = useMemo<readonly Option[]>(() => {
    if (assigneeOf === undefined) return [];
    const seen = [...window.sample(1000).map(assigneeOf), ...names.keys()];
    for (const id of [state.filter.assigneeId, me ?? '']) if (id !== '') seen.push(id);
    return ownerOptions(seen, me, names);
  }, [window, list.version, assigneeOf, state.filter.assigneeId, me, names]);

  function sortBy(field: string) {
    byHand('sort', (current) => ({ ...current, sort: nextSort(current.sort, field) }));
  }

  function selectView(next: ListView | null) {
    const tab = next === null ? spec.defaultState : isSavedView(next) ? (spec.fromView(next) ?? spec.defaultState) : next.state;
    // The selected built-in tab clicked again keeps what was set by hand (list-state.ts reselectedState).
    const again = !isSavedView(next) && viewTabId(spec.viewEntity, next) === viewTabId(spec.viewEntity, view);
    const shown = again ? reselectedState(state, tab, handSet) : tab;
    if (again && sameListState(state, shown)) return;
    setView(next);
    if (!again) setHandSet(noneByHand);
    setFiltersOpen(false);
    // Leaving the trash goes back to this view's filters, not to those of the view the trash was opened from.
    beforeTrash.current = null;
    // The same list (a view just saved or updated from it) stays as it is, scrolled and selected: its state
    // written anew (another key order, tags re-joined) made a new query, back at the top with nothing selected.
    setState((current) => (sameListState(current, shown) ? current : shown));
  }

  // The selected view was deleted in another window: the list keeps what it shows, on no saved view.
  const viewGone = useCallback(() => setView(null), []);

  const entityKey = spec.entity;
  // A list longer than its first page is counted apart (exact up to listCountCap, "10,000+" past it);
  // until the count answers, the page says what it has seen.
  const countRequest = useMemo(() => spec.exportRequest(state), [spec, state]);
  const counted = useListCount(api, countRequest, window, !window.pristine && !window.ended && window.failure === null);
  const total = shownTotal(window, counted);
  // Screen readers hear how many records a query found once its first page is in.
  const announcement = useCountAnnouncement(entityKey, window, counted, total);

  const table = (
    <VirtualTable
      label={t(`entity.${entityKey}.other`)}
      columns={spec.columns}
      list={list}
      sort={state.sort}
      onSort={sortBy}
      onOpen={(row) => {
        keep({ state, view, handSet, index: Math.max(0, window.indexWhere((held) => held.id === row.id)), id: row.id });
        navigate({ name: 'detail', entity: spec.entity, id: row.id });
      }}
      rowLabel={spec.rowLabel}
      testId={`${spec.entity}-table`}
      selection={selection}
      selectedOfHeld={coverage(selection, heldIds)}
      onSelect={select}
      onSelectAll={() => setSelection((current) => withAll(current, heldIds))}
      onClearSelection={clearSelection}
      onDeleteSelection={state.deleted === 'only' ? undefined : bulk.remove}
      focusRequest={focusRequest}
      onFocusRequestDone={focusRequestDone}
    />
  );

  return (
    <div className="page page--list" data-testid={`list-${spec.viewEntity}`}>
      <PageHeader
        title={state.deleted === 'only' ? t('list.trashTitle', { entities: t(`entity.${entityKey}.other`) }) : t(`entity.${entityKey}.other`)}
        subtitle={
          <>
            <span data-testid="list-count">
              {window.pristine ? t('status.loading') : total.more ? t('list.countMore', { count: total.count }) : t('list.count', { count: total.count })}
            </span>
            <LiveRegion text={announcement} testId="list-announcement" />
          </>
        }
        actions={
          <>
            {props.headerExtra}
            <button type="button" className="button button--primary" data-testid="list-new" aria-keyshortcuts="n" onClick={props.onNew}>
              <Icon name="plus" size={16} />
              {t(`entity.${entityKey}.new`)}
              <kbd>{t('keys.n')}</kbd>
            </button>
          </>
        }
      />
      {opened === null ? null : (
      <>
      <div className="list-toolbar">
        <ViewBar
          spec={spec}
          state={state}
          active={view}
          onSelect={selectView}
          onViewGone={viewGone}
          opening={opened}
          // Views from the cache that another page may have changed are read again behind the first page,
          // which does not wait for them.
          recheck={opened.recheck && (!window.pristine || window.failure !== null)}
        />
        <div className="list-toolbar__right">
          <LinkedFilter
            filter={state.filter}
            focusAfter={filterToggle}
            onClear={(field) => {
              // As Clear filters: an open panel's draft holds the record's filter, which Apply would bring back.
              setFiltersOpen(false);
              byHand('filter', (s) => ({ ...s, filter: { ...s.filter, [field]: '' } }));
            }}
          />
          <button
            type="button"
            className={active > 0 ? 'button button--secondary button--small is-active' : 'button button--secondary button--small'}
            aria-expanded={filtersOpen}
            data-testid="filter-toggle"
            ref={filterToggle}
            onClick={() => setFiltersOpen((open) => !open)}
          >
            <Icon name="filter" size={14} />
            {active > 0 ? t('filter.active', { count: active }) : t('filter.add')}
          </button>
          {active > 0 && !sameListState(state, { ...state, filter: ownFilter }) ? (
            <button
              type="button"
              className="button button--ghost button--small"
              data-testid="filter-clear"
              onClick={() => {
                // The button goes with the filters: the focus goes to Filter beside it, not to the page.
                filterToggle.current?.focus();
                // An open panel's draft holds the filters just cleared: Apply would bring them back.
                setFiltersOpen(false);
                setHandSet((hand) => ({ ...hand, filter: false }));
                setState((s) => ({ ...s, filter: ownFilter }));
              }}
            >
              {t('filter.clear')}
            </button>
          ) : null}
          <ExportButton spec={spec} state={state} selected={selectedIds} total={total} />
          <button
            type="button"
            className="button button--ghost button--small"
            aria-pressed={state.deleted === 'only'}
            data-testid="trash-toggle"
            onClick={toggleTrash}
          >
            <Icon name="trash" size={14} />
            {state.deleted === 'only' ? t('list.hideTrash') : t('list.trash')}
          </button>
        </div>
      </div>
      <div className="list-panel" role="tabpanel" ref={panelRef} tabIndex={-1} id={listPanelId(spec.viewEntity)} aria-labelledby={viewTabId(spec.viewEntity, view)}>
      {changedBy !== null ? (
        <div className="sync-notice" role="status" data-testid="list-sync-changed">
          <span>{changedBy === 'sync' ? t('list.syncChanged') : t('list.changedHere')}</span>
          <button
            type="button"
            className="button button--secondary button--small"
            data-testid="list-sync-refresh"
            onClick={() => {
              setChangedBy(null);
              // The notice goes with the press: the focus goes to the first row of the list read again.
              setFocusRequest({ index: 0, id: null });
              list.reload();
            }}
          >
            {t('list.refresh')}
          </button>
        </div>
      ) : null}
      {filtersOpen ? (
        <FilterPanel
          spec={spec}
          state={state}
          clearTo={ownFilter}
          choices={{ owner: owners, assignee: assignees, stage: [], stageKind: [], kind: [], status: [], priority: [], ...props.choices }}
          onApply={(filter) => {
            byHand('filter', (current) => ({ ...current, filter }));
            setFiltersOpen(false);
          }}
          onClose={() => setFiltersOpen(false)}
        />
      ) : null}
      {window.failure !== null ? (
        <Failed message={errorText(window.failure)} title={t('list.rowsFailed')} onRetry={list.reload} testId="list-error" />
      ) : null}
      {window.ended && window.count === 0 ? (
        <ListEmpty spec={spec} state={state} listKey={window} onNew={props.onNew} onOpenTrash={openTrashFromEmpty} />
      ) : (
        <>
          {selection.ids.size > 0 ? (
            <BulkBar entity={spec.viewEntity} count={selection.ids.size} total={total} trash={state.deleted === 'only'} tasks={entityKey === 'task'} deals={entityKey === 'deal'} actions={bulk} onClear={clearFromBar} />
          ) : null}
          {props.wrapTable === undefined ? table : props.wrapTable(table, list)}
        </>
      )}
      </div>
      </>
      )}
    </div>
  );
}
