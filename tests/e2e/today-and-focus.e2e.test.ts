// Defects the second UI walkthrough found on Today and around it, checked in
// Chromium against the real headless shell and vault: a task ticked done on
// Today can be undone, and the focus it held goes to the next task (or the
// list) in the frame its row leaves, never to the page; logging an activity
// with the composer's Log button and saving a view keep the focus in every
// frame (on the composer's subject, on the new view's tab); and a task whose
// due time passed minutes ago is overdue on Today as on its contact's page;
// after a wrong password the lock screen marks the field invalid for screen
// readers until the user types (this test comes last: it locks the vault).
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useApp } from './app';
import { dateTimeInput, localDateTime } from './crm-fixtures';
import { createContacts, fillAndCreate, focusedTestId, openSection, ui, unlock } from './crm-steps';
import { watchFrames } from './first-frames';

const password = 'today is a good day to sell';

/** Creates a task from the Tasks list; its page opens. */
async function createTask(page: Page, fields: Readonly<Record<string, string>>): Promise<void> {
  await openSection(page, 'tasks');
  await page.getByTestId('list-new').click();
  await fillAndCreate(page, 'task', fields);
  await page.getByTestId('task-detail').waitFor(ui);
}

/** The id of the task row titled `title` in a Today section. */
async function taskId(page: Page, section: string, title: string): Promise<string> {
  const row = page.getByTestId(section).getByTestId('today-task').filter({ hasText: title });
  await row.waitFor(ui);
  const id = await row.getAttribute('data-task-id');
  if (id === null) throw new Error(`The row of "${title}" names no task`);
  return id;
}

describe('Today and focus after common actions', () => {
  const app = useApp({ context: { viewport: { width: 1280, height: 800 } }, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(() => {
    ({ page } = app);
  });

  it('offers Undo for a task ticked done on Today, and moves the focus to the next task, then to the list, in the frame the row leaves', async () => {
    await createTask(page, { title: 'Tick Older Follow-up', dueAt: localDateTime(-3, 9) });
    await createTask(page, { title: 'Tick Newer Follow-up', dueAt: localDateTime(-2, 9), status: 'in_progress' });
    await openSection(page, 'today');
    const older = await taskId(page, 'today-overdue', 'Tick Older Follow-up');
    const newer = await taskId(page, 'today-overdue', 'Tick Newer Follow-up');
    const check = (id: string) => `[data-testid="today-overdue"] [data-task-id="${id}"] .task-check`;

    // Ticked by keyboard: the focus is on the checkbox, and goes to the next task's as the row leaves.
    await page.locator(check(older)).focus();
    let frames = await watchFrames(page, `[data-task-id="${older}"]`, check(newer));
    await page.keyboard.press('Space');
    await page.getByTestId('today-overdue').getByTestId('today-task').filter({ hasText: 'Tick Older Follow-up' }).waitFor({ state: 'detached', ...ui });
    let seen = await frames();
    expect(seen.filter((frame) => frame.text === null).map((frame) => frame.focused)).toEqual([true]);
    const toast = page.getByTestId('task-done-toast').filter({ hasText: 'Task completed' });
    await toast.waitFor(ui);
    expect(await toast.getByTestId('task-done-toast-action').textContent()).toBe('Undo');

    // The list's last task: the focus goes to the list.
    frames = await watchFrames(page, `[data-task-id="${newer}"]`, '[data-testid="today-overdue"]');
    await page.keyboard.press('Space');
    await page.getByTestId('today-overdue').getByTestId('today-task').filter({ hasText: 'Tick Newer Follow-up' }).waitFor({ state: 'detached', ...ui });
    seen = await frames();
    expect(seen.filter((frame) => frame.text === null).map((frame) => frame.focused)).toEqual([true]);
    expect(await page.getByTestId('today-overdue').getAttribute('aria-labelledby')).toBe('today-overdue-title');

    // Undo reopens the task as it was: back on Today, still in progress.
    await page.getByTestId('task-done-toast').last().getByTestId('task-done-toast-action').click();
    await page.getByTestId('task-reopened-toast').waitFor(ui);
    const row = page.getByTestId('today-overdue').getByTestId('today-task').filter({ hasText: 'Tick Newer Follow-up' });
    await row.waitFor(ui);
    await row.locator('.today-task__main').click();
    await page.getByTestId('inline-status').getByText('In progress', { exact: true }).waitFor(ui);
    expect(pageErrors).toEqual([]);
  });

  it('keeps the focus in the composer while Log saves, then on its subject for the next entry', async () => {
    await createContacts(page, ['Composer Focus Person']);
    await page.getByTestId('composer-subject').fill('Called about the spare parts');
    const frames = await watchFrames(page, '[data-testid="activity-composer"]', '[data-testid="activity-composer"] :focus');
    await page.getByTestId('composer-submit').click();
    await page.getByTestId('activity-logged').waitFor(ui);
    await page.getByTestId('timeline').getByText('Called about the spare parts').first().waitFor(ui);
    // The composer's text does not change (its fields' values are not text): any frame seen with the focus
    // out of it is one more state.
    const seen = await frames();
    expect(seen).toHaveLength(1);
    expect(seen[0]?.focused).toBe(true);
    expect(await focusedTestId(page)).toBe('composer-subject');
    expect(await page.getByTestId('composer-subject').inputValue()).toBe('');
    expect(pageErrors).toEqual([]);
  });

  it('puts the focus on a view saved with Enter, and back on "Save view" after Esc, in every frame', async () => {
    await openSection(page, 'contacts');
    const bar = page.getByTestId('view-bar');
    await page.getByTestId('view-save').click();
    await page.getByTestId('view-name').fill('Focus kept');
    let frames = await watchFrames(page, '[data-testid="view-bar"]', '[data-testid="view-bar"] :focus');
    await page.getByTestId('view-name').press('Enter');
    const tab = bar.getByRole('tab', { name: 'Focus kept' });
    await tab.waitFor(ui);
    await page.getByTestId('view-name').waitFor({ state: 'detached', ...ui });
    let seen = await frames();
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.filter((frame) => !frame.focused)).toEqual([]);
    expect(await tab.evaluate((element) => element === document.activeElement)).toBe(true);

    await page.getByTestId('view-save').click();
    await page.getByTestId('view-name').waitFor(ui);
    frames = await watchFrames(page, '[data-testid="view-bar"]', '[data-testid="view-bar"] :focus');
    await page.getByTestId('view-name').press('Escape');
    await page.getByTestId('view-name').waitFor({ state: 'detached', ...ui });
    seen = await frames();
    expect(seen.filter((frame) => !frame.focused)).toEqual([]);
    expect(await focusedTestId(page)).toBe('view-save');
    expect(pageErrors).toEqual([]);
  });

  it('shows a task whose due time passed minutes ago as overdue on Today, as its contact’s page does', async () => {
    await createContacts(page, ['Overdue Agreement Person']);
    // Two minutes ago, to the minute a datetime-local input takes.
    const due = new Date(Date.now() - 2 * 60_000);
    await page.getByTestId('related-tasks-add').click();
    await fillAndCreate(page, 'task', { title: 'Call back two minutes late', dueAt: dateTimeInput(due) });
    const onContact = page.getByTestId('related-tasks').locator('li').filter({ hasText: 'Call back two minutes late' });
    await onContact.waitFor(ui);
    expect(await onContact.locator('.overdue').count()).toBe(1);

    await openSection(page, 'today');
    const row = page.getByTestId('today-task').filter({ hasText: 'Call back two minutes late' });
    await row.waitFor(ui);
    expect(await page.getByTestId('today-overdue').getByTestId('today-task').filter({ hasText: 'Call back two minutes late' }).count()).toBe(1);
    expect(await page.getByTestId('today-due').getByTestId('today-task').filter({ hasText: 'Call back two minutes late' }).count()).toBe(0);
    expect(await row.locator('.today-task__when.overdue').textContent()).toMatch(/^Due \d minutes ago$/);
    expect(pageErrors).toEqual([]);
  });

  it('marks the password field invalid and described by the message after a wrong password, until the user types', async () => {
    await page.getByTestId('lock-button').click();
    const field = page.getByTestId('unlock-password');
    await field.waitFor(ui);
    expect(await field.getAttribute('aria-invalid')).toBe('false');
    await field.fill('not the password at all');
    await field.press('Enter');
    const message = page.getByTestId('unlock-error');
    await message.waitFor(ui);
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    const messageId = await message.getAttribute('id');
    expect(messageId).toBeTruthy();
    expect((await field.getAttribute('aria-describedby'))?.split(' ')).toContain(messageId);

    await field.press('x');
    expect(await field.getAttribute('aria-invalid')).toBe('false');
    expect((await field.getAttribute('aria-describedby')) ?? '').not.toContain(messageId ?? '');
    await unlock(page, password);
    expect(pageErrors).toEqual([]);
  });
});
