// A check (dry run) of a large file shows its progress, about how long it has
// left, and a Stop as an import does. Leaving the Import page mid-check and coming back finds the
// check still followed, then its report, with the file still chosen (before,
// the check showed a bar with no count and no Stop, and the page came back
// idle: the report was lost). A page loaded anew (a reload) follows the check
// too, and says the file must be chosen again to import it. A Stop ends a
// check with the report of the rows it checked so far; a check refused (an
// undo running, say) says the check failed, not the import.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useRoutedApp } from './ipc-route';
import { numberIn, openSection, progressRows, ui } from './crm-steps';

const password = 'a check is followed to its report';
/** Ten of the check's 20,000-row chunks: long enough to leave the page and come back while it runs. */
const rows = 200_000;
/** Every 1,000th row has an email that is not one. */
const csv = ['Name,Email', ...Array.from({ length: rows }, (_, index) => `Checked Person ${index},${(index + 1) % 1000 === 0 ? 'not-an-email' : `checked${index}@example.org`}`)].join('\r\n');

async function startCheck(page: Page, name: string): Promise<void> {
  await openSection(page, 'transfer');
  if ((await page.getByTestId('import-again').count()) > 0) await page.getByTestId('import-again').click();
  await page.getByTestId('import-file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
  await page.getByTestId('import-ready').filter({ hasText: name }).waitFor({ timeout: 120_000 });
  await page.getByTestId('import-dry-run').click();
  await expect.poll(() => progressRows(page), { timeout: 120_000, interval: 50 }).toBeGreaterThan(0);
}

describe('a check of a large file', () => {
  // The page's clock runs as the machine's, but a test can move it on (the time left's pace).
  const { app, route } = useRoutedApp({ password, beforeLoad: (page) => page.clock.install() });
  let page: Page;

  beforeAll(() => {
    ({ page } = app);
  });

  it('shows its rows checked and a Stop, is followed after the page was left and back, then reports', async () => {
    await startCheck(page, 'checked.csv');
    const progress = page.getByTestId('import-progress');
    expect(await progress.getByRole('button', { name: 'Stop' }).count()).toBe(1);
    expect(await progress.textContent()).toContain('Checking…');
    expect(await progress.getByRole('progressbar').getAttribute('aria-valuemax')).toBe(String(rows));

    await openSection(page, 'contacts');
    // From here its progress reaches the page a step at a time, when the test lets it: a fast machine checks the
    // whole file within the three seconds of pace the time left waits for.
    route.holdingEvents.add('transfer.didProgress');
    await openSection(page, 'transfer');
    await page.getByTestId('import-ready').filter({ hasText: 'checked.csv' }).waitFor(ui);
    await progress.waitFor(ui);
    expect(await progress.textContent()).toContain('Checking…');
    expect(await progress.getByRole('button', { name: 'Stop' }).count()).toBe(1);
    expect(await page.getByTestId('import-choose').isDisabled()).toBe(true);
    // Once its rows have gone a few seconds since the page took it up again, it says about how long it has left.
    await expect.poll(() => route.heldEvents, ui).toBeGreaterThanOrEqual(2);
    route.releaseEvent();
    expect(await page.getByTestId('import-time-left').count()).toBe(0);
    await page.clock.fastForward(4_000);
    route.releaseEvent();
    await page
      .getByTestId('import-time-left')
      .filter({ hasText: /^ · (A few seconds left|About \d+ seconds left|About a minute left|About \d+ minutes left)$/ })
      .waitFor(ui);
    route.release();
    await page.getByRole('heading', { name: 'Check report' }).waitFor({ timeout: 240_000 });
    expect(numberIn(await page.getByTestId('report-imported').textContent())).toBe(rows - rows / 1000);
    expect(numberIn(await page.getByTestId('report-rejected').textContent())).toBe(rows / 1000);
    expect(await page.getByTestId('rejected-row').first().textContent()).toContain('1001');
    expect(await page.getByTestId('import-download-rejected').count()).toBe(1);
    expect(await page.getByTestId('import-check-choose-again').count()).toBe(0);
  }, 600_000);

  it('is followed by a page loaded anew, which says to choose the file again', async () => {
    await startCheck(page, 'reloaded.csv');
    await page.reload();
    await page.getByTestId('lock-button').waitFor(ui);
    await openSection(page, 'transfer');
    await page.getByRole('heading', { name: 'Check report' }).waitFor({ timeout: 240_000 });
    expect(numberIn(await page.getByTestId('report-rejected').textContent())).toBe(rows / 1000);
    expect(await page.getByTestId('import-ready').count()).toBe(0);
    expect(await page.getByTestId('import-check-choose-again').textContent()).toBe('To import the file, choose it again above.');
  }, 600_000);

  it('stops a check when asked, with the report of the rows it checked so far', async () => {
    await startCheck(page, 'stopped.csv');
    await page.getByTestId('import-progress').getByRole('button', { name: 'Stop' }).click();
    await page.getByRole('heading', { name: 'Check report' }).waitFor({ timeout: 120_000 });
    expect(await page.getByTestId('import-report').textContent()).toContain('The check was stopped. Its counts are of the rows checked so far; nothing was imported.');
    const read = numberIn(await page.getByTestId('report-rows-read').textContent());
    expect(read).toBeGreaterThan(0);
    expect(read).toBeLessThan(rows);
  }, 600_000);

  it('says a check refused failed as a check, with why', async () => {
    await openSection(page, 'transfer');
    await page.getByTestId('import-file').setInputFiles({ name: 'refused.csv', mimeType: 'text/csv', buffer: Buffer.from('Name\r\nRefused Person', 'utf8') });
    await page.getByTestId('import-ready').filter({ hasText: 'refused.csv' }).waitFor(ui);
    // As the service answers a check asked for while an undo runs.
    route.failing.set('import.run', { code: 'BUSY', message: 'An import is being undone. Wait for it to finish.', reason: { code: 'undo_running' } });
    try {
      await page.getByTestId('import-dry-run').click();
      const failed = page.getByTestId('import-failed');
      await failed.waitFor(ui);
      expect(await failed.textContent()).toBe('The check failed. Nothing was imported.An import is being undone. Wait for it to finish.');
    } finally {
      route.failing.delete('import.run');
    }
  });
});
