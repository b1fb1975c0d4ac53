// Back to a record's page returns to its timeline as it was left, as Back to
// a list does (records/list-return.tsx). Leaving the page keeps, in memory and
// keyed by the page's browser history entry and record, how many older rows
// "Show older" had brought and the activity last opened from the timeline.
// Back (the detail page's or the browser's) shows that entry again: the
// timeline reads as many older rows again, from the newest page it has now,
// and the activity opened takes the focus, scrolled into view. The record
// reached anew is a new entry: its newest page only. Nothing of it goes into
// history.state; the memory goes with the workspace at a lock.
import { useCallback } from 'react';
import { historyKept } from '../../app/history-kept';

export interface TimelineReturn {
  /** How many older rows the timeline showed (beyond its newest page). */
  readonly older: number;
  /** The activity opened from the timeline, whose row takes the focus back; null when none was. */
  readonly id: string | null;
}

const kept = historyKept<TimelineReturn>();

export const TimelineReturnProvider = kept.Provider;

/**
 * `returned`: what the timeline of `recordId` showed when this history entry was last left (read once, as the
 * timeline mounts), or null. `keep`: remembers it as the page is left.
 */
export function useTimelineReturn(recordId: string): { readonly returned: TimelineReturn | null; readonly keep: (left: TimelineReturn) => void } {
  const { returned, keep } = kept.useKept(recordId);
  // A timeline left as it opens (no older rows, nothing opened) needs nothing kept.
  const keepLeft = useCallback((left: TimelineReturn) => keep(left.older === 0 && left.id === null ? null : left), [keep]);
  return { returned, keep: keepLeft };
}
