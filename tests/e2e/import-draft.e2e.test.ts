// The Import page, left and opened again, goes on where it was left: the
// file chosen, its mapping, the duplicates choice and its check's report
// (before, it came back to an empty picker: a rep who had mapped the columns
// and looked up a contact started over). An import of the file ends that:
// coming back after it shows the picker, never the same file ready for a
// second import; and a lock drops it, with the file the main process held.
// A file the main process let go meanwhile (its idle hour) is asked for again.
// A file still being sent when the page was left is followed when it comes
// back, and one sent while the page was away is read then. A file picked
// while another is sent stops the older one.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useRoutedApp } from './ipc-route';
import { focusedTestId, lockVault, numberIn, openSection, ui, unlock } from './crm-steps';

const password = 'the import page goes on where it was left';
const csv = ['Name,Email,Title', 'Kept Ada,kept.ada@example.org,Buyer', 'Kept Bo,not-an-email,Owner', 'Kept Cai,kept.cai@example.org,Chef'].join('\r\n');

async function awayAndBack(page: Page): Promise<void> {
  await openSection(page, 'contacts');
  await openSection(page, 'transfer');
}

/** A CSV file of 4.7 MB: three chunks of at most 2 MiB. */
function threeChunks(name: string): Buffer {
  const rows = Array.from({ length: 50_000 }, (_, index) => `${name} ${index},${name.toLowerCase()}${index}@example.org,${'Buyer '.repeat(10)}`);
  const file = Buffer.from(['Name,Email,Title', ...rows].join('\r\n'), 'utf8');
  expect(file.length).toBeGreaterThan(4 * 1024 * 1024);
  return file;
}

describe('the Import page, left and opened again', () => {
  const { app, route } = useRoutedApp({ password });
  let page: Page;

  beforeAll(() => {
    ({ page } = app);
  });

  it('keeps the file, its mapping, the duplicates choice and the check report; an import of it ends them', async () => {
    await openSection(page, 'transfer');
    await page.getByTestId('import-file').setInputFiles({ name: 'kept.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await page.getByTestId('import-ready').filter({ hasText: 'kept.csv' }).waitFor(ui);
    // The titles are not to be imported, and duplicates are to update the records they match.
    await page.getByTestId('mapping-2').selectOption('');
    await page.getByTestId('import-duplicates').getByRole('radio', { name: /update/i }).check();
    await page.getByTestId('import-update-hint').waitFor(ui);

    await awayAndBack(page);
    await page.getByTestId('import-ready').filter({ hasText: 'kept.csv' }).waitFor(ui);
    expect(await page.getByTestId('mapping-2').inputValue()).toBe('');
    expect(await page.getByTestId('mapping-1').inputValue()).toBe('email');
    expect(await page.getByTestId('import-duplicates').getByRole('radio', { name: /update/i }).isChecked()).toBe(true);

    // A check that ended before the page was left shows its report again.
    await expect.poll(() => page.getByTestId('import-dry-run').isEnabled(), ui).toBe(true);
    await page.getByTestId('import-dry-run').click();
    await page.getByRole('heading', { name: 'Check report' }).waitFor(ui);
    await awayAndBack(page);
    await page.getByRole('heading', { name: 'Check report' }).waitFor(ui);
    expect(numberIn(await page.getByTestId('report-imported').textContent())).toBe(2);
    expect(numberIn(await page.getByTestId('report-rejected').textContent())).toBe(1);
    expect(await page.getByTestId('import-download-rejected').count()).toBe(1);

    // Imported with the kept choices: the titles stayed out.
    await expect.poll(() => page.getByTestId('import-run').isEnabled(), ui).toBe(true);
    await page.getByTestId('import-run').click();
    await page.getByRole('heading', { name: 'Import report' }).waitFor(ui);
    expect(numberIn(await page.getByTestId('report-imported').textContent())).toBe(2);
    await awayAndBack(page);
    await page.getByTestId('import-choose').waitFor(ui);
    expect(await page.getByTestId('import-ready').count()).toBe(0);
    expect(await page.getByTestId('import-report').count()).toBe(0);
    await openSection(page, 'contacts');
    await page.getByText('Kept Ada').first().click();
    await page.getByText('kept.ada@example.org').first().waitFor(ui);
    expect(await page.getByText('Buyer').count()).toBe(0);
  });

  it('asks for the file again when the main process no longer holds it', async () => {
    await openSection(page, 'transfer');
    if ((await page.getByTestId('import-again').count()) > 0) await page.getByTestId('import-again').click();
    await page.getByTestId('import-file').setInputFiles({ name: 'gone.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await page.getByTestId('import-ready').filter({ hasText: 'gone.csv' }).waitFor(ui);
    // As the upload store answers for an upload dropped after its idle hour.
    route.failing.set('import.preview', { code: 'NOT_FOUND', message: 'The upload was not found.' });
    try {
      await awayAndBack(page);
      await page.getByTestId('import-error').waitFor(ui);
      expect(await page.getByTestId('import-error').textContent()).toContain('gone.csv is no longer held (it was let go after an hour unused). Choose it again.');
      expect(await page.getByTestId('import-ready').count()).toBe(0);
      expect(await page.getByTestId('import-choose').isEnabled()).toBe(true);
    } finally {
      route.failing.delete('import.preview');
    }
  });

  it('forgets the file at a lock', async () => {
    await openSection(page, 'transfer');
    await page.getByTestId('import-file').setInputFiles({ name: 'locked.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await page.getByTestId('import-ready').filter({ hasText: 'locked.csv' }).waitFor(ui);
    await lockVault(page);
    await unlock(page, password);
    await openSection(page, 'transfer');
    await page.getByTestId('import-choose').waitFor(ui);
    expect(await page.getByTestId('import-ready').count()).toBe(0);
  });

  it('follows a file still being sent when the page was left, and reads one sent while the page was away', async () => {
    const file = threeChunks('Sent');
    const answers = route.answered.get('import.upload') ?? 0;
    await openSection(page, 'transfer');
    route.gated.add('import.upload');
    try {
      await page.getByTestId('import-file').setInputFiles({ name: 'sent.csv', mimeType: 'text/csv', buffer: file });
      const bar = page.getByRole('progressbar', { name: 'Reading and sending the file…', exact: true });
      await bar.waitFor(ui);
      await expect.poll(() => route.waiting, ui).toBe(1);
      // The first chunk goes; the second waits in the route.
      route.releaseOne();
      await expect.poll(() => route.waiting, ui).toBe(1);

      await awayAndBack(page);
      await bar.waitFor(ui);
      await expect.poll(async () => Number(await bar.getAttribute('aria-valuenow')), ui).toBe(44);
      expect(await page.getByTestId('import-ready').count()).toBe(0);

      // The rest is sent while the page is away; it is read when the page comes back.
      await openSection(page, 'contacts');
      route.release();
      await expect.poll(() => route.answered.get('import.upload') ?? 0, ui).toBe(answers + 3);
      await openSection(page, 'transfer');
      await page.getByTestId('import-ready').filter({ hasText: 'sent.csv' }).waitFor(ui);
      expect(await page.getByTestId('mapping-1').inputValue()).toBe('email');
      expect(await bar.count()).toBe(0);
    } finally {
      route.release();
    }
  });

  it('reads a sent file again when the page was left while its first preview was on its way', async () => {
    await openSection(page, 'transfer');
    if ((await page.getByTestId('import-again').count()) > 0) await page.getByTestId('import-again').click();
    const previews = route.answered.get('import.preview') ?? 0;
    route.gated.add('import.preview');
    try {
      await page.getByTestId('import-file').setInputFiles({ name: 'slow-preview.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
      // Sent; its preview (a large file's takes a while: it reads every row) waits in the route.
      await expect.poll(() => route.waiting, ui).toBe(1);
      await openSection(page, 'contacts');
      route.release();
      await expect.poll(() => route.answered.get('import.preview') ?? 0, ui).toBe(previews + 1);
    } finally {
      route.release();
    }
    // Before, the page took the file from the draft before its preview answered: back, an empty picker.
    await openSection(page, 'transfer');
    await page.getByTestId('import-ready').filter({ hasText: 'slow-preview.csv' }).waitFor(ui);
    expect(await page.getByTestId('mapping-1').inputValue()).toBe('email');
  });

  /** Picks a three-chunk file with its chunks gated, lets the first go and has the second wait in the route. */
  async function sendingFirstChunk(name: string): Promise<{ answers: number; discards: number }> {
    const counts = { answers: route.answered.get('import.upload') ?? 0, discards: route.answered.get('import.discardUpload') ?? 0 };
    await openSection(page, 'transfer');
    route.gated.add('import.upload');
    await page.getByTestId('import-file').setInputFiles({ name, mimeType: 'text/csv', buffer: threeChunks('First') });
    await expect.poll(() => route.waiting, ui).toBe(1);
    route.releaseOne();
    await expect.poll(() => route.waiting, ui).toBe(1);
    return counts;
  }

  it('stops sending a file when another is picked meanwhile, and the main process lets go of it', async () => {
    try {
      const { answers, discards } = await sendingFirstChunk('first.csv');
      // The second chunk waits in the route when the rep picks another file.
      await page.getByTestId('import-file').setInputFiles({ name: 'second.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
      await expect.poll(() => route.waiting, ui).toBe(2);
      route.release();
      await page.getByTestId('import-ready').filter({ hasText: 'second.csv' }).waitFor(ui);
      await route.quiet(page, ui.timeout);
      // The first file's two chunks and the second's one: the first's third was never sent, and what the main
      // process had of it was let go (before, it was sent to its end and held for an hour).
      expect(route.answered.get('import.upload') ?? 0).toBe(answers + 3);
      expect(route.answered.get('import.discardUpload') ?? 0).toBe(discards + 1);
    } finally {
      route.release();
    }
  });

  it('stops sending a file at Stop: the picker again, focused, and the main process lets go of the file', async () => {
    try {
      const { answers, discards } = await sendingFirstChunk('wrong.csv');
      await page.getByTestId('upload-stop').click();
      await page.getByTestId('import-choose').waitFor(ui);
      expect(await focusedTestId(page)).toBe('import-choose');
      route.release();
      await route.quiet(page, ui.timeout);
      // The chunk on its way when Stop was pressed, then no third: the main process lets go of the two it had.
      expect(route.answered.get('import.upload') ?? 0).toBe(answers + 2);
      expect(route.answered.get('import.discardUpload') ?? 0).toBe(discards + 1);
      expect(await page.getByTestId('upload-progress').count()).toBe(0);
      expect(await page.getByTestId('import-ready').count()).toBe(0);
    } finally {
      route.release();
    }
  });
});
