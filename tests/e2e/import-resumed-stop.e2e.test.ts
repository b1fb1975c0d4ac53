// An import cut off part way (here by locking the vault while it writes),
// resumed from the "interrupted" notice and stopped again, in Chromium
// against the real headless shell and vault. Stop says "Stopping…" and is
// aria-disabled (the focus stays on it) while the chunk being written rolls
// back, and a second press sends no second import.cancel. The report says the
// rows after the last saved chunk were rolled back, and, the page holding no
// file of its own (the resume's file was sent from the notice), still offers
// Resume and the rejected rows with that file; Resume imports the rest.
// Before, that report had neither (a stopped job is no longer listed as
// interrupted, so the rest of the file could not be imported), and Stop stayed
// live with no sign while the chunk rolled back, each press another cancel.
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { cutOffImport, focusedTestId, numberIn, ui } from './crm-steps';
import { useRoutedApp } from './ipc-route';

const password = 'a resumed import stopped';
/** Cut off after the first of the importer's 20,000-row chunks: the resume has 50,000 rows left to write. */
const rows = 70_000;
/** Rows without a name, in the first chunk: rejected before the cut-off, counted in every report of the job. */
const nameless = new Set([3, 4]);
const csv = [
  'Name,Email',
  ...Array.from({ length: rows }, (_, index) => `${nameless.has(index) ? '' : `Stopped Person ${index}`},stopped${index}@example.org`),
].join('\r\n');

describe('an import resumed from the interrupted notice, then stopped', () => {
  const { route, app } = useRoutedApp({ password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(() => {
    ({ page } = app);
  });

  it('says it is stopping, cancels once, and its report offers Resume and the rejected rows, which import the rest', async () => {
    const notice = await cutOffImport(page, password, csv, 20_000);
    const cancels = () => route.calls.filter((channel) => channel === 'import.cancel').length;
    const before = cancels();

    await page.getByTestId('import-interrupted-file').setInputFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    const stop = page.getByTestId('import-stop');
    await stop.waitFor({ timeout: 240_000 });
    expect(await stop.textContent()).toBe('Stop');
    // The cancel's answer and the job's end held back: the page shows what it does while the chunk rolls back.
    route.holding.add('import.cancel');
    route.holdingEvents.add('transfer.didProgress');
    await stop.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => stop.textContent(), ui).toBe('Stopping…');
    expect(await stop.getAttribute('aria-disabled')).toBe('true');
    expect(await focusedTestId(page)).toBe('import-stop');
    // Pressed again: nothing more is sent.
    await page.keyboard.press('Enter');
    await route.quiet(page, ui.timeout);
    expect(cancels()).toBe(before + 1);
    route.release();

    const report = page.getByTestId('import-report');
    await report.waitFor({ timeout: 240_000 });
    expect(await report.textContent()).toContain('The import was stopped. The rows imported so far stay.');
    expect(await page.getByTestId('report-rolled-back').textContent()).toBe(
      'The rows after the last saved batch were rolled back: none of them was imported.',
    );
    expect(numberIn(await page.getByTestId('report-rejected').textContent())).toBe(nameless.size);
    const stoppedAt = numberIn(await page.getByTestId('report-imported').textContent());
    expect(stoppedAt).toBeLessThan(rows - nameless.size);
    // Stopped, the job is no longer an interrupted one: its report is where it goes on from.
    expect(await notice.count()).toBe(0);
    expect(await page.getByTestId('import-resume').count()).toBe(1);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('import-download-rejected').click()]);
    const rejectedFile = await readFile(await download.path(), 'utf8');
    expect(rejectedFile).toContain('stopped3@example.org');
    expect(rejectedFile).toContain('stopped4@example.org');
    expect(rejectedFile).not.toContain('stopped5@example.org');

    // Resume with the file sent from the notice: the rest of the file goes in, each row once.
    await page.getByTestId('import-resume').click();
    await page.getByTestId('report-imported').filter({ hasText: '69,998' }).waitFor({ timeout: 240_000 });
    expect(numberIn(await page.getByTestId('report-rejected').textContent())).toBe(nameless.size);
    expect(numberIn(await page.getByTestId('report-duplicates').textContent())).toBe(0);
    expect(await page.getByTestId('report-rolled-back').count()).toBe(0);
    expect(await page.getByTestId('import-resume').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  }, 600_000);
});
