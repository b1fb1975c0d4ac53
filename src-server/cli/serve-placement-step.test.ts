// serve's stored-task step in the background (serve-placement-step.ts): a
// walk that fails is logged by its error's class only and tried again after
// the backoff, which doubles, until one is done; a stop ends the retries and
// leaves the step unrecorded, to the next start. The real SQLite store of a
// test server, behind a wrapper that answers the step's first reads BUSY, as
// a database that went away for a moment would (what is tested here is what
// the step does then, not how a store fails).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreBusyError, type Store } from '../store/store';
import type { SyncContext } from '../sync/context';
import { storedTaskPlacementStep } from '../sync/stored-task-placement';
import { startTestServer, type TestServer } from '../testing/test-server';
import { startPlacementStep } from './serve-placement-step';

type Logged = readonly [string, Readonly<Record<string, string | number | boolean | null>>];

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  await server.close();
});

/** The server's context, its store answering the first `failures` reads BUSY. */
function failingFirst(failures: number): SyncContext {
  const store = server.org.ctx.store;
  let left = failures;
  const failing = new Proxy(store, {
    get(target, property) {
      if (property === 'read' && left > 0) {
        left -= 1;
        return () => Promise.reject(new StoreBusyError('The database is not answering.'));
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { ...server.org.ctx, store: failing satisfies Store };
}

const recorded = (): Promise<boolean> => server.org.ctx.store.read(async (tx) => (await tx.serverStepDoneAt(storedTaskPlacementStep)) !== null);

describe('serve: the stored-task step in the background', () => {
  it('logs a failed walk by its class, tries again after a doubling backoff, and records the step once one is done', async () => {
    const logged: Logged[] = [];
    const step = startPlacementStep(failingFirst(2), (event, fields) => logged.push([event, fields]), { retryMs: 20, maxRetryMs: 1_000 });
    try {
      await expect.poll(() => logged.length, { timeout: 10_000 }).toBe(3);
      expect(logged).toEqual([
        ['server.step_failed', { step: storedTaskPlacementStep, kind: 'StoreBusyError', code: null, retryInMs: 20 }],
        ['server.step_failed', { step: storedTaskPlacementStep, kind: 'StoreBusyError', code: null, retryInMs: 40 }],
        ['server.step_done', { step: storedTaskPlacementStep, walked: 0, moved: 0 }],
      ]);
      expect(await recorded()).toBe(true);
    } finally {
      await step.stop();
    }
  });

  it('tries no more once stopped, and leaves the step to the next start', async () => {
    const logged: Logged[] = [];
    const step = startPlacementStep(failingFirst(1), (event, fields) => logged.push([event, fields]), { retryMs: 1_000, maxRetryMs: 1_000 });
    await expect.poll(() => logged.length, { timeout: 10_000 }).toBe(1);
    await step.stop();
    // Past the retry's wait: a retry that still ran would have walked and recorded the step by now.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(logged).toEqual([['server.step_failed', { step: storedTaskPlacementStep, kind: 'StoreBusyError', code: null, retryInMs: 1_000 }]]);
    expect(await recorded()).toBe(false);
  });
});
