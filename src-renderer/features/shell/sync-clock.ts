// The sync pill and dialog read differently as time passes, with no status
// pushed: "Last sync 2 minutes ago" moves on each minute, and after a failed
// sync "Next try in 40 s" counts down each second, or reads "Next try at
// 14:05" while the retry is further away. As Today's clock does
// (today/today-clock.ts), the hook re-renders at the next of those moments
// (the timer is ui/clock.ts's).
import { i18n } from '../../app/i18n';
import { minuteMs, nextMinuteStart, secondMs, useClock } from '../../ui/clock';
import { formatTime } from '../../ui/format';
import type { SyncView } from './sync-status';

/** A retry closer than this is counted down in seconds; a later one is named by its time of day. */
export const countdownMs = 2 * minuteMs;

/** Whole seconds until `at`, at least 1 (the retry is being made when it reaches 0; the status then says so). */
function secondsUntil(at: number, now: number): number {
  return Math.max(1, Math.ceil((at - now) / secondMs));
}

/** When a failed sync is tried again: "Next try in 40 s" under 2 minutes away, else "Next try at 14:05"; null when no retry is scheduled. */
export function syncNextTryText(view: Pick<SyncView, 'nextTryAt'>, now: number): string | null {
  if (view.nextTryAt === null) return null;
  if (view.nextTryAt - now < countdownMs) return i18n.t('sync.nextTryIn', { count: secondsUntil(view.nextTryAt, now) });
  return i18n.t('sync.nextTryAt', { time: formatTime(view.nextTryAt) });
}

/**
 * The next moment after `now` at which the sync details read differently:
 * the next whole minute (the last sync's relative time), and while a retry is
 * scheduled, the next second of its countdown or the moment the countdown
 * starts, whichever comes first.
 */
export function nextSyncChange(view: Pick<SyncView, 'nextTryAt'>, now: number): number {
  let next = nextMinuteStart(now);
  const at = view.nextTryAt;
  if (at !== null && at > now) {
    // The countdown reads one second less once `at - now` is at most (shown - 1) s.
    next = Math.min(next, at - now < countdownMs ? at - (secondsUntil(at, now) - 1) * secondMs : at - countdownMs + 1);
  }
  return Math.max(next, now + 1);
}

/**
 * The time the sync details read as of: read at each render (a status pushed
 * between two moments must read as of its arrival, not the last moment), and
 * a render is asked for at the next moment `nextSyncChange` names.
 */
export function useSyncClock(view: Pick<SyncView, 'nextTryAt'>): number {
  useClock((time) => nextSyncChange(view, time));
  return Date.now();
}
