// A list longer than the pages it holds at once (12 pages of 100 rows), in
// Chromium against the real headless shell and vault: End pressed from the
// first row, before the list knows its length, moves the focus page by page
// to the last row without a frame in which no row has it (the last page,
// shorter than the rows counted for it, takes away the row End had reached);
// and Back from a record opened near the end of the list returns the focus to
// its row (the pages before it are read again, keyset pages cannot be
// skipped, and reading them must not drop the page the row is on).
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useApp } from './app';
import { importContactNames, openSection, scrollToListEnd, ui } from './crm-steps';
import { watchFrames } from './first-frames';

const password = 'a list longer than its window';
const rows = 1_450;
const nameOf = (n: number) => `Far Person ${String(n).padStart(4, '0')}`;

interface FocusedRow {
  /** Its position, 1-based (aria-rowindex counts the header). */
  readonly at: number;
  /** Its accessible name ('' while its page is not read). */
  readonly name: string;
}

/** The focused row, or what has the focus instead. */
function focusedRow(page: Page): Promise<FocusedRow | string> {
  return page.evaluate(() => {
    const active = document.activeElement;
    const row = active?.closest('[data-testid="contact-table"] [role="row"]');
    if (row === null || row === undefined) return `not a row: ${active?.tagName ?? 'none'}`;
    return { at: Number(row.getAttribute('aria-rowindex')) - 1, name: row.getAttribute('aria-label') ?? '' };
  });
}

/** The focused row as "row N: name", or what has the focus instead. */
async function focusedRowText(page: Page): Promise<string> {
  const row = await focusedRow(page);
  return typeof row === 'string' ? row : `row ${row.at}: ${row.name}`;
}

describe('a list longer than the pages it holds', () => {
  const app = useApp({ context: { viewport: { width: 1280, height: 800 } }, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(async () => {
    ({ page } = app);
    await importContactNames(
      page,
      'far.csv',
      Array.from({ length: rows }, (_, index) => nameOf(index + 1)),
    );
  }, 120_000);

  it('moves the focus by End, page after page, to the last row, a row holding it in every frame', async () => {
    await openSection(page, 'contacts');
    const first = page.getByTestId('contact-table-row').first();
    await expect.poll(() => first.getAttribute('aria-label'), ui).toContain(nameOf(1));
    await first.focus();
    let reached = 1;
    for (let press = 0; press < 30 && reached < rows; press += 1) {
      const frames = await watchFrames(page, '[data-testid="contact-table"]', '[data-testid="contact-table"] [role="row"]:focus');
      await page.keyboard.press('End');
      // Settled: the row End reached holds its record (its page read), or the focus left the rows.
      await expect
        .poll(async () => {
          const now = await focusedRow(page);
          return typeof now === 'string' || (now.at > reached && now.name.includes('Far Person'));
        }, ui)
        .toBe(true);
      await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
      const seen = await frames();
      const now = await focusedRow(page);
      expect({ press, now: typeof now, lost: seen.filter((frame) => !frame.focused).length }).toEqual({ press, now: 'object', lost: 0 });
      if (typeof now !== 'string') reached = now.at;
    }
    expect(await focusedRowText(page)).toContain(`row ${rows}: ${nameOf(rows)}`);
    expect(pageErrors).toEqual([]);
  });

  it('comes back from a record near the end of the list to its row', async () => {
    await openSection(page, 'contacts');
    const table = page.getByTestId('contact-table');
    await scrollToListEnd(table, rows);
    // A row in view at the list's end, then ten Page Ups up: row 1,345, on page 13 (of 0–14).
    const last = table.locator(`[role="row"][aria-rowindex="${rows - 4}"]`);
    await expect.poll(() => last.getAttribute('aria-label'), ui).toContain(nameOf(rows - 5));
    await last.focus();
    const target = rows - 105;
    for (let press = 0; press < 10; press += 1) await page.keyboard.press('PageUp');
    await expect.poll(() => focusedRowText(page), ui).toContain(`row ${target}: ${nameOf(target)}`);
    await page.keyboard.press('Enter');
    await page.getByTestId('contact-detail').waitFor(ui);
    await page.getByTestId('detail-back').click();
    await table.waitFor(ui);
    await expect.poll(() => focusedRowText(page), ui).toContain(`row ${target}: ${nameOf(target)}`);
    expect(pageErrors).toEqual([]);
  });
});

describe('End in a list whose last page is short', () => {
  const app = useApp({ context: { viewport: { width: 1280, height: 800 } }, password });
  const { pageErrors } = app;
  let page: Page;
  const shortRows = 150;

  beforeAll(async () => {
    ({ page } = app);
    await importContactNames(
      page,
      'short.csv',
      Array.from({ length: shortRows }, (_, index) => nameOf(index + 1)),
    );
  });

  it('moves the focus from the first row to the last, though End first reached a row the list turned out not to have', async () => {
    await openSection(page, 'contacts');
    const first = page.getByTestId('contact-table-row').first();
    await expect.poll(() => first.getAttribute('aria-label'), ui).toContain(nameOf(1));
    await first.focus();
    // The list knows only its first page: it counts 200 rows (the second page's start is known, not its length).
    const frames = await watchFrames(page, '[data-testid="contact-table"]', '[data-testid="contact-table"] [role="row"]:focus');
    await page.keyboard.press('End');
    await expect.poll(() => focusedRowText(page), ui).toContain(`row ${shortRows}: ${nameOf(shortRows)}`);
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    expect((await frames()).filter((frame) => !frame.focused)).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
