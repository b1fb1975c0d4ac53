// How far this computer's clock is from the sync server's, as push answers
// and pull pages tell it (their serverTime). The status carries it beyond a
// threshold, so the sync dialog can ask the user to set the clock right: the
// device merges remote stamps up to the server's time (sync-state.ts), but its
// own edits are still stamped by its own clock, and so ordered by it.
import type { ClockSkew } from '../../src-shared/sync/client-api';

/**
 * A clock off by more than this is said. Well above what a single request
 * takes (30 s idle timeout, transport.ts) and than ordinary drift between time
 * syncs (seconds), so a slow link or a fresh laptop never raises it; well below
 * maxClockDriftMs (10 min), past which a clock ahead keeps remote stamps out,
 * and a clock this far off orders edits made minutes apart on two devices the
 * wrong way round. Round-trip time is left out: it is far under this.
 */
export const clockSkewThresholdMs = 5 * 60_000;

/** The skew between the server's time and this computer's `now` (both epoch ms), or null within the threshold. */
export function clockSkewOf(serverTime: number, now: number): ClockSkew | null {
  const offset = serverTime - now;
  if (Math.abs(offset) <= clockSkewThresholdMs) return null;
  return { minutes: Math.round(Math.abs(offset) / 60_000), direction: offset > 0 ? 'behind' : 'ahead' };
}

/** Whether two skews say the same (the status publishes only what changed). */
export function sameClockSkew(a: ClockSkew | null, b: ClockSkew | null): boolean {
  return a === b || (a !== null && b !== null && a.minutes === b.minutes && a.direction === b.direction);
}

/**
 * The status's patch for the skew a cycle's answers showed (taken from the
 * session): nothing when none named the server's time (a server from before
 * serverTime, or no answer) or when it says what the status says already.
 */
export function clockSkewPatch(heard: ClockSkew | null | undefined, current: ClockSkew | null): { clockSkew?: ClockSkew | null } {
  return heard === undefined || sameClockSkew(heard, current) ? {} : { clockSkew: heard };
}
