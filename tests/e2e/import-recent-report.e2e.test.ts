// An import's report from the recent imports list, in Chromium against the
// real headless shell and vault: the report the end of an import shows goes
// when the page is left, and before, the recent imports list said only
// "2 rejected", with no row and no reason. Its "Show report" shows that same
// report again (totals, each rejected row with its field and reason, each
// skipped duplicate with what it matched), read from the vault; Back and Esc
// bring the list back with the focus on the button; a report that cannot be
// read says so under its row.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { focusedTestId, openSection, ui } from './crm-steps';
import { useRoutedApp } from './ipc-route';

const password = 'the report of an import gone by';
const file = ['Name,Email', 'Past Ada,ada@past.example', 'Past Ben,not-an-email', ',nameless@past.example', 'Past Cy,cy@past.example', 'Past Ada,ada@past.example'];

/** Each listed row of the report (`rejected-row` or `skipped-row`) as its cells' text. */
async function reportRows(page: Page, testId: 'rejected-row' | 'skipped-row'): Promise<string[][]> {
  const rows = page.getByTestId('import-report').getByTestId(testId);
  const texts: string[][] = [];
  for (let index = 0; index < (await rows.count()); index += 1) texts.push((await rows.nth(index).locator('td').allTextContents()).map((cell) => cell.trim()));
  return texts;
}

describe('the report of a recent import', () => {
  const { app, route } = useRoutedApp({ context: { viewport: { width: 1280, height: 800 } }, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(() => {
    ({ page } = app);
  });

  it('shows the rejected rows and their reasons again after the page was left, with Back and Esc to the list', async () => {
    await openSection(page, 'transfer');
    await page.getByTestId('import-entity').selectOption('contacts');
    await page.getByTestId('import-file').setInputFiles({ name: 'past.csv', mimeType: 'text/csv', buffer: Buffer.from(file.join('\r\n'), 'utf8') });
    await page.getByTestId('import-ready').filter({ hasText: 'past.csv' }).waitFor(ui);
    await page.getByTestId('import-run').click();
    await page.getByTestId('report-imported').filter({ hasText: '2' }).waitFor({ timeout: 120_000 });
    const rejectedAtEnd = await reportRows(page, 'rejected-row');
    const skippedAtEnd = await reportRows(page, 'skipped-row');
    expect(rejectedAtEnd).toEqual([
      ['3', 'Email', 'Invalid value · Not a valid email address'],
      ['4', 'Name', 'Invalid value · Name is required'],
    ]);
    expect(skippedAtEnd).toHaveLength(1);

    // Left and opened again: the picker, and the import among the recent ones, its counts only.
    await openSection(page, 'contacts');
    await openSection(page, 'transfer');
    const item = page.getByTestId('recent-import').first();
    await item.waitFor(ui);
    expect(await page.getByTestId('import-report').count()).toBe(0);
    expect(await item.getByTestId('recent-import-counts').textContent()).toBe('2 imported, 2 rejected, 1 duplicate skipped');

    // Its report, as the end of the import showed it, focused on its heading.
    await item.getByTestId('recent-import-show-report').click();
    const shown = page.getByTestId('recent-import-report');
    await shown.waitFor(ui);
    expect(await page.getByTestId('recent-imports').count()).toBe(0);
    expect(await shown.getByTestId('recent-import-report-of').textContent()).toContain('Contacts · ');
    expect(await shown.getByTestId('report-imported').textContent()).toBe('2');
    expect(await shown.getByTestId('report-rejected').textContent()).toBe('2');
    expect(await shown.getByTestId('report-duplicates').textContent()).toBe('1');
    expect(await reportRows(page, 'rejected-row')).toEqual(rejectedAtEnd);
    expect(await reportRows(page, 'skipped-row')).toEqual(skippedAtEnd);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('import-report-title');

    // Esc: the list again, the focus on the button that showed the report.
    await page.keyboard.press('Escape');
    await shown.waitFor({ state: 'detached', timeout: ui.timeout });
    await item.waitFor(ui);
    expect(await focusedTestId(page)).toBe('recent-import-show-report');

    // From the keyboard again, then Back.
    await page.keyboard.press('Enter');
    await shown.waitFor(ui);
    await shown.getByTestId('recent-import-report-back').click();
    await shown.waitFor({ state: 'detached', timeout: ui.timeout });
    expect(await focusedTestId(page)).toBe('recent-import-show-report');

    // A report that cannot be read (the job gone meanwhile) says why under its row; the list stays.
    route.failing.set('import.status', { code: 'NOT_FOUND', message: 'The import was not found.' });
    try {
      await item.getByTestId('recent-import-show-report').click();
      await item.getByTestId('recent-import-report-failed').waitFor(ui);
      expect(await page.getByTestId('recent-import-report').count()).toBe(0);
    } finally {
      route.failing.delete('import.status');
    }
    expect(pageErrors).toEqual([]);
  });
});
