// Small defects found by the UI walkthrough (second pass), checked in Chromium
// against the real headless shell and vault. Each test stands on its own once
// the vault is open; the forecast test comes before any other deal exists.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVault, fillAndCreate, openSection, ui } from './crm-steps';
import { launchBrowser, requireRendererBuild, startHeadlessShell, type HeadlessShell } from './harness';

const password = 'polish rep sells robots';

describe('small fixes from the UI walkthrough', () => {
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

  it('refuses an inline edit that leaves an activity with neither a subject nor notes', async () => {
    await openSection(page, 'activities');
    await page.getByTestId('list-new').click();
    await fillAndCreate(page, 'activity', { subject: 'Site visit' });
    await page.getByTestId('activity-detail').waitFor(ui);

    await page.getByTestId('inline-subject-edit').click();
    await page.getByTestId('inline-subject-input').fill('   ');
    await page.getByTestId('inline-subject-save').click();
    const error = page.getByTestId('inline-subject-input-error');
    await error.waitFor(ui);
    expect(await error.textContent()).toBe('An activity needs a subject or notes. Keep one of them.');
    expect(await page.getByTestId('inline-subject-input').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByTestId('saved-field-toast').count()).toBe(0);

    // Nothing was written: the list still shows the subject after a fresh load.
    await page.getByTestId('inline-subject-input').press('Escape');
    await openSection(page, 'activities');
    await page.getByTestId('activity-table-row').filter({ hasText: 'Site visit' }).waitFor(ui);

    // With notes, the subject may go.
    await page.getByTestId('activity-table-row').filter({ hasText: 'Site visit' }).click();
    await page.getByTestId('activity-detail').waitFor(ui);
    await page.getByTestId('inline-body-edit').click();
    await page.getByTestId('inline-body-input').fill('Walked the line with the plant manager.');
    await page.getByTestId('inline-body-save').click();
    await page.getByTestId('inline-body-input').waitFor({ state: 'detached', timeout: ui.timeout });
    await page.getByTestId('inline-subject-edit').click();
    await page.getByTestId('inline-subject-input').fill('');
    await page.getByTestId('inline-subject-save').click();
    await page.getByTestId('inline-subject-input').waitFor({ state: 'detached', timeout: ui.timeout });
    expect(pageErrors).toEqual([]);
  });
});
