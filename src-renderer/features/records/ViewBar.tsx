// Saved views of one list: "All" (or the name of a list's filtering default
// view, e.g. "Open tasks"), the list's other built-in views (the deals list's
// "All deals" beside its default "Open deals"), then the user's named
// presets (views.*). A built-in view is like the default one: it cannot be
// updated or deleted, only saved as a new view.
// Choosing a view loads its sort and filters (choosing the selected saved view
// again does nothing, so it cannot throw away changes not yet saved with Update;
// a selected built-in tab, which has no Update, shows what it holds again when
// the list was opened on it filtered from elsewhere, and keeps filters set by hand);
// "Save view" stores the current ones under a new name or, once the list
// differs from it, over the selected view ("Update …", not offered in the trash
// of a view that leaves deleted records out); "Rename view" names
// the selected view anew, leaving its sort and filters (and the list's changes
// not yet saved) as they are, with Undo. Each Undo gives back only what its
// change changed: "Update …"'s the sort and filters the view held before
// (under the name it has then), a rename's the old name (with the sort and
// filters the view holds then, so a later update stays), "Delete view"'s the
// whole view, its default mark too (deleted, a view's Update and rename
// toasts go: their Undo would save a view no longer there). "Make default" makes the selected
// view the one the list opens on (marked on its tab; default-view.ts), "Clear
// default" gives that back to the first tab. The bar shows the list's views
// as this session's cache holds them (views-cache.tsx): those the page opened
// with (default-view.ts), then each change's answer and each later read;
// a list opened from the cache reads them again once its first page is in
// only when this page was hidden or shown since they were read (`recheck`,
// views-cache.tsx); a read without the selected view (deleted in another
// window) leaves the list as it is, on no saved view. The name form (ViewNameForm.tsx)
// refuses an empty name, one another view of the list has, and a built-in
// tab's name. The views are tabs
// (ARIA tabs pattern: one tab stop, arrow keys, Home and End move and select,
// Delete removes a saved view) controlling the list's panel. The name form
// never drops the focus to the page: a view saved or renamed from it takes
// the focus on its tab, and Esc or Cancel gives it back to the button that
// opened it, each in the commit that takes the form away; "Delete view" gives
// it to the default tab once the view is deleted, as the Delete key on a tab
// does; a failure of any of the bar's changes is announced (role="alert").
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SavedView } from '../../../src-shared/domain/saved-view';
import { withView } from '../../../src-shared/domain/saved-view-order';
import { useApi } from '../../app/api-context';
import { wordsText, type Words } from '../../ui/words';
import { Icon } from '../../ui/icons';
import { rovingIndex } from '../../ui/roving';
import { useToasts, type ToastInput } from '../../ui/toasts';
import { isDeleteKey } from '../shell/keyboard';
import { builtInViewNames, type OpeningViews } from './default-view';
import type { BuiltInView, ListSpec } from './list-spec';
import { sameListState, type ListState } from './list-state';
import { ViewNameForm } from './ViewNameForm';
import { useCachedViews, useSavedViewsCache } from './views-cache';

/** A view of a list other than its default one: built in, or saved by the user. */
export type ListView = BuiltInView | SavedView;

export function isSavedView(view: ListView | null): view is SavedView {
  return view !== null && 'query' in view;
}

export interface ViewBarProps<Row extends { readonly id: string }> {
  readonly spec: ListSpec<Row>;
  readonly state: ListState;
  /** The selected view; null for the default one. */
  readonly active: ListView | null;
  readonly onSelect: (view: ListView | null) => void;
  /** The selected saved view is no longer among the views read (deleted in another window): the list keeps its sort and filters. */
  readonly onViewGone: () => void;
  /** The list's views as the page opened with them (the bar reads them again after a change). */
  readonly opening: OpeningViews;
  /** Read the views again now: the list opened with cached ones another page may have changed, and its first page is in. */
  readonly recheck: boolean;
}

/** The id of a view's tab in one list's tab list (the default view's when `view` is null). */
export function viewTabId(entity: string, view: ListView | null): string {
  return `view-tab-${entity}-${view === null ? 'default' : isSavedView(view) ? view.id : `builtin-${view.id}`}`;
}

/** "View saved": a run of saves shows one toast, not a stack over the list (a rename's Undo toast stays apart). */
const savedToast: ToastInput = { message: { key: 'views.saved' }, tone: 'success', key: 'views.saved', testId: 'view-saved-toast' };

/** The id of the list's panel the view tabs control. */
export function listPanelId(entity: string): string {
  return `list-panel-${entity}`;
}

export function ViewBar<Row extends { readonly id: string }>({ spec, state, active, onSelect, onViewGone, opening, recheck }: ViewBarProps<Row>) {
  const { t } = useTranslation();
  const api = useApi();
  const toasts = useToasts();
  const cache = useSavedViewsCache();
  // A first read that failed left the cache without them: the bar shows none until a read brings them.
  const views = useCachedViews(spec.viewEntity) ?? opening.views;
  /**
   * The selected view when it is one of the user's (the one "Update …", "Rename view" and "Delete view" act
   * on), as the views last read hold it: a rename leaves the list as it is, so the list keeps the view it chose.
   */
  const saved = isSavedView(active) ? (views.find((view) => view.id === active.id) ?? active) : null;
  // The selected view as a read's answer finds it: one deleted in another window is not in the views read
  // (a view just saved is selected before the bar holds it, so only a read can say it is gone).
  const selected = useRef(active);
  selected.current = active;
  /** The name form, for a new view or to rename the selected one. */
  const [naming, setNaming] = useState<'new' | 'rename' | null>(null);
  const [failure, setFailure] = useState<Words | null>(opening.failure);
  // "Update …": a second click while the first save is on its way would save it twice.
  const updatingNow = useRef(false);

  // Only the latest read's answer is kept: an earlier one may answer after it, without a view saved since.
  const loads = useRef(0);
  const load = useCallback(() => {
    loads.current += 1;
    const mine = loads.current;
    api.invoke('views.list', { entity: spec.viewEntity }).then(
      (answer) => {
        if (mine !== loads.current) return;
        cache.fill(spec.viewEntity, answer.items);
        // Deleted in another window: its tab is gone, and "Update …" would save a view no longer there. The
        // list stays as it is, on no saved view, so "Save view" can keep it.
        const current = selected.current;
        if (isSavedView(current) && !answer.items.some((view) => view.id === current.id)) onViewGone();
      },
      (error: unknown) => {
        if (mine === loads.current) setFailure({ error });
      },
    );
  }, [api, cache, spec.viewEntity, onViewGone]);

  const rechecked = useRef(false);
  useEffect(() => {
    if (!recheck || rechecked.current) return;
    rechecked.current = true;
    load();
  }, [recheck, load]);

  /** Selects a view just saved, its tab shown at once in its place (the list reads the views again after). */
  const showSaved = useCallback(
    (saved: SavedView) => {
      cache.change(spec.viewEntity, (current) => withView(current, saved));
      load();
      onSelect(saved);
    },
    [cache, spec.viewEntity, load, onSelect],
  );

  /** Shows a view renamed in its place, leaving the list as it is (choosing the view again would reload it). */
  const showRenamed = useCallback(
    (renamed: SavedView) => {
      cache.change(spec.viewEntity, (current) => withView(current, renamed));
      load();
    },
    [cache, spec.viewEntity, load],
  );

  /** `view` as the views last read hold it now: a change made after a toast came is kept by its Undo. */
  const viewNow = (view: SavedView): SavedView => cache.peek(spec.viewEntity)?.find((other) => other.id === view.id) ?? view;

  /** "Make default" / "Clear default": the list's views as they are after it. */
  async function setDefault(view: SavedView, isDefault: boolean) {
    try {
      const answer = await api.invoke('views.setDefault', { entity: spec.viewEntity, id: isDefault ? view.id : null });
      // A read already on its way holds the views from before.
      loads.current += 1;
      cache.fill(spec.viewEntity, answer.items);
      setFailure(null);
    } catch (error) {
      setFailure({ error });
    }
  }

  /** Takes the focus to the tab of `view` once it is drawn, when it is in `from` now. */
  function focusTabAfter(from: HTMLElement, view: SavedView) {
    if (from.contains(document.activeElement)) focusNext.current = () => tabRefs.current.get(viewTabId(spec.viewEntity, view));
  }

  /** Saves the list as it is now under a new name (the form's failure shows at its field). */
  async function saveNew(form: HTMLElement, name: string) {
    const stored = await spec.saveView(api, name, state);
    focusTabAfter(form, stored);
    setNaming(null);
    setFailure(null);
    showSaved(stored);
    toasts.show(savedToast);
  }

  /** "Update …": the selected view takes the list's sort and filters. */
  async function update(event: FormEvent<HTMLFormElement>, view: SavedView) {
    event.preventDefault();
    const form = event.currentTarget;
    if (updatingNow.current) return;
    updatingNow.current = true;
    const before = spec.fromView(view);
    try {
      const stored = await spec.saveView(api, view.name, state, view.id);
      // "Update …" leaves with the change it saved: its focus goes to the view's tab as well.
      focusTabAfter(form, stored);
      setFailure(null);
      showSaved(stored);
      // One toast per view: a run of updates leaves one Undo, which goes back one update.
      toasts.show({
        message: { key: 'views.updated' },
        tone: 'success',
        key: `views.updated:${view.id}`,
        testId: 'view-updated-toast',
        ...(before === null
          ? {}
          : {
              action: {
                label: 'action.undo',
                run: () => {
                  spec.saveView(api, viewNow(stored).name, before, view.id).then(showRenamed, (error: unknown) => setFailure({ error }));
                },
              },
            }),
      });
    } catch (error) {
      setFailure({ error });
    } finally {
      updatingNow.current = false;
    }
  }

  /** Names `view` anew, keeping what it holds; Undo gives it its old name back. */
  async function rename(form: HTMLElement, view: SavedView, name: string) {
    const held = spec.fromView(view);
    if (held === null) return;
    const stored = name === view.name ? view : await spec.saveView(api, name, held, view.id);
    focusTabAfter(form, stored);
    setNaming(null);
    setFailure(null);
    if (stored === view) return;
    showRenamed(stored);
    // One toast per view, as for "Update …": a run of renames leaves one Undo, which goes back one name.
    toasts.show({
      message: { key: 'views.renamed' },
      tone: 'success',
      key: `views.renamed:${view.id}`,
      testId: 'view-renamed-toast',
      action: {
        label: 'action.undo',
        run: () => {
          const holds = spec.fromView(viewNow(stored)) ?? held;
          spec.saveView(api, view.name, holds, view.id).then(showRenamed, (error: unknown) => setFailure({ error }));
        },
      },
    });
  }

  /**
   * Deletes `view`; once it is deleted, the focus in `from` (the "Delete view" button or the view's tab, gone with
   * the view) goes to the default tab. Refused, the focus stays where it is.
   */
  async function remove(view: SavedView, from?: HTMLElement) {
    try {
      await api.invoke('views.delete', { id: view.id });
      if (from?.contains(document.activeElement) === true) focusNext.current = () => tabRefs.current.get(viewTabId(spec.viewEntity, null));
      cache.change(spec.viewEntity, (current) => current.filter((other) => other.id !== view.id));
      // Their Undo would save a view no longer there; the delete's own Undo brings it back as it was last.
      toasts.withdraw(`views.updated:${view.id}`);
      toasts.withdraw(`views.renamed:${view.id}`);
      if (saved?.id === view.id) onSelect(null);
      load();
    } catch (error) {
      setFailure({ error });
      return;
    }
    // Undo saves the view again (under a new id) with what it held, the list's default again if it was.
    const held = spec.fromView(view);
    toasts.show({
      message: { key: 'views.deleted' },
      testId: 'view-deleted-toast',
      ...(held === null
        ? {}
        : {
            action: {
              label: 'action.undo',
              run: () => {
                spec.saveView(api, view.name, held).then(
                  (stored) => {
                    showSaved(stored);
                    if (view.isDefault) void setDefault(stored, true);
                  },
                  (error: unknown) => setFailure({ error }),
                );
              },
            },
          }),
    });
  }

  const activeState = saved === null ? null : spec.fromView(saved);
  // The trash shows a view's deleted records without its filters (ListPage's toggleTrash): an update from
  // there would save the view as the trash, with no filters.
  const trashOfView = state.deleted === 'only' && activeState?.deleted === 'exclude';
  const changed = !trashOfView && (activeState === null || !sameListState(state, activeState));

  // The tabs in order: the default view, the built-in ones, then the saved ones.
  const tabs: readonly (ListView | null)[] = [null, ...(spec.builtInViews ?? []), ...views];
  const tabRefs = useRef(new Map<string, HTMLButtonElement>());
  const saveButton = useRef<HTMLButtonElement>(null);
  const renameButton = useRef<HTMLButtonElement>(null);
  const formRef = useRef<HTMLDivElement>(null);
  // Where the focus goes once the name form has left: the element, once this commit has drawn it.
  const focusNext = useRef<(() => HTMLElement | null | undefined) | null>(null);
  useLayoutEffect(() => {
    const target = focusNext.current?.();
    if (target === null || target === undefined) return;
    focusNext.current = null;
    target.focus();
  });
  // A view just saved is selected before the list of views holds it: the default tab keeps the tab stop then.
  const activeShown = saved === null ? true : views.some((view) => view.id === saved.id);

  /**
   * Arrow keys, Home and End move along the tabs and show the view reached; Delete (on a Mac also ⌫) removes a saved view.
   * With a saved view changed and not updated, they only move the focus (Enter or Space shows the view), as a click
   * on the selected view does nothing: showing each tab passed would throw away, unasked, what "Update …" offers to save.
   */
  function onTabKey(event: KeyboardEvent<HTMLButtonElement>, index: number) {
    const target = rovingIndex(event.key, index, tabs.length, 'horizontal');
    if (target !== null) {
      event.preventDefault();
      const view = tabs[target] ?? null;
      tabRefs.current.get(viewTabId(spec.viewEntity, view))?.focus();
      // Home on the first tab, End on the last, an arrow on a lone tab: the view is shown already (as a click, onClick).
      if (target !== index && !(saved !== null && changed)) onSelect(view);
      return;
    }
    const view = tabs[index] ?? null;
    if (isDeleteKey(event) && isSavedView(view)) {
      event.preventDefault();
      // The focus goes to the default tab once the view is deleted; refused, it stays on this tab (and the failure shows).
      void remove(view, event.currentTarget);
    }
  }

  return (
    <div className="viewbar" data-testid="view-bar">
      <div className="viewbar__tabs" role="tablist" aria-label={t('views.label')}>
        {tabs.map((view, index) => {
          const id = viewTabId(spec.viewEntity, view);
          const selected = id === viewTabId(spec.viewEntity, active);
          return (
            <button
              key={id}
              ref={(element) => {
                if (element === null) tabRefs.current.delete(id);
                else tabRefs.current.set(id, element);
              }}
              type="button"
              role="tab"
              id={id}
              aria-selected={selected}
              aria-controls={listPanelId(spec.viewEntity)}
              tabIndex={selected || (view === null && !activeShown) ? 0 : -1}
              className="viewbar__tab"
              data-testid={view === null ? 'view-default' : isSavedView(view) ? 'saved-view' : `view-builtin-${view.id}`}
              // A selected saved view is shown already: choosing it again would throw away, unasked, the changes "Update"
              // offers to save. A built-in tab has no Update: clicked, it shows what it holds when the list was opened on
              // it filtered from elsewhere (a board column's stage, a record's "Show all"), but keeps the sort and filters
              // the user set by hand (before, a click on "All" threw them away with no word and no Undo): ListPage's selectView.
              onClick={() => {
                if (!selected || !isSavedView(view)) onSelect(view);
              }}
              onKeyDown={(event) => onTabKey(event, index)}
            >
              {view === null ? t(spec.defaultViewLabel ?? 'views.all') : isSavedView(view) ? view.name : t(view.label)}
              {isSavedView(view) && view.isDefault ? (
                <span className="viewbar__mark" data-testid="view-default-mark">
                  {t('views.defaultMark')}
                </span>
              ) : null}
            </button>
          );
        })}
      </div>
      {naming === 'new' || (naming === 'rename' && saved !== null) ? (
        <div ref={formRef} className="viewbar__naming">
          <ViewNameForm
            // Another view chosen while one is renamed: the form starts again with its name.
            key={naming === 'rename' ? `rename-${saved?.id ?? ''}` : 'new'}
            initial={naming === 'rename' && saved !== null ? saved.name : ''}
            others={views.filter((view) => naming === 'new' || view.id !== saved?.id).map((view) => view.name)}
            builtIn={builtInViewNames(spec)}
            testId={naming === 'rename' ? 'view-rename-form' : 'view-name-form'}
            onSave={(name) => {
              const form = formRef.current ?? document.body;
              return naming === 'rename' && saved !== null ? rename(form, saved, name) : saveNew(form, name);
            }}
            onCancel={() => {
              const back = naming === 'rename' ? renameButton : saveButton;
              focusNext.current = () => back.current;
              setNaming(null);
            }}
          />
        </div>
      ) : (
        <div className="viewbar__actions">
          {saved === null ? null : (
            <>
              {/* Offered once the list differs from what the view holds: right after saving or choosing it, there is nothing to update. */}
              {changed ? (
                <form onSubmit={(event) => void update(event, saved)}>
                  <button type="submit" className="button button--ghost button--small" data-testid="view-update">
                    {t('views.update', { name: saved.name })}
                  </button>
                </form>
              ) : null}
              <button type="button" ref={renameButton} className="button button--ghost button--small" data-testid="view-rename" onClick={() => setNaming('rename')}>
                {t('views.rename')}
              </button>
              <button
                type="button"
                className="button button--ghost button--small"
                data-testid={saved.isDefault ? 'view-clear-default' : 'view-make-default'}
                title={t(saved.isDefault ? 'views.clearDefaultHint' : 'views.makeDefaultHint')}
                onClick={() => void setDefault(saved, !saved.isDefault)}
              >
                {t(saved.isDefault ? 'views.clearDefault' : 'views.makeDefault')}
              </button>
              <button
                type="button"
                className="button button--ghost button--small"
                data-testid="view-remove"
                aria-keyshortcuts="Delete"
                title={t('views.deleteHint')}
                onClick={(event) => void remove(saved, event.currentTarget)}
              >
                <Icon name="close" size={12} />
                {t('views.delete')}
              </button>
            </>
          )}
          <button type="button" ref={saveButton} className="button button--ghost button--small" data-testid="view-save" onClick={() => setNaming('new')}>
            {saved === null ? t('views.save') : t('views.saveAs')}
          </button>
        </div>
      )}
      {failure === null ? null : (
        <span className="field__error" role="alert" data-testid="view-bar-error">
          {wordsText(failure)}
        </span>
      )}
    </div>
  );
}
