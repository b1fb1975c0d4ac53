// Whole seconds left in a wait, ticking while the wait runs.
import { useEffect, useState } from 'react';

/** A wait: when it was set, and when it ends (both from Date.now()). */
export interface Wait {
  readonly setAt: number;
  readonly until: number;
}

/** A wait of `ms` milliseconds from now. */
export function waitFor(ms: number, now: number = Date.now()): Wait {
  return { setAt: now, until: now + ms };
}

/**
 * Whole seconds left in `wait`, counted from the later of the last tick and
 * the moment the wait was set: a wait set long after the last tick (the
 * clock only ticks while a wait runs) is not lengthened by the time between.
 */
export function secondsLeft(wait: Wait | null, lastTick: number): number {
  if (wait === null) return 0;
  return Math.max(0, Math.ceil((wait.until - Math.max(lastTick, wait.setAt)) / 1000));
}

/** Whole seconds left in `wait`, ticking every 250 ms from when it is set until the tick that finds it over. */
export function useCountdown(wait: Wait | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (wait === null) return;
    const timer = setInterval(() => {
      const time = Date.now();
      setNow(time);
      if (time >= wait.until) clearInterval(timer);
    }, 250);
    return () => clearInterval(timer);
  }, [wait]);
  return secondsLeft(wait, now);
}
