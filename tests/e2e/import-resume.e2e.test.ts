// An import cut off part way (here by locking the vault while its second
// chunk is written) is offered again on the Import page after unlocking:
// where it stopped and when it started, a clear refusal for another file,
// a file sent to resume it that can be stopped (and is followed across
// pages) as any file sent can, and, with the same file, a resume that ends
// with every row exactly once.
// The lock stops the chunk being written at its next step, so the job keeps
// exactly the chunks committed before it. Resumed, it reads the file up to
// where it stopped and says so, with how far it got, before it writes on. An
// import still running when the rep left the page and came back shows its
// progress and Stop, then its report.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { cutOffImport, numberIn, openSection, progressRows, ui } from './crm-steps';
import { watchFrames } from './first-frames';
import { useRoutedApp } from './ipc-route';

const password = 'an import cut off resumes';
/** More than one 20,000-row chunk of the shell's importer. */
const rows = 30_000;
/** Cut off after three chunks: passing over their 60,000 rows again takes a resume seconds, which the page says. */
const cutRows = 70_000;
const csv = ['Name,Email', ...Array.from({ length: cutRows }, (_, index) => `Resumed Person ${index},resumed${index}@example.org`)].join('\r\n');

describe('an import cut off by a lock', () => {
  const { route, app } = useRoutedApp({ password });
  let page: Page;

  beforeAll(() => {
    ({ page } = app);
  });

  it('is offered on the Import page after unlocking, refuses another file, and resumes with the same one to every row exactly once', async () => {
    // Locked once three chunks have committed and the last is being written.
    const notice = await cutOffImport(page, password, csv, 60_000);
    const noticeText = (await notice.textContent()) ?? '';
    // The chunk being written when the vault locked rolled back: the job stopped after its third chunk.
    expect(noticeText).toContain('An import of contacts stopped at 60,000 of 70,000 rows (started ');
    expect(noticeText).toContain('Choose the same file to resume it, or discard it.');
    expect(noticeText).toContain('Discarding it keeps the records it has already imported.');

    // Another file is refused with what to do, and the notice stays.
    await page.getByTestId('import-interrupted-file').setInputFiles({ name: 'other.csv', mimeType: 'text/csv', buffer: Buffer.from('Name,Email\r\nSomeone Else,else@example.org\r\n', 'utf8') });
    await expect.poll(() => page.getByTestId('import-interrupted-error').textContent(), ui).toBe(
      'This is not the file of the interrupted import: choose the same file again',
    );
    expect(await notice.isVisible()).toBe(true);

    // The file sent to resume is sent as any file: the page left and opened again shows its bar, and Stop ends it
    // before its second chunk, the main process letting go of the first; nothing runs (before, its bar had no Stop).
    const answers = route.answered.get('import.upload') ?? 0;
    const discards = route.answered.get('import.discardUpload') ?? 0;
    const runs = route.calls.filter((channel) => channel === 'import.run').length;
    try {
      route.gated.add('import.upload');
      await page.getByTestId('import-interrupted-file').setInputFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
      await expect.poll(() => route.waiting, ui).toBe(1);
      await openSection(page, 'contacts');
      await openSection(page, 'transfer');
      await page.getByTestId('upload-progress').waitFor(ui);
      await page.getByTestId('upload-stop').click();
      await page.getByTestId('upload-progress').waitFor({ state: 'detached', timeout: ui.timeout });
      route.release();
      await expect.poll(() => route.answered.get('import.discardUpload') ?? 0, ui).toBe(discards + 1);
      await route.quiet(page, ui.timeout);
      expect(route.answered.get('import.upload') ?? 0).toBe(answers + 1);
      expect(route.calls.filter((channel) => channel === 'import.run').length).toBe(runs);
      expect(await page.getByTestId('import-interrupted-resume').isEnabled()).toBe(true);
    } finally {
      route.release();
    }

    // The same file resumes the job after its last committed chunk. While it reads up to there, its bar stays at
    // the rows in and it says how far it got (before, it said "Importing…" and nothing moved for seconds).
    const progress = await watchFrames(page, '[data-testid="import-progress"]');
    const announced = await watchFrames(page, '[data-testid="import-announcement"]');
    await page.getByTestId('import-interrupted-file').setInputFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await page.getByTestId('import-report').waitFor({ timeout: 240_000 });
    const shown = (await progress()).flatMap((frame) => (frame.text === null ? [] : [frame.text]));
    const passed = shown.flatMap((text) => {
      const match = /Resuming: reading up to where it stopped \(([\d,]+) of 60,000\)…60,000 of 70,000 rows/.exec(text);
      return match === null ? [] : [numberIn(match[1] ?? '')];
    });
    expect(passed.length).toBeGreaterThan(1);
    expect(passed).toEqual([...passed].sort((a, b) => a - b));
    // Said once to a screen reader, without the count that moves every 2,000 rows.
    const resumingSaid = (await announced()).filter((frame) => frame.text?.startsWith('Resuming') === true).map((frame) => frame.text);
    expect(resumingSaid).toEqual(['Resuming: reading up to where it stopped…']);
    // Then it wrote on after them.
    const after = shown.slice(shown.findIndex((text) => text.startsWith('Resuming')));
    const done = (text: string) => numberIn((text.split('…')[1] ?? '').split(' of ')[0] ?? '');
    expect(after.some((text) => text.startsWith('Importing…') && done(text) > 60_000)).toBe(true);
    expect(numberIn(await page.getByTestId('report-imported').textContent())).toBe(cutRows);
    expect(numberIn(await page.getByTestId('report-duplicates').textContent())).toBe(0);
    expect(numberIn(await page.getByTestId('report-rejected').textContent())).toBe(0);
    // The finished job is offered no more.
    await page.getByTestId('import-again').click();
    await openSection(page, 'contacts');
    await openSection(page, 'transfer');
    await page.getByTestId('import-choose').waitFor(ui);
    expect(await page.getByTestId('import-interrupted').count()).toBe(0);

    // Every row exactly once: the job counted each row as imported once (a resume that read the file from its
    // start would have skipped the first chunk's rows as duplicates), and a check of the same file now finds
    // every row already in the vault.
    await page.getByTestId('import-file').setInputFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await page.getByTestId('import-ready').waitFor(ui);
    await page.getByTestId('import-dry-run').click();
    await page.getByTestId('import-report').waitFor({ timeout: 240_000 });
    expect(numberIn(await page.getByTestId('report-imported').textContent())).toBe(0);
    expect(numberIn(await page.getByTestId('report-duplicates').textContent())).toBe(cutRows);
  }, 600_000);

  it('shows an import still running when the page is opened again, with its Stop, then its report', async () => {
    await openSection(page, 'transfer');
    if ((await page.getByTestId('import-again').count()) > 0) await page.getByTestId('import-again').click();
    await page.getByTestId('import-entity').selectOption('accounts');
    const followed = ['Name,Industry', ...Array.from({ length: rows }, (_, index) => `Followed Firm ${index},Retail`)].join('\r\n');
    await page.getByTestId('import-file').setInputFiles({ name: 'followed.csv', mimeType: 'text/csv', buffer: Buffer.from(followed, 'utf8') });
    await page.getByTestId('import-ready').filter({ hasText: 'followed.csv' }).waitFor(ui);
    await page.getByTestId('import-run').click();
    await expect.poll(() => progressRows(page), { timeout: 240_000, interval: 100 }).toBeGreaterThan(0);
    // Away and back while it runs: the page follows it, its picker disabled as while any import runs
    // (before, it offered the picker, and running another file was refused as an import running already).
    await openSection(page, 'contacts');
    await openSection(page, 'transfer');
    const progress = page.getByTestId('import-progress');
    await progress.waitFor(ui);
    expect(await progress.getByRole('button', { name: 'Stop' }).count()).toBe(1);
    expect(await page.getByTestId('import-choose').isDisabled()).toBe(true);
    expect(await progressRows(page)).toBeGreaterThan(0);
    await page.getByTestId('import-report').waitFor({ timeout: 240_000 });
    expect(numberIn(await page.getByTestId('report-imported').textContent())).toBe(rows);
    expect(numberIn(await page.getByTestId('report-rejected').textContent())).toBe(0);
    expect(await page.getByTestId('import-open-list').textContent()).toBe('Open accounts');
    // The next file goes to the list this one went to, as it would have without leaving the page.
    await page.getByTestId('import-again').click();
    expect(await page.getByTestId('import-entity').inputValue()).toBe('accounts');
  }, 600_000);
});
