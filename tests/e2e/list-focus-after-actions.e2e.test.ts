// Where the focus goes when a list's control removes itself, in Chromium
// against the real headless shell and vault (walkthrough 6, findings 4 and
// 5): the toolbar's "Clear filters" goes with the filters, and hands the
// focus to the Filter button beside it rather than to the page's body.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { focusedTestId, openSection, ui } from './crm-steps';
import { useInjectingApp } from './injecting-route';

const password = 'the focus stays in the list';

describe('the focus after a list control removes itself', () => {
  const { app } = useInjectingApp({ context: { viewport: { width: 1280, height: 800 } }, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(() => {
    ({ page } = app);
  });

  it('moves the focus from "Clear filters" to the Filter button', async () => {
    // The deals list opens on "Open deals": one filter, so "Clear filters" shows.
    await openSection(page, 'deals');
    const clear = page.getByTestId('filter-clear');
    await clear.waitFor(ui);
    expect(await page.getByTestId('filter-toggle').textContent()).toBe('1 filter');
    await clear.focus();
    await page.keyboard.press('Enter');
    await clear.waitFor({ state: 'detached', ...ui });
    expect(await page.getByTestId('filter-toggle').textContent()).toBe('Filter');
    expect(await focusedTestId(page)).toBe('filter-toggle');
    // Enter there opens the panel: the rep is where they were.
    await page.keyboard.press('Enter');
    expect(await page.getByTestId('filter-toggle').getAttribute('aria-expanded')).toBe('true');
    expect(pageErrors).toEqual([]);
  });
});
