// A reminder set to a time already past, on a real core (real SQLCipher
// vault, real OS keychain, the registry as a page calls it). The reminders'
// mark moved only at checks, so a task written long after the last one with
// its reminder between that check and now was pushed the moment it was
// saved; now the mark moves to the write's time first, and one set more than
// a minute before the save is Today's (reminders-write.test.ts, on a set
// clock). One set within the minute before the save (the form takes minutes:
// "now" is seconds past when saved) the save pushes itself, once.
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { EventName } from '../../src-shared/ipc/events';
import { createTempCore, testSender, type TempCore } from '../support/temp-core';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a reminder set in the past', () => {
  let temp: TempCore | null = null;
  afterEach(async () => {
    await temp?.dispose();
    temp = null;
  });

  it('is pushed once by the save within the minute before it; one that falls due later still comes', async () => {
    temp = await createTempCore();
    const { core } = temp;
    const events: { name: EventName; payload: unknown }[] = [];
    core.events.subscribe((name, payload) => events.push({ name, payload }));
    const detach = core.events.attachPage();
    const call = (channel: 'tasks.create' | 'tasks.update' | 'vault.create', input: unknown) => core.registry.dispatch(testSender, channel, input);
    const reminded = () => events.filter((event) => event.name === 'tasks.didRemind').map((event) => event.payload);
    expect(await call('vault.create', { password: 'reminders come when they are due' })).toMatchObject({ ok: true });
    // The unlock's check sets the mark; nothing is due, so nothing re-checks until the next write.
    const unlockedAt = Date.now();
    await pause(400);
    // Reminded "at" a moment between the unlock and now, as a time typed for "now" is when saved: the save pushes it.
    const created = await call('tasks.create', { title: 'Follow up the demo', remindAt: unlockedAt + 200, dueAt: unlockedAt + 86_400_000 });
    expect(reminded()).toMatchObject([{ total: 1, tasks: [{ title: 'Follow up the demo', remindAt: unlockedAt + 200 }] }]);
    // Saved again with its reminder left alone: not again.
    const { id } = z.object({ ok: z.literal(true), value: z.object({ id: z.string() }) }).parse(created).value;
    expect(await call('tasks.update', { id, patch: { title: 'Follow up the demo today' } })).toMatchObject({ ok: true });
    await pause(200);
    expect(reminded()).toHaveLength(1);

    // One set a moment ahead still comes when its time does.
    const soon = Date.now() + 300;
    expect(await call('tasks.create', { title: 'Call the buyer', remindAt: soon, dueAt: soon + 86_400_000 })).toMatchObject({ ok: true });
    await expect.poll(() => reminded().length, { timeout: 10_000 }).toBe(2);
    expect(reminded()[1]).toMatchObject({ total: 1, tasks: [{ title: 'Call the buyer' }] });
    detach();
  });
});
