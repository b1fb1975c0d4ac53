// Back from a record returns to the list as it was left (walkthrough 7, #1),
// in Chromium against the real headless shell and vault: a rep working down
// a saved view, sorted their own way, opens the 41st contact (Return 120), then comes
// back (the page's Back, or the browser's) to the same tab, the same
// sort and the focus on that row (wherever a rename sorted it), scrolled
// into view, not the default view at the top. A list opened anew from the side navigation starts as always.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { useApp } from './app';
import { openSection, saveViewAs, ui } from './crm-steps';
import { InjectingRoute } from './injecting-route';
import { call } from './proxied-server';

const password = 'back to row one hundred and forty';
const rows = 160;
/** Contact n's name: zero-padded, so the name order is the number order. */
const nameOf = (n: number) => `Return ${String(n).padStart(3, '0')}`;

/** The focused row's name (its accessible name), or what has the focus instead. */
function focusedRow(page: Page): Promise<string> {
  return page.evaluate(() => {
    const active = document.activeElement;
    return active?.getAttribute('role') === 'row' ? (active.getAttribute('aria-label') ?? '') : `not a row: ${active?.tagName ?? 'none'}`;
  });
}

/** The focused row's box lies inside the table's scrollport. */
function focusedRowInView(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const row = document.activeElement;
    const table = document.querySelector('[data-testid="contact-table"]');
    if (row === null || table === null || !table.contains(row)) return false;
    const box = row.getBoundingClientRect();
    const port = table.getBoundingClientRect();
    return box.top >= port.top && box.bottom <= port.bottom;
  });
}

describe('back from a record to its list', () => {
  const route = new InjectingRoute();
  const app = useApp({ context: { viewport: { width: 1280, height: 800 } }, route, password });
  const { pageErrors } = app;
  let page: Page;
  const selectedTab = () => page.locator('[data-testid="view-bar"] [role="tab"][aria-selected="true"]').innerText();

  beforeAll(async () => {
    ({ page } = app);
    for (let n = 1; n <= rows; n += 1) z.object({ id: z.string() }).parse(await call(route, 'contacts.create', { name: nameOf(n) }));
    await openSection(page, 'contacts');
    // A view of its own, newest name first, then shown oldest first again without saving (an unsaved sort).
    await page.getByTestId('sort-name').click();
    await page.locator('[aria-sort="descending"]').waitFor(ui);
    await saveViewAs(page, 'Backwards');
  });

  async function openFortyFirstRow(): Promise<void> {
    const table = page.getByTestId('contact-table');
    await table.locator('[role="row"][tabindex="0"]').focus();
    await page.keyboard.press('Home');
    await expect.poll(() => focusedRow(page), ui).toContain(nameOf(rows));
    // From the first row (Return 160) down to the 41st (Return 120) by keyboard: the table loads and scrolls as it goes.
    await page.keyboard.press('PageDown');
    await page.keyboard.press('PageDown');
    for (let step = 0; step < 20; step += 1) await page.keyboard.press('ArrowDown');
    await expect.poll(() => focusedRow(page), ui).toContain(nameOf(120));
    await page.keyboard.press('Enter');
    await page.getByTestId('contact-detail').waitFor(ui);
  }

  it('comes back by the page’s Back to the saved view, its sort and the row opened, in view', async () => {
    await openFortyFirstRow();
    await page.getByTestId('detail-back').click();
    await page.getByTestId('contact-table').waitFor(ui);
    expect(await selectedTab()).toContain('Backwards');
    expect(await page.locator('[aria-sort="descending"]').count()).toBe(1);
    await expect.poll(() => focusedRow(page), ui).toContain(nameOf(120));
    expect(await focusedRowInView(page)).toBe(true);
    expect(pageErrors).toEqual([]);
  });

  it('comes back the same way by the browser’s Back', async () => {
    await openFortyFirstRow();
    await page.goBack();
    await page.getByTestId('contact-table').waitFor(ui);
    expect(await selectedTab()).toContain('Backwards');
    await expect.poll(() => focusedRow(page), ui).toContain(nameOf(120));
    expect(await focusedRowInView(page)).toBe(true);
    expect(pageErrors).toEqual([]);
  });

  it('opens the list anew from the side navigation: the default tab, at the top', async () => {
    await openFortyFirstRow();
    await openSection(page, 'contacts');
    const first = page.getByTestId('contact-table').locator('[data-index="0"]');
    await first.waitFor(ui);
    expect(await selectedTab()).not.toContain('Backwards');
    expect(await page.locator('[aria-sort="ascending"]').count()).toBe(1);
    // The row's place may be drawn a frame before its page of rows is read (an empty row, as while scrolling).
    await expect.poll(() => first.innerText(), ui).toContain(nameOf(1));
    expect(pageErrors).toEqual([]);
  });

  it('comes back to the row of the record opened when an edit moved it in the sort, not to the row now at its place', async () => {
    await page.locator('[data-testid="view-bar"] [role="tab"]').filter({ hasText: 'Backwards' }).click();
    await page.locator('[aria-sort="descending"]').waitFor(ui);
    await openFortyFirstRow();
    // Renamed, it sorts one place further down this newest-first view: Return 119 now holds its place.
    await page.getByTestId('inline-name-edit').click();
    await page.getByTestId('inline-name-input').fill(`${nameOf(118)}b`);
    await page.getByTestId('inline-name-input').press('Enter');
    await page.getByTestId('inline-name').getByText(`${nameOf(118)}b`).waitFor(ui);
    await page.getByTestId('detail-back').click();
    await page.getByTestId('contact-table').waitFor(ui);
    await expect.poll(() => focusedRow(page), ui).toContain(`${nameOf(118)}b`);
    expect(await page.getByTestId('contact-table').locator('[role="row"][tabindex="0"]').getAttribute('data-index')).toBe('41');
    expect(await focusedRowInView(page)).toBe(true);
    expect(pageErrors).toEqual([]);
  });
});
