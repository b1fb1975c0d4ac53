// A reminder set to a time already past, on a real core (real SQLCipher
// vault, real OS keychain, the registry as a page calls it): Today lists it,
// and no "reminder" notice pops up at once as if it had just fallen due. The
// reminders' mark moved only at checks, so a task written long after the
// last one with its reminder between that check and now was pushed the
// moment it was saved. Now the mark moves to the write's time first.
import { afterEach, describe, expect, it } from 'vitest';
import type { EventName } from '../../src-shared/ipc/events';
import { createTempCore, testSender, type TempCore } from '../support/temp-core';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a reminder set in the past', () => {
  let temp: TempCore | null = null;
  afterEach(async () => {
    await temp?.dispose();
    temp = null;
  });

  it('is not pushed as fallen due when the task is saved; one that falls due later still is', async () => {
    temp = await createTempCore();
    const { core } = temp;
    const events: { name: EventName; payload: unknown }[] = [];
    core.events.subscribe((name, payload) => events.push({ name, payload }));
    const detach = core.events.attachPage();
    const call = (channel: 'tasks.create' | 'vault.create', input: unknown) => core.registry.dispatch(testSender, channel, input);
    expect(await call('vault.create', { password: 'reminders come when they are due' })).toMatchObject({ ok: true });
    // The unlock's check sets the mark; nothing is due, so nothing re-checks until the next write.
    const unlockedAt = Date.now();
    await pause(400);
    // Logged after the fact: reminded "at" a moment between the unlock and now.
    expect(await call('tasks.create', { title: 'Follow up the demo', remindAt: unlockedAt + 200, dueAt: unlockedAt + 86_400_000 })).toMatchObject({ ok: true });
    await pause(200);
    expect(events.filter((event) => event.name === 'tasks.didRemind')).toEqual([]);

    // One set a moment ahead still comes when its time does.
    const soon = Date.now() + 300;
    expect(await call('tasks.create', { title: 'Call the buyer', remindAt: soon, dueAt: soon + 86_400_000 })).toMatchObject({ ok: true });
    await expect.poll(() => events.filter((event) => event.name === 'tasks.didRemind').length, { timeout: 10_000 }).toBe(1);
    expect(events.find((event) => event.name === 'tasks.didRemind')?.payload).toMatchObject({ total: 1, tasks: [{ title: 'Call the buyer' }] });
    detach();
  });
});
