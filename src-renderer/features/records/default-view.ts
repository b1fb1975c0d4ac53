// A list's default view and its built-in tab names, for the view bar.
// The default view (views.setDefault) is the one the list opens on: the page
// starts on its first built-in tab, and once the list's views are read the
// default one is chosen, unless the user chose a tab or changed the list in
// the meantime (that would throw their choice away). A saved view may not take
// a built-in tab's name in any UI language, as its tab could not be told apart
// from the built-in one after a switch of language.
import { useEffect, useRef } from 'react';
import type { SavedView } from '../../../src-shared/domain/saved-view';
import { i18n, locales, type MessageKey } from '../../app/i18n';
import type { ListSpec } from './list-spec';
import { sameListState, type ListState } from './list-state';

/** The names of a list's built-in tabs ("All", "Open deals", "All deals"), in every UI language. */
export function builtInViewNames(spec: Pick<ListSpec<{ readonly id: string }>, 'defaultViewLabel' | 'builtInViews'>): readonly string[] {
  const keys: readonly MessageKey[] = [spec.defaultViewLabel ?? 'views.all', ...(spec.builtInViews ?? []).map((view) => view.label)];
  return locales.flatMap((locale) => keys.map((key) => i18n.getFixedT(locale)(key)));
}

export interface OpenDefault {
  /** True once the list's views were read. */
  readonly read: boolean;
  readonly views: readonly SavedView[];
  /** The view chosen now; null for the first built-in tab. */
  readonly active: unknown;
  readonly state: ListState;
  readonly defaultState: ListState;
  readonly onSelect: (view: SavedView) => void;
}

/** Chooses the list's default view once, on the first read of its views, while the list is as it opened. */
export function useOpenDefault({ read, views, active, state, defaultState, onSelect }: OpenDefault): void {
  const done = useRef(false);
  useEffect(() => {
    if (!read || done.current) return;
    done.current = true;
    const preset = views.find((view) => view.isDefault);
    if (preset !== undefined && active === null && sameListState(state, defaultState)) onSelect(preset);
  }, [read, views, active, state, defaultState, onSelect]);
}
