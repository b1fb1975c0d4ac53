// An address refused in an inline edit, in Chromium against the real headless
// shell and vault: the input of the part that broke the rule (a postal code
// too long) is marked invalid and described by the message, which names the
// part; the other four are not. Before, the five inputs carried neither, so a
// screen reader said nothing of the refusal; then all five carried the
// message, so nothing said which part was wrong.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { accessibleText, openSection, ui } from './crm-steps';
import { useInjectingApp } from './injecting-route';
import { createdId } from './proxied-server';

const password = 'where do they live';

describe('a refused address in an inline edit', () => {
  const { route, app } = useInjectingApp({ context: { viewport: { width: 1280, height: 800 } }, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(async () => {
    ({ page } = app);
    await createdId(route, 'contacts.create', { name: 'Otto Postal' });
  });

  it('marks the part that is too long invalid, names it in the message and describes it by that message alone', async () => {
    await openSection(page, 'contacts');
    await page.getByTestId('contact-table-row').filter({ hasText: 'Otto Postal' }).click();
    await page.getByTestId('contact-detail').waitFor(ui);
    await page.getByTestId('inline-address-edit').click();
    await page.getByTestId('field-address-city').fill('Hamburg');
    await page.getByTestId('field-address-postalCode').fill('2'.repeat(25));
    await page.getByTestId('field-address-postalCode').press('Control+Enter');
    const error = page.getByTestId('inline-address').locator('.field__error');
    await error.waitFor(ui);
    expect(await error.allTextContents()).toEqual(['Postal code: Use at most 20 characters']);
    for (const part of ['street', 'city', 'region', 'postalCode', 'country']) {
      const input = page.getByTestId(`field-address-${part}`);
      const invalid = part === 'postalCode';
      expect(await input.getAttribute('aria-invalid')).toBe(String(invalid));
      expect((await accessibleText(page, `[data-testid="field-address-${part}"]`)).description).toBe(invalid ? 'Postal code: Use at most 20 characters' : '');
    }
    expect(pageErrors).toEqual([]);
  });
});
