// An import cut off part way (here by locking the vault while it writes),
// resumed from the "interrupted" notice, then the Import page left while it
// runs and opened again, in Chromium against the real headless shell and
// vault. The page follows the job; stopped there, its report offers Resume
// though the page no longer has the file (the main process still holds the
// upload the job read: import.status `uploadId`), and Resume puts the focus on
// the progress's Stop as it shows, then imports the rest, each row once.
// Before, that report had no Resume (the file sent from the notice was the
// left page's alone), and a Resume from a report with no file on the page left
// the focus on the page's body.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { cutOffImport, focusedTestId, numberIn, openSection, ui } from './crm-steps';
import { useRoutedApp } from './ipc-route';

const password = 'a resumed import followed back';
/** Cut off after the first of the importer's 20,000-row chunks: the resume has 100,000 rows left to write. */
const rows = 120_000;
const csv = ['Name,Email', ...Array.from({ length: rows }, (_, index) => `Followed Person ${index},followed${index}@example.org`)].join('\r\n');

describe('an import resumed from the interrupted notice, the page left and opened again', () => {
  const { app } = useRoutedApp({ password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(() => {
    ({ page } = app);
  });

  it('offers Resume in the report of the job stopped there, which focuses Stop and imports the rest', async () => {
    await cutOffImport(page, password, csv, 20_000);
    await page.getByTestId('import-interrupted-file').setInputFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await page.getByTestId('import-stop').waitFor({ timeout: 240_000 });

    // Left while it runs, and opened again: the page follows the job, with no file of its own.
    await openSection(page, 'contacts');
    await openSection(page, 'transfer');
    const stop = page.getByTestId('import-stop');
    await stop.waitFor({ timeout: 120_000 });
    expect(await page.getByTestId('import-ready').count()).toBe(0);
    await stop.click();

    const report = page.getByTestId('import-report');
    await report.waitFor({ timeout: 240_000 });
    expect(await report.textContent()).toContain('The import was stopped. The rows imported so far stay.');
    const stoppedAt = numberIn(await page.getByTestId('report-imported').textContent());
    expect(stoppedAt).toBeLessThan(rows);
    const resume = page.getByTestId('import-resume');
    expect(await resume.count()).toBe(1);

    // Resumed from the keyboard: the report goes, and the focus lands on Stop as the progress shows, not on the body.
    await resume.focus();
    await page.keyboard.press('Enter');
    await stop.waitFor({ timeout: 240_000 });
    await expect.poll(() => focusedTestId(page), ui).toBe('import-stop');

    // The rest of the file goes in, each row once.
    await page.getByTestId('report-imported').filter({ hasText: rows.toLocaleString('en-US') }).waitFor({ timeout: 300_000 });
    expect(numberIn(await page.getByTestId('report-duplicates').textContent())).toBe(0);
    expect(numberIn(await page.getByTestId('report-rejected').textContent())).toBe(0);
    expect(await page.getByTestId('import-resume').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  }, 900_000);
});
