// "Show older" on a record's timeline. The detail brings the newest page and
// an `activities.list` cursor (same filter, same order: occurredAt, then id,
// descending); each press loads the next page after the last row shown, so
// equal timestamps neither repeat nor drop. The older pages belong to the
// newest page they followed: when a reload brings a different one (an
// activity logged, edited or trashed), they are let go and the timeline shows
// the newest page again, rather than leave a gap where rows moved across.
// A reload that brings the same newest page (a sync that trashed or edited an
// older activity, or brought one logged offline into the older range) reads
// the older pages shown again, as many rows as they held: before, they kept
// the trashed activity and missed the new one until the page was reopened.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Activity } from '../../../src-shared/domain/activity';
import type { Cursor } from '../../../src-shared/domain/common';
import { timelinePageSize } from '../../../src-shared/domain/details';
import { useApi } from '../../app/api-context';
import { useToasts } from '../../ui/toasts';

/** The record whose timeline it is, as an `activities.list` filter. */
export type TimelineOf = { readonly accountId: string } | { readonly contactId: string } | { readonly dealId: string };

interface Older {
  readonly key: string;
  readonly items: readonly Activity[];
  readonly next: Cursor | null;
}

export interface OlderActivities {
  readonly items: readonly Activity[];
  /** Whether a page older than those shown remains. */
  readonly more: boolean;
  readonly busy: boolean;
  readonly load: () => void;
}

export function useOlderActivities(newest: readonly Activity[], first: Cursor | null, of: TimelineOf): OlderActivities {
  const api = useApi();
  const toasts = useToasts();
  const key = `${first ?? ''}|${newest.map((activity) => `${activity.id}@${activity.updatedAt}`).join(',')}`;
  const [older, setOlder] = useState<Older>({ key, items: [], next: first });
  const current: Older = older.key === key ? older : { key, items: [], next: first };
  const [busy, setBusy] = useState(false);
  // Also a ref: a second press before the re-render would load the same page twice.
  const busyNow = useRef(false);

  // A new answer for the newest page (the detail read again), the same rows: the older pages are read again.
  const shownNewest = useRef(newest);
  const rereads = useRef(0);
  useEffect(() => {
    if (shownNewest.current === newest) return;
    shownNewest.current = newest;
    const wanted = current.items.length;
    if (wanted === 0) return;
    rereads.current += 1;
    const mine = rereads.current;
    busyNow.current = true;
    setBusy(true);
    void (async () => {
      const items: Activity[] = [];
      let after: Cursor | null = first;
      while (after !== null && items.length < wanted) {
        const page = await api.invoke('activities.list', { filter: of, after, limit: timelinePageSize });
        items.push(...page.items);
        after = page.next;
      }
      if (rereads.current === mine) setOlder({ key, items, next: after });
    })()
      .catch((error: unknown) => toasts.show({ message: { error }, tone: 'error', testId: 'timeline-older-failed' }))
      .finally(() => {
        if (rereads.current !== mine) return;
        busyNow.current = false;
        setBusy(false);
      });
  }, [newest, current.items.length, first, key, api, of, toasts]);

  const load = useCallback(() => {
    const after = current.next;
    if (after === null || busyNow.current) return;
    busyNow.current = true;
    setBusy(true);
    api
      .invoke('activities.list', { filter: of, after, limit: timelinePageSize })
      .then(
        (page) => setOlder({ key: current.key, items: [...current.items, ...page.items], next: page.next }),
        (error: unknown) => toasts.show({ message: { error }, tone: 'error', testId: 'timeline-older-failed' }),
      )
      .finally(() => {
        busyNow.current = false;
        setBusy(false);
      });
  }, [api, toasts, of, current]);

  return { items: current.items, more: current.next !== null, busy, load };
}
