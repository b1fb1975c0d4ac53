// Sleep detection for the headless shell, which has no powerMonitor: a timer
// ticks every few seconds, and a tick that finds the wall clock moved on much
// further than the tick interval means the machine was asleep (timers run on
// a monotonic clock that stops while it sleeps; Date.now() does not). A clock
// set forward by hand reads the same way and also locks: a lock too many is
// safe, a missed one is not.

/** How often the watch looks at the clock, in ms. */
export const sleepTickMs = 5_000;
/** How much later than expected a tick may come (a busy event loop, a slow machine) before it counts as sleep, in ms. */
export const sleepSlackMs = 30_000;

export interface SleepWatchOptions {
  readonly now?: () => number;
  readonly tickMs?: number;
  readonly slackMs?: number;
}

/** Calls onWake after each sleep; returns the stop. */
export function watchForSleep(onWake: () => void, options: SleepWatchOptions = {}): () => void {
  const now = options.now ?? Date.now;
  const tickMs = options.tickMs ?? sleepTickMs;
  const slackMs = options.slackMs ?? sleepSlackMs;
  let last = now();
  const timer = setInterval(() => {
    const at = now();
    const late = at - last - tickMs;
    last = at;
    if (late > slackMs) onWake();
  }, tickMs);
  timer.unref();
  return () => clearInterval(timer);
}
