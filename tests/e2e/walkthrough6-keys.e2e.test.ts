// Keyboard defects the sixth UI walkthrough (a rep's morning, keyboard only,
// in English and Chinese) found, checked in Chromium against the real
// headless shell and vault, driven by key presses alone once the records exist.
import type { Page } from 'playwright-core';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useApp } from './app';
import { closeDialogs, createContacts, focusedTestId, openSection, ui } from './crm-steps';
import { setLanguage } from './layout-steps';

const password = 'a keyboard morning in two languages';

/** In `language`, opens Tasks from the sidebar by key and its New task dialog with "n". */
async function openNewTaskByKeys(page: Page, language: string): Promise<void> {
  await setLanguage(page, language);
  await page.getByTestId('nav-tasks').focus();
  await page.keyboard.press('Enter');
  await page.getByTestId('list-tasks').waitFor(ui);
  await page.getByTestId('workspace').locator('main').focus();
  await page.keyboard.press('n');
  await page.getByTestId('new-task').waitFor(ui);
}

describe('keyboard fixes from the sixth walkthrough', () => {
  const app = useApp({ context: { viewport: { width: 1280, height: 800 } }, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(async () => {
    ({ page } = app);
    await createContacts(page, ['Marta Quell', 'Jonas Brandt']);
  });

  beforeEach(() => closeDialogs(page));

  it('moves the focus into the filter panel, closes it with Esc, and gives the focus back to Filter, in English and in Chinese', async () => {
    for (const language of ['en', 'zh-CN']) {
      await setLanguage(page, language);
      await openSection(page, 'contacts');
      const toggle = page.getByTestId('filter-toggle');
      const panel = page.getByTestId('filter-panel');
      const onToggle = () => toggle.evaluate((element) => element === document.activeElement);

      // Opened by key, the panel has the focus on its first control.
      await toggle.focus();
      await page.keyboard.press('Enter');
      await panel.waitFor(ui);
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('filter-owner');

      // Esc closes it, and the focus is back on Filter.
      await page.keyboard.press('Escape');
      await panel.waitFor({ state: 'detached', ...ui });
      expect(await onToggle()).toBe(true);

      // Applied with Enter: the list is filtered, and the focus is on Filter, not the page.
      await page.keyboard.press('Enter');
      await panel.waitFor(ui);
      await page.getByTestId('filter-tags').focus();
      await page.keyboard.type('vip');
      await page.keyboard.press('Enter');
      await panel.waitFor({ state: 'detached', ...ui });
      await page.getByTestId('list-empty').waitFor(ui);
      expect(await onToggle()).toBe(true);

      // Cancel too.
      await page.keyboard.press('Enter');
      await panel.waitFor(ui);
      await page.getByTestId('filter-cancel').focus();
      await page.keyboard.press('Enter');
      await panel.waitFor({ state: 'detached', ...ui });
      expect(await focusedTestId(page)).toBe('filter-toggle');
      await page.getByTestId('filter-clear').click();
      await page.getByTestId('contact-table-row').first().waitFor(ui);
    }
    await setLanguage(page, 'en');
    expect(pageErrors).toEqual([]);
  });

  it('starts the next entry on the subject after an activity is logged with Ctrl+Enter from the notes, in English and in Chinese', async () => {
    for (const [language, subject, notes] of [
      ['en', 'Called about the renewal', 'Wants a quote by Friday.'],
      ['zh-CN', '电话沟通续约', '周五前要报价。'],
    ] as const) {
      await setLanguage(page, language);
      await page.keyboard.press('Control+k');
      await page.getByTestId('search-input').waitFor(ui);
      await page.keyboard.type('Marta');
      await page.getByTestId('search-hit').first().waitFor(ui);
      await page.keyboard.press('Enter');
      await page.getByTestId('contact-detail').waitFor(ui);
      await page.getByTestId('composer-subject').focus();
      await page.keyboard.type(subject);
      await page.keyboard.press('Tab');
      expect(await focusedTestId(page)).toBe('composer-body');
      await page.keyboard.type(notes);
      await page.keyboard.press('Control+Enter');
      await page.getByTestId('timeline').getByText(subject).waitFor(ui);
      await expect.poll(() => page.getByTestId('composer-body').inputValue(), ui).toBe('');
      expect(await focusedTestId(page)).toBe('composer-subject');
    }
    await setLanguage(page, 'en');
    expect(pageErrors).toEqual([]);
  });

  it('refuses a half-typed reminder in New task and a half-typed due date on the task page, in English and in Chinese', async () => {
    for (const [language, dateTimeWords] of [
      ['en', 'Finish the date and time, or clear it'],
      ['zh-CN', '请把日期和时间填写完整，或将其清空'],
    ] as const) {
      await openNewTaskByKeys(page, language);
      const dialog = page.getByTestId('new-task');
      await page.keyboard.type(`Half-typed reminder ${language}`);
      // Month and day of the reminder, then no year: the browser holds the value "".
      await page.getByTestId('field-remindAt').focus();
      await page.keyboard.type('1203');
      await page.getByTestId('new-task-submit').focus();
      await page.keyboard.press('Enter');
      const error = dialog.getByTestId('field-remindAt-error');
      await error.waitFor(ui);
      expect(await error.textContent()).toBe(dateTimeWords);
      expect(await focusedTestId(page)).toBe('field-remindAt');
      expect(await page.getByTestId('field-remindAt').getAttribute('aria-invalid')).toBe('true');

      // Cleared, it is created without a reminder.
      await page.getByTestId('field-remindAt').fill('');
      await page.getByTestId('new-task-submit').focus();
      await page.keyboard.press('Enter');
      await page.getByTestId('task-detail').waitFor(ui);

      // On its page, one Backspace in Due (the month gone) and Enter: refused, the due date kept.
      const due = page.getByTestId('inline-dueAt');
      const shown = await due.textContent();
      await page.getByTestId('inline-dueAt-edit').focus();
      await page.keyboard.press('F2');
      await page.keyboard.press('Backspace');
      await page.keyboard.press('Enter');
      const dueError = page.getByTestId('inline-dueAt-input-error');
      await dueError.waitFor(ui);
      expect(await dueError.textContent()).toBe(dateTimeWords);
      await page.keyboard.press('Escape');
      await page.getByTestId('inline-dueAt-edit').waitFor(ui);
      expect(await due.textContent()).toBe(shown);
      expect(await page.getByTestId('saved-field-toast').count()).toBe(0);

      // The task has no reminder: month and day typed into the empty field, then Enter. Before, the field still
      // held "" as when it opened, so the editor closed without a word and no reminder was set.
      await page.getByTestId('inline-remindAt-edit').focus();
      await page.keyboard.press('F2');
      await page.keyboard.type('1203');
      await page.keyboard.press('Enter');
      const remindError = page.getByTestId('inline-remindAt-input-error');
      await remindError.waitFor(ui);
      expect(await remindError.textContent()).toBe(dateTimeWords);
      await page.keyboard.press('Escape');
      await page.getByTestId('inline-remindAt-edit').waitFor(ui);
    }
    await setLanguage(page, 'en');
    expect(pageErrors).toEqual([]);
  });

  it('creates a record with Ctrl+Enter from the notes of a New dialog, in English and in Chinese', async () => {
    for (const [language, title] of [
      ['en', 'Send the quote'],
      ['zh-CN', '发送报价'],
    ] as const) {
      await openNewTaskByKeys(page, language);
      await page.keyboard.type(title);
      await page.getByTestId('field-notes').focus();
      await page.keyboard.type('First line');
      // Enter in the notes is a new line; Ctrl+Enter creates the task.
      await page.keyboard.press('Enter');
      await page.keyboard.type('Second line');
      await page.keyboard.press('Control+Enter');
      await page.getByTestId('task-detail').waitFor(ui);
      expect(await page.getByTestId('inline-title').textContent()).toContain(title);
      expect(await page.locator('dialog[open]').count()).toBe(0);
    }
    await setLanguage(page, 'en');
    expect(pageErrors).toEqual([]);
  });
});
