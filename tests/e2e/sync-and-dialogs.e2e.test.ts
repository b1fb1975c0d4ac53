// Defects found by a screen walkthrough: the Caps Lock warning and the dialogs' focus trap; checked in Chromium against the
// real headless shell and vault.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVault, openSection, ui } from './crm-steps';
import { launchBrowser, requireRendererBuild, startHeadlessShell, type HeadlessShell } from './harness';

const password = 'sync rep enrols laptops';

/** A key event on `testId` carrying a Caps Lock state (the browser's own keys cannot set it). */
function capsKey(page: Page, testId: string, type: 'keydown' | 'keyup', on: boolean): Promise<void> {
  return page.getByTestId(testId).evaluate(
    (input, [eventType, capsLock]) => {
      input.dispatchEvent(new KeyboardEvent(eventType, { key: 'a', bubbles: true, modifierCapsLock: capsLock }));
    },
    [type, on] as const,
  );
}

/** Checks that the first password field warns about Caps Lock while it has the focus, then the second while it has it. */
async function capsLockWarns(page: Page, first: string, second: string): Promise<void> {
  await page.getByTestId(first).focus();
  expect(await page.getByTestId(`${first}-caps-lock`).count()).toBe(0);
  await capsKey(page, first, 'keydown', true);
  expect(await page.getByTestId(`${first}-caps-lock`).textContent()).toBe('Caps Lock is on.');
  // One warning, under the field being typed in.
  await page.getByTestId(second).focus();
  await page.getByTestId(`${second}-caps-lock`).waitFor(ui);
  expect(await page.getByTestId(`${first}-caps-lock`).count()).toBe(0);
  await capsKey(page, second, 'keyup', false);
  await page.getByTestId(`${second}-caps-lock`).waitFor({ state: 'detached', timeout: ui.timeout });
}

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

describe('Caps Lock and dialog focus', () => {
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
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await shell?.stop();
  });

  it('warns about Caps Lock under every password field: Create vault and Change password', async () => {
    try {
      await capsLockWarns(page, 'create-password', 'create-confirm');
    } finally {
      await createVault(page, password);
    }
    await openSection(page, 'settings');
    await capsLockWarns(page, 'change-current', 'change-next');
    await capsLockWarns(page, 'change-next', 'change-confirm');
    expect(pageErrors).toEqual([]);
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
