// How many records a list holds, asked of `<entity>.count` apart from its
// pages: the first page shows at once, and only a list longer than its first
// page is counted (a shorter one is counted by its page). The answer is
// exact up to listCountCap and capped there ("10,000+"), so counting a
// million contacts stays one bounded walk. An answer for a query no longer
// shown is dropped. shownTotal is the number the list header shows from it.
import { useEffect, useState } from 'react';
import type { ListCount } from '../../../src-shared/domain/common';
import type { ChannelInput } from '../../../src-shared/ipc/contract';
import type { FieldVaultApi } from '../../api/bridge-client';
import type { PageWindow } from './page-window';

/** The count of a list query: the list's export request names its entity and its query without paging. */
function countOf(api: FieldVaultApi, request: ChannelInput<'export.csv'>): Promise<ListCount> {
  switch (request.entity) {
    case 'contacts':
      return api.invoke('contacts.count', request.query ?? {});
    case 'accounts':
      return api.invoke('accounts.count', request.query ?? {});
    case 'deals':
      return api.invoke('deals.count', request.query ?? {});
    case 'activities':
      return api.invoke('activities.count', request.query ?? {});
    case 'tasks':
      return api.invoke('tasks.count', request.query ?? {});
  }
}

/**
 * The count of what the list shows now, for `key` (one list query, or a
 * reload of it): undefined until it is needed and answered, null when it
 * could not be counted (the page then says what it has seen).
 */
export function useListCount(
  api: FieldVaultApi,
  request: ChannelInput<'export.csv'> | null,
  key: object,
  needed: boolean,
): ListCount | null | undefined {
  const [answer, setAnswer] = useState<{ readonly key: object; readonly count: ListCount | null } | null>(null);
  useEffect(() => {
    if (!needed || request === null) return;
    let current = true;
    countOf(api, request).then(
      (count) => {
        if (current) setAnswer({ key, count });
      },
      () => {
        if (current) setAnswer({ key, count: null });
      },
    );
    return () => {
      current = false;
    };
  }, [api, request, key, needed]);
  return answer !== null && answer.key === key ? answer.count : undefined;
}

/**
 * The number the list's header shows: exact once the end is seen or the
 * count says so; else at least what is counted or seen ("10,000+", or
 * "30,100+" once the user has scrolled that far).
 */
export function shownTotal(window: PageWindow<unknown>, counted: ListCount | null | undefined): { count: number; more: boolean } {
  if (window.ended) return { count: window.count, more: false };
  if (counted !== null && counted !== undefined && !counted.capped && counted.count >= window.seen) return { count: counted.count, more: false };
  return { count: Math.max(counted?.count ?? 0, window.seen), more: true };
}
