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
// So does a change that names an older activity shown (a sync that deleted,
// erased or evicted it, or linked it to another record): the page's own
// reload does not come for those, as the record no longer links to the page's,
// and an erased activity stayed on the timeline, its notes preview with it.
// A "Show older" answer that comes after a re-read started is dropped (the
// re-read holds the pages as they are now), and only the newest of the two
// ends the busy state.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Activity } from '../../../src-shared/domain/activity';
import type { Cursor } from '../../../src-shared/domain/common';
import { timelinePageSize } from '../../../src-shared/domain/details';
import { useApi } from '../../app/api-context';
import { onRecordChanges, type LocalChange } from '../../app/local-changes';
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

  // Bumped by a change that names an older activity shown: read them again as a new newest page's answer does.
  const [named, setNamed] = useState(0);
  const olderIds = useRef(new Set<string>());
  olderIds.current = new Set(current.items.map((activity) => activity.id));
  useEffect(() => {
    const changed = (change: LocalChange) => {
      if ((change.ids.activities ?? []).some((id) => olderIds.current.has(id))) setNamed((count) => count + 1);
    };
    return onRecordChanges(api, changed);
  }, [api]);

  // A new answer for the newest page (the detail read again), the same rows: the older pages are read again.
  const shownNewest = useRef(newest);
  const shownNamed = useRef(named);
  const rereads = useRef(0);
  useEffect(() => {
    if (shownNewest.current === newest && shownNamed.current === named) return;
    shownNewest.current = newest;
    shownNamed.current = named;
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
  }, [newest, named, current.items.length, first, key, api, of, toasts]);

  const load = useCallback(() => {
    const after = current.next;
    if (after === null || busyNow.current) return;
    busyNow.current = true;
    setBusy(true);
    const mine = rereads.current;
    api
      .invoke('activities.list', { filter: of, after, limit: timelinePageSize })
      .then(
        (page) => {
          if (rereads.current === mine) setOlder({ key: current.key, items: [...current.items, ...page.items], next: page.next });
        },
        (error: unknown) => toasts.show({ message: { error }, tone: 'error', testId: 'timeline-older-failed' }),
      )
      .finally(() => {
        if (rereads.current !== mine) return;
        busyNow.current = false;
        setBusy(false);
      });
  }, [api, toasts, of, current]);

  return { items: current.items, more: current.next !== null, busy, load };
}
