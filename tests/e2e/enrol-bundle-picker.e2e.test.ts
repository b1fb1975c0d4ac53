// Walkthrough 6, finding 8, in Chromium against the real headless shell and
// vault: under zh-CN the enrolment-bundle field of Settings → Sync server read
// Chromium's own "Choose File / No file chosen". It is now the app's button
// over a visually hidden input: worded in Chinese, the field's label still
// names the input, Tab reaches it and Enter opens the chooser (as a click on
// the button does), and the chosen file's name shows beside the button.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useApp } from './app';
import { ui } from './crm-steps';
import { throughFileChooser, nativeFileWords, setLanguage } from './layout-steps';

const password = 'a bundle chosen in chinese';

describe('the enrolment bundle field under zh-CN', () => {
  const app = useApp({ context: { viewport: { width: 1280, height: 800 } }, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(() => {
    ({ page } = app);
  });

  it('offers a Chinese button and names the chosen file, by keyboard and by click', async () => {
    await setLanguage(page, 'zh-CN');
    await expect.poll(() => page.evaluate(() => document.documentElement.lang), ui).toBe('zh-CN');
    const form = page.getByTestId('enrol-form');
    await form.waitFor(ui);
    const formText = await form.innerText();
    expect(formText).toContain('选择文件');
    expect(formText).toContain('未选择文件');

    expect(await nativeFileWords(page)).toEqual([]);
    const choose = page.getByTestId('enrol-bundle-choose');
    expect(await page.getByRole('button', { name: '登记配置包文件（可选） 选择文件', exact: true }).getAttribute('data-testid')).toBe('enrol-bundle-choose');
    expect(await choose.getAttribute('aria-describedby')).toBe(await page.getByTestId('enrol-bundle-name').getAttribute('id'));

    // Keyboard: back one Tab from the server address, then Enter opens the chooser.
    await page.getByTestId('enrol-server').focus();
    await page.keyboard.press('Shift+Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('enrol-bundle-choose');
    expect(await choose.evaluate((element) => getComputedStyle(element).outlineStyle)).toBe('solid');
    await throughFileChooser(page, () => page.keyboard.press('Enter'), { name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"serverUrl": 1}') });
    await page.getByTestId('enrol-error').waitFor(ui);
    expect(await page.getByTestId('enrol-bundle-name').innerText()).toBe('notes.json');
    expect(await page.getByTestId('enrol-error').innerText()).toMatch(/^此文件不是登记配置包。/);

    // Click: the button opens the chooser too, and the name follows the new file.
    await throughFileChooser(page, () => choose.click(), { name: 'enrolment-bundle.json', mimeType: 'application/json', buffer: Buffer.from('not json') });
    await expect.poll(() => page.getByTestId('enrol-bundle-name').innerText(), ui).toBe('enrolment-bundle.json');
    expect(await nativeFileWords(page)).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
