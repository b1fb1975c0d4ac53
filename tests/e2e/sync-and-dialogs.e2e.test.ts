// Defects found by a screen walkthrough: the dialogs' focus trap; checked in Chromium against the
// real headless shell and vault.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVault, openSection, ui } from './crm-steps';
import { launchBrowser, requireRendererBuild, startHeadlessShell, type HeadlessShell } from './harness';

const password = 'sync rep enrols laptops';

/** Presses Tab (then Shift+Tab) `presses` times in the open dialog; the focus must never leave it. */
async function tabbingStaysIn(page: Page, dialogTestId: string, presses: number): Promise<void> {
  const visited = new Set<string>();
  for (const key of ['Tab', 'Shift+Tab']) {
    for (let press = 1; press <= presses; press += 1) {
      await page.keyboard.press(key);
      const where = await page.evaluate((id) => {
        const active = document.activeElement;
        const dialog = document.querySelector(`[data-testid="${id}"]`);
        if (active === null || dialog === null || active === dialog || !dialog.contains(active)) return null;
        return `${active.tagName}:${active.getAttribute('data-testid') ?? active.getAttribute('aria-label') ?? ''}`;
      }, dialogTestId);
      expect(where, `${key} press ${press} left the dialog`).not.toBeNull();
      visited.add(where ?? '');
    }
  }
  // It cycled: more presses than stops went round and came back.
  expect(visited.size).toBeLessThan(presses);
}

describe('dialog focus', () => {
  let shell: HeadlessShell | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    requireRendererBuild();
    shell = await startHeadlessShell();
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'light', locale: 'en-US' });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(shell.url);
    await page.getByTestId('create-vault-form').waitFor(ui);
    await createVault(page, password);
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await shell?.stop();
  });

  it('keeps Tab and Shift+Tab inside a dialog, closes it with Esc and gives the focus back to its opener', async () => {
    const pill = page.getByTestId('sync-status');
    await pill.focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('sync-details').waitFor(ui);
    await tabbingStaysIn(page, 'sync-details', 6);
    await page.keyboard.press('Escape');
    await page.getByTestId('sync-details').waitFor({ state: 'detached', timeout: ui.timeout });
    expect(await pill.evaluate((element) => element === document.activeElement)).toBe(true);

    await openSection(page, 'contacts');
    const opener = page.getByTestId('list-new');
    await opener.focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('new-contact').waitFor(ui);
    await tabbingStaysIn(page, 'new-contact', 30);
    await page.keyboard.press('Escape');
    await page.getByTestId('new-contact').waitFor({ state: 'detached', timeout: ui.timeout });
    expect(await opener.evaluate((element) => element === document.activeElement)).toBe(true);
    expect(pageErrors).toEqual([]);
  });
});
