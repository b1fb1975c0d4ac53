// `serve`'s one-time stored-task step (sync/stored-task-placement.ts), run in
// the background once the server listens. Awaited before it listened, a big
// store's walk kept the port closed through an upgrade, and a supervisor's
// readiness check could restart the process, the walk beginning again each
// time. Devices sync beside it: a push places its own new or reassigned tasks
// by the same rule under the commit lock, and the step reads the tasks it
// moves again under that lock, so neither misplaces what the other wrote.
// A failed step (a database that went away mid-walk) is logged as
// `server.step_failed`, by the error's class and SQLSTATE only, and tried
// again after a backoff (30 s, doubling up to 30 min) for as long as the
// process serves; a process stopped first leaves it to the next start, as
// does a stop that cuts a walk short between pages (`stop()`).
import { PostgresStoreError } from '../store/postgres/postgres-errors';
import type { SyncContext, SyncLog } from '../sync/context';
import { placeStoredTasksOnce, storedTaskPlacementStep } from '../sync/stored-task-placement';

export interface PlacementStepTiming {
  /** The wait before the first retry; each later wait doubles, up to maxRetryMs. */
  readonly retryMs: number;
  readonly maxRetryMs: number;
}

const defaultTiming: PlacementStepTiming = { retryMs: 30_000, maxRetryMs: 30 * 60_000 };

export interface PlacementStep {
  /** Ends the step's retries and stops its walk between pages; resolves once no walk of it runs. */
  stop(): Promise<void>;
}

/** Starts the step in the background; its outcome is only logged (server.step_done, server.step_failed). */
export function startPlacementStep(ctx: SyncContext, log: SyncLog, timing: PlacementStepTiming = defaultTiming): PlacementStep {
  const stopping = new AbortController();
  let retry: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();
  const attempt = (nextWaitMs: number): void => {
    retry = null;
    running = placeStoredTasksOnce(ctx, log, stopping.signal).then(
      () => undefined,
      (error: unknown) => {
        // A stop cut the walk short (or closed what it was using): the next start walks.
        if (stopping.signal.aborted) return;
        const kind = error instanceof Error ? error.name : typeof error;
        const code = error instanceof PostgresStoreError ? error.sqlState : null;
        log('server.step_failed', { step: storedTaskPlacementStep, kind, code, retryInMs: nextWaitMs });
        retry = setTimeout(() => attempt(Math.min(nextWaitMs * 2, timing.maxRetryMs)), nextWaitMs);
        // A pending retry keeps no stopped process alive.
        retry.unref();
      },
    );
  };
  attempt(timing.retryMs);
  return {
    stop: async () => {
      stopping.abort();
      if (retry !== null) clearTimeout(retry);
      retry = null;
      await running;
    },
  };
}
