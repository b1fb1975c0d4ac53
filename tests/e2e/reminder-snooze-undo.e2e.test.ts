// The Undo of "Remind me in 1 hour", in Chromium against the real headless
// shell and vault: a reminder set on the task since the snooze (its page, a
// sync) stands, and Undo says the reminder was moved already (before, it
// wrote the old time over the newer one); an Undo that puts the reminder back
// shows its notice again (the old time had fallen due, so the main process
// never reminded of it again: before, the notice was gone for good).
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ui } from './crm-steps';
import { useInjectingApp } from './injecting-route';
import { call, createdId } from './proxied-server';

const password = 'undo a snooze with care';

const Stored = z.object({ task: z.object({ remindAt: z.number().nullable() }) });

describe('the Undo of a reminder snoozed', () => {
  const { route, app } = useInjectingApp({ context: { viewport: { width: 1280, height: 900 } }, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(() => {
    ({ page } = app);
  });

  const notice = (title: string) => page.getByTestId('reminder-toast').filter({ hasText: `Reminder: ${title}` });

  /** A task of the user's whose reminder falls due in a moment, its notice snoozed: its id and first reminder time. */
  const snoozed = async (title: string): Promise<{ id: string; remindAt: number }> => {
    await page.getByTestId('today').waitFor(ui);
    const remindAt = Date.now() + 1_500;
    const id = await createdId(route, 'tasks.create', { title, remindAt, dueAt: remindAt + 5 * 3_600_000 });
    await notice(title).waitFor(ui);
    await notice(title).getByTestId('reminder-toast-secondary').click();
    await notice(title).waitFor({ state: 'detached', timeout: ui.timeout });
    return { id, remindAt };
  };

  it('leaves a reminder set since the snooze as it is, and says so', async () => {
    const { id } = await snoozed('Book the van');
    const toast = page.getByTestId('reminder-snoozed').filter({ hasText: 'again at' });
    await toast.waitFor(ui);
    // Meanwhile the reminder is set on the task's page (in another window) or by a sync.
    const newer = Date.now() + 3 * 3_600_000;
    await call(route, 'tasks.update', { id, patch: { remindAt: newer } });
    await toast.getByTestId('reminder-snoozed-action').click();
    await page.getByTestId('reminder-snooze-undo-overtaken').filter({ hasText: 'That reminder was moved already, so it was left as it is now.' }).waitFor(ui);
    expect(await page.getByTestId('reminder-snooze-undone').count()).toBe(0);
    expect(Stored.parse(await call(route, 'tasks.get', { id })).task.remindAt).toBe(newer);
    expect(await notice('Book the van').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('puts the reminder back and shows its notice again', async () => {
    await expect.poll(() => page.locator('.toast').count(), ui).toBe(0);
    const { id, remindAt } = await snoozed('Send the catalogue');
    const toast = page.getByTestId('reminder-snoozed').filter({ hasText: 'again at' });
    await toast.getByTestId('reminder-snoozed-action').click();
    await page.getByTestId('reminder-snooze-undone').waitFor(ui);
    expect(Stored.parse(await call(route, 'tasks.get', { id })).task.remindAt).toBe(remindAt);
    await notice('Send the catalogue').waitFor(ui);
    // It snoozes again as the first notice did.
    await notice('Send the catalogue').getByTestId('reminder-toast-secondary').click();
    await page.getByTestId('reminder-snoozed').filter({ hasText: 'again at' }).last().waitFor(ui);
    await expect.poll(async () => Stored.parse(await call(route, 'tasks.get', { id })).task.remindAt, ui).toBeGreaterThan(Date.now() + 3_000_000);
    expect(pageErrors).toEqual([]);
  });
});
