// Keyboard moves in a long list, in Chromium against the real headless shell
// and vault: from the first row, End, Page Down and ↓ move the focus to their
// row, scrolled into the table's view, without a frame in which no row has it
// (a screen reader would announce the page's body there), even when the row
// is far outside the rows rendered; and ↑, Page Up and Home move it to a row
// shown whole below the table's sticky header, not under it.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useApp } from './app';
import { importContactNames, openSection, scrollToListEnd, ui } from './crm-steps';
import { watchFrames } from './first-frames';
import { watchPaints } from './painted-frames';

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

type Place = 'under the header' | 'below the table' | 'in view' | 'no row' | 'no rows in view';

/**
 * Where the focused row lies in the table's scrollport: above its sticky
 * header's bottom edge (partly or wholly under the header), past its bottom
 * edge, or in view between them; or that the view below the header shows no
 * row at all (scrolled to rows not rendered yet). Self-contained: it runs in
 * the page.
 */
const focusedRowPlace = (): Place => {
  const table = document.querySelector<HTMLElement>('[data-testid="contact-table"]');
  const header = table?.querySelector('[role="rowgroup"]');
  if (table === null || header === null || header === undefined) return 'no row';
  const viewTop = header.getBoundingClientRect().bottom;
  const viewBottom = table.getBoundingClientRect().top + table.clientTop + table.clientHeight;
  const rendered = Array.from(table.querySelectorAll('[role="row"][data-index]'), (row) => row.getBoundingClientRect());
  if (!rendered.some((box) => box.bottom > viewTop && box.top < viewBottom)) return 'no rows in view';
  const row = document.activeElement?.closest('[data-testid="contact-table-row"]');
  if (row === null || row === undefined) return 'no row';
  const box = row.getBoundingClientRect();
  if (box.top < viewTop - 0.5) return 'under the header';
  if (box.bottom > viewBottom + 0.5) return 'below the table';
  return 'in view';
};

describe('keyboard moves in a long list', () => {
  const app = useApp({ context: { viewport: { width: 1280, height: 800 } }, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(async () => {
    ({ page } = app);
    const names = Array.from({ length: rows }, (_, index) => `Walked Person ${String(index + 1).padStart(3, '0')}`);
    await importContactNames(page, 'people.csv', names);
  });

  it('keeps the focus on a row through End, Page Down and ↓', async () => {
    await openSection(page, 'contacts');
    const table = page.getByTestId('contact-table');
    // Scrolled to its end once, so the list knows its length (End goes to the last row it holds).
    await scrollToListEnd(table, rows);
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

  it('shows a row reached by ↑, Page Up or Home whole, below the sticky header, in every frame', async () => {
    const table = page.getByTestId('contact-table');
    // The first row, half under the header, is focused (as Tab or a click would): the table scrolls it out from under it.
    await table.evaluate((element) => (element.scrollTop = 24));
    await page.locator('[data-testid="contact-table-row"][aria-rowindex="2"]').focus();
    await expect.poll(() => focusedRow(page), ui).toBe(1);
    expect(await page.evaluate(focusedRowPlace)).toBe('in view');

    // From there to the last row, at the end of the list.
    const toEnd = await watchPaints(page, focusedRowPlace);
    await page.keyboard.press('End');
    await expect.poll(() => focusedRow(page), ui).toBe(rows);
    await expect.poll(() => page.evaluate(focusedRowPlace), ui).toBe('in view');
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    expect({ key: 'End', places: await toEnd() }).toEqual({ key: 'End', places: ['in view'] });
    const visibleRows = await table.evaluate((element) => Math.floor(element.clientHeight / 48));

    // ↑ past the top of the rows in view, then Page Up, then Home: each row it reaches is in view below the header.
    let expected = rows;
    const moves: ('ArrowUp' | 'PageUp' | 'Home')[] = [...Array<'ArrowUp'>(visibleRows + 3).fill('ArrowUp'), 'PageUp', 'PageUp', 'PageUp', 'Home'];
    for (const key of moves) {
      const paints = await watchPaints(page, focusedRowPlace);
      await page.keyboard.press(key);
      expected = key === 'Home' ? 1 : Math.max(1, expected - (key === 'PageUp' ? 10 : 1));
      await expect.poll(() => focusedRow(page), ui).toBe(expected);
      await expect.poll(() => page.evaluate(focusedRowPlace), ui).toBe('in view');
      // Two more frames, so a frame after the one the row came into view in is painted and sampled too.
      await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
      expect({ key, expected, places: await paints() }).toEqual({ key, expected, places: ['in view'] });
    }
    expect(pageErrors).toEqual([]);
  });
});
