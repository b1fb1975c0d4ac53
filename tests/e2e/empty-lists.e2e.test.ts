// An empty Deals list in a new vault, in Chromium against the real headless
// shell and vault: "Open deals" says there are no open deals and where
// closed ones would be; "All deals", which shows every deal, says there are
// no deals at all (not "no open deals"), in English and in Chinese, and
// both offer to create one.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useApp } from './app';
import { openSection, ui } from './crm-steps';
import { setLanguage } from './layout-steps';

const password = 'nothing sold yet';

describe('an empty Deals list', () => {
  const app = useApp({ context: { viewport: { width: 1280, height: 800 } }, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(() => {
    ({ page } = app);
  });

  it('says "No open deals" under Open deals and "No deals yet" under All deals', async () => {
    await openSection(page, 'deals');
    const empty = page.getByTestId('list-empty');
    await empty.waitFor(ui);
    expect(await empty.locator('.empty__title').textContent()).toBe('No open deals');
    expect(await empty.textContent()).toContain('Won and lost deals show under All deals.');

    await page.getByTestId('view-builtin-all').click();
    await expect.poll(() => empty.locator('.empty__title').textContent(), ui).toBe('No deals yet');
    expect(await empty.textContent()).not.toContain('All deals');
    expect(await empty.getByRole('button', { name: 'New deal' }).count()).toBe(1);

    await setLanguage(page, 'zh-CN');
    await openSection(page, 'deals');
    await page.getByTestId('view-builtin-all').click();
    await expect.poll(() => empty.locator('.empty__title').textContent(), ui).toBe('还没有商机');
    await setLanguage(page, 'en');
    expect(pageErrors).toEqual([]);
  });
});
