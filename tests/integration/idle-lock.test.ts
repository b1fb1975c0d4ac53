// The idle lock on a real core (real SQLCipher vault, real OS keychain): it
// counts from the user's last input (session.active, which the renderer sends
// on a key, a click or a scroll), not from the last call. Before, every call
// held it off, and a page reading the vault by itself after each sync (the
// conflicts page every five minutes, a detail page at each teammate's edit)
// kept an unattended vault open for ever.
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
});
