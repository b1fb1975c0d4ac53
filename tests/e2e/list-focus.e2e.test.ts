// Keyboard moves in a long list, in Chromium against the real headless shell
// and vault: from the first row, End, Page Down and ↓ move the focus to their
// row, scrolled into the table's view, without a frame in which no row has it
// (a screen reader would announce the page's body there), even when the row
// is far outside the rows rendered.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useApp } from './app';
import { openSection, ui } from './crm-steps';
import { watchFrames } from './first-frames';

const password = 'a long list walked by keyboard';
const rows = 300;

/** The focused row's position in the list (its aria-rowindex counts the header as 1), or null when no row has the focus. */
function focusedRow(page: Page): Promise<number | null> {
  return page.evaluate(() => {
    const index = document.activeElement?.closest('[data-testid="contact-table-row"]')?.getAttribute('aria-rowindex');
    return index === undefined || index === null ? null : Number(index) - 1;
  });
}

/** Whether the focused element lies inside the table's box. */
function focusedRowInView(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const row = document.activeElement?.getBoundingClientRect();
    const table = document.querySelector('[data-testid="contact-table"]')?.getBoundingClientRect();
    return row !== undefined && table !== undefined && row.top >= table.top && row.bottom <= table.bottom;
  });
}

describe('keyboard moves in a long list', () => {
  const app = useApp({ context: { viewport: { width: 1280, height: 800 } }, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(async () => {
    ({ page } = app);
    const lines = ['Name'];
    for (let index = 1; index <= rows; index += 1) lines.push(`Walked Person ${String(index).padStart(3, '0')}`);
    await openSection(page, 'transfer');
    await page.getByTestId('import-file').setInputFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\r\n'), 'utf8') });
    await page.getByTestId('import-ready').filter({ hasText: 'people.csv' }).waitFor(ui);
    await page.getByTestId('import-run').click();
    await page.getByTestId('report-imported').filter({ hasText: String(rows) }).waitFor(ui);
  });

  it('keeps the focus on a row through End, Page Down and ↓', async () => {
    await openSection(page, 'contacts');
    const table = page.getByTestId('contact-table');
    // Scrolled to its end once, so the list knows its length (End goes to the last row it holds).
    await expect
      .poll(async () => {
        await table.evaluate((element) => (element.scrollTop = element.scrollHeight));
        return table.getAttribute('aria-rowcount');
      }, ui)
      .toBe(String(rows + 1));
    // Back at the top, the list renders its first rows in the frame after the scroll: focus the first row once it is there.
    await expect
      .poll(async () => {
        await table.evaluate((element) => (element.scrollTop = 0));
        return page.getByTestId('contact-table-row').first().getAttribute('aria-rowindex');
      }, ui)
      .toBe('2');
    await page.getByTestId('contact-table-row').first().focus();
    expect(await focusedRow(page)).toBe(1);

    for (const [key, expected] of [
      ['End', rows],
      ['Home', 1],
      ['PageDown', 11],
      ['ArrowDown', 12],
    ] as const) {
      const frames = await watchFrames(page, '[data-testid="contact-table"]', '[data-testid="contact-table-row"]:focus');
      await page.keyboard.press(key);
      await expect.poll(() => focusedRow(page), ui).toBe(expected);
      await expect.poll(() => focusedRowInView(page), ui).toBe(true);
      const seen = await frames();
      expect({ key, lost: seen.filter((frame) => !frame.focused).length }).toEqual({ key, lost: 0 });
    }
    expect(pageErrors).toEqual([]);
  });
});
