// The Import page between its steps, in Chromium against the real headless
// shell and vault: a list changed while the chosen file's preview is on its
// way drops that preview (it was read for the other list: its mapping named
// the other list's fields, and Import would have sent them under the new
// list), and so does a preview of the file before that answers while a new
// file is sent (it showed that file over the new one's upload); a check's
// report, or a failed import's message, goes when the mapping or a choice
// changes (it said what the choices before gave; before, it stayed under
// the new ones, and the page opened again brought it back), and the choices
// are locked while a job runs; Resume in a stopped import's report, which
// goes with the report, leaves the focus on Import (Stop one Tab on) rather
// than on the page, and the resumed run imports the rest of the file, each
// row once (the sync pill counting the 45,000 changes waiting as "45,000",
// not "45000").
// A stopped import that is undone offers no Resume until it is restored
// (resumed, it would count rows in the trash as imported and skip rows
// matching them; the main process refuses it, resume_undone).
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { focusedTestId, numberIn, openSection, progressRows, ui } from './crm-steps';
import { useRoutedApp } from './ipc-route';

const password = 'a file read for the list it goes to';
const people = ['Name,Email', 'Switch Ada,switch.ada@example.org', 'Switch Bo,switch.bo@example.org'].join('\r\n');
/** Two of the import's 20,000-row chunks and some: long enough to stop part way. */
const rows = 45_000;
const many = ['Name,Email', ...Array.from({ length: rows }, (_, index) => `Resumed Person ${index},resumed${index}@example.org`)].join('\r\n');

describe('the Import page between its steps', () => {
  const { route, app } = useRoutedApp({ context: { viewport: { width: 1280, height: 800 } }, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(() => {
    ({ page } = app);
  });

  /** Picks `text` as the file `name` on the Import page. */
  const pick = (name: string, text: string) => page.getByTestId('import-file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') });

  /** Picks it, and waits until the page has read it (its preview shown under its name). */
  async function pickAndRead(name: string, text: string): Promise<void> {
    await pick(name, text);
    await page.getByTestId('import-ready').filter({ hasText: name }).waitFor(ui);
  }

  it('drops a preview read for the list the user has since changed from', async () => {
    await openSection(page, 'transfer');
    route.holding.add('import.preview');
    await pick('people.csv', people);
    await expect.poll(() => route.heldAnswers, ui).toBe(1);
    await page.getByTestId('import-entity').selectOption('accounts');
    route.releaseAnswers();
    await route.quiet(page, ui.timeout);
    expect(await page.getByTestId('import-ready').count()).toBe(0);
    await page.getByTestId('import-choose').waitFor(ui);

    // Chosen again under Accounts, the file is read for accounts: its names go to the account's name.
    await pickAndRead('people.csv', people);
    expect(await page.getByTestId('mapping-0').inputValue()).toBe('name');
    expect(await page.getByTestId('mapping-1').locator('option[value="email"]').count()).toBe(0);
    await page.getByTestId('import-entity').selectOption('contacts');
    expect(pageErrors).toEqual([]);
  });

  it('keeps a new file’s upload shown when a preview of the file before answers meanwhile', async () => {
    await openSection(page, 'transfer');
    if ((await page.getByTestId('import-again').count()) > 0) await page.getByTestId('import-again').click();
    await pickAndRead('people.csv', people);
    // A re-mapping's preview on its way, then another file picked, its upload held.
    route.holding.add('import.preview');
    await page.getByTestId('mapping-1').selectOption('');
    await expect.poll(() => route.heldAnswers, ui).toBe(1);
    route.gated.add('import.upload');
    const answered = route.answered.get('import.preview') ?? 0;
    await pick('others.csv', people.replaceAll('Switch', 'Other'));
    await page.getByTestId('upload-progress').waitFor(ui);
    route.releaseAnswers();
    await expect.poll(() => route.answered.get('import.preview') ?? 0, ui).toBe(answered + 1);
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    // The answer about people.csv is dropped: the upload of others.csv is what shows.
    expect(await page.getByTestId('upload-progress').count()).toBe(1);
    expect(await page.getByTestId('import-ready').count()).toBe(0);
    route.release();
    await page.getByTestId('import-ready').filter({ hasText: 'others.csv' }).waitFor(ui);
    expect(pageErrors).toEqual([]);
  });

  it('takes a check’s report and a failed import’s message away when the mapping or a choice changes', async () => {
    await openSection(page, 'transfer');
    await pickAndRead('people.csv', people);
    await page.getByTestId('import-dry-run').click();
    const report = page.getByTestId('import-report');
    await report.waitFor(ui);
    await page.getByTestId('import-duplicates').locator('input[value="update"]').check();
    await report.waitFor({ state: 'detached', timeout: ui.timeout });
    // Nor does the page opened again bring it back (the draft forgot the check too).
    await openSection(page, 'contacts');
    await openSection(page, 'transfer');
    await page.getByTestId('import-ready').filter({ hasText: 'people.csv' }).waitFor(ui);
    await route.quiet(page, ui.timeout);
    expect(await report.count()).toBe(0);

    // A check again, then "create accounts" changed: the report goes too.
    await page.getByTestId('import-dry-run').click();
    await report.waitFor(ui);
    await page.getByTestId('import-ready').getByRole('checkbox').uncheck();
    await report.waitFor({ state: 'detached', timeout: ui.timeout });

    route.failing.set('import.run', { code: 'INTERNAL', message: 'Something went wrong. Try again.' });
    await page.getByTestId('import-run').click();
    const failed = page.getByTestId('import-failed');
    await failed.waitFor(ui);
    route.failing.delete('import.run');
    await page.getByTestId('mapping-1').selectOption('');
    await failed.waitFor({ state: 'detached', timeout: ui.timeout });
    await page.getByTestId('import-ready').filter({ hasText: 'people.csv' }).waitFor(ui);
    expect(await page.getByTestId('mapping-1').inputValue()).toBe('');
    // The choices back as they were, for the next test.
    await page.getByTestId('import-duplicates').locator('input[value="skip"]').check();
    await page.getByTestId('import-ready').getByRole('checkbox').check();
    expect(pageErrors).toEqual([]);
  });

  it('leaves the focus on Import when Resume goes with the stopped import’s report, and imports the rest once', async () => {
    await openSection(page, 'transfer');
    await pickAndRead('many.csv', many);
    await page.getByTestId('import-run').click();
    await expect.poll(() => progressRows(page), { timeout: 120_000, interval: 50 }).toBeGreaterThan(0);
    await page.getByTestId('import-progress').getByRole('button', { name: 'Stop' }).click();
    await page.getByTestId('import-report').waitFor({ timeout: 120_000 });
    // Stopped before its first chunk was written, or after: either way some rows are left.
    const first = numberIn(await page.getByTestId('report-imported').textContent());
    expect(first).toBeLessThan(rows);

    await page.getByTestId('import-resume').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('import-resume').waitFor({ state: 'detached', timeout: ui.timeout });
    await expect.poll(() => focusedTestId(page), ui).toBe('import-run');
    await page.getByTestId('import-report').waitFor({ timeout: 240_000 });
    // The resumed run counts the rows the stopped one left.
    expect(numberIn(await page.getByTestId('report-imported').textContent())).toBe(rows - first);
    expect(numberIn(await page.getByTestId('report-duplicates').textContent())).toBe(0);
    // Each imported contact waits to be synced, one change each, counted on the sync pill as the UI writes numbers.
    await expect.poll(() => page.getByTestId('sync-pending-count').textContent(), ui).toBe('45,000');
    expect(pageErrors).toEqual([]);
  }, 600_000);

  it('offers no Resume for a stopped import once it is undone, and again once it is restored', async () => {
    await openSection(page, 'transfer');
    if ((await page.getByTestId('import-again').count()) > 0) await page.getByTestId('import-again').click();
    const file = ['Name,Email', ...Array.from({ length: rows }, (_, index) => `Undone Person ${index},undone${index}@example.org`)].join('\r\n');
    await pickAndRead('undone.csv', file);
    await page.getByTestId('import-run').click();
    // Past the first chunk, so the stopped import has records to undo.
    await expect.poll(() => progressRows(page), { timeout: 120_000, interval: 50 }).toBeGreaterThan(20_000);
    // While it runs, its choices are locked: its report will be of those it started with.
    expect(await page.getByTestId('mapping-0').isDisabled()).toBe(true);
    expect(await page.getByTestId('import-duplicates').locator('input[value="update"]').isDisabled()).toBe(true);
    expect(await page.getByTestId('import-ready').getByRole('checkbox').isDisabled()).toBe(true);
    await page.getByTestId('import-progress').getByRole('button', { name: 'Stop' }).click();
    await page.getByTestId('import-report').waitFor({ timeout: 120_000 });
    const resume = page.getByTestId('import-resume');
    await resume.waitFor(ui);

    await page.getByTestId('import-undo-button').click();
    await page.getByTestId('import-undo-confirmed').click();
    await page.getByTestId('import-undone').waitFor({ timeout: 120_000 });
    expect(await resume.count()).toBe(0);

    await page.getByTestId('import-undo-restore').click();
    await page.getByTestId('import-restored').waitFor({ timeout: 120_000 });
    await resume.waitFor(ui);
    expect(pageErrors).toEqual([]);
  }, 600_000);
});
