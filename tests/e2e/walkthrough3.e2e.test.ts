// Findings of the third UI walkthrough, checked in Chromium against the real
// headless shell and vault: after Change password answers, focus is where the
// answer is (a wrong current password: that field, marked invalid and
// described by the message; success: the message), never the page's body.
// The Tasks and Activities lists at 1280 px show a task's title and an
// activity's subject whole (on up to two lines) in both languages, with the
// due time and the time whole too, and only the headers that sort are buttons.
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useApp } from './app';
import { localDateTime } from './crm-fixtures';
import { accessibleText, fillAndCreate, openSection, ui } from './crm-steps';
import { setLanguage } from './layout-steps';

const password = 'the third walk through the screens';
const newPassword = 'a second password for the third walk';

/** The test id of the element the focus is on, or of its closest ancestor that has one. */
function focusedWithin(page: Page): Promise<string> {
  return page.evaluate(() => document.activeElement?.closest('[data-testid]')?.getAttribute('data-testid') ?? document.activeElement?.tagName.toLowerCase() ?? 'none');
}

/** The text of the cell of `column` in each row of `table` that its cell cuts (across or below), with the column's width. */
function cutCells(table: Locator, column: string): Promise<string[]> {
  return table.evaluate((root, column) => {
    const index = Array.from(root.querySelectorAll('[role="columnheader"]')).findIndex((header) => header.getAttribute('data-column') === column);
    if (index < 0) return [`no ${column} column`];
    const cut: string[] = [];
    for (const row of Array.from(root.querySelectorAll('.vtable__body [role="row"]'))) {
      const cell = row.querySelectorAll('[role="cell"]')[index];
      if (cell === undefined) continue;
      // Words for screen readers only (an overdue task's "Overdue") sit in a 1 px box on purpose: not cut text.
      for (const element of [cell, ...Array.from(cell.querySelectorAll('*'))].filter((candidate) => candidate.closest('.visually-hidden') === null)) {
        if (element.scrollWidth > element.clientWidth + 1 || element.scrollHeight > element.clientHeight + 1) {
          cut.push(`“${cell.textContent ?? ''}” in ${String(Math.round(cell.getBoundingClientRect().width))} px`);
          break;
        }
      }
    }
    return cut;
  }, column);
}

describe('findings of the third walkthrough', () => {
  const app = useApp({ context: { viewport: { width: 1280, height: 800 } }, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(() => {
    ({ page } = app);
  });

  it('keeps focus on the change-password answer: the refused current password, then the success message', async () => {
    await openSection(page, 'settings');
    const current = page.getByTestId('change-current');
    await current.fill('not the current password');
    await page.getByTestId('change-next').fill(newPassword);
    await page.getByTestId('change-confirm').fill(newPassword);
    await page.getByTestId('change-submit').click();

    // Refused: the field is focused, invalid, and described by the message.
    const error = page.getByTestId('change-error');
    await error.waitFor(ui);
    await expect.poll(() => focusedWithin(page), ui).toBe('change-current');
    expect(await current.getAttribute('aria-invalid')).toBe('true');
    const { description } = await accessibleText(page, '[data-testid="change-current"]');
    expect(description).toContain('Wrong password');
    expect(description).toBe((await error.textContent()) ?? '');

    // Typing again clears the mark; the right password is taken, and focus moves to the message that says so.
    await current.fill(password);
    expect(await current.getAttribute('aria-invalid')).toBe('false');
    await page.getByTestId('change-submit').click();
    await page.getByTestId('change-success').waitFor(ui);
    await expect.poll(() => focusedWithin(page), ui).toBe('change-success');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(await page.getByTestId('change-success').textContent());
    expect(pageErrors).toEqual([]);
  });

  it('shows a task’s title and an activity’s subject whole at 1280 px, and makes only the headers that sort look sortable', async () => {
    await openSection(page, 'tasks');
    await page.getByTestId('list-new').click();
    await fillAndCreate(page, 'task', { title: 'Follow up on samples with Hans-Peter Sommerfeld', dueAt: localDateTime(3, 10), priority: 'high' });
    await page.getByTestId('task-detail').waitFor(ui);
    await openSection(page, 'tasks');
    await page.getByTestId('list-new').click();
    await fillAndCreate(page, 'task', { title: 'Prepare the visit at Petersen Maschinenbau', dueAt: localDateTime(-2, 9) });
    await page.getByTestId('task-detail').waitFor(ui);
    await openSection(page, 'activities');
    await page.getByTestId('list-new').click();
    await fillAndCreate(page, 'activity', { subject: 'On-site meeting with Hans-Peter Sommerfeld', durationMinutes: '90' });
    await page.getByTestId('activity-detail').waitFor(ui);

    const lists = [
      { section: 'tasks', table: 'task-table', columns: ['title', 'dueAt'], sortable: ['title', 'dueAt'] },
      { section: 'activities', table: 'activity-table', columns: ['subject', 'occurredAt'], sortable: ['occurredAt'] },
    ] as const;
    const found: string[] = [];
    for (const language of ['en', 'zh-CN']) {
      await setLanguage(page, language);
      for (const list of lists) {
        await openSection(page, list.section);
        const table = page.getByTestId(list.table);
        await page.getByTestId(`${list.table}-row`).first().waitFor(ui);
        for (const column of list.columns) for (const cut of await cutCells(table, column)) found.push(`${language} ${list.section} ${column}: ${cut}`);
        // A header that sorts is a button; one that does not is a plain label, drawn unlike the buttons.
        const headers = await table.locator('[role="columnheader"]').evaluateAll((cells) =>
          cells.map((cell) => ({
            column: cell.getAttribute('data-column') ?? '',
            button: cell.querySelector('button') !== null,
            colour: getComputedStyle(cell.querySelector('.vtable__label') ?? cell).color,
          })),
        );
        expect(headers.filter((header) => header.button).map((header) => header.column)).toEqual(list.sortable);
        const sortColours = new Set(headers.filter((header) => header.button && header.column !== list.sortable[0]).map((header) => header.colour));
        for (const plain of headers.filter((header) => !header.button)) expect(sortColours.has(plain.colour), `${list.section} ${plain.column}`).toBe(false);
      }
    }
    await setLanguage(page, 'en');
    expect(found).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
