// Undo of a bulk action far down a list, in Chromium against the real headless
// shell and vault: three contacts deleted near row 300 of 400 and put back by
// Ctrl+Z, or by the toast's Undo, come back where they stood, and the focus
// goes to the first of them, the list still scrolled there. Before, the Undo
// read the list anew from the top: the row the focus was on was no longer
// drawn and the focus fell to the page's body.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useApp } from './app';
import { importContactNames, openSection, ui } from './crm-steps';

const password = 'undo where it happened';
const rows = 400;
const nameOf = (n: number) => `Undo Person ${String(n).padStart(4, '0')}`;

/** The focused row's position (0-based) and name, or what has the focus instead. */
function focusedRow(page: Page): Promise<string> {
  return page.evaluate(() => {
    const active = document.activeElement;
    const row = active?.closest('[data-testid="contact-table"] [role="row"]');
    if (row === null || row === undefined || row !== active) return `not a row: ${active?.tagName ?? 'none'}`;
    return `row ${String(Number(row.getAttribute('aria-rowindex')) - 2)}: ${row.getAttribute('aria-label') ?? ''}`;
  });
}

/** The position in a `focusedRow` text, -1 when no row has the focus. */
function focusedIndex(text: string): number {
  const found = /^row (\d+): /.exec(text);
  return found === null ? -1 : Number(found[1]);
}

describe('Undo of a bulk action far down a list', () => {
  const app = useApp({ context: { viewport: { width: 1280, height: 800 } }, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(async () => {
    ({ page } = app);
    await importContactNames(
      page,
      'undo.csv',
      Array.from({ length: rows }, (_, index) => nameOf(index + 1)),
    );
  }, 120_000);

  const table = () => page.getByTestId('contact-table');
  const listCount = () => page.getByTestId('list-count').textContent();

  /** Rows 300 to 302 selected from the keyboard and deleted with the Delete key; resolves the first one's row text. */
  async function deleteThreeNearRow300(): Promise<string> {
    // The toasts of a case before linger (8 s): gone first, so this case's toast and its Undo are the only ones.
    await expect.poll(() => page.locator('.toast').count(), { timeout: 30_000 }).toBe(0);
    await openSection(page, 'transfer');
    await openSection(page, 'contacts');
    const first = page.getByTestId('contact-table-row').first();
    await expect.poll(() => first.getAttribute('aria-label'), ui).toContain(nameOf(1));
    await first.focus();
    // PageDown moves ten rows at a time; pressed until the focus is near row 300.
    for (let press = 0; press < 40 && focusedIndex(await focusedRow(page)) < 295; press += 1) await page.keyboard.press('PageDown');
    const acted = await focusedRow(page);
    const at = focusedIndex(acted);
    expect(at).toBeGreaterThanOrEqual(295);
    await page.keyboard.press('Space');
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Shift+ArrowDown');
    await expect.poll(() => page.getByTestId('bulk-count').textContent(), ui).toMatch(/^3 selected/);
    await page.keyboard.press('Delete');
    await page.getByTestId('bulk-deleted-toast').filter({ hasText: '3 records moved to the trash' }).waitFor(ui);
    // The focus is on the row now where the first deleted one was (ListPage's focus after a bulk action).
    await expect.poll(async () => focusedIndex(await focusedRow(page)), ui).toBe(at);
    expect(await focusedRow(page)).not.toBe(acted);
    return acted;
  }

  /** The records are back, the first of them focused where it stood, the list still scrolled there. */
  async function expectBackInPlace(acted: string): Promise<void> {
    await page.getByTestId('bulk-restored-toast').waitFor(ui);
    await expect.poll(() => focusedRow(page), ui).toBe(acted);
    expect(await table().evaluate((element) => element.scrollTop)).toBeGreaterThan(0);
    const focusedBox = await page.evaluate(() => {
      const box = document.activeElement?.getBoundingClientRect();
      return box === undefined ? null : { top: box.top, bottom: box.bottom };
    });
    const tableBox = await table().boundingBox();
    // The focused row is on screen, inside the table.
    expect(focusedBox).not.toBeNull();
    expect(focusedBox?.top ?? 0).toBeGreaterThanOrEqual(tableBox?.y ?? 0);
    expect(focusedBox?.bottom ?? 0).toBeLessThanOrEqual((tableBox?.y ?? 0) + (tableBox?.height ?? 0));
  }

  it('puts the rows back with Ctrl+Z, the focus on the first of them and the list scrolled there', async () => {
    const acted = await deleteThreeNearRow300();
    await page.keyboard.press('Control+z');
    await expectBackInPlace(acted);
    expect(pageErrors).toEqual([]);
  });

  it('puts the rows back with the toast’s Undo, the focus on the first of them and the list scrolled there', async () => {
    const acted = await deleteThreeNearRow300();
    await page.getByTestId('bulk-deleted-toast-action').click();
    await expectBackInPlace(acted);
    await expect.poll(listCount, ui).toBe(`${rows} records`);
    expect(pageErrors).toEqual([]);
  });
});
