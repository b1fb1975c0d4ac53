// A list's default view and its built-in tab names, for the view bar.
// The default view (views.setDefault) is the one the list opens on: the page
// reads its views first (saying it is loading) and chooses the default one
// before it shows a tab or asks for a page of rows, so neither the rows nor
// the tab of its first built-in view flash by, and the vault is not asked for
// a page nobody sees. Once read, a list's views stay in this session's cache
// (views-cache.tsx): the list opens on them at once the next time, without
// that wait, and without reading them again. A saved view may not take
// a built-in tab's name in any UI language, as its tab could not be told apart
// from the built-in one after a switch of language.
import { useEffect, useState } from 'react';
import type { ListEntity, SavedView } from '../../../src-shared/domain/saved-view';
import { i18n, locales, type MessageKey } from '../../app/i18n';
import type { ListSpec } from './list-spec';
import type { FieldVaultApi } from '../../api/bridge-client';
import type { Words } from '../../ui/words';
import { useSavedViewsCache } from './views-cache';

/** The names of a list's built-in tabs ("All", "Open deals", "All deals"), in every UI language. */
export function builtInViewNames(spec: Pick<ListSpec<{ readonly id: string }>, 'defaultViewLabel' | 'builtInViews'>): readonly string[] {
  const keys: readonly MessageKey[] = [spec.defaultViewLabel ?? 'views.all', ...(spec.builtInViews ?? []).map((view) => view.label)];
  return locales.flatMap((locale) => keys.map((key) => i18n.getFixedT(locale)(key)));
}

/** A list's views as first read when it opens, and why they could not be read (then there are none). */
export interface OpeningViews {
  readonly views: readonly SavedView[];
  readonly failure: Words | null;
  /**
   * The views came from this session's cache, and may have changed on another page since they were read
   * (views-cache.tsx, unchecked): the list reads them again once it shows.
   */
  readonly recheck: boolean;
}

/**
 * A list's views as it opens: from this session's cache at once, else null
 * until they are read (and then cached). The list waits for them before it
 * chooses its view and asks for its first page, so it opens on its default
 * view without first loading and showing its first tab. A failed read is not
 * cached: the next open asks again.
 */
export function useOpeningViews(api: FieldVaultApi, entity: ListEntity): OpeningViews | null {
  const cache = useSavedViewsCache();
  const [opening, setOpening] = useState<OpeningViews | null>(() => {
    const known = cache.peek(entity);
    return known === undefined ? null : { views: known, failure: null, recheck: cache.unchecked(entity) };
  });
  const unread = opening === null;
  useEffect(() => {
    if (!unread) return;
    let current = true;
    api.invoke('views.list', { entity }).then(
      (answer) => {
        if (!current) return;
        cache.fill(entity, answer.items);
        setOpening({ views: answer.items, failure: null, recheck: false });
      },
      (error: unknown) => {
        if (current) setOpening({ views: [], failure: { error }, recheck: false });
      },
    );
    return () => {
      current = false;
    };
  }, [api, cache, entity, unread]);
  return opening;
}

/** The view a list opens on: its default one, if it has one. */
export function defaultViewOf(views: readonly SavedView[]): SavedView | undefined {
  return views.find((view) => view.isDefault);
}
