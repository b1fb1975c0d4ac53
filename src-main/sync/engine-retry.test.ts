// The engine's retries while the sync server gives no answer, or names a long
// wait, on a fake clock (timers and Date) over a real SQLCipher vault:
// however long the outage, no wait exceeds the cap for an unanswered try
// (refused, timed out, cut, or answered by a hotel Wi-Fi's sign-in page); a
// server in maintenance gets the wait it names, past the 5-minute cap; and
// the status names when each retry falls due (nextTryAt), the moment it is made.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SyncStatusEvent } from '../../src-shared/sync/client-api';
import { namedWaitCapMs } from './backoff';
import { SyncEngine } from './engine';
import { SyncNetworkError, type NetworkFailure } from './errors';
import { quickRetryCapMs } from './retry-waits';
import type { SyncApi } from './sync-api';
import { errorFromAnswer } from './transport';
import { createEnrolledTestVault, untilOnRealClock as until } from './testing/fake-clock';
import { countingHooks, type SyncTestVault } from './testing/sync-vault';

/** A sync API whose every request fails with `failure()`, noting when (fake Date.now()) each pull was asked for. */
function downApi(failure: () => Error, pulls: number[]): SyncApi {
  const fail = () => Promise.reject(failure());
  return {
    push: fail,
    pull: () => {
      pulls.push(Date.now());
      return fail();
    },
    ack: fail,
    poke: fail,
    users: fail,
    close: () => undefined,
  };
}

describe("the engine's retries after a failed sync", () => {
  let vault: SyncTestVault;
  let engine: SyncEngine | undefined;

  beforeEach(async () => {
    vault = await createEnrolledTestVault();
    // Only the engine's timers and clock: the vault's I/O runs as ever.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: Date.UTC(2026, 11, 2, 9, 0) });
  });

  afterEach(async () => {
    vi.useRealTimers();
    await engine?.stop();
    engine = undefined;
    await vault.dispose();
  });

  /** An engine whose every request fails with `failure()`, each draw of its backoff at the top of its window (the longest wait it can choose). */
  function failingEngine(failure: () => Error, pulls: number[], statuses: SyncStatusEvent[]): SyncEngine {
    return new SyncEngine({
      vault: { connection: () => vault.connection, isUnlocked: () => !vault.connection.isClosed },
      hooks: countingHooks(),
      log: vault.log,
      onStatus: (status) => statuses.push(status),
      onRevoked: () => Promise.resolve(),
      api: () => downApi(failure, pulls),
      backoff: { baseMs: 1_000, capMs: 5 * 60_000, random: () => 0.999_999 },
      poke: false,
      intervalMs: 0,
    });
  }

  it.each<[string, NetworkFailure[], string[]]>([
    ['cannot be reached', ['unreachable', 'timeout'], ['The sync server cannot be reached.', 'The sync server did not answer in time.']],
    [
      'cuts the connection, or a sign-in page answers for it',
      ['connection_lost', 'untrusted_certificate'],
      ['The connection to the sync server was interrupted.', "The sync server's certificate is not from your organisation. Nothing was sent. If this network has a sign-in page (hotel or airport Wi-Fi), sign in there first."],
    ],
  ])('retries at most a minute apart while the server %s, however many failures came before, each at the time the status named', async (_case, failures, messages) => {
    const pulls: number[] = [];
    const statuses: SyncStatusEvent[] = [];
    engine = failingEngine(() => new SyncNetworkError(failures[pulls.length % failures.length] ?? 'unreachable'), pulls, statuses);
    const latest = () => statuses.at(-1);
    await engine.start();

    const waits: number[] = [];
    for (let attempt = 1; attempt <= 12; attempt += 1) {
      // The attempt failed and its retry is scheduled.
      await until(() => {
        expect(pulls).toHaveLength(attempt);
        expect(latest()?.nextTryAt ?? null).not.toBeNull();
      });
      // Each failure worded as what it is (a sign-in page's certificate is not "cannot be reached"), and retried soon.
      expect(latest()).toMatchObject({
        state: 'offline',
        lastError: messages[attempt % failures.length],
        lastErrorReason: { code: 'sync_network', failure: failures[attempt % failures.length] },
      });
      const failedAt = Date.now();
      const nextTryAt = latest()?.nextTryAt ?? 0;
      waits.push(nextTryAt - failedAt);
      expect(nextTryAt - failedAt, `wait after failure ${attempt}`).toBeLessThanOrEqual(quickRetryCapMs);
      // Nothing is tried before the time the status named…
      await vi.advanceTimersByTimeAsync(nextTryAt - failedAt - 1);
      expect(pulls).toHaveLength(attempt);
      // …and the retry is made at it, with no retry named while it runs.
      await vi.advanceTimersByTimeAsync(1);
      await until(() => expect(pulls).toHaveLength(attempt + 1));
      expect(pulls[attempt]).toBe(nextTryAt);
    }
    // The backoff still grows from 1 s, then holds just under the cap (the top of a 60 s window).
    expect(waits.slice(0, 7)).toEqual([999, 1_999, 3_999, 7_999, 15_999, 31_999, 59_999]);
    expect(Math.max(...waits)).toBe(59_999);
    expect(statuses.some((status) => status.state === 'syncing' && status.nextTryAt !== null)).toBe(false);

    // Stopped (locked), no retry is scheduled and the status says none.
    await engine.stop();
    expect(latest()).toMatchObject({ state: 'offline', nextTryAt: null });
  });

  it('waits as long as a server in maintenance names, past the 5-minute cap up to an hour, and Sync now still tries at once', async () => {
    const pulls: number[] = [];
    const statuses: SyncStatusEvent[] = [];
    // A maintenance page in front of the server: a 503 with Retry-After: 1800 (30 minutes); later an hour and a half.
    let retryAfterSeconds = 1_800;
    engine = failingEngine(() => errorFromAnswer(503, '<html>Down for maintenance</html>', String(retryAfterSeconds)), pulls, statuses);
    const latest = () => statuses.at(-1);
    const failed = async (count: number) => {
      await until(() => {
        expect(pulls).toHaveLength(count);
        expect(latest()).toMatchObject({ state: 'error', lastErrorReason: { code: 'sync_server' } });
        expect(latest()?.nextTryAt ?? null).not.toBeNull();
      });
      return { at: Date.now(), nextTryAt: latest()?.nextTryAt ?? 0 };
    };
    await engine.start();

    // The status names the wait the server asked for ("Next try at 09:35"), not 5 minutes: at this draw (the top of
    // its window), the named 30 minutes and the most jitter above them (as long again, at most the 5-minute cap).
    const jitter = 5 * 60_000 - 1;
    const first = await failed(1);
    expect(first.nextTryAt - first.at).toBe(30 * 60_000 + jitter);
    // Ten minutes on (twice the old cap) nothing was tried.
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(pulls).toHaveLength(1);

    // Sync now tries at once, and its failure names the wait again.
    await engine.syncNow();
    const second = await failed(2);
    expect(pulls[1]).toBe(first.at + 10 * 60_000);
    expect(second.nextTryAt - second.at).toBe(30 * 60_000 + jitter);
    // The retry is made at the time the status named, not before.
    retryAfterSeconds = 5_400;
    await vi.advanceTimersByTimeAsync(second.nextTryAt - second.at - 1);
    expect(pulls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    const third = await failed(3);
    expect(pulls[2]).toBe(second.nextTryAt);
    // An hour and a half named: held to the hour.
    expect(third.nextTryAt - third.at).toBe(namedWaitCapMs + jitter);
  });

  it('a joined network tries at once after a try the server did not answer, not during a wait the server named', async () => {
    const pulls: number[] = [];
    const statuses: SyncStatusEvent[] = [];
    let failure = (): Error => errorFromAnswer(503, '<html>Down for maintenance</html>', '1800');
    engine = failingEngine(() => failure(), pulls, statuses);
    const latest = () => statuses.at(-1);
    await engine.start();
    await until(() => {
      expect(pulls).toHaveLength(1);
      expect(latest()?.nextTryAt ?? null).not.toBeNull();
    });
    const named = latest()?.nextTryAt;

    // A docker bridge, a new Wi-Fi: the server asked for 30 minutes, and gets them.
    engine.networkRestored();
    await engine.idle();
    expect(pulls).toHaveLength(1);
    expect(latest()).toMatchObject({ state: 'error', nextTryAt: named });

    // At the named time the retry finds no answer at all (the Wi-Fi dropped): that wait a joined network cuts.
    failure = () => new SyncNetworkError('unreachable');
    await vi.advanceTimersByTimeAsync((named ?? 0) - Date.now());
    await until(() => {
      expect(pulls).toHaveLength(2);
      expect(latest()).toMatchObject({ state: 'offline' });
      expect(latest()?.nextTryAt ?? null).not.toBeNull();
    });
    engine.networkRestored();
    await engine.idle();
    expect(pulls).toHaveLength(3);
    expect(pulls[2]).toBe(pulls[1]);
  });
});
