// The idle lock's minutes chosen in Settings (preferences.lockAfterMinutes),
// on a real core and SQLCipher vault: the saved choice applies from the
// launch, a new one at once and counted from the moment it is made, a choice
// made while locked from the next unlock, and an idleLockMs the core is given
// (tests, the demo) still wins. The vault is opened on the real clock; the
// minutes then pass on a fake one (timers only), and the lock they ask for
// runs on the real clock again.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Channel, ChannelInput } from '../../src-shared/ipc/contract';
import type { EventName } from '../../src-shared/ipc/events';
import { createMemoryLogger } from '../log/logger';
import { preferencesFile } from '../services/preferences/preferences-store';
import { TestKeyStore } from '../testing/test-key-store';
import { createCore, type Core } from './core';

const sender = { transport: 'test', origin: 'test://fieldvault' } as const;
const password = 'minutes the user chose themselves';
const minute = 60_000;

describe('the idle lock’s minutes from Settings', () => {
  let dataDir: string;
  let keyStore: TestKeyStore;
  let core: Core | undefined;
  let locks: unknown[];

  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'fieldvault-lock-after-'));
    keyStore = new TestKeyStore();
    locks = [];
  });
  afterEach(async () => {
    vi.useRealTimers();
    vi.restoreAllMocks();
    await core?.close();
    core = undefined;
    await keyStore.cleanup();
    await rm(dataDir, { recursive: true, force: true });
  });

  function startCore(idleLockMs?: number): Core {
    const started = createCore({
      dataDir,
      keyStore,
      log: createMemoryLogger(),
      isTrustedSender: (s) => s.transport === 'test',
      ...(idleLockMs === undefined ? {} : { idleLockMs }),
    });
    started.events.subscribe((event: EventName, payload) => {
      if (event === 'vault.didLock') locks.push(payload);
    });
    core = started;
    return started;
  }

  async function call<C extends Channel>(on: Core, channel: C, input: ChannelInput<C>): Promise<void> {
    const result = await on.registry.dispatch(sender, channel, input);
    if (!result.ok) throw new Error(`${channel}: ${result.error.code}`);
  }

  /** The user's input now (the renderer's beat), which counts the lock's minutes again from here. */
  const beat = (on: Core) => call(on, 'session.active', {});

  /** From here on, the minutes pass on a fake clock (timers only): the idle lock armed from here waits on it. */
  function fakeMinutes(): void {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  }

  /** How many idle locks the core has asked the vault for (the lock itself then closes it on the real clock). */
  function watchIdleLocks(on: Core): () => number {
    const lock = vi.spyOn(on.vault, 'lock');
    return () => lock.mock.calls.filter(([reason]) => reason === 'idle').length;
  }

  /** Back on the real clock, the idle locks asked for are done: the vault is locked and said so `count` times. */
  async function lockedOnRealClock(on: Core, count: number): Promise<void> {
    vi.useRealTimers();
    await expect.poll(() => locks.length, { timeout: 10_000, interval: 10 }).toBe(count);
    expect(locks).toEqual(Array(count).fill({ reason: 'idle' }));
    expect(on.vault.isUnlocked()).toBe(false);
  }

  it('waits the minutes saved at an earlier launch from the first unlock', async () => {
    await writeFile(path.join(dataDir, preferencesFile), '{"theme":"dark","locale":null,"lockAfterMinutes":5}\n');
    const on = startCore();
    const idleLocks = watchIdleLocks(on);
    await call(on, 'vault.create', { password });
    fakeMinutes();
    await beat(on);
    vi.advanceTimersByTime(5 * minute - 1_000);
    expect(idleLocks()).toBe(0);
    vi.advanceTimersByTime(1_000);
    expect(idleLocks()).toBe(1);
    await lockedOnRealClock(on, 1);
  });

  it('takes a new choice at once, counting it from the moment it is made, and one made while locked from the next unlock', async () => {
    const on = startCore();
    const idleLocks = watchIdleLocks(on);
    await call(on, 'vault.create', { password });
    fakeMinutes();
    await beat(on);
    // Two minutes into the default 15, the user chooses 5: the vault locks 5 minutes later (not 3, not 13).
    vi.advanceTimersByTime(2 * minute);
    await call(on, 'preferences.set', { lockAfterMinutes: 5 });
    vi.advanceTimersByTime(5 * minute - 1_000);
    expect(idleLocks()).toBe(0);
    vi.advanceTimersByTime(1_000);
    expect(idleLocks()).toBe(1);
    await lockedOnRealClock(on, 1);

    // Chosen while locked: nothing is armed then, and the next unlock waits the new minutes.
    await call(on, 'preferences.set', { lockAfterMinutes: 30 });
    await call(on, 'vault.unlock', { password });
    fakeMinutes();
    await beat(on);
    vi.advanceTimersByTime(30 * minute - 1_000);
    expect(idleLocks()).toBe(1);
    vi.advanceTimersByTime(1_000);
    expect(idleLocks()).toBe(2);
    await lockedOnRealClock(on, 2);
  });

  it('keeps the idle lock the core was given (0: none), whatever is saved or chosen', async () => {
    await writeFile(path.join(dataDir, preferencesFile), '{"theme":"system","locale":null,"lockAfterMinutes":5}\n');
    const on = startCore(0);
    const idleLocks = watchIdleLocks(on);
    await call(on, 'vault.create', { password });
    fakeMinutes();
    await beat(on);
    await call(on, 'preferences.set', { lockAfterMinutes: 30 });
    vi.advanceTimersByTime(61 * minute);
    expect(idleLocks()).toBe(0);
    vi.useRealTimers();
    expect(on.vault.isUnlocked()).toBe(true);
    expect(locks).toEqual([]);
  });
});
