// Failures on screen when the UI language is switched in Settings, in Chromium
// against the real headless shell and vault: a refused password change, a
// refused enrolment bundle and a refused vault deletion stay on the Settings
// page while the language changes, and each is worded again in the language
// just chosen, and back (they hold words, ui/words.ts, not finished text).
// So do the messages under the fields of those forms, and under the password
// of the Unlock screen, whose language is chosen on that screen.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useApp } from './app';
import { openSection, ui, unlock } from './crm-steps';

const password = 'words that follow the switch';

describe('failures on screen across a language switch', () => {
  const app = useApp({ context: { viewport: { width: 1280, height: 800 } }, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(() => {
    ({ page } = app);
  });

  const text = (testId: string) => page.getByTestId(testId).innerText();

  it('words a refused password change, enrolment bundle and vault deletion in Chinese after the switch, and in English again after the switch back', async () => {
    await openSection(page, 'settings');

    await page.getByTestId('change-current').fill('not the password at all');
    await page.getByTestId('change-next').fill('a new password long enough');
    await page.getByTestId('change-confirm').fill('a new password long enough');
    await page.getByTestId('change-submit').click();
    await page.getByTestId('change-error').waitFor(ui);
    const changeRefused = await text('change-error');

    await page.getByTestId('enrol-bundle').setInputFiles({ name: 'enrolment-bundle.json', mimeType: 'application/json', buffer: Buffer.from('not json', 'utf8') });
    await page.getByTestId('enrol-error').waitFor(ui);
    const bundleRefused = await text('enrol-error');
    expect(bundleRefused).toContain('This file is not an enrolment bundle.');

    await page.getByTestId('destroy-password').fill('not the password either');
    await page.getByTestId('destroy-confirm').check();
    await page.getByTestId('destroy-submit').click();
    await page.getByTestId('destroy-error').waitFor(ui);
    const deletionRefused = await text('destroy-error');
    // The wrong password is marked at its field, which points at the message.
    expect(await page.getByTestId('destroy-password').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByTestId('destroy-password').getAttribute('aria-describedby')).toContain('destroy-error-message');

    await page.getByTestId('language-select').selectOption('zh-CN');
    await expect.poll(() => page.evaluate(() => document.documentElement.lang), ui).toBe('zh-CN');
    // The failed calls are worded from their codes in Chinese (the main process speaks English only), a wrong
    // password with the attempts it left, as the English says them.
    const left = (english: string) => /(\d+) attempts? left/.exec(english)?.[1] ?? 'none';
    await expect.poll(() => text('change-error'), ui).toBe(`密码错误。再输错 ${left(changeRefused)} 次，此保险库就会被清除。`);
    expect(await text('enrol-error')).toBe('此文件不是登记配置包。请选择管理员给你的 enrolment-bundle.json 文件，或手动填写各字段。');
    expect(await text('destroy-error')).toBe(`密码错误。再输错 ${left(deletionRefused)} 次，此保险库就会被清除。`);

    await page.getByTestId('language-select').selectOption('en');
    await expect.poll(() => text('change-error'), ui).toBe(changeRefused);
    expect(await text('enrol-error')).toBe(bundleRefused);
    expect(await text('destroy-error')).toBe(deletionRefused);
    expect(pageErrors).toEqual([]);
  });

  it('words the messages under the fields of Settings and of the Unlock screen in the language chosen after they were shown', async () => {
    await openSection(page, 'settings');
    const messages = ['change-current-error', 'change-confirm-error', 'destroy-password-error', 'destroy-confirm-error', 'enrol-server-error', 'enrol-code-error'];
    const shown = () => Promise.all(messages.map((testId) => text(testId)));

    await page.getByTestId('change-current').fill('');
    await page.getByTestId('change-next').fill('a new password long enough');
    await page.getByTestId('change-confirm').fill('another new password');
    await page.getByTestId('change-submit').click();
    await page.getByTestId('destroy-password').fill('');
    await page.getByTestId('destroy-confirm').setChecked(false);
    await page.getByTestId('destroy-submit').click();
    await page.getByTestId('enrol-server').fill('not an address');
    await page.getByTestId('enrol-certificate').fill('');
    await page.getByTestId('enrol-code').fill('');
    await page.getByTestId('enrol-submit').click();
    await page.getByTestId('enrol-code-error').waitFor(ui);
    const english = [
      'This field is required',
      'The passwords do not match',
      'This field is required',
      'Tick the box to confirm',
      'Enter the server address, starting with https://',
      'This field is required',
    ];
    expect(await shown()).toEqual(english);

    await page.getByTestId('language-select').selectOption('zh-CN');
    await expect.poll(() => page.evaluate(() => document.documentElement.lang), ui).toBe('zh-CN');
    await expect.poll(shown, ui).toEqual(['此项为必填项', '两次输入的密码不一致', '此项为必填项', '请勾选以确认', '请输入以 https:// 开头的服务器地址', '此项为必填项']);

    await page.getByTestId('language-select').selectOption('en');
    await expect.poll(shown, ui).toEqual(english);

    await page.getByTestId('lock-button').click();
    await page.getByTestId('unlock-form').waitFor(ui);
    await page.getByTestId('unlock-submit').click();
    await page.getByTestId('unlock-password-error').waitFor(ui);
    expect(await text('unlock-password-error')).toBe('This field is required');
    await page.getByTestId('auth-language').selectOption('zh-CN');
    await expect.poll(() => text('unlock-password-error'), ui).toBe('此项为必填项');
    await page.getByTestId('auth-language').selectOption('en');
    await expect.poll(() => text('unlock-password-error'), ui).toBe('This field is required');
    await unlock(page, password);
    expect(pageErrors).toEqual([]);
  });

  it('says a sync server address with a path is not one, rather than enrol at its host', async () => {
    await openSection(page, 'settings');
    await page.getByTestId('enrol-server').fill('https://sync.example.com/fieldvault');
    await page.getByTestId('enrol-submit').click();
    // Before, it passed: the device kept the origin only, and the enrolment went to https://sync.example.com.
    await expect.poll(() => text('enrol-server-error'), ui).toBe('Enter the server address only, such as https://sync.example.com:8443, without a path');
    await page.getByTestId('enrol-server').fill('');
    expect(pageErrors).toEqual([]);
  });
});
