// A list's default view and its built-in tab names, for the view bar.
// The default view (views.setDefault) is the one the list opens on: the page
// reads its views first (saying it is loading) and chooses the default one
// before it shows a tab or asks for a page of rows, so neither the rows nor
// the tab of its first built-in view flash by, and the vault is not asked for
// a page nobody sees. A saved view may not take
// a built-in tab's name in any UI language, as its tab could not be told apart
// from the built-in one after a switch of language.
import { useEffect, useState } from 'react';
import type { ListEntity, SavedView } from '../../../src-shared/domain/saved-view';
import { i18n, locales, type MessageKey } from '../../app/i18n';
import type { ListSpec } from './list-spec';
import type { FieldVaultApi } from '../../api/bridge-client';
import type { Words } from '../../ui/words';

/** The names of a list's built-in tabs ("All", "Open deals", "All deals"), in every UI language. */
export function builtInViewNames(spec: Pick<ListSpec<{ readonly id: string }>, 'defaultViewLabel' | 'builtInViews'>): readonly string[] {
  const keys: readonly MessageKey[] = [spec.defaultViewLabel ?? 'views.all', ...(spec.builtInViews ?? []).map((view) => view.label)];
  return locales.flatMap((locale) => keys.map((key) => i18n.getFixedT(locale)(key)));
}

/** A list's views as first read when it opens, and why they could not be read (then there are none). */
export interface OpeningViews {
  readonly views: readonly SavedView[];
  readonly failure: Words | null;
}

/**
 * Reads a list's views as it opens: null until they are read. The list waits
 * for them before it chooses its view and asks for its first page, so it
 * opens on its default view without first loading and showing its first tab.
 */
export function useOpeningViews(api: FieldVaultApi, entity: ListEntity): OpeningViews | null {
  const [opening, setOpening] = useState<OpeningViews | null>(null);
  useEffect(() => {
    let current = true;
    api.invoke('views.list', { entity }).then(
      (answer) => {
        if (current) setOpening({ views: answer.items, failure: null });
      },
      (error: unknown) => {
        if (current) setOpening({ views: [], failure: { error } });
      },
    );
    return () => {
      current = false;
    };
  }, [api, entity]);
  return opening;
}

/** The view a list opens on: its default one, if it has one. */
export function defaultViewOf(views: readonly SavedView[]): SavedView | undefined {
  return views.find((view) => view.isDefault);
}
