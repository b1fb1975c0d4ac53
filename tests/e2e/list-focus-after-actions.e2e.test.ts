// Where the focus goes when a list's control removes itself, in Chromium
// against the real headless shell and vault (walkthrough 6, findings 4 and
// 5): the toolbar's "Clear filters" goes with the filters, and hands the
// focus to the Filter button beside it rather than to the page's body. A bulk
// action takes its rows (and the selection bar) away: the focus goes to the
// row now at the first acted-on position, the last row when none is left
// there, or the list's panel when the list is empty, and ↑/↓ go on from that
// row. The Delete key runs the bar's Delete on the selection, from a row or
// the bar, never from a text field. The bar's Clear (or Esc in the bar)
// gives the focus to the first selected row. Driven by the keyboard alone.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { focusedTestId, openSection, ui } from './crm-steps';
import { useInjectingApp } from './injecting-route';

const password = 'the focus stays in the list';
const contacts = 8;

const name = (index: number) => `Focus Person ${String(index)}`;

/** The focused list row's name, or the focused element's test id (or tag) when no row has the focus. */
function focusedRowName(page: Page): Promise<string> {
  return page.evaluate(() => {
    const active = document.activeElement;
    const row = active?.closest('[data-testid="contact-table-row"]');
    if (row !== null && row !== undefined && row === active) return row.getAttribute('aria-label') ?? '';
    return active?.getAttribute('data-testid') ?? active?.getAttribute('role') ?? active?.tagName.toLowerCase() ?? 'none';
  });
}

/** The rows' names, in list order. */
function listedNames(page: Page): Promise<string[]> {
  return page.getByTestId('contact-table-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('aria-label') ?? ''));
}

describe('the focus after a list control removes itself', () => {
  const { route, app } = useInjectingApp({ context: { viewport: { width: 1280, height: 800 } }, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(async () => {
    ({ page } = app);
    for (let index = 1; index <= contacts; index += 1) {
      expect(await route.invoke('contacts.create', { name: name(index) })).toMatchObject({ ok: true });
    }
  }, 120_000);

  /** Opens the contacts list with the focus on its first row (the table's Tab stop), every contact listed. */
  async function contactsFromTheFirstRow(count: number): Promise<void> {
    await openSection(page, 'contacts');
    await expect.poll(() => page.getByTestId('list-count').textContent(), ui).toBe(`${count} records`);
    await page.getByTestId('contact-table-row').first().focus();
    expect(await focusedRowName(page)).toBe(name(1));
  }

  /** Back from a row to the bar above the table by Shift+Tab, until the element of this test id has the focus. */
  async function backTo(testId: string): Promise<void> {
    for (let press = 0; press < 12 && (await focusedTestId(page)) !== testId; press += 1) await page.keyboard.press('Shift+Tab');
    expect(await focusedTestId(page)).toBe(testId);
  }

  /** The last delete's Undo, and every contact is back. */
  async function undoDelete(): Promise<void> {
    await page.getByTestId('bulk-deleted-toast-action').last().click();
    await expect.poll(() => page.getByTestId('list-count').textContent(), ui).toBe(`${contacts} records`);
  }

  it('after the bar’s Delete, the focus is on the row now where the first deleted one was, and ↓ goes on from it', async () => {
    await contactsFromTheFirstRow(contacts);
    // Rows 3 and 4 selected: ↓ ↓, Space, Shift+↓.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Space');
    await page.keyboard.press('Shift+ArrowDown');
    expect(await page.getByTestId('bulk-count').textContent()).toBe(`2 selected · ${contacts} in this view`);
    // Back to the bar (above the table), and Enter on its Delete.
    await backTo('bulk-delete');
    await page.keyboard.press('Enter');
    await page.getByTestId('bulk-deleted-toast').filter({ hasText: '2 records moved to the trash' }).waitFor(ui);
    await expect.poll(() => page.getByTestId('list-count').textContent(), ui).toBe(`${contacts - 2} records`);
    await expect.poll(() => focusedRowName(page), ui).toBe(name(5));
    // The row is the table's Tab stop, and the keys go on from it.
    expect(await page.getByTestId('contact-table-row').filter({ hasText: name(5) }).getAttribute('tabindex')).toBe('0');
    await page.keyboard.press('ArrowDown');
    expect(await focusedRowName(page)).toBe(name(6));
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    expect(await focusedRowName(page)).toBe(name(2));

    await undoDelete();
    expect(pageErrors).toEqual([]);
  });

  it('runs Delete with the Delete key on a selected row, the focus then on the new last row', async () => {
    await contactsFromTheFirstRow(contacts);
    await page.keyboard.press('End');
    await page.keyboard.press('Space');
    await page.keyboard.press('Shift+ArrowUp');
    expect(await page.getByTestId('bulk-count').textContent()).toBe(`2 selected · ${contacts} in this view`);
    const before = route.calls.length;
    await page.keyboard.press('Delete');
    await page.getByTestId('bulk-deleted-toast').filter({ hasText: '2 records moved to the trash' }).waitFor(ui);
    await expect.poll(() => page.getByTestId('list-count').textContent(), ui).toBe(`${contacts - 2} records`);
    expect(route.calls.slice(before).filter((channel) => channel === 'contacts.deleteMany')).toHaveLength(1);
    expect(await listedNames(page)).not.toContain(name(contacts));
    await expect.poll(() => focusedRowName(page), ui).toBe(name(contacts - 2));

    await undoDelete();
    expect(pageErrors).toEqual([]);
  });

  it('runs Delete from the bar with the Delete key, and never from a text field', async () => {
    await contactsFromTheFirstRow(contacts);
    await page.keyboard.press('Space');
    const before = route.calls.length;
    // Typing in the filter panel's text field: Delete deletes a character, not the selected row.
    await page.getByTestId('filter-toggle').focus();
    await page.keyboard.press('Enter');
    const field = page.getByTestId('filter-panel').locator('input:not([type])').first();
    await field.focus();
    await page.keyboard.type('abc');
    await page.keyboard.press('Home');
    await page.keyboard.press('Delete');
    expect(await field.inputValue()).toBe('bc');
    expect(route.calls.slice(before)).not.toContain('contacts.deleteMany');
    expect(await page.getByTestId('bulk-count').textContent()).toBe(`1 selected · ${contacts} in this view`);
    // From the bar's Clear button, Delete runs the bar's Delete.
    expect(await page.getByTestId('bulk-delete').getAttribute('aria-keyshortcuts')).toBe('Delete');
    await page.getByTestId('bulk-clear').focus();
    await page.keyboard.press('Delete');
    await page.getByTestId('bulk-deleted-toast').filter({ hasText: '1 record moved to the trash' }).waitFor(ui);
    await expect.poll(() => focusedRowName(page), ui).toBe(name(2));
    await undoDelete();
    expect(pageErrors).toEqual([]);
  });

  it('puts the focus on the list’s panel when a bulk action empties the list', async () => {
    await contactsFromTheFirstRow(contacts);
    // Shift+End is not a key of the table: Shift+↓ to the end.
    await page.keyboard.press('Space');
    for (let press = 1; press < contacts; press += 1) await page.keyboard.press('Shift+ArrowDown');
    expect(await page.getByTestId('bulk-count').textContent()).toBe(`${contacts} selected`);
    await page.keyboard.press('Delete');
    await page.getByTestId('list-empty').waitFor(ui);
    await expect.poll(() => focusedRowName(page), ui).toBe('tabpanel');
    await undoDelete();
    expect(pageErrors).toEqual([]);
  });

  it('gives the focus to the first selected row when the bar’s Clear or Esc takes the bar away', async () => {
    await contactsFromTheFirstRow(contacts);
    // Rows 4 and 5 selected, then back to the bar's Clear, and Enter.
    for (let press = 0; press < 3; press += 1) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Space');
    await page.keyboard.press('Shift+ArrowDown');
    await backTo('bulk-clear');
    await page.keyboard.press('Enter');
    await page.getByTestId('bulk-count').waitFor({ state: 'detached', ...ui });
    await expect.poll(() => focusedRowName(page), ui).toBe(name(4));
    await page.keyboard.press('ArrowDown');
    expect(await focusedRowName(page)).toBe(name(5));

    // Esc from the bar's Delete button: the same.
    await page.keyboard.press('Space');
    await backTo('bulk-delete');
    await page.keyboard.press('Escape');
    await page.getByTestId('bulk-count').waitFor({ state: 'detached', ...ui });
    await expect.poll(() => focusedRowName(page), ui).toBe(name(5));
    expect(pageErrors).toEqual([]);
  });

  /** "Open deals" with won deals added to its Outcome filter by hand. */
  async function addWonDeals() {
    await page.getByTestId('filter-toggle').click();
    await page.getByTestId('filter-stageKind-won').click();
    await page.getByTestId('filter-apply').click();
    await page.getByTestId('filter-panel').waitFor({ state: 'detached', ...ui });
  }

  it('moves the focus from "Clear filters" to the Filter button', async () => {
    // The deals list opens on "Open deals"; won deals added by hand to its filter, "Clear filters" shows.
    await openSection(page, 'deals');
    await addWonDeals();
    const clear = page.getByTestId('filter-clear');
    await clear.waitFor(ui);
    expect(await page.getByTestId('filter-toggle').textContent()).toBe('1 filter');
    await clear.focus();
    await page.keyboard.press('Enter');
    await clear.waitFor({ state: 'detached', ...ui });
    // Back to the tab's own filter (open deals), not to none.
    expect(await page.getByTestId('filter-toggle').textContent()).toBe('1 filter');
    expect(await focusedTestId(page)).toBe('filter-toggle');
    // Enter there opens the panel: the rep is where they were.
    await page.keyboard.press('Enter');
    expect(await page.getByTestId('filter-toggle').getAttribute('aria-expanded')).toBe('true');
    expect(pageErrors).toEqual([]);
  });

  it('closes an open filter panel when the toolbar clears the filters or shows the trash, so Apply cannot bring back what they changed', async () => {
    await openSection(page, 'contacts');
    await openSection(page, 'deals');
    await addWonDeals();
    await page.getByTestId('filter-clear').waitFor(ui);
    // The panel opens on the list's filter (open and won deals); the toolbar's Clear takes it back to "Open deals"'.
    await page.getByTestId('filter-toggle').click();
    await page.getByTestId('filter-panel').waitFor(ui);
    await page.getByTestId('filter-clear').click();
    // Before, the panel stayed with its draft, and Apply put the cleared filter back.
    await page.getByTestId('filter-panel').waitFor({ state: 'detached', ...ui });
    await page.getByTestId('filter-clear').waitFor({ state: 'detached', ...ui });
    // The trash empties the filter too.
    await page.getByTestId('filter-toggle').click();
    await page.getByTestId('filter-panel').waitFor(ui);
    await page.getByTestId('trash-toggle').click();
    await page.getByTestId('filter-panel').waitFor({ state: 'detached', ...ui });
    await page.getByTestId('trash-toggle').click();
    expect(pageErrors).toEqual([]);
  });
});
