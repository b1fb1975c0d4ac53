// The idle lock's minutes chosen in Settings, in Chromium against the real
// headless shell and vault: 15 minutes until the user chooses, the four
// choices worded in English and Chinese, and a choice of 5 minutes kept by the
// main process (preferences.get answers it, preferences.json holds it), so
// the page loaded again shows it still chosen.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useApp } from './app';
import { openSection, ui } from './crm-steps';
import { probeSocket } from './harness';

describe('Settings: lock after', () => {
  const app = useApp({ context: { viewport: { width: 1280, height: 800 } }, password: 'minutes chosen by the user' });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(() => {
    ({ page } = app);
  });

  const select = () => page.getByTestId('lock-after-select');
  const optionTexts = () => select().locator('option').allTextContents();

  /** What the main process answers to preferences.get, asked on a socket of its own (as a second tab would). */
  async function storedPreferences(): Promise<unknown> {
    const { shell } = app;
    const probe = await probeSocket(
      page,
      `ws://127.0.0.1:${shell.port}/ipc`,
      [{ type: 'hello', token: shell.token }, { type: 'invoke', id: 1, channel: 'preferences.get', input: {} }],
      1_000,
    );
    const answer = probe.received.map((message) => JSON.parse(message) as { type?: unknown; id?: unknown; result?: unknown }).find((message) => message.type === 'result' && message.id === 1);
    return answer?.result;
  }

  it('offers 5 to 60 minutes, 15 chosen, worded in the language chosen', async () => {
    await openSection(page, 'settings');
    expect(await select().inputValue()).toBe('15');
    expect(await optionTexts()).toEqual(['5 minutes', '15 minutes', '30 minutes', '60 minutes']);
    expect(await page.getByText('Lock after', { exact: true }).count()).toBe(1);
    await page.getByTestId('language-select').selectOption('zh-CN');
    await expect.poll(optionTexts, ui).toEqual(['5 分钟', '15 分钟', '30 分钟', '60 分钟']);
    await page.getByTestId('language-select').selectOption('en');
    await expect.poll(optionTexts, ui).toEqual(['5 minutes', '15 minutes', '30 minutes', '60 minutes']);
    // The language is kept on its own: the minutes stay as they were.
    await expect.poll(storedPreferences, ui).toEqual({ ok: true, value: { theme: 'system', locale: 'en', lockAfterMinutes: 15 } });
    expect(pageErrors).toEqual([]);
  });

  it('keeps 5 minutes once chosen: the main process answers it, and the page loaded again shows it', async () => {
    await openSection(page, 'settings');
    await select().selectOption('5');
    await expect.poll(storedPreferences, ui).toEqual({ ok: true, value: { theme: 'system', locale: 'en', lockAfterMinutes: 5 } });
    const file = path.join(app.shell.dataDir, 'preferences.json');
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ theme: 'system', locale: 'en', lockAfterMinutes: 5 });

    await page.reload();
    await page.getByTestId('workspace').waitFor(ui);
    await openSection(page, 'settings');
    await expect.poll(() => select().inputValue(), ui).toBe('5');
    expect(await storedPreferences()).toEqual({ ok: true, value: { theme: 'system', locale: 'en', lockAfterMinutes: 5 } });
    expect(pageErrors).toEqual([]);
  });
});
