// Small keyboard and status defects the second UI walkthrough found, checked
// in Chromium against the real headless shell and vault: a view just saved
// offers no "Update" until the list changes; the shortcut list names F2 and
// Ctrl+Enter (in both languages). The page's WebSocket passes through
// Playwright so that a test can make one channel fail.
import type { Page } from 'playwright-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { useApp } from './app';
import { closeDialogs, fillAndCreate, openSection, ui } from './crm-steps';
import { IpcRoute } from './ipc-route';
import { setLanguage } from './layout-steps';

const password = 'keys for every list and field';

describe('keyboard and status details from the second walkthrough', () => {
  const faults = new IpcRoute();
  const app = useApp({ context: { viewport: { width: 1280, height: 800 } }, route: faults, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(() => {
    ({ page } = app);
  });

  afterEach(async () => {
    faults.failing.clear();
    await closeDialogs(page);
  });

  it('offers "Update" for a saved view only once the list differs from it, and keeps the focus when it updates', async () => {
    await openSection(page, 'contacts');
    await page.getByTestId('list-new').click();
    await fillAndCreate(page, 'contact', { name: 'Dora Dach' });
    await page.getByTestId('contact-detail').waitFor(ui);
    await openSection(page, 'contacts');
    await page.getByTestId('list-contacts').getByText('Dora Dach').waitFor(ui);
    await page.getByTestId('view-save').click();
    await page.getByTestId('view-name').fill('DACH energy');
    await page.getByTestId('view-name').press('Enter');
    const tab = page.getByTestId('view-bar').getByRole('tab', { name: 'DACH energy' });
    await tab.and(page.locator('[aria-selected="true"]')).waitFor(ui);
    await page.getByTestId('view-name').waitFor({ state: 'detached', ...ui });
    // Just saved: nothing to update.
    expect(await page.getByTestId('view-update').count()).toBe(0);

    // A real change (the sort) offers it.
    await page.getByTestId('sort-name').click();
    const update = page.getByTestId('view-update');
    await update.waitFor(ui);
    expect(await update.textContent()).toBe('Update “DACH energy”');

    // Updated, the view holds the list again: no "Update", and the focus is on the view's tab, not the page.
    await update.focus();
    await page.keyboard.press('Enter');
    await update.waitFor({ state: 'detached', ...ui });
    expect(await tab.evaluate((element) => element === document.activeElement)).toBe(true);

    // Chosen again from "All", the saved view shows as it is: nothing to update.
    await page.getByTestId('view-bar').getByRole('tab').first().click();
    await tab.click();
    await tab.and(page.locator('[aria-selected="true"]')).waitFor(ui);
    expect(await page.getByTestId('view-update').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('lists F2 and Ctrl+Enter among the shortcuts, in English and in Chinese', async () => {
    const expected: readonly (readonly [string, string, string])[] = [
      ['en', 'Edit the focused field of a record', 'Save a multi-line field, or log the activity being written'],
      ['zh-CN', '编辑记录中选中的字段', '保存多行字段，或记录正在填写的活动'],
    ];
    for (const [language, f2, ctrlEnter] of expected) {
      await setLanguage(page, language);
      await page.getByTestId('workspace').locator('main').focus();
      await page.keyboard.press('?');
      const help = page.getByTestId('shortcut-help');
      await help.waitFor(ui);
      const rows = await help.locator('dt').evaluateAll((terms) => terms.map((term) => [term.textContent, term.nextElementSibling?.textContent ?? '']));
      expect(rows).toContainEqual(['F2', f2]);
      expect(rows).toContainEqual(['Ctrl+Enter', ctrlEnter]);
      await page.keyboard.press('Escape');
      await help.waitFor({ state: 'detached', timeout: ui.timeout });
    }
    await setLanguage(page, 'en');
    expect(pageErrors).toEqual([]);
  });
});
