// The engine's start after an unlock when the vault's read fails (a busy or
// failing disk), over a real SQLCipher vault on a fake clock (timers and
// Date): the status says so and names a retry, and the retry starts sync.
// The sync API stands in for a server that answers (it is not under test):
// nothing to push, an empty pull.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SyncStatusEvent } from '../../src-shared/sync/client-api';
import type { PullResponse } from '../../src-shared/sync/protocol';
import { defaultBackoff } from './backoff';
import { SyncEngine } from './engine';
import type { SyncApi } from './sync-api';
import { createEnrolledTestVault, untilOnRealClock as until } from './testing/fake-clock';
import { countingHooks, type SyncTestVault } from './testing/sync-vault';

/** A server with nothing new: every pull answers an empty last page at the cursor asked from; `pulls` counts them. */
function quietApi(pulls: { count: number }): SyncApi {
  const refuse = () => Promise.reject(new Error('not asked of a quiet server'));
  return {
    push: refuse,
    pull: (cursor, resume) => {
      pulls.count += 1;
      const page: PullResponse = { from: { cursor, resume }, changes: [], cursor, resume: null, hasMore: false, directoryVersion: null, total: null };
      return Promise.resolve(page);
    },
    ack: refuse,
    poke: refuse,
    users: refuse,
    close: () => undefined,
  };
}

describe('a sync start that cannot read the vault', () => {
  let vault: SyncTestVault;
  let engine: SyncEngine | undefined;

  beforeEach(async () => {
    vault = await createEnrolledTestVault();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: Date.UTC(2026, 11, 2, 9, 0) });
  });

  afterEach(async () => {
    vi.useRealTimers();
    vi.restoreAllMocks();
    await engine?.stop();
    engine = undefined;
    await vault.dispose();
  });

  /** The engine over the test vault, its statuses noted in `statuses`, its server a quiet one counting `pulls`. */
  function quietEngine(statuses: SyncStatusEvent[], pulls: { count: number }): SyncEngine {
    return new SyncEngine({
      vault: { connection: () => vault.connection, isUnlocked: () => !vault.connection.isClosed },
      hooks: countingHooks(),
      log: vault.log,
      onStatus: (status) => statuses.push(status),
      onRevoked: () => Promise.resolve(),
      api: () => quietApi(pulls),
      poke: false,
      intervalMs: 0,
    });
  }

  it('says why in the status, names when it tries again, and starts syncing then', async () => {
    const statuses: SyncStatusEvent[] = [];
    const pulls = { count: 0 };
    engine = quietEngine(statuses, pulls);
    const latest = () => statuses.at(-1);
    // The enrolment read fails once, as a disk I/O error would.
    vi.spyOn(vault.connection, 'read').mockRejectedValueOnce(new Error('disk I/O error'));

    await expect(engine.start()).rejects.toThrow('disk I/O error');
    const failedAt = Date.now();
    expect(latest()).toMatchObject({
      state: 'error',
      lastError: 'Sync failed because of a problem inside FieldVault. It will try again.',
      lastErrorReason: { code: 'sync_internal' },
      nextTryAt: failedAt + defaultBackoff.capMs,
    });
    expect(engine.running).toBe(false);
    // The log names the kind of failure, not its text.
    expect(vault.log.lines.some((line) => line.includes('"event":"sync.openFailed"') && line.includes('"error":"Error"') && !line.includes('disk I/O'))).toBe(true);

    // Nothing is tried before the time the status named; at it, the session opens and syncs.
    await vi.advanceTimersByTimeAsync(defaultBackoff.capMs - 1);
    expect(engine.running).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await until(() => expect(latest()).toMatchObject({ state: 'online', lastError: null, lastErrorReason: null, nextTryAt: null }));
    expect(engine.running).toBe(true);
    expect(pulls.count).toBe(1);
  });

  it('tries no start again once stopped (locked) after the failure', async () => {
    const statuses: SyncStatusEvent[] = [];
    const pulls = { count: 0 };
    engine = quietEngine(statuses, pulls);
    vi.spyOn(vault.connection, 'read').mockRejectedValueOnce(new Error('disk I/O error'));
    await expect(engine.start()).rejects.toThrow('disk I/O error');
    expect(statuses.at(-1)).toMatchObject({ state: 'error', nextTryAt: Date.now() + defaultBackoff.capMs });

    await engine.stop();
    expect(statuses.at(-1)?.nextTryAt).toBeNull();
    await vi.advanceTimersByTimeAsync(defaultBackoff.capMs);
    expect(engine.running).toBe(false);
    expect(pulls.count).toBe(0);
  });
});
