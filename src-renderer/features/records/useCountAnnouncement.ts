// What a list's live region says (ListPage): how many records a query found,
// once its first page is in ("12 contacts"), not every time scrolling loads
// another page.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ListCount } from '../../../src-shared/domain/common';
import type { EntityKind } from '../../app/router';
import type { PageWindow } from './page-window';

/** The text for the live region: the count of `window`'s query (`counted`, shown as `total`), said once per window. */
export function useCountAnnouncement(
  entityKey: EntityKind,
  window: PageWindow<unknown>,
  counted: ListCount | null | undefined,
  total: { readonly count: number; readonly more: boolean },
): string {
  const { t } = useTranslation();
  const [announcement, setAnnouncement] = useState('');
  // A new query (or a reload) gets a new window: its first count is said once.
  const announcedWindow = useRef<typeof window | null>(null);
  // Said once the count is known (or could not be had), not as "100+" just before it.
  const firstCount =
    window.pristine || (!window.ended && window.failure === null && counted === undefined)
      ? null
      : total.more
        ? t(`a11y.listCountMore.${entityKey}`, { count: total.count })
        : t(`a11y.listCount.${entityKey}`, { count: total.count });
  useEffect(() => {
    // Cleared while a query loads, so the same count for the next query is said again.
    if (firstCount === null) setAnnouncement('');
    if (firstCount === null || announcedWindow.current === window) return;
    announcedWindow.current = window;
    setAnnouncement(firstCount);
  }, [firstCount, window]);
  return announcement;
}
