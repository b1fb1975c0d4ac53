// Pages that read differently as time passes, with no data changing (Today's
// relative times and due tasks, the sync pill's "Last sync 2 minutes ago" and
// retry countdown), re-render at the next moment they change, not on a fixed
// tick: one timer at a time, set again after each moment is reached and
// whenever the next moment moves. Each feature says when its next moment is
// (today/today-clock.ts, shell/sync-clock.ts); this module keeps the timer.
import { useEffect, useState } from 'react';

export const secondMs = 1_000;
export const minuteMs = 60_000;

/** The start of the minute after the one holding `now`: when a relative time ("5 minutes ago") next reads differently. */
export function nextMinuteStart(now: number): number {
  return (Math.floor(now / minuteMs) + 1) * minuteMs;
}

/**
 * A clock that re-renders the calling component at each moment `nextAfter`
 * names: the first moment after the time the last one was reached (the first
 * render's time before any), which this returns. Counting from the moment
 * reached, not from each render, keeps a render for other reasons (a status
 * pushed, a reload) from passing over a moment it came just after. Null stops
 * the clock until a function is given again. `onReached` runs first at each
 * moment, with its time; pass a stable one (useCallback): a new one sets the
 * timer again.
 */
export function useClock(nextAfter: ((time: number) => number) | null, onReached?: (reached: number) => void): number {
  const [reached, setReached] = useState(() => Date.now());
  const at = nextAfter === null ? null : nextAfter(reached);
  useEffect(() => {
    if (at === null) return;
    const timer = setTimeout(() => {
      const time = Date.now();
      onReached?.(time);
      setReached(time);
    }, Math.max(0, at - Date.now()));
    return () => clearTimeout(timer);
  }, [at, onReached]);
  return reached;
}
