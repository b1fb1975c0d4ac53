// The idle lock on a real core (real SQLCipher vault, real OS keychain): it
// counts from the user's last input (session.active, which the renderer sends
// on a key, a click or a scroll), not from the last call. Before, every call
// held it off, and a page reading the vault by itself after each sync (the
// conflicts page every five minutes, a detail page at each teammate's edit)
// kept an unattended vault open for ever. An unlock a lock queued behind it
// has undone starts nothing, and an unlock of a vault open already still
// checks its password.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventName } from '../../src-shared/ipc/events';
import { createTempCore, testSender, type TempCore } from '../support/temp-core';

/** Long enough that a loaded machine's pauses between the test's steps stay well inside it. */
const idleMs = 1_500;
const stepMs = 150;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the idle lock', () => {
  let temp: TempCore | null = null;
  afterEach(async () => {
    await temp?.dispose();
    temp = null;
  });

  async function unlocked(): Promise<{ readonly core: TempCore['core']; readonly events: { name: EventName; payload: unknown }[] }> {
    temp = await createTempCore(undefined, idleMs);
    const { core } = temp;
    const events: { name: EventName; payload: unknown }[] = [];
    core.events.subscribe((name, payload) => events.push({ name, payload }));
    expect(await core.registry.dispatch(testSender, 'vault.create', { password: 'idle minutes count from the user' })).toMatchObject({ ok: true });
    return { core, events };
  }

  it('locks after its minutes without the user’s input, however many calls the pages make meanwhile', async () => {
    const { core, events } = await unlocked();
    const calls = Math.ceil((idleMs * 2) / stepMs);
    for (let call = 0; call < calls && core.vault.isUnlocked(); call += 1) {
      expect(await core.registry.dispatch(testSender, 'session.user', {})).toMatchObject({ ok: true });
      await pause(stepMs);
    }
    expect(core.vault.isUnlocked()).toBe(false);
    expect(events).toContainEqual({ name: 'vault.didLock', payload: { reason: 'idle' } });
    // Locked, the calls the pages go on making are refused, and the vault stays locked.
    expect(await core.registry.dispatch(testSender, 'session.user', {})).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
  });

  it('stays unlocked while the user is active, and locks once they stop', async () => {
    const { core, events } = await unlocked();
    const beats = Math.ceil((idleMs * 2) / stepMs);
    for (let beat = 0; beat < beats; beat += 1) {
      expect(await core.registry.dispatch(testSender, 'session.active', {})).toEqual({ ok: true, value: {} });
      await pause(stepMs);
    }
    expect(core.vault.isUnlocked()).toBe(true);
    await expect.poll(() => core.vault.isUnlocked(), { timeout: idleMs * 4, interval: stepMs }).toBe(false);
    expect(events.filter((event) => event.name === 'vault.didLock')).toEqual([{ name: 'vault.didLock', payload: { reason: 'idle' } }]);
  });

  it('refuses the user’s input while the vault is locked, and does not unlock it', async () => {
    const { core } = await unlocked();
    expect(await core.registry.dispatch(testSender, 'vault.lock', {})).toMatchObject({ ok: true });
    expect(await core.registry.dispatch(testSender, 'session.active', {})).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    expect(core.vault.isUnlocked()).toBe(false);
  });

  it('starts nothing for an unlock a lock queued behind it has undone, and checks the password of an unlock of an open vault', async () => {
    const { core, events } = await unlocked();
    const password = 'idle minutes count from the user';
    expect(await core.registry.dispatch(testSender, 'vault.lock', {})).toMatchObject({ ok: true });
    const { dataDir } = temp ?? { dataDir: '' };
    const counted = async () => (JSON.parse(await readFile(path.join(dataDir, 'vault.json'), 'utf8')) as { failedUnlocks: { count: number } }).failedUnlocks.count;
    const unlocking = core.registry.dispatch(testSender, 'vault.unlock', { password });
    // The attempt is counted before its key is derived: the unlock holds the vault's queue now, and the lock waits behind it.
    await expect.poll(counted, { timeout: 10_000, interval: 5 }).toBe(1);
    const from = events.length;
    // As the screen lock or the idle timer locks it, not through a page (whose vault.lock needs an open vault).
    const [unlockAnswer] = await Promise.all([unlocking, core.vault.lock('screen-lock')]);
    // Whichever way the two answers and the lock's push fall, the last word is "locked".
    expect(core.vault.isUnlocked()).toBe(false);
    const names = events.slice(from).map((event) => event.name);
    expect(names.at(-1)).toBe('vault.didLock');
    if (names.includes('vault.didUnlock')) expect(names).toEqual(['vault.didUnlock', 'vault.didLock']);
    else expect(unlockAnswer).toMatchObject({ ok: true, value: { state: 'locked' } });

    // Open already (another page unlocked it): a wrong password is refused and counted, the right one let through.
    expect(await core.registry.dispatch(testSender, 'vault.unlock', { password })).toMatchObject({ ok: true, value: { state: 'unlocked' } });
    expect(await core.registry.dispatch(testSender, 'vault.unlock', { password: 'not the password at all' })).toMatchObject({
      ok: false,
      error: { code: 'WRONG_PASSWORD' },
    });
    expect(await counted()).toBe(1);
    expect(await core.registry.dispatch(testSender, 'vault.unlock', { password })).toMatchObject({ ok: true, value: { state: 'unlocked' } });
    expect(await counted()).toBe(0);
  });
});
