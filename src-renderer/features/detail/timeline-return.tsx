// Back to a record's page returns to its timeline as it was left, as Back to
// a list does (records/list-return.tsx). Leaving the page keeps, in memory and
// keyed by the page's browser history entry and record, how many older rows
// "Show older" had brought and the activity last opened from the timeline.
// Back (the detail page's or the browser's) shows that entry again: the
// timeline reads as many older rows again, from the newest page it has now,
// and the activity opened takes the focus, scrolled into view. The record
// reached anew is a new entry: its newest page only. Nothing of it goes into
// history.state; the memory goes with the workspace at a lock.
import { createContext, useCallback, useContext, useState, type ReactNode } from 'react';
import { useNavigation } from '../../app/router';

export interface TimelineReturn {
  /** How many older rows the timeline showed (beyond its newest page). */
  readonly older: number;
  /** The activity opened from the timeline, whose row takes the focus back; null when none was. */
  readonly id: string | null;
}

/** History entries kept for, at most: a day of opening activities from record pages. */
const maxKept = 200;

const KeptContext = createContext<Map<string, TimelineReturn> | null>(null);

export function TimelineReturnProvider({ children }: { readonly children: ReactNode }) {
  const [kept] = useState(() => new Map<string, TimelineReturn>());
  return <KeptContext.Provider value={kept}>{children}</KeptContext.Provider>;
}

/**
 * `returned`: what the timeline of `recordId` showed when this history entry was last left (read once, as the
 * timeline mounts), or null. `keep`: remembers it as the page is left.
 */
export function useTimelineReturn(recordId: string): { readonly returned: TimelineReturn | null; readonly keep: (left: TimelineReturn) => void } {
  const kept = useContext(KeptContext);
  const { entryKey } = useNavigation();
  const slot = `${String(entryKey)}:${recordId}`;
  const [returned] = useState(() => kept?.get(slot) ?? null);
  const keep = useCallback(
    (left: TimelineReturn) => {
      if (kept === null) return;
      kept.delete(slot);
      if (left.older === 0 && left.id === null) return;
      kept.set(slot, left);
      for (const oldest of kept.keys()) {
        if (kept.size <= maxKept) break;
        kept.delete(oldest);
      }
    },
    [kept, slot],
  );
  return { returned, keep };
}
