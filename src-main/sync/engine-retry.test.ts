// The engine's retries while the sync server cannot be reached, on a fake
// clock (timers and Date) over a real SQLCipher vault: however long the
// outage, no wait exceeds the cap for an unreachable server, and the status
// names when each retry falls due (nextTryAt), the moment the retry is made.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SyncStatusEvent } from '../../src-shared/sync/client-api';
import { SyncEngine } from './engine';
import { storeEnrolment } from './enrolment';
import { SyncNetworkError, type NetworkFailure } from './errors';
import { unreachableCapMs } from './retry-waits';
import type { SyncApi } from './sync-api';
import { countingHooks, createSyncTestVault, type SyncTestVault } from './testing/sync-vault';

/** A sync API whose every request fails as `failure`, noting when (fake Date.now()) each pull was asked for. */
function downApi(failure: () => NetworkFailure, pulls: number[]): SyncApi {
  const fail = () => Promise.reject(new SyncNetworkError(failure()));
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

/**
 * Waits (on the real clock: vi.waitFor would move the fake one on) until
 * `check` passes, while the vault's I/O completes.
 */
async function until(check: () => void, timeoutMs = 10_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    try {
      check();
      return;
    } catch (error) {
      if (performance.now() > deadline) throw error;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}

describe('the engine while the server cannot be reached', () => {
  let vault: SyncTestVault;
  let engine: SyncEngine | undefined;

  beforeEach(async () => {
    vault = await createSyncTestVault();
    await vault.connection.write((tx) =>
      storeEnrolment(tx, {
        serverUrl: 'https://sync.example.test',
        caPem: 'test CA',
        deviceId: 'device-0001',
        deviceToken: 'test token',
        userId: 'user-1',
        organisationId: 'org-1',
        organisationName: '',
        enrolledAt: 0,
      }),
    );
    // Only the engine's timers and clock: the vault's I/O runs as ever.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: Date.UTC(2026, 11, 2, 9, 0) });
  });

  afterEach(async () => {
    vi.useRealTimers();
    await engine?.stop();
    engine = undefined;
    await vault.dispose();
  });

  it('retries at most a minute apart however many failures came before, each at the time the status named', async () => {
    const pulls: number[] = [];
    const statuses: SyncStatusEvent[] = [];
    const failures: NetworkFailure[] = ['unreachable', 'timeout'];
    engine = new SyncEngine({
      vault: { connection: () => vault.connection, isUnlocked: () => !vault.connection.isClosed },
      hooks: countingHooks(),
      log: vault.log,
      onStatus: (status) => statuses.push(status),
      onRevoked: () => Promise.resolve(),
      api: () => downApi(() => failures[pulls.length % failures.length] ?? 'unreachable', pulls),
      // Every draw at the top of its window: the longest wait the backoff can choose.
      backoff: { baseMs: 1_000, capMs: 5 * 60_000, random: () => 0.999_999 },
      poke: false,
      intervalMs: 0,
    });
    const latest = () => statuses.at(-1);
    await engine.start();

    const waits: number[] = [];
    for (let attempt = 1; attempt <= 12; attempt += 1) {
      // The attempt failed and its retry is scheduled.
      await until(() => {
        expect(pulls).toHaveLength(attempt);
        expect(latest()).toMatchObject({ state: 'offline', lastErrorReason: { code: 'sync_network' } });
        expect(latest()?.nextTryAt ?? null).not.toBeNull();
      });
      const failedAt = Date.now();
      const nextTryAt = latest()?.nextTryAt ?? 0;
      waits.push(nextTryAt - failedAt);
      expect(nextTryAt - failedAt, `wait after failure ${attempt}`).toBeLessThanOrEqual(unreachableCapMs);
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
});
