// A poke the server refuses with a wait it names (a 503 `unavailable` while
// its database fails over), on a fake clock (timers and Date) over a real
// SQLCipher vault: the engine reports it and waits that long, jittered above
// it, before it pushes or pulls again; before, it asked for a cycle at once,
// inside the wait the server had just named. Not when a cycle (a local
// edit's) succeeded after the poke was sent: the status stays online, no
// failed cycle is counted, and only the poke waits and starts again. The sync
// API stands in for the server (it is not under test).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PokeResponse, PullResponse } from '../../src-shared/sync/protocol';
import type { SyncStatusEvent } from '../../src-shared/sync/client-api';
import { SyncEngine } from './engine';
import type { SyncApi } from './sync-api';
import { errorFromAnswer } from './transport';
import { createEnrolledTestVault, untilOnRealClock as until } from './testing/fake-clock';
import { countingHooks, type SyncTestVault } from './testing/sync-vault';

const namedMs = 5_000;

/** A server whose pulls answer an empty page; its first poke answers 503 `unavailable` naming `namedMs`, later ones hang until stopped. */
function failoverApi(requests: { kind: 'push' | 'pull' | 'poke'; at: number }[]): SyncApi {
  const refuse = () => Promise.reject(new Error('not asked in this test'));
  return {
    push: () => {
      requests.push({ kind: 'push', at: Date.now() });
      return refuse();
    },
    pull: (cursor, resume) => {
      requests.push({ kind: 'pull', at: Date.now() });
      const page: PullResponse = { from: { cursor, resume }, changes: [], cursor, resume: null, hasMore: false, directoryVersion: null, total: null };
      return Promise.resolve(page);
    },
    ack: refuse,
    poke: (_cursor, _version, signal) => {
      requests.push({ kind: 'poke', at: Date.now() });
      if (requests.filter((request) => request.kind === 'poke').length === 1) {
        return Promise.reject(errorFromAnswer(503, { error: { code: 'unavailable', message: 'x', retryAfterMs: namedMs } }));
      }
      return new Promise<PokeResponse>((_resolve, reject) => signal?.addEventListener('abort', () => reject(new Error('stopped')), { once: true }));
    },
    users: refuse,
    close: () => undefined,
  };
}

/**
 * A server whose pulls answer an empty page; its first poke waits until `refuse` is called, then answers 503
 * `unavailable` naming `namedMs`; later pokes hang until stopped.
 */
function lateRefusalApi(requests: { kind: 'push' | 'pull' | 'poke'; at: number }[]): { api: SyncApi; refuse: () => void } {
  let refuse = (): void => undefined;
  const api: SyncApi = {
    ...failoverApi(requests),
    poke: (_cursor, _version, signal) => {
      requests.push({ kind: 'poke', at: Date.now() });
      const first = requests.filter((request) => request.kind === 'poke').length === 1;
      return new Promise<PokeResponse>((_resolve, reject) => {
        if (first) refuse = () => reject(errorFromAnswer(503, { error: { code: 'unavailable', message: 'x', retryAfterMs: namedMs } }));
        signal?.addEventListener('abort', () => reject(new Error('stopped')), { once: true });
      });
    },
  };
  return { api, refuse: () => refuse() };
}

describe('a poke refused with a wait the server names', () => {
  let vault: SyncTestVault;
  let engine: SyncEngine | undefined;

  beforeEach(async () => {
    vault = await createEnrolledTestVault();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: Date.UTC(2026, 11, 2, 9, 0) });
  });

  afterEach(async () => {
    vi.useRealTimers();
    await engine?.stop();
    engine = undefined;
    await vault.dispose();
  });

  it('pushes and pulls nothing until that wait is over, then syncs at the time the status named', async () => {
    const requests: { kind: 'push' | 'pull' | 'poke'; at: number }[] = [];
    const statuses: SyncStatusEvent[] = [];
    engine = new SyncEngine({
      vault: { connection: () => vault.connection, isUnlocked: () => !vault.connection.isClosed },
      hooks: countingHooks(),
      log: vault.log,
      onStatus: (status) => statuses.push(status),
      onRevoked: () => Promise.resolve(),
      api: () => failoverApi(requests),
      backoff: { baseMs: 1_000, capMs: 5 * 60_000, random: () => 0.5 },
      intervalMs: 60 * 60_000,
    });
    await engine.start();

    // The first cycle pulled, its poke was refused, and the refusal is reported with the retry it waits for.
    await until(() => {
      expect(requests.map((request) => request.kind)).toEqual(['pull', 'poke']);
      expect(statuses.at(-1)).toMatchObject({ state: 'error', lastErrorReason: { code: 'sync_server', problem: 'unavailable' } });
      expect(statuses.at(-1)?.nextTryAt ?? null).not.toBeNull();
    });
    const refusedAt = requests[1]?.at ?? 0;
    const nextTryAt = statuses.at(-1)?.nextTryAt ?? 0;
    // The named 5 s, and jitter above it (half of another 5 s at this draw).
    expect(nextTryAt - refusedAt).toBe(namedMs + namedMs / 2);

    // Nothing is pushed or pulled within the wait the server named, nor before the time the status named…
    await vi.advanceTimersByTimeAsync(nextTryAt - refusedAt - 1);
    await engine.idle();
    expect(requests.map((request) => request.kind)).toEqual(['pull', 'poke']);
    // …and at it the cycle runs, and the poke after it.
    await vi.advanceTimersByTimeAsync(1);
    await until(() => {
      expect(requests.map((request) => request.kind)).toEqual(['pull', 'poke', 'pull', 'poke']);
      expect(statuses.at(-1)).toMatchObject({ state: 'online', lastError: null });
    });
    expect(requests[2]?.at).toBe(nextTryAt);
  });

  it('after a cycle succeeded while it waited, leaves the status online and only pokes again once the wait is over', async () => {
    const requests: { kind: 'push' | 'pull' | 'poke'; at: number }[] = [];
    const statuses: SyncStatusEvent[] = [];
    const server = lateRefusalApi(requests);
    engine = new SyncEngine({
      vault: { connection: () => vault.connection, isUnlocked: () => !vault.connection.isClosed },
      hooks: countingHooks(),
      log: vault.log,
      onStatus: (status) => statuses.push(status),
      onRevoked: () => Promise.resolve(),
      api: () => server.api,
      backoff: { baseMs: 1_000, capMs: 5 * 60_000, random: () => 0.5 },
      intervalMs: 60 * 60_000,
    });
    await engine.start();
    await until(() => expect(requests.map((request) => request.kind)).toEqual(['pull', 'poke']));

    // A local edit's cycle succeeds while the poke waits at the server; then the poke is refused, naming a wait.
    await engine.requestSync();
    expect(requests.map((request) => request.kind)).toEqual(['pull', 'poke', 'pull']);
    const seen = statuses.length;
    server.refuse();
    const refusedAt = Date.now();
    await vi.advanceTimersByTimeAsync(0);
    await engine.idle();

    // The cycle's success stands: no error, no retry named, no cycle run for the refusal.
    expect(statuses.slice(seen).map((status) => status.state)).not.toContain('error');
    expect(statuses.at(-1)).toMatchObject({ state: 'online', lastError: null, lastErrorReason: null, nextTryAt: null });
    // Within the wait the server named, nothing is asked of it; at its end, only the poke again.
    await vi.advanceTimersByTimeAsync(namedMs - 1);
    await engine.idle();
    expect(requests.map((request) => request.kind)).toEqual(['pull', 'poke', 'pull']);
    await vi.advanceTimersByTimeAsync(1);
    await until(() => expect(requests.map((request) => request.kind)).toEqual(['pull', 'poke', 'pull', 'poke']));
    expect(requests[3]?.at).toBe(refusedAt + namedMs);
    expect(statuses.at(-1)).toMatchObject({ state: 'online', lastError: null, nextTryAt: null });
  });
});
