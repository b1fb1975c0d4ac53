// What the import report offers next, in Chromium against the real headless
// shell and vault: after an import the file picker is out of the way (the
// report comes first), "Open contacts" / "Open accounts" is the next Tab stop
// after the report's focused heading and opens the list that holds the
// imported records, and "Import another file" brings the picker back with the
// focus on it. A check (dry run) keeps its file and picker and offers none of
// that. A run or a check that rejected rows offers them as a CSV file, each
// with its problems, which imports once fixed; a vCard run its rejected cards
// as a vCard file. In both languages. (Before, the drop
// zone stayed above the report and the report led nowhere.)
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useApp } from './app';
import { focusedTestId, openSection, ui } from './crm-steps';
import { setLanguage } from './layout-steps';

const password = 'from the report to the records';

async function chooseFile(page: Page, name: string, lines: readonly string[]): Promise<void> {
  await page.getByTestId('import-file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(lines.join('\r\n'), 'utf8') });
  await page.getByTestId('import-ready').filter({ hasText: name }).waitFor(ui);
}

/** Presses the report's download of its rejected rows (or cards): the file's name and text. */
async function downloadRejected(page: Page): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('import-download-rejected').click()]);
  return { name: download.suggestedFilename(), text: await readFile(await download.path(), 'utf8') };
}

/** What the import page shows besides the report: its picker's controls, and the report's buttons. */
async function around(page: Page): Promise<{ picker: number; buttons: string[] }> {
  return {
    picker: (await page.getByTestId('import-file').count()) + (await page.getByTestId('import-entity').count()),
    buttons: await page.getByTestId('import-report').getByRole('button').allTextContents(),
  };
}

describe('the import report leads on', () => {
  const app = useApp({ context: { viewport: { width: 1280, height: 800 } }, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(() => {
    ({ page } = app);
  });

  it('puts the picker away after an import and opens the contacts from the keyboard', async () => {
    await openSection(page, 'transfer');
    await chooseFile(page, 'people.csv', ['Name,Email', 'Reported Ada,ada@report.example', 'Reported Ben,ben@report.example']);
    await page.getByTestId('import-run').click();
    await page.getByTestId('report-imported').filter({ hasText: '2' }).waitFor(ui);
    expect(await around(page)).toEqual({ picker: 0, buttons: ['Open contacts', 'Import another file', 'Undo this import'] });

    // The report's heading has the focus; the next Tab is the way to the records.
    expect(await page.getByRole('heading', { name: 'Import report' }).evaluate((heading) => heading === document.activeElement)).toBe(true);
    await page.keyboard.press('Tab');
    expect(await focusedTestId(page)).toBe('import-open-list');
    await page.keyboard.press('Enter');
    await page.getByTestId('list-contacts').waitFor(ui);
    await page.getByTestId('contact-table-row').filter({ hasText: 'Reported Ben' }).waitFor(ui);
    expect(await page.getByTestId('contact-table-row').filter({ hasText: 'Reported' }).count()).toBe(2);
    expect(pageErrors).toEqual([]);
  });

  it('brings the picker back, focused, for another file, and opens the accounts after an accounts import', async () => {
    await openSection(page, 'transfer');
    await page.getByTestId('import-entity').selectOption('accounts');
    await chooseFile(page, 'firms.csv', ['Name,Industry', 'Reported Firm,Shipping']);
    await page.getByTestId('import-run').click();
    await page.getByTestId('report-imported').filter({ hasText: '1' }).waitFor(ui);
    expect(await around(page)).toEqual({ picker: 0, buttons: ['Open accounts', 'Import another file', 'Undo this import'] });

    await page.getByTestId('import-again').click();
    await page.getByTestId('import-report').waitFor({ state: 'detached', timeout: ui.timeout });
    expect(await focusedTestId(page)).toBe('import-choose');
    // The list chosen before stays chosen.
    expect(await page.getByTestId('import-entity').inputValue()).toBe('accounts');

    await chooseFile(page, 'more-firms.csv', ['Name,Industry', 'Reported Yard,Shipping']);
    await page.getByTestId('import-run').click();
    await page.getByTestId('report-imported').filter({ hasText: '1' }).waitFor(ui);
    await page.getByTestId('import-open-list').click();
    await page.getByTestId('list-accounts').waitFor(ui);
    await page.getByTestId('account-table-row').filter({ hasText: 'Reported Yard' }).waitFor(ui);
    expect(pageErrors).toEqual([]);
  });

  it('downloads the rejected rows with their problems, and the fixed file imports them', async () => {
    await openSection(page, 'transfer');
    await page.getByTestId('import-entity').selectOption('contacts');
    await chooseFile(page, 'leads.csv', ['Name,Email,Notes', 'Fine Gil,gil@leads.example,', 'Bad Bea,not-an-email,=SUM(A1)', ',ned@leads.example,no name']);
    await page.getByTestId('import-run').click();
    await page.getByTestId('report-rejected').filter({ hasText: '2' }).waitFor(ui);
    expect(await around(page)).toEqual({ picker: 0, buttons: ['Open contacts', 'Download rejected rows', 'Import another file', 'Undo this import'] });

    const { name, text } = await downloadRejected(page);
    expect(name).toBe('leads-rejected.csv');
    expect(text.split('\r\n')).toEqual([
      '\uFEFF"Name","Email","Notes","Row in the file","Problem"',
      '"Bad Bea","not-an-email","\'=SUM(A1)","3","Email: Not a valid email address"',
      '"","ned@leads.example","no name","4","Name: Name is required"',
      '',
    ]);
    await page.getByTestId('rejected-downloaded').filter({ hasText: '2 rejected rows downloaded: fix them and import the file again' }).waitFor(ui);

    // Fixed in a spreadsheet and chosen again: our two columns are left out, and both rows import.
    const fixed = text.replace('not-an-email', 'bea@leads.example').replace('"","ned@', '"Nameless Ned","ned@');
    await page.getByTestId('import-again').click();
    await page.getByTestId('import-file').setInputFiles({ name: 'leads-rejected.csv', mimeType: 'text/csv', buffer: Buffer.from(fixed, 'utf8') });
    await page.getByTestId('import-ready').filter({ hasText: 'leads-rejected.csv' }).waitFor(ui);
    await page.getByTestId('import-run').click();
    await page.getByTestId('report-imported').filter({ hasText: '2' }).waitFor(ui);
    expect(await page.getByTestId('report-rejected').textContent()).toBe('0');
    expect(await around(page)).toEqual({ picker: 0, buttons: ['Open contacts', 'Import another file', 'Undo this import'] });
    await page.getByTestId('import-open-list').click();
    await page.getByTestId('contact-table-row').filter({ hasText: 'Nameless Ned' }).waitFor(ui);
    await page.getByTestId('contact-table-row').filter({ hasText: 'Bad Bea' }).waitFor(ui);
    expect(pageErrors).toEqual([]);
  });

  it('downloads a vCard file’s rejected cards as a vCard file, each with its problem, which imports once fixed', async () => {
    await openSection(page, 'transfer');
    const card = (name: string, email: string) => ['BEGIN:VCARD', 'VERSION:3.0', `FN:${name}`, `EMAIL:${email}`, 'END:VCARD'];
    await chooseFile(page, 'phone.vcf', [...card('Card Fine', 'fine@cards.example'), ...card('Card Bad', 'bad-at-cards.example'), '']);
    await page.getByTestId('import-run').click();
    await page.getByTestId('report-rejected').filter({ hasText: '1' }).waitFor(ui);
    expect(await around(page)).toEqual({ picker: 0, buttons: ['Open contacts', 'Download rejected cards', 'Import another file', 'Undo this import'] });

    const { name, text } = await downloadRejected(page);
    expect(name).toBe('phone-rejected.vcf');
    expect(text.split('\r\n')).toEqual([
      'BEGIN:VCARD',
      'X-FIELDVAULT-PROBLEM:Email: Not a valid email address',
      'VERSION:3.0',
      'FN:Card Bad',
      'EMAIL:bad-at-cards.example',
      'END:VCARD',
      '',
    ]);
    await page.getByTestId('rejected-downloaded').filter({ hasText: '1 rejected card downloaded: fix it and import the file again' }).waitFor(ui);

    // Fixed and chosen again: the problem line is left alone, and the card imports.
    await page.getByTestId('import-again').click();
    await chooseFile(page, 'phone-rejected.vcf', text.replace('bad-at-cards', 'bad@cards').split('\r\n'));
    await page.getByTestId('import-run').click();
    await page.getByTestId('report-imported').filter({ hasText: '1' }).waitFor(ui);
    expect(await page.getByTestId('report-rejected').textContent()).toBe('0');
    await page.getByTestId('import-open-list').click();
    await page.getByTestId('contact-table-row').filter({ hasText: 'Card Bad' }).waitFor(ui);
    expect(pageErrors).toEqual([]);
  });

  it('keeps the picker and the file after a check, which has imported nothing to open', async () => {
    await openSection(page, 'transfer');
    await chooseFile(page, 'checked.csv', ['Name', 'Checked Cy']);
    await page.getByTestId('import-dry-run').click();
    await page.getByRole('heading', { name: 'Check report' }).waitFor(ui);
    expect(await around(page)).toEqual({ picker: 2, buttons: [] });
    expect(await page.getByTestId('import-run').isEnabled()).toBe(true);
    expect(pageErrors).toEqual([]);
  });

  it('offers a check’s rejected rows as a file to fix before importing, and the import then takes the fixed rows', async () => {
    await openSection(page, 'transfer');
    await chooseFile(page, 'checked-leads.csv', ['Name,Email', 'Good Hal,hal@leads.example', 'Bad Ida,ida-at-leads.example']);
    await page.getByTestId('import-dry-run').click();
    await page.getByRole('heading', { name: 'Check report' }).waitFor(ui);
    // Only the download: a check imported nothing to open, and its picker stays.
    expect(await around(page)).toEqual({ picker: 2, buttons: ['Download rejected rows'] });
    const { name, text } = await downloadRejected(page);
    expect(name).toBe('checked-leads-rejected.csv');
    expect(text.split('\r\n')).toEqual(['\uFEFF"Name","Email","Row in the file","Problem"', '"Bad Ida","ida-at-leads.example","3","Email: Not a valid email address"', '']);
    await page.getByTestId('rejected-downloaded').filter({ hasText: '1 rejected row downloaded' }).waitFor(ui);
    // Fixed, and the import of the fixed file takes the row.
    await chooseFile(page, 'checked-leads-rejected.csv', text.replace('ida-at-leads', 'ida@leads').split('\r\n'));
    await page.getByTestId('import-run').click();
    await page.getByTestId('report-imported').filter({ hasText: '1' }).waitFor(ui);
    expect(await page.getByTestId('report-rejected').textContent()).toBe('0');
    await page.getByTestId('import-again').click();
    expect(pageErrors).toEqual([]);
  });

  it('words the report’s buttons in Chinese', async () => {
    await setLanguage(page, 'zh-CN');
    try {
      await openSection(page, 'transfer');
      await chooseFile(page, 'people-zh.csv', ['Name', 'Reported Dee']);
      await page.getByTestId('import-run').click();
      await page.getByTestId('report-imported').filter({ hasText: '1' }).waitFor(ui);
      expect(await around(page)).toEqual({ picker: 0, buttons: ['打开联系人', '导入另一个文件', '撤销此次导入'] });
    } finally {
      await setLanguage(page, 'en');
    }
    expect(pageErrors).toEqual([]);
  });
});
