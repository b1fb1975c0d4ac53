// First-run defects from a UI walkthrough, checked in Chromium against the
// real headless shell and vault: the screens before the vault is open had no
// language choice (they followed the OS language only). The tests run in
// order: the vault is created in the first and locked in the second.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useApp } from './app';
import { createVault, openSection, ui, unlock } from './crm-steps';

const password = 'first run in two languages';
const englishCreate = 'Create your vault';
const chineseCreate = '创建你的保险库';

const title = (page: Page, screen: string) => page.getByTestId(screen).locator('h1').textContent();

describe('first run: the language before the vault exists', () => {
  // No vault yet: the first test chooses the language on the Create vault screen.
  const app = useApp({ context: { viewport: { width: 1280, height: 800 } } });
  const { pageErrors } = app;

  it('offers English and 简体中文 on the Create vault screen, and keeps the choice before a vault exists', async () => {
    const { page } = app;
    await page.getByTestId('create-vault-form').waitFor(ui);
    const language = page.getByTestId('auth-language');
    expect(await language.inputValue()).toBe('en');
    expect(await language.locator('option').allTextContents()).toEqual(['English', '简体中文']);
    expect(await title(page, 'create-vault')).toBe(englishCreate);

    await language.selectOption('zh-CN');
    await page.getByTestId('create-vault').getByText(chineseCreate).waitFor(ui);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    expect(await language.getAttribute('id')).not.toBeNull();
    expect(await page.locator(`label[for="${await language.getAttribute('id')}"]`).textContent()).toBe('语言');

    // Kept where the app reads it before any vault exists: the page loaded again is in Chinese.
    await page.goto(app.shell.url);
    await page.getByTestId('create-vault').getByText(chineseCreate).waitFor(ui);
    expect(await page.getByTestId('auth-language').inputValue()).toBe('zh-CN');

    await page.getByTestId('auth-language').selectOption('en');
    await page.getByTestId('create-vault').getByText(englishCreate).waitFor(ui);
    await createVault(page, password);
    expect(pageErrors).toEqual([]);
  });

  it('offers the language on the Unlock screen, the same choice Settings shows', async () => {
    const { page } = app;
    await page.getByTestId('lock-button').click();
    await page.getByTestId('unlock-form').waitFor(ui);
    const language = page.getByTestId('auth-language');
    expect(await language.inputValue()).toBe('en');
    await language.selectOption('zh-CN');
    await page.getByTestId('unlock').getByText('解锁 FieldVault').waitFor(ui);
    await unlock(page, password);
    await openSection(page, 'settings');
    expect(await page.getByTestId('language-select').inputValue()).toBe('zh-CN');
    await page.getByTestId('language-select').selectOption('en');
    await page.getByTestId('settings-panel').getByText('Settings').first().waitFor(ui);
    expect(pageErrors).toEqual([]);
  });
});
