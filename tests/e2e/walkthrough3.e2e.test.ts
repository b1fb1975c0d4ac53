// Findings of the third UI walkthrough, checked in Chromium against the real
// headless shell and vault: after Change password answers, focus is where the
// answer is (a wrong current password: that field, marked invalid and
// described by the message; success: the message), never the page's body.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useApp } from './app';
import { accessibleText, openSection, ui } from './crm-steps';

const password = 'the third walk through the screens';
const newPassword = 'a second password for the third walk';

/** The test id of the element the focus is on, or of its closest ancestor that has one. */
function focusedWithin(page: Page): Promise<string> {
  return page.evaluate(() => document.activeElement?.closest('[data-testid]')?.getAttribute('data-testid') ?? document.activeElement?.tagName.toLowerCase() ?? 'none');
}

describe('findings of the third walkthrough', () => {
  const app = useApp({ context: { viewport: { width: 1280, height: 800 } }, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(() => {
    ({ page } = app);
  });

  it('keeps focus on the change-password answer: the refused current password, then the success message', async () => {
    await openSection(page, 'settings');
    const current = page.getByTestId('change-current');
    await current.fill('not the current password');
    await page.getByTestId('change-next').fill(newPassword);
    await page.getByTestId('change-confirm').fill(newPassword);
    await page.getByTestId('change-submit').click();

    // Refused: the field is focused, invalid, and described by the message.
    const error = page.getByTestId('change-error');
    await error.waitFor(ui);
    await expect.poll(() => focusedWithin(page), ui).toBe('change-current');
    expect(await current.getAttribute('aria-invalid')).toBe('true');
    const { description } = await accessibleText(page, '[data-testid="change-current"]');
    expect(description).toContain('Wrong password');
    expect(description).toBe((await error.textContent()) ?? '');

    // Typing again clears the mark; the right password is taken, and focus moves to the message that says so.
    await current.fill(password);
    expect(await current.getAttribute('aria-invalid')).toBe('false');
    await page.getByTestId('change-submit').click();
    await page.getByTestId('change-success').waitFor(ui);
    await expect.poll(() => focusedWithin(page), ui).toBe('change-success');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(await page.getByTestId('change-success').textContent());
    expect(pageErrors).toEqual([]);
  });
});
