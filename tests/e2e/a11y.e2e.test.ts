// What a screen reader gets from the CRM screens, in Chromium against the real
// headless shell and vault: inline fields are buttons named by their label and
// value with nothing interactive inside.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVault, fillAndCreate, openSection, ui } from './crm-steps';
import { launchBrowser, requireRendererBuild, startHeadlessShell, type HeadlessShell } from './harness';

const password = 'screen readers read everything';

describe('what a screen reader gets', () => {
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
    await createVault(page, password);
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await shell?.stop();
  });

  it('names an inline field by its label and value, with no button inside another', async () => {
    await openSection(page, 'accounts');
    await page.getByTestId('list-new').click();
    await fillAndCreate(page, 'account', { name: 'Northwind Robotics' });
    await page.getByTestId('account-detail').waitFor(ui);
    await page.getByTestId('detail-add-contact').click();
    await fillAndCreate(page, 'contact', { name: 'Priya Raman', title: 'Purchasing manager', tags: 'vip', notes: 'Prefers calls after 6 pm.' });
    await page.getByTestId('related-contacts').getByText('Priya Raman').click();
    const detail = page.getByTestId('contact-detail');
    await detail.waitFor(ui);

    // The value is part of the name, for a plain text, a related record and a hidden note.
    const title = detail.getByRole('button', { name: 'Edit Job title: Purchasing manager', exact: true });
    expect(await title.count()).toBe(1);
    expect(await detail.getByRole('button', { name: 'Edit Account: Northwind Robotics', exact: true }).count()).toBe(1);
    expect(await detail.getByRole('button', { name: 'Edit Notes: Hidden', exact: true }).count()).toBe(1);
    // The related record's link and "Show" are buttons of their own, beside the edit button, not inside it.
    const nested = await detail.evaluate(
      (root) => root.querySelectorAll(':is(button, [role="button"], a[href]) :is(button, [role="button"], a[href], input, select, textarea)').length,
    );
    expect(nested).toBe(0);
    expect(await page.getByTestId('inline-accountId').getByRole('button', { name: 'Northwind Robotics', exact: true }).count()).toBe(1);
    expect(await page.getByTestId('inline-accountId').ariaSnapshot()).toContain('button "Northwind Robotics"');

    // The keyboard edits through the button (Enter or F2), and Esc gives the focus back to it.
    await title.focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('inline-title-input').waitFor(ui);
    await page.keyboard.press('Escape');
    await page.getByTestId('inline-title-input').waitFor({ state: 'detached', timeout: ui.timeout });
    expect(await title.evaluate((element) => element === document.activeElement)).toBe(true);
    await page.keyboard.press('F2');
    await page.getByTestId('inline-title-input').fill('Head of Purchasing');
    await page.keyboard.press('Enter');
    await detail.getByRole('button', { name: 'Edit Job title: Head of Purchasing', exact: true }).waitFor(ui);
    // A click on the row's value still edits, as before.
    await page.getByTestId('inline-title').getByText('Head of Purchasing').click();
    await page.getByTestId('inline-title-input').waitFor(ui);
    await page.keyboard.press('Escape');
    expect(pageErrors).toEqual([]);
  });
});
