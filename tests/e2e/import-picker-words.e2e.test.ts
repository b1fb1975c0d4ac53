// The Import page's file picker under zh-CN, in Chromium against the real
// headless shell and vault: nothing a screen reader reads on it is
// Chromium's own English. The file input read its value as "No file chosen"
// (in the system's language) beside the Chinese label; the drop zone is now
// a button in the app's words over a hidden input. Tab reaches it, Enter
// opens the chooser (as a click does), and the chosen file's name shows.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useApp } from './app';
import { focusedTestId, openSection, ui } from './crm-steps';
import { throughFileChooser, nativeFileWords, setLanguage } from './layout-steps';

const password = 'a file chosen in chinese';

describe('the import file picker under zh-CN', () => {
  const app = useApp({ context: { viewport: { width: 1280, height: 800 } }, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(() => {
    ({ page } = app);
  });

  it('reads only Chinese, opens the chooser by keyboard and click, and names the chosen file', async () => {
    await setLanguage(page, 'zh-CN');
    await expect.poll(() => page.evaluate(() => document.documentElement.lang), ui).toBe('zh-CN');
    await openSection(page, 'transfer');
    await page.getByTestId('import-entity').waitFor(ui);
    expect(await nativeFileWords(page)).toEqual([]);
    expect(await page.getByRole('button', { name: /^选择 CSV 或 vCard 文件/ }).getAttribute('data-testid')).toBe('import-choose');

    // Keyboard: Tab from the list select, then Enter opens the chooser; the focus shows.
    await page.getByTestId('import-entity').focus();
    await page.keyboard.press('Tab');
    expect(await focusedTestId(page)).toBe('import-choose');
    expect(await page.getByTestId('import-choose').evaluate((element) => getComputedStyle(element).outlineStyle)).toBe('solid');
    await throughFileChooser(page, () => page.keyboard.press('Enter'), { name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from('Name,Email\r\nLi Lei,li@example.com\r\n', 'utf8') });
    await page.getByTestId('import-ready').filter({ hasText: 'people.csv' }).waitFor(ui);

    // Click: the drop zone opens the chooser too, and the name follows the new file.
    await throughFileChooser(page, () => page.getByTestId('import-choose').click(), { name: 'kunden.csv', mimeType: 'text/csv', buffer: Buffer.from('Name\r\nHan Meimei\r\n', 'utf8') });
    await page.getByTestId('import-ready').filter({ hasText: 'kunden.csv' }).waitFor(ui);
    expect(await nativeFileWords(page)).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
