// Small keyboard and status defects the second UI walkthrough found, checked
// in Chromium against the real headless shell and vault: a view just saved
// offers no "Update" until the list changes; the shortcut list names F2 and
// Ctrl+Enter (in both languages); a long task list on Today starts with a
// link past it; a task ticked done on a contact's page hands its focus to the next
// task (or the card) in the frame its row leaves; and a task that could not be
// marked done (the shell refuses) is unticked again, on the contact's page and
// on Today, with the error shown. The page's WebSocket passes through
// Playwright so that a test can make one channel fail.
import type { Locator, Page } from 'playwright-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { useApp } from './app';
import { localDateTime } from './crm-fixtures';
import { closeDialogs, fillAndCreate, focusedTestId, openSection, ui } from './crm-steps';
import { watchFrames } from './first-frames';
import { IpcRoute } from './ipc-route';
import { setLanguage } from './layout-steps';

const password = 'keys for every list and field';

/** Creates a contact with open tasks titled `titles` (from its page's "Add task"); its page stays open. */
async function openContactWithTasks(page: Page, name: string, titles: readonly string[]): Promise<void> {
  await openSection(page, 'contacts');
  await page.getByTestId('list-new').click();
  await fillAndCreate(page, 'contact', { name });
  await page.getByTestId('contact-detail').waitFor(ui);
  const card = page.getByTestId('related-tasks');
  for (const title of titles) {
    await card.getByTestId('related-tasks-add').click();
    await fillAndCreate(page, 'task', { title });
    await card.getByText(title).waitFor(ui);
  }
}

/** The "done" checkbox of the open task titled `title` on a record page. */
function doneCheck(page: Page, title: string): Locator {
  return page.getByTestId('related-tasks').locator('.related-list__item').filter({ hasText: title }).getByTestId('task-done');
}

describe('keyboard and status details from the second walkthrough', () => {
  const faults = new IpcRoute();
  const app = useApp({ context: { viewport: { width: 1280, height: 800 } }, route: faults, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(() => {
    ({ page } = app);
  });

  afterEach(async () => {
    faults.failing.clear();
    await closeDialogs(page);
  });

  it('offers "Update" for a saved view only once the list differs from it, and keeps the focus when it updates', async () => {
    await openSection(page, 'contacts');
    await page.getByTestId('list-new').click();
    await fillAndCreate(page, 'contact', { name: 'Dora Dach' });
    await page.getByTestId('contact-detail').waitFor(ui);
    await openSection(page, 'contacts');
    await page.getByTestId('list-contacts').getByText('Dora Dach').waitFor(ui);
    await page.getByTestId('view-save').click();
    await page.getByTestId('view-name').fill('DACH energy');
    await page.getByTestId('view-name').press('Enter');
    const tab = page.getByTestId('view-bar').getByRole('tab', { name: 'DACH energy' });
    await tab.and(page.locator('[aria-selected="true"]')).waitFor(ui);
    await page.getByTestId('view-name').waitFor({ state: 'detached', ...ui });
    // Just saved: nothing to update.
    expect(await page.getByTestId('view-update').count()).toBe(0);

    // A real change (the sort) offers it.
    await page.getByTestId('sort-name').click();
    const update = page.getByTestId('view-update');
    await update.waitFor(ui);
    expect(await update.textContent()).toBe('Update “DACH energy”');

    // Updated, the view holds the list again: no "Update", and the focus is on the view's tab, not the page.
    await update.focus();
    await page.keyboard.press('Enter');
    await update.waitFor({ state: 'detached', ...ui });
    expect(await tab.evaluate((element) => element === document.activeElement)).toBe(true);

    // Chosen again from "All", the saved view shows as it is: nothing to update.
    await page.getByTestId('view-bar').getByRole('tab').first().click();
    await tab.click();
    await tab.and(page.locator('[aria-selected="true"]')).waitFor(ui);
    expect(await page.getByTestId('view-update').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('lists F2 and Ctrl+Enter among the shortcuts, in English and in Chinese', async () => {
    const expected: readonly (readonly [string, string, string])[] = [
      ['en', 'Edit the focused field of a record', 'Save a multi-line field or a new record, or log the activity being written'],
      ['zh-CN', '编辑记录中选中的字段', '保存多行字段或新记录，或记录正在填写的活动'],
    ];
    for (const [language, f2, ctrlEnter] of expected) {
      await setLanguage(page, language);
      await page.getByTestId('workspace').locator('main').focus();
      await page.keyboard.press('?');
      const help = page.getByTestId('shortcut-help');
      await help.waitFor(ui);
      const rows = await help.locator('dt').evaluateAll((terms) => terms.map((term) => [term.textContent, term.nextElementSibling?.textContent ?? '']));
      expect(rows).toContainEqual(['F2', f2]);
      expect(rows).toContainEqual(['Ctrl+Enter', ctrlEnter]);
      await page.keyboard.press('Escape');
      await help.waitFor({ state: 'detached', timeout: ui.timeout });
    }
    await setLanguage(page, 'en');
    expect(pageErrors).toEqual([]);
  });

  it('moves the focus of a task ticked on a contact page to the next task, then to the card, as its row leaves', async () => {
    await openContactWithTasks(page, 'Tilda Ticks', ['First follow-up', 'Second follow-up']);
    const card = page.getByTestId('related-tasks');
    const rowOf = async (title: string) => `[data-item-id="${await card.locator('.related-list__item').filter({ hasText: title }).getAttribute('data-item-id')}"]`;
    const first = await rowOf('First follow-up');
    const second = await rowOf('Second follow-up');

    // In the frame its row leaves, the focus is on the next task's checkbox.
    await doneCheck(page, 'First follow-up').focus();
    let frames = await watchFrames(page, first, `[data-testid="related-tasks"] ${second} .task-check`);
    await page.keyboard.press('Space');
    await card.getByText('First follow-up').waitFor({ state: 'detached', ...ui });
    expect(await focusedTestId(page)).toBe('task-done');
    let seen = await frames();
    expect(seen.filter((frame) => frame.text === null).map((frame) => frame.focused)).toEqual([true]);
    await page.getByTestId('task-done-toast').first().waitFor(ui);

    // The last one: the focus goes to the card.
    frames = await watchFrames(page, second, '[data-testid="related-tasks"]');
    await page.keyboard.press('Space');
    await card.getByText('Second follow-up').waitFor({ state: 'detached', ...ui });
    expect(await focusedTestId(page)).toBe('related-tasks');
    seen = await frames();
    expect(seen.filter((frame) => frame.text === null).map((frame) => frame.focused)).toEqual([true]);
    expect(pageErrors).toEqual([]);
  });

  it('unticks a task on a contact page when marking it done fails, and shows why', async () => {
    await openContactWithTasks(page, 'Rita Refused', ['Refused follow-up']);
    faults.failing.set('tasks.update', { code: 'BUSY', message: 'The vault is busy. Try again in a moment.' });
    const check = doneCheck(page, 'Refused follow-up');
    await check.focus();
    await page.keyboard.press('Space');
    await page.locator('.toast').filter({ hasText: 'The vault is busy. Try again in a moment.' }).last().waitFor(ui);
    // The task is still open: its box is unticked again, and keeps the focus.
    await expect.poll(() => check.isChecked(), ui).toBe(false);
    expect(await page.getByTestId('related-tasks').getByText('Refused follow-up').count()).toBe(1);
    expect(await focusedTestId(page)).toBe('task-done');
    expect(pageErrors).toEqual([]);
  });

  it('unticks a task on Today when marking it done fails, and shows why', async () => {
    await openSection(page, 'tasks');
    await page.getByTestId('list-new').click();
    await fillAndCreate(page, 'task', { title: 'Refused on Today', dueAt: localDateTime(-1, 9) });
    await page.getByTestId('task-detail').waitFor(ui);
    await openSection(page, 'today');
    const row = page.getByTestId('today-overdue').getByTestId('today-task').filter({ hasText: 'Refused on Today' });
    await row.waitFor(ui);

    faults.failing.set('tasks.update', { code: 'BUSY', message: 'The vault is busy. Try again in a moment.' });
    await row.locator('.task-check').click();
    await page.locator('.toast').filter({ hasText: 'The vault is busy. Try again in a moment.' }).last().waitFor(ui);
    await expect.poll(() => row.locator('.task-check').isChecked(), ui).toBe(false);
    expect(await row.count()).toBe(1);
    expect(pageErrors).toEqual([]);
  });
  it('starts a long list on Today with a link past it, shown when focused, in English and in Chinese', async () => {
    for (let index = 1; index <= 6; index += 1) {
      await openSection(page, 'tasks');
      await page.getByTestId('list-new').click();
      await fillAndCreate(page, 'task', { title: `Skippable overdue ${index}`, dueAt: localDateTime(-2, 8 + index) });
      await page.getByTestId('task-detail').waitFor(ui);
    }
    for (const [language, text] of [
      ['en', (count: number) => `Skip these ${count} tasks`],
      ['zh-CN', (count: number) => `跳过此列表（${count} 个任务）`],
    ] as const) {
      await setLanguage(page, language);
      await openSection(page, 'today');
      const overdue = page.getByTestId('today-overdue');
      await overdue.getByTestId('today-task').nth(5).waitFor(ui);
      const count = await overdue.getByTestId('today-task').count();
      // A short list (Due today is empty) has no link.
      expect(await page.getByTestId('today-due-skip').count()).toBe(0);
      await overdue.focus();
      await page.keyboard.press('Tab');
      const skip = page.getByTestId('today-overdue-skip');
      expect(await focusedTestId(page)).toBe('today-overdue-skip');
      expect(await skip.textContent()).toBe(text(count));
      const box = await skip.boundingBox();
      expect(box?.width ?? 0).toBeGreaterThan(20);
      await page.keyboard.press('Enter');
      expect(await focusedTestId(page)).toBe('today-due');
    }
    await setLanguage(page, 'en');
    expect(pageErrors).toEqual([]);
  });

});
