// Selecting rows in the entity lists and acting on them, in Chromium against
// the real headless shell and vault: a checkbox per row (named after its
// record), Shift+click for a range, Space and Shift+↓ on a focused row, the
// header's checkbox for every loaded row, Esc to clear; the selection bar's
// Delete trashes the selection in one call (contacts.deleteMany) with one
// Undo that brings all of it back; a filter or the trash clears the
// selection. On Tasks, each row's done checkbox ticks the task done (by
// mouse or keyboard) with Undo as on Today, the row showing it done, and
// "Mark done" completes a selection in one call. The bar says how many rows
// the list holds when it holds more than are selected ("4 selected · 12 in
// this view"; the header's box takes the loaded rows only). Past 500 selected the bar
// says one action takes at most 500 and asks nothing of the vault. Records are written through
// the page's own (routed) IPC socket, as the "New" dialogs would write them.
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { importContactNames, openSection, saveViewAs, scrollToListEnd, ui } from './crm-steps';
import { useInjectingApp } from './injecting-route';

const password = 'bulk actions on a list';
const contacts = 12;

const name = (index: number) => `Bulk Person ${String(index).padStart(2, '0')}`;

/** The names of the contact rows whose checkbox is ticked, in list order. */
async function selectedNames(page: Page): Promise<string[]> {
  return page
    .getByTestId('contact-table-row')
    .filter({ has: page.locator('[data-testid="row-select"]:checked') })
    .evaluateAll((rows) => rows.map((row) => row.getAttribute('aria-label') ?? ''));
}

function rowOf(page: Page, table: string, text: string): Locator {
  return page.getByTestId(`${table}-row`).filter({ hasText: text });
}

describe('selecting rows of a list and acting on them', () => {
  const { route, app } = useInjectingApp({ context: { viewport: { width: 1280, height: 900 } }, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(async () => {
    ({ page } = app);
    for (let index = 1; index <= contacts; index += 1) {
      expect(await route.invoke('contacts.create', { name: name(index) })).toMatchObject({ ok: true });
    }
    for (const [title, status] of [
      ['Bulk task A', 'open'],
      ['Bulk task B', 'in_progress'],
      ['Bulk task C', 'open'],
      ['Bulk task D', 'open'],
    ] as const) {
      expect(await route.invoke('tasks.create', { title, status })).toMatchObject({ ok: true });
    }
  }, 120_000);

  it('selects a range by Shift+click and by keyboard, clears it with Esc, deletes it in one call and undoes that', async () => {
    await openSection(page, 'contacts');
    await expect.poll(() => page.getByTestId('list-count').textContent(), ui).toBe(`${contacts} records`);
    const check = (index: number) => rowOf(page, 'contact-table', name(index)).getByTestId('row-select');
    expect(await check(2).getAttribute('aria-label')).toBe(`Select ${name(2)}`);

    // A click selects (and does not open the record); Shift+click adds the range from it.
    await check(2).click();
    await check(5).click({ modifiers: ['Shift'] });
    expect(await selectedNames(page)).toEqual([name(2), name(3), name(4), name(5)]);
    expect(await page.getByTestId('bulk-count').textContent()).toBe(`4 selected · ${contacts} in this view`);
    expect(await page.getByTestId('list-contacts').isVisible()).toBe(true);

    // Esc clears it.
    await page.keyboard.press('Escape');
    await page.getByTestId('bulk-bar').waitFor({ state: 'detached', ...ui });
    expect(await selectedNames(page)).toEqual([]);

    // By keyboard: Space on a focused row selects it, Shift+↓ moves on and selects the range.
    await rowOf(page, 'contact-table', name(7)).focus();
    await page.keyboard.press('Space');
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Shift+ArrowDown');
    expect(await selectedNames(page)).toEqual([name(7), name(8), name(9)]);
    // Space on a selected row unselects it; Shift+Space adds the range from the last row toggled.
    await page.keyboard.press('Space');
    expect(await selectedNames(page)).toEqual([name(7), name(8)]);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Shift+Space');
    expect(await selectedNames(page)).toEqual([name(7), name(8), name(9), name(10)]);
    expect(await page.getByTestId('bulk-count').textContent()).toBe(`4 selected · ${contacts} in this view`);

    // The selection survives scrolling the rows out of view and back.
    const table = page.getByTestId('contact-table');
    await table.evaluate((element) => (element.scrollTop = element.scrollHeight));
    await table.evaluate((element) => (element.scrollTop = 0));
    await expect.poll(() => selectedNames(page), ui).toEqual([name(7), name(8), name(9), name(10)]);

    // Delete: one call for the four, one toast, one Undo.
    const before = route.calls.length;
    await page.getByTestId('bulk-delete').click();
    const toast = page.getByTestId('bulk-deleted-toast');
    await toast.filter({ hasText: '4 records moved to the trash' }).waitFor(ui);
    await expect.poll(() => page.getByTestId('list-count').textContent(), ui).toBe(`${contacts - 4} records`);
    expect(route.calls.slice(before).filter((channel) => channel.startsWith('contacts.') && channel.includes('elete'))).toEqual(['contacts.deleteMany']);
    expect(await rowOf(page, 'contact-table', name(8)).count()).toBe(0);
    await page.getByTestId('bulk-bar').waitFor({ state: 'detached', ...ui });

    await toast.getByTestId('bulk-deleted-toast-action').click();
    await page.getByTestId('bulk-restored-toast').filter({ hasText: '4 records restored' }).waitFor(ui);
    await expect.poll(() => page.getByTestId('list-count').textContent(), ui).toBe(`${contacts} records`);
    expect(route.calls.filter((channel) => channel === 'contacts.restoreMany')).toHaveLength(1);
    await rowOf(page, 'contact-table', name(8)).waitFor(ui);
    expect(pageErrors).toEqual([]);
  });

  it('selects every loaded row from the header, and a change of list clears the selection', async () => {
    await openSection(page, 'contacts');
    await rowOf(page, 'contact-table', name(1)).waitFor(ui);
    const all = page.getByTestId('select-all');
    expect(await all.getAttribute('aria-label')).toBe('Select all loaded rows');
    await all.click();
    expect(await page.getByTestId('bulk-count').textContent()).toBe(`${contacts} selected`);
    expect(await all.isChecked()).toBe(true);
    // One unselected: the header shows "some".
    await rowOf(page, 'contact-table', name(3)).getByTestId('row-select').click();
    expect(await all.evaluate((element) => (element instanceof HTMLInputElement ? element.indeterminate : null))).toBe(true);
    expect(await page.getByTestId('bulk-count').textContent()).toBe(`${contacts - 1} selected · ${contacts} in this view`);
    // Saved as a view, the list stays as it is: the same rows, still selected (it was read anew, nothing selected).
    const listCalls = () => route.calls.filter((channel) => channel === 'contacts.list').length;
    const before = listCalls();
    await saveViewAs(page, 'Everyone here');
    expect(await page.getByTestId('bulk-count').textContent()).toBe(`${contacts - 1} selected · ${contacts} in this view`);
    expect(listCalls()).toBe(before);

    // The trash is another list: nothing stays selected.
    await page.getByTestId('trash-toggle').click();
    await page.getByTestId('bulk-bar').waitFor({ state: 'detached', ...ui });
    await page.getByTestId('trash-toggle').click();
    await rowOf(page, 'contact-table', name(1)).waitFor(ui);
    expect(await selectedNames(page)).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('restores a selection from the trash', async () => {
    await openSection(page, 'contacts');
    await rowOf(page, 'contact-table', name(11)).getByTestId('row-select').click();
    await rowOf(page, 'contact-table', name(12)).getByTestId('row-select').click();
    await page.getByTestId('bulk-delete').click();
    await expect.poll(() => page.getByTestId('list-count').textContent(), ui).toBe(`${contacts - 2} records`);
    await page.getByTestId('trash-toggle').click();
    await rowOf(page, 'contact-table', name(11)).waitFor(ui);
    await page.getByTestId('select-all').click();
    expect(await page.getByTestId('bulk-delete').count()).toBe(0);
    await page.getByTestId('bulk-restore').click();
    await page.getByTestId('bulk-restored-toast').filter({ hasText: '2 records restored' }).waitFor(ui);
    await page.getByTestId('list-empty').waitFor(ui);
    await page.getByTestId('trash-toggle').click();
    await expect.poll(() => page.getByTestId('list-count').textContent(), ui).toBe(`${contacts} records`);
    expect(pageErrors).toEqual([]);
  });

  it('ticks a task done from its row, by mouse and by keyboard, shows it done, and undoes it', async () => {
    await openSection(page, 'tasks');
    const row = rowOf(page, 'task-table', 'Bulk task A');
    await row.waitFor(ui);
    const done = row.getByTestId('task-list-done');
    expect(await done.getAttribute('aria-label')).toBe('Mark done: Bulk task A');
    await done.click();
    await page.getByTestId('task-done-toast').filter({ hasText: 'Task completed' }).waitFor(ui);
    // The row stays, shown done, and the task page did not open.
    await expect.poll(() => done.isChecked(), ui).toBe(true);
    expect(await row.locator('.is-done').count()).toBe(1);
    expect(await page.getByTestId('list-tasks').isVisible()).toBe(true);
    await page.getByTestId('task-done-toast').last().getByTestId('task-done-toast-action').click();
    await page.getByTestId('task-reopened-toast').waitFor(ui);
    await expect.poll(() => done.isChecked(), ui).toBe(false);
    expect(await row.locator('.is-done').count()).toBe(0);

    // By keyboard: the row's controls are Tab stops from the focused row; Space ticks.
    const rowB = rowOf(page, 'task-table', 'Bulk task B');
    await rowB.focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('row-select');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Mark done: Bulk task B');
    await page.keyboard.press('Space');
    await expect.poll(() => rowB.getByTestId('task-list-done').isChecked(), ui).toBe(true);
    // Undo gives it back its status before: in progress.
    await page.getByTestId('task-done-toast').last().getByTestId('task-done-toast-action').click();
    await expect.poll(() => rowB.getByTestId('task-list-done').isChecked(), ui).toBe(false);
    await rowB.getByText('In progress', { exact: true }).waitFor(ui);

    // Unticking a done task reopens it, and that offers Undo too: done again.
    await done.click();
    await expect.poll(() => done.isChecked(), ui).toBe(true);
    await done.click();
    await expect.poll(() => done.isChecked(), ui).toBe(false);
    await page.getByTestId('task-reopened-toast').filter({ has: page.getByTestId('task-reopened-toast-action') }).getByTestId('task-reopened-toast-action').click();
    await expect.poll(() => done.isChecked(), ui).toBe(true);
    await done.click();
    await expect.poll(() => done.isChecked(), ui).toBe(false);

    // Undo after the list was read again (another sort): "Open tasks" left the done task out, and Undo brings it
    // back. Before, the Undo changed the rows of the list as it was ticked, no longer shown, and the task stayed away.
    await done.click();
    await expect.poll(() => done.isChecked(), ui).toBe(true);
    await page.getByTestId('sort-title').click();
    await page.locator('[role="columnheader"][data-column="title"][aria-sort="ascending"]').waitFor(ui);
    await row.waitFor({ state: 'detached', timeout: ui.timeout });
    await page.getByTestId('task-done-toast').last().getByTestId('task-done-toast-action').click();
    await expect.poll(() => row.getByTestId('task-list-done').isChecked(), ui).toBe(false);
    await page.getByTestId('sort-dueAt').click();
    await page.locator('[role="columnheader"][data-column="dueAt"][aria-sort="ascending"]').waitFor(ui);
    expect(pageErrors).toEqual([]);
  });

  it('marks a selection of tasks done in one call, and Undo gives each its status back', async () => {
    await openSection(page, 'tasks');
    await rowOf(page, 'task-table', 'Bulk task D').waitFor(ui);
    await expect.poll(() => page.getByTestId('list-count').textContent(), ui).toBe('4 records');
    for (const title of ['Bulk task B', 'Bulk task C', 'Bulk task D']) await rowOf(page, 'task-table', title).getByTestId('row-select').click();
    // (A single tick's Undo, in the test before, goes through the same channel.)
    const before = route.calls.filter((channel) => channel === 'tasks.setStatusMany').length;
    await page.getByTestId('bulk-done').click();
    const toast = page.getByTestId('bulk-done-toast');
    await toast.filter({ hasText: '3 tasks marked done' }).waitFor(ui);
    // "Open tasks" no longer lists them.
    await expect.poll(() => page.getByTestId('list-count').textContent(), ui).toBe('1 record');
    expect(route.calls.filter((channel) => channel === 'tasks.setStatusMany').length - before).toBe(1);
    await toast.getByTestId('bulk-done-toast-action').click();
    await page.getByTestId('bulk-undone-toast').waitFor(ui);
    await expect.poll(() => page.getByTestId('list-count').textContent(), ui).toBe('4 records');
    await rowOf(page, 'task-table', 'Bulk task B').getByText('In progress', { exact: true }).waitFor(ui);
    expect(pageErrors).toEqual([]);
  });

  it('says when more are selected than one action takes, and then acts on none', async () => {
    const more = 500;
    await importContactNames(page, 'many.csv', Array.from({ length: more }, (_, index) => `Many Person ${String(index).padStart(3, '0')}`));

    await openSection(page, 'contacts');
    const table = page.getByTestId('contact-table');
    // Fresh, the list holds its first page only: the header's box selects those, and the bar says how many the list holds.
    await expect.poll(() => page.getByTestId('list-count').textContent(), ui).toBe(`${contacts + more} records`);
    await page.getByTestId('select-all').click();
    const loaded = await page.getByTestId('bulk-count').textContent();
    expect(loaded).toMatch(new RegExp(`^\\d+ selected · ${contacts + more} in this view$`));
    expect(Number.parseInt(loaded ?? '', 10)).toBeLessThan(contacts + more);
    await page.keyboard.press('Escape');
    await page.getByTestId('bulk-bar').waitFor({ state: 'detached', ...ui });
    // Scrolled to the end once, so the list holds every row: all are selected, and the bar says the count alone.
    await scrollToListEnd(table, contacts + more);
    await page.getByTestId('select-all').click();
    expect(await page.getByTestId('bulk-count').textContent()).toBe(`${contacts + more} selected`);
    expect(await page.getByTestId('bulk-too-many').textContent()).toBe('One action takes at most 500 records: select fewer.');
    expect(await page.getByTestId('bulk-delete').getAttribute('aria-disabled')).toBe('true');
    const before = route.calls.length;
    // Clicked all the same (Playwright would wait for it to be enabled): nothing is asked of the vault.
    await page.getByTestId('bulk-delete').click({ force: true });
    await page.getByTestId('bulk-count').waitFor(ui);
    expect(route.calls.slice(before)).not.toContain('contacts.deleteMany');
    expect(await page.getByTestId('list-count').textContent()).toBe(`${contacts + more} records`);
    await page.keyboard.press('Escape');
    await page.getByTestId('bulk-bar').waitFor({ state: 'detached', ...ui });
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
