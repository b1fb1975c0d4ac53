// Keyboard defects the sixth UI walkthrough (a rep's morning, keyboard only,
// in English and Chinese) found, checked in Chromium against the real
// headless shell and vault, driven by key presses alone once the records exist.
import type { Page } from 'playwright-core';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useApp } from './app';
import { closeDialogs, fillAndCreate, focusedTestId, openSection, ui } from './crm-steps';
import { setLanguage } from './layout-steps';

const password = 'a keyboard morning in two languages';

describe('keyboard fixes from the sixth walkthrough', () => {
  const app = useApp({ context: { viewport: { width: 1280, height: 800 } }, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(async () => {
    ({ page } = app);
    for (const name of ['Marta Quell', 'Jonas Brandt']) {
      await openSection(page, 'contacts');
      await page.getByTestId('list-new').click();
      await fillAndCreate(page, 'contact', { name });
      await page.getByTestId('contact-detail').waitFor(ui);
    }
  });

  beforeEach(() => closeDialogs(page));

  it('moves the focus into the filter panel, closes it with Esc, and gives the focus back to Filter, in English and in Chinese', async () => {
    for (const language of ['en', 'zh-CN']) {
      await setLanguage(page, language);
      await openSection(page, 'contacts');
      const toggle = page.getByTestId('filter-toggle');
      const panel = page.getByTestId('filter-panel');
      const onToggle = () => toggle.evaluate((element) => element === document.activeElement);

      // Opened by key, the panel has the focus on its first control.
      await toggle.focus();
      await page.keyboard.press('Enter');
      await panel.waitFor(ui);
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('filter-owner');

      // Esc closes it, and the focus is back on Filter.
      await page.keyboard.press('Escape');
      await panel.waitFor({ state: 'detached', ...ui });
      expect(await onToggle()).toBe(true);

      // Applied with Enter: the list is filtered, and the focus is on Filter, not the page.
      await page.keyboard.press('Enter');
      await panel.waitFor(ui);
      await page.getByTestId('filter-tags').focus();
      await page.keyboard.type('vip');
      await page.keyboard.press('Enter');
      await panel.waitFor({ state: 'detached', ...ui });
      await page.getByTestId('list-empty').waitFor(ui);
      expect(await onToggle()).toBe(true);

      // Cancel too.
      await page.keyboard.press('Enter');
      await panel.waitFor(ui);
      await page.getByTestId('filter-cancel').focus();
      await page.keyboard.press('Enter');
      await panel.waitFor({ state: 'detached', ...ui });
      expect(await focusedTestId(page)).toBe('filter-toggle');
      await page.getByTestId('filter-clear').click();
      await page.getByTestId('contact-table-row').first().waitFor(ui);
    }
    await setLanguage(page, 'en');
    expect(pageErrors).toEqual([]);
  });
  it('starts the next entry on the subject after an activity is logged with Ctrl+Enter from the notes, in English and in Chinese', async () => {
    for (const [language, subject, notes] of [
      ['en', 'Called about the renewal', 'Wants a quote by Friday.'],
      ['zh-CN', '电话沟通续约', '周五前要报价。'],
    ] as const) {
      await setLanguage(page, language);
      await page.keyboard.press('Control+k');
      await page.getByTestId('search-input').waitFor(ui);
      await page.keyboard.type('Marta');
      await page.getByTestId('search-hit').first().waitFor(ui);
      await page.keyboard.press('Enter');
      await page.getByTestId('contact-detail').waitFor(ui);
      await page.getByTestId('composer-subject').focus();
      await page.keyboard.type(subject);
      await page.keyboard.press('Tab');
      expect(await focusedTestId(page)).toBe('composer-body');
      await page.keyboard.type(notes);
      await page.keyboard.press('Control+Enter');
      await page.getByTestId('timeline').getByText(subject).waitFor(ui);
      await expect.poll(() => page.getByTestId('composer-body').inputValue(), ui).toBe('');
      expect(await focusedTestId(page)).toBe('composer-subject');
    }
    await setLanguage(page, 'en');
    expect(pageErrors).toEqual([]);
  });
});
