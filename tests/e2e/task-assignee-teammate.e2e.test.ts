// A task a manager owns and assigns to this user, in Chromium against the real
// headless shell and vault and a real TLS sync server: its assignee may set its
// status and move its reminder (assigneeWritableTaskFields), so Today's
// checkbox ticks it done, its reminder's "Remind me in 1 hour" moves it, and
// its page offers Mark done and those two fields, with a notice saying so,
// while the rest stays read-only; both reach the manager's device. Before,
// each was refused: "This record belongs to a teammate…". A teammate's task
// assigned to someone else shows a Done checkbox marked aria-disabled, its
// description saying why, in the Tasks list and on its contact's page (before,
// it was offered and failed). It stays focusable, a Tab stop of the Tasks
// list's row as the other boxes, so the keyboard reaches the reason, and the
// focus of the task ticked above it on a record's card lands on it (it fell
// to the page's body while the box was `disabled`); Space or a click on it
// changes nothing and writes nothing.
import { z } from 'zod';
import { beforeAll, describe, expect, it } from 'vitest';
import { uuid7 } from '../../src-main/vault/uuid7';
import { contactValues, setMemberships, taskValues, type TestDevice } from '../support/sync-server';
import { useEnrolledConflictSuite, userWithLaptop } from './conflict-steps';
import { accessibleText, focusedTestId, openSection, ui } from './crm-steps';
import type { Page } from 'playwright-core';
import { call } from './proxied-server';

const hour = 3_600_000;
/** The channels a Done box writes through (useCompleteTask, useReopenTask). */
const statusWrites = ['tasks.update', 'tasks.setStatusMany'];
const why = 'This task belongs to a teammate. Only its owner or its assignee can mark it done.';
/** The accessible name of the element the focus is on (its tag when it has none: `body`). */
const focusedName = (page: Page) =>
  page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.tagName.toLowerCase() ?? 'none');
const TaskAnswer = z.object({ task: z.object({ status: z.string(), remindAt: z.number().nullable(), title: z.string() }), assignedToYou: z.literal(true).optional() });

describe('a teammate’s task assigned to this user', () => {
  let userId: string;
  const suite = useEnrolledConflictSuite('assigned by a manager');
  const { sync, route, app } = suite;
  const { pageErrors } = app;
  let mia: { readonly userId: string; readonly laptop: TestDevice };

  beforeAll(async () => {
    ({ userId } = suite.enrolled());
    mia = await userWithLaptop(sync, 'Mia Manager');
    await setMemberships(sync.server, mia.userId, ['team-east']);
    await setMemberships(sync.server, userId, ['team-east']);
  });

  const stored = async (id: string) => TaskAnswer.parse(await call(route, 'tasks.get', { id }));
  const onMiasDevice = async (id: string, field: string) => {
    await mia.laptop.pullAll();
    return mia.laptop.replica.get(`tasks/${id}`)?.get(field);
  };

  it('ticks done on Today, snoozes from its reminder and marks done on its page, and the manager receives each', async () => {
    const { page } = app;
    const overdueId = uuid7();
    const remindedId = uuid7();
    const remindAt = Date.now() + 6_000;
    await mia.laptop.push([
      mia.laptop.upsert('tasks', overdueId, taskValues(mia.userId, { title: 'Mia’s site visit', assigneeId: userId, dueAt: Date.now() - hour })),
      // Due after today, so Today lists it under Reminders.
      mia.laptop.upsert('tasks', remindedId, taskValues(mia.userId, { title: 'Mia’s price check', assigneeId: userId, remindAt, dueAt: remindAt + 30 * hour })),
    ]);
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null, pendingCount: 0, openConflicts: 0 });
    expect(await call(route, 'tasks.get', { id: overdueId })).toMatchObject({ ownedByTeammate: true, assignedToYou: true });

    // Today's checkbox.
    await openSection(page, 'tasks');
    await openSection(page, 'today');
    const row = page.getByTestId('today-overdue').locator(`[data-task-id="${overdueId}"]`);
    await row.waitFor(ui);
    await row.getByRole('checkbox').click();
    await page.getByTestId('task-done-toast').waitFor(ui);
    expect(await page.getByTestId('task-status-failed').count()).toBe(0);
    expect((await stored(overdueId)).task.status).toBe('done');

    // The reminder's snooze.
    const toast = page.getByTestId('reminder-toast').filter({ hasText: 'Mia’s price check' });
    await toast.waitFor(ui);
    const pressed = Date.now();
    await toast.getByTestId('reminder-toast-secondary').click();
    await page.getByTestId('reminder-snoozed').waitFor(ui);
    expect(await page.getByTestId('reminder-snooze-failed').count()).toBe(0);
    const snoozed = (await stored(remindedId)).task.remindAt ?? 0;
    expect(snoozed).toBeGreaterThanOrEqual(pressed + hour);

    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null, pendingCount: 0, openConflicts: 0 });
    expect(await onMiasDevice(overdueId, 'status')).toBe('done');
    expect(await onMiasDevice(remindedId, 'remindAt')).toBe(snoozed);

    // Its page: Mark done and the status and reminder fields, nothing else, and no Delete.
    await page.getByTestId('today-reminders').getByRole('button', { name: 'Mia’s price check' }).click(ui);
    const detail = page.getByTestId('task-detail');
    await expect.poll(() => detail.getByTestId('teammate-notice').textContent(), ui).toBe(
      'This task belongs to a teammate. As its assignee, you can change its status and reminder; only its owner can change the rest.',
    );
    const pencil = (field: string) => detail.locator(`[data-field="${field}"] .inline-field__pencil`);
    await pencil('status').waitFor(ui);
    expect(await pencil('remindAt').count()).toBe(1);
    expect(await detail.getByTestId('fields-card').locator('.inline-field__pencil').count()).toBe(2);
    expect(await detail.getByTestId('detail-delete').count()).toBe(0);
    await detail.getByTestId('task-mark-done').click();
    await expect.poll(async () => (await stored(remindedId)).task.status, ui).toBe('done');
    expect(await route.invoke('tasks.update', { id: remindedId, patch: { title: 'Checked' } })).toMatchObject({
      ok: false,
      error: { code: 'NOT_PERMITTED', reason: { code: 'not_owner', entity: 'tasks' } },
    });
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null, pendingCount: 0, openConflicts: 0 });
    expect(await onMiasDevice(remindedId, 'status')).toBe('done');
    expect(await onMiasDevice(remindedId, 'title')).toBe('Mia’s price check');
    expect(pageErrors).toEqual([]);
  });

  it('offers no Done checkbox on a teammate’s task assigned to someone else, in the Tasks list and on its contact’s page', async () => {
    const { page } = app;
    const [contactId, theirsId, mineId] = [uuid7(), uuid7(), uuid7()];
    await mia.laptop.push([
      mia.laptop.upsert('contacts', contactId, contactValues(mia.userId, { name: 'Mia’s depot contact' })),
      // Due in this order, so the Tasks list (by due time) lists the locked one first: ↓ from it goes to the other.
      mia.laptop.upsert('tasks', theirsId, taskValues(mia.userId, { title: 'Mia’s own follow-up', contactId, dueAt: Date.now() + hour })),
      mia.laptop.upsert('tasks', mineId, taskValues(mia.userId, { title: 'Mia’s call for you', assigneeId: userId, contactId, dueAt: Date.now() + 2 * hour })),
    ]);
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null, pendingCount: 0, openConflicts: 0 });

    await openSection(page, 'tasks');
    const rowOf = (title: string) => page.getByTestId('task-table-row').filter({ hasText: title });
    const lockedRow = rowOf('Mia’s own follow-up');
    await lockedRow.waitFor(ui);
    const locked = lockedRow.getByTestId('task-list-done');
    const lockState = (box: typeof locked) =>
      box.evaluate((element) => ({ ariaDisabled: element.getAttribute('aria-disabled'), disabled: element instanceof HTMLInputElement && element.disabled }));
    expect(await lockState(locked)).toEqual({ ariaDisabled: 'true', disabled: false });
    expect(await locked.getAttribute('title')).toBe(why);
    expect(await lockState(rowOf('Mia’s call for you').getByTestId('task-list-done'))).toEqual({ ariaDisabled: null, disabled: false });
    await lockedRow.evaluate((row) => row.setAttribute('data-locked-row', ''));
    expect(await accessibleText(page, '[data-locked-row] [data-testid="task-list-done"]')).toEqual({ name: 'Mark done: Mia’s own follow-up', description: why });

    // The grid's keyboard: from its row, Tab reaches the row's selection box and then the locked box (a Tab stop
    // in the row that is the grid's Tab stop, as the other boxes); Space on it neither ticks it nor selects the
    // row, and ↓ from it moves on down the rows.
    await lockedRow.focus();
    expect(await focusedTestId(page)).toBe('task-table-row');
    await page.keyboard.press('Tab');
    expect(await focusedTestId(page)).toBe('row-select');
    await page.keyboard.press('Tab');
    expect(await focusedName(page)).toBe('Mark done: Mia’s own follow-up');
    expect(await locked.getAttribute('tabindex')).toBe('0');
    const before = route.calls.length;
    await page.keyboard.press('Space');
    await page.waitForTimeout(300);
    expect(await locked.isChecked()).toBe(false);
    expect(await lockedRow.getByTestId('row-select').isChecked()).toBe(false);
    expect(route.calls.slice(before).filter((channel) => statusWrites.includes(channel))).toEqual([]);
    expect(await focusedName(page)).toBe('Mark done: Mia’s own follow-up');
    await page.keyboard.press('ArrowDown');
    expect(await focusedTestId(page)).toBe('task-table-row');
    expect(await page.evaluate(() => document.activeElement?.textContent ?? '')).toContain('Mia’s call for you');
    expect(await locked.getAttribute('tabindex')).toBe('-1');

    await openSection(page, 'contacts');
    await page.getByTestId('contact-table-row').filter({ hasText: 'Mia’s depot contact' }).click();
    const card = page.getByTestId('related-tasks');
    await card.getByText('Mia’s own follow-up').waitFor(ui);
    const checks = card.getByTestId('task-done');
    await expect.poll(() => checks.count(), ui).toBe(2);
    const disabled = await checks.evaluateAll((boxes) =>
      boxes.map((box) => [box.getAttribute('aria-label'), `${box.getAttribute('aria-disabled')} ${box instanceof HTMLInputElement && box.disabled}`]),
    );
    expect(Object.fromEntries(disabled)).toEqual({ 'Mark done: Mia’s own follow-up': 'true false', 'Mark done: Mia’s call for you': 'null false' });
    expect((await stored(theirsId)).task.status).toBe('open');
    expect(pageErrors).toEqual([]);
  });

  it('on a record’s tasks card, ticking the task above a locked one puts the focus on the locked box, which changes and writes nothing', async () => {
    const { page } = app;
    const [contactId, aboveId, lockedId] = [uuid7(), uuid7(), uuid7()];
    const soon = Date.now() + 2 * hour;
    await mia.laptop.push([
      mia.laptop.upsert('contacts', contactId, contactValues(mia.userId, { name: 'Mia’s harbour contact' })),
      // Due first, so the card lists it above the locked one.
      mia.laptop.upsert('tasks', aboveId, taskValues(mia.userId, { title: 'Mia’s quote for you', assigneeId: userId, contactId, dueAt: soon })),
      mia.laptop.upsert('tasks', lockedId, taskValues(mia.userId, { title: 'Mia’s harbour visit', contactId, dueAt: soon + hour })),
    ]);
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null, pendingCount: 0, openConflicts: 0 });

    await openSection(page, 'contacts');
    await page.getByTestId('contact-table-row').filter({ hasText: 'Mia’s harbour contact' }).click();
    const card = page.getByTestId('related-tasks');
    const box = (title: string) => card.getByRole('checkbox', { name: `Mark done: ${title}` });
    await box('Mia’s harbour visit').waitFor(ui);
    expect(await card.getByTestId('task-done').evaluateAll((boxes) => boxes.map((element) => element.getAttribute('aria-label')))).toEqual([
      'Mark done: Mia’s quote for you',
      'Mark done: Mia’s harbour visit',
    ]);

    await box('Mia’s quote for you').focus();
    await page.keyboard.press('Space');
    await expect.poll(async () => (await stored(aboveId)).task.status, ui).toBe('done');
    await expect.poll(() => card.getByTestId('task-done').count(), ui).toBe(1);
    expect(await focusedName(page)).toBe('Mark done: Mia’s harbour visit');
    expect(await accessibleText(page, '[data-testid="related-tasks"] [data-testid="task-done"]')).toEqual({
      name: 'Mark done: Mia’s harbour visit',
      description: why,
    });
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null, pendingCount: 0, openConflicts: 0 });

    // Space on it, and a click: the box stays unticked, the task open, and the page writes nothing.
    const before = route.calls.length;
    const toastsBefore = await page.getByTestId('task-done-toast').count();
    await page.keyboard.press('Space');
    await box('Mia’s harbour visit').click({ force: true });
    await page.waitForTimeout(300);
    expect(await box('Mia’s harbour visit').isChecked()).toBe(false);
    expect(await focusedName(page)).toBe('Mark done: Mia’s harbour visit');
    expect(route.calls.slice(before).filter((channel) => statusWrites.includes(channel))).toEqual([]);
    expect(await page.getByTestId('task-done-toast').count()).toBe(toastsBefore);
    expect(await page.getByTestId('task-status-failed').count()).toBe(0);
    expect((await stored(lockedId)).task.status).toBe('open');
    expect(await call(route, 'sync.status', {})).toMatchObject({ pendingCount: 0 });
    expect(pageErrors).toEqual([]);
  });
});
