// An address refused in an inline edit, in Chromium against the real headless
// shell and vault: each of its inputs is marked invalid and described by the
// message, as a single field's input is. Before, the five inputs carried
// neither, so a screen reader said nothing of the refusal.
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

  it('marks every part invalid and describes it by the message', async () => {
    await openSection(page, 'contacts');
    await page.getByTestId('contact-table-row').filter({ hasText: 'Otto Postal' }).click();
    await page.getByTestId('contact-detail').waitFor(ui);
    await page.getByTestId('inline-address-edit').click();
    await page.getByTestId('field-address-city').fill('Hamburg');
    await page.getByTestId('field-address-postalCode').fill('2'.repeat(25));
    await page.getByTestId('field-address-postalCode').press('Control+Enter');
    const error = page.getByTestId('inline-address').locator('.field__error');
    await error.waitFor(ui);
    const message = (await error.textContent()) ?? '';
    expect(message).not.toBe('');
    for (const part of ['street', 'city', 'region', 'postalCode', 'country']) {
      const input = page.getByTestId(`field-address-${part}`);
      expect(await input.getAttribute('aria-invalid')).toBe('true');
      expect((await accessibleText(page, `[data-testid="field-address-${part}"]`)).description).toBe(message);
    }
    expect(pageErrors).toEqual([]);
  });
});
