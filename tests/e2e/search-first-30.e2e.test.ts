// Ctrl+K over more matches than it lists, in Chromium against the real
// headless shell and vault: 40 contacts share a word, the dialog lists 30 and
// says (and announces) that these are the first 30, and a narrower query
// gets the plain count again. Moved out of crm.e2e, which imports 1,000 rows
// for its own steps.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useApp } from './app';
import { importContactNames, ui } from './crm-steps';

const password = 'more matches than listed';

describe('the global search over more matches than it lists', () => {
  const app = useApp({ context: { viewport: { width: 1440, height: 900 } }, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(async () => {
    ({ page } = app);
    await importContactNames(
      page,
      'forty.csv',
      Array.from({ length: 40 }, (_, index) => `Import Person ${String(index + 1).padStart(4, '0')}`),
    );
  }, 120_000);

  it('says when the global search lists only the first 30 of more matches', async () => {
    const first30 = 'Showing the first 30 results. Type more to narrow the search.';
    await page.keyboard.press('Control+k');
    await page.getByTestId('search-dialog').waitFor(ui);
    await page.getByTestId('search-input').fill('import');
    const more = page.getByTestId('search-more');
    await expect.poll(() => more.textContent(), ui).toBe(first30);
    expect(await page.getByTestId('search-hit').count()).toBe(30);
    const region = page.getByTestId('search-announcement');
    await expect.poll(() => region.textContent(), ui).toBe(first30);
    // Narrowed to one: the count again, and no "first 30".
    await page.getByTestId('search-input').fill('import person 0032');
    await page.getByTestId('search-hit').filter({ hasText: 'Import Person 0032' }).waitFor(ui);
    await expect.poll(() => region.textContent(), ui).toBe('1 result');
    expect(await more.count()).toBe(0);
    await page.keyboard.press('Escape');
    await page.getByTestId('search-dialog').waitFor({ state: 'detached', timeout: ui.timeout });
    expect(pageErrors).toEqual([]);
  });
});
