// "Show older" on a record's timeline. The detail brings the newest page and
// an `activities.list` cursor (same filter, same order: occurredAt, then id,
// descending); each press loads the next page after the last row shown, so
// equal timestamps neither repeat nor drop. The older pages belong to the
// newest page they followed: when a reload brings a different one (an
// activity logged, edited or trashed), they are let go and the timeline shows
// the newest page again, rather than leave a gap where rows moved across.
// The older pages are read again, from the newest page's cursor and as many
// rows as they held, only on a change of activities that may concern them
// (changesConcern, as the detail's own reload decides): one that names an
// activity they show (a sync trashed, edited, erased or evicted it, or linked
// it to another record: the page's own reload does not come for those, as
// the record no longer links to the page's), one that links an activity to
// the page's record (logged offline into the older range), or one that does
// not say which activities or links. A reload that brings the same newest
// page for anything else (an inline edit of the record, a task ticked, a sync
// of its tasks or deals) keeps them as they are: it read every older page
// again, about a hundred calls in a row on a long timeline.
// Opened again by Back (timeline-return.tsx), it reads the rows it showed
// when left, the same way.
// A "Show older" answer that comes after a re-read started is dropped (the
// re-read holds the pages as they are now), and only the newest of the two
// ends the busy state.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Activity, ActivityPage } from '../../../src-shared/domain/activity';
import type { Cursor } from '../../../src-shared/domain/common';
import { timelinePageSize } from '../../../src-shared/domain/details';
import { useApi } from '../../app/api-context';
import { changesConcern } from '../../../src-shared/sync/changed-records';
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
  /** The older rows shown, or to be shown once a re-read running is in: what Back is to show again. */
  readonly rows: () => number;
}

/** The id of the record whose timeline it is. */
export function timelineRecord(of: TimelineOf): string {
  return 'accountId' in of ? of.accountId : 'contactId' in of ? of.contactId : of.dealId;
}

/** `restore`: the older rows to read as the timeline opens (it is opened again by Back, and showed these). */
export function useOlderActivities(newest: readonly Activity[], first: Cursor | null, of: TimelineOf, restore = 0): OlderActivities {
  const api = useApi();
  const toasts = useToasts();
  const key = `${first ?? ''}|${newest.map((activity) => `${activity.id}@${activity.updatedAt}`).join(',')}`;
  const [older, setOlder] = useState<Older>({ key, items: [], next: first });
  const current: Older = older.key === key ? older : { key, items: [], next: first };
  // Busy from the first render when restoring: the timeline waits for those rows before it puts the focus back.
  const [busy, setBusy] = useState(restore > 0 && first !== null);
  // Also a ref: a second press before the re-render would load the same page twice.
  const busyNow = useRef(busy);

  // A re-read asked for: as many rows as the older pages held (or, as the timeline opens, `restore`). A new
  // object each time, so that each ask reads once.
  const [asked, setAsked] = useState<{ readonly rows: number } | null>(restore > 0 ? { rows: restore } : null);
  // The rows of the re-read running (0: none), and those the older pages hold or will once it is in: what a
  // change asks to read again.
  const rereading = useRef(restore);
  const held = useRef(restore);
  held.current = Math.max(current.items.length, rereading.current);
  const olderIds = useRef<readonly string[]>([]);
  olderIds.current = current.items.map((activity) => activity.id);
  const record = timelineRecord(of);
  useEffect(() => {
    const changed = (change: LocalChange) => {
      // The older pages as a related list of the record: named in it, linked to the record now, or unknown.
      const list = { entity: 'activities', linkedTo: record, ids: olderIds.current } as const;
      if (held.current > 0 && changesConcern(change, { records: [], lists: [list], entities: [] })) setAsked({ rows: held.current });
    };
    return onRecordChanges(api, changed);
  }, [api, record]);

  const answered = useRef<{ readonly rows: number } | null>(null);
  const rereads = useRef(0);
  useEffect(() => {
    if (asked === null || answered.current === asked) return;
    answered.current = asked;
    const wanted = asked.rows;
    if (wanted === 0 || first === null) {
      rereading.current = 0;
      return;
    }
    rereads.current += 1;
    const mine = rereads.current;
    rereading.current = wanted;
    busyNow.current = true;
    setBusy(true);
    void (async () => {
      const items: Activity[] = [];
      let after: Cursor | null = first;
      while (after !== null && items.length < wanted) {
        const page: ActivityPage = await api.invoke('activities.list', { filter: of, after, limit: timelinePageSize });
        items.push(...page.items);
        after = page.next;
      }
      if (rereads.current === mine) setOlder({ key, items, next: after });
    })()
      .catch((error: unknown) => toasts.show({ message: { error }, tone: 'error', testId: 'timeline-older-failed' }))
      .finally(() => {
        if (rereads.current !== mine) return;
        rereading.current = 0;
        busyNow.current = false;
        setBusy(false);
      });
  }, [asked, first, key, api, of, toasts]);

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

  const rows = useCallback(() => held.current, []);
  return { items: current.items, more: current.next !== null, busy, load, rows };
}
