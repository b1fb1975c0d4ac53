// sync.now (the user's "Sync now", also the S shortcut) while the engine may
// be running a cycle: which cycle answers it. When idle, a new one. Pressed
// while a cycle runs, it joins that cycle instead of queueing a whole second
// one, when that cycle serves it:
// - it asks for its pull after the press: a pull asked for before may have
//   been answered from before a change that reached the server after it, and
//   the user asked after that change;
// - it leaves none of the changes waiting at the press behind: its push sends
//   the outbox until it reads it empty, so an entry up to the outbox's last
//   seq at the press still waiting afterwards (seqs are never reused) can
//   only be one written after that last read, during the pull.
// Otherwise one more cycle runs right after it (several presses share it).
// A retryable failure (network, 5xx) of the running cycle is tried once more
// too, at once: that cycle may have been a retry that started long before.
// Other failures (the server refuses what the device sends, a 429 or a
// Retry-After: the server asked for fewer requests, an update needed) are the
// answer, as they would be for a cycle of the user's own, and the retry keeps
// its wait.
import type { CycleOutcome, CycleRunner } from './cycle-runner';
import { isRateLimited, isRetryable, requestedWaitMs } from './errors';
import { lastOutboxSeq, outboxHoldsThrough } from './outbox';
import type { SyncSession } from './session';

export interface SyncNowSteps {
  readonly cycles: CycleRunner;
  /** The engine's current session (null: none, or it ended). */
  readonly session: () => SyncSession | null;
  /** Drops a retry's wait: the user asks now. */
  readonly resetBackoff: () => void;
}

/** What stood at the press: the session, the pull requests it had made, the outbox's last seq. */
interface Press {
  readonly session: SyncSession;
  readonly pulls: number;
  readonly waiting: number | null;
}

/** Resolves when a cycle that answers a sync.now pressed now has ended (at once without a session). */
export async function syncNowCycle(steps: SyncNowSteps): Promise<void> {
  const session = steps.session();
  if (session === null) return;
  // Before any await: what the running cycle had asked for when the user pressed.
  const pulls = session.pullRequests;
  const running = steps.cycles.current;
  if (running === null) {
    await steps.cycles.request();
    return;
  }
  const waiting = await session.connection().read(lastOutboxSeq);
  if (await serves(await running, { session, pulls, waiting }, steps)) return;
  steps.resetBackoff();
  await steps.cycles.after(running);
}

/** Whether a running cycle that ended so leaves nothing for the press to do. */
async function serves(outcome: CycleOutcome, press: Press, steps: SyncNowSteps): Promise<boolean> {
  if (outcome.kind === 'stopped') return true;
  if (outcome.kind === 'failed') return !isRetryable(outcome.error) || isRateLimited(outcome.error) || requestedWaitMs(outcome.error) !== undefined;
  if (steps.session() !== press.session) return true;
  if (press.session.pullRequests === press.pulls) return false;
  const { waiting } = press;
  if (waiting === null) return true;
  return !(await press.session.connection().read((tx) => outboxHoldsThrough(tx, waiting)));
}
