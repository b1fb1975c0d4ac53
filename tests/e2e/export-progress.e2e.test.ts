// An export's progress in Chromium against the real headless shell and vault,
// with the page's clock and the shell's progress events under the test's
// control: an export of 5,000 contacts says how many rows it has read of how
// many, and once they have gone a few seconds about how long it has left, in
// the list's Export button and in the Transfer page's export; its file and
// toast follow. Stop ends an export with no file, also one pressed before
// the export reached the main process or after it answered. An export whose page is left is
// followed when the page comes back: its progress heard meanwhile, its Stop,
// how it ended; one whose answer comes after the vault was locked saves no
// file.
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useApp } from './app';
import { focusedTestId, lockVault, openSection, ui, unlock } from './crm-steps';
import { IpcRoute } from './ipc-route';

const password = 'a long export says how long';
const contacts = 5_000;

describe('the progress of an export of thousands of rows', () => {
  const route = new IpcRoute();
  const app = useApp({ context: { viewport: { width: 1280, height: 800 } }, route, password, beforeLoad: (page) => page.clock.install() });
  const { pageErrors } = app;
  let page: Page;

  /** Waits until the shell has sent `count` progress events that are held back. */
  async function heldProgress(count: number): Promise<void> {
    await expect.poll(() => route.heldEvents, ui).toBeGreaterThanOrEqual(count);
  }

  /** The toasts saying an export ended, once earlier ones have had their time (the page's clock moved on a minute). */
  async function exportedToasts(): Promise<Locator> {
    await page.clock.runFor(60_000);
    const toasts = page.getByTestId('exported-toast');
    await expect.poll(() => toasts.count(), ui).toBe(0);
    return toasts;
  }

  /** Blob URLs the page has made (each file it saves is one), counted from the first call. */
  async function fileUrls(): Promise<number> {
    return page.evaluate(() => {
      const counted = window as unknown as { fileUrls?: number };
      if (counted.fileUrls === undefined) {
        counted.fileUrls = 0;
        const make = URL.createObjectURL.bind(URL);
        URL.createObjectURL = (blob) => {
          counted.fileUrls = (counted.fileUrls ?? 0) + 1;
          return make(blob);
        };
      }
      return counted.fileUrls;
    });
  }

  /**
   * Runs `steps` and checks they saved no file: no download, and no Blob URL made (the download event can come
   * after the steps; the URL is made at once); lets through whatever the route still holds after them.
   */
  async function savingNoFile(steps: () => Promise<void>): Promise<void> {
    const urls = await fileUrls();
    let downloads = 0;
    const counted = () => (downloads += 1);
    page.on('download', counted);
    try {
      await steps();
      expect(await fileUrls()).toBe(urls);
    } finally {
      page.off('download', counted);
      route.release();
    }
    expect(downloads).toBe(0);
  }

  /**
   * Starts the Transfer page's export of the contacts with its answer and its progress events held in the route, and
   * lets the first event (the count) through: its button, saying 0 of 5,000 rows.
   */
  async function startTransferExport(): Promise<Locator> {
    await openSection(page, 'transfer');
    route.holdingEvents.add('export.didProgress');
    route.holding.add('export.csv');
    const button = page.getByTestId('export-run');
    await button.click();
    // The count, then a report every 2,000 rows and one at the end.
    await heldProgress(4);
    route.releaseEvent();
    await button.filter({ hasText: /^Exporting… 0 of 5,000 rows$/ }).waitFor(ui);
    return button;
  }

  /**
   * With the focus on an export's button that has just started it (its request held in the route): the button keeps
   * the focus while it runs, Enter again starts nothing, Tab reaches Stop and Enter stops it; the request then goes on.
   */
  async function stopByKeyboard(button: string, stop: string, cancels: number): Promise<void> {
    await page.getByTestId(stop).waitFor(ui);
    expect(await focusedTestId(page)).toBe(button);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    expect(await focusedTestId(page)).toBe(stop);
    await page.keyboard.press('Enter');
    await expect.poll(() => route.answered.get('export.cancel') ?? 0, ui).toBe(cancels);
    route.releaseOne();
  }

  beforeAll(async () => {
    ({ page } = app);
    await openSection(page, 'transfer');
    const names = Array.from({ length: contacts }, (_, index) => `Exported ${String(index).padStart(4, '0')}`);
    await page.getByTestId('import-file').setInputFiles({ name: 'many.csv', mimeType: 'text/csv', buffer: Buffer.from(['Name', ...names].join('\r\n'), 'utf8') });
    await page.getByTestId('import-ready').filter({ hasText: 'many.csv' }).waitFor(ui);
    await page.getByTestId('import-run').click();
    await page.getByTestId('report-imported').filter({ hasText: '5,000' }).waitFor({ timeout: 120_000 });
    // From here on the page's time moves only when the test says so.
    await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 1_000);
  });

  afterAll(() => {
    route.clear();
  });

  it("says its rows and, once they have gone a few seconds, the time left in the list's Export button", async () => {
    await openSection(page, 'contacts');
    await page.getByTestId('contact-table-row').first().waitFor(ui);
    route.holdingEvents.add('export.didProgress');
    route.holding.add('export.csv');
    await page.getByTestId('list-export').click();
    await page.getByTestId('export-confirm').click();
    // The count, then a report every 2,000 rows and one at the end.
    await heldProgress(4);
    const button = page.getByTestId('list-export');
    route.releaseEvent();
    await button.filter({ hasText: /^Exporting… 0 of 5,000 rows$/ }).waitFor(ui);
    // Ten seconds for the first 2,000 rows: 3,000 left at that pace are fifteen seconds, said in tens.
    await page.clock.runFor(10_000);
    route.releaseEvent();
    await button.filter({ hasText: /^Exporting… 2,000 of 5,000 rows · About 20 seconds left$/ }).waitFor(ui);
    route.releaseEvent();
    await button.filter({ hasText: /^Exporting… 4,000 of 5,000 rows · A few seconds left$/ }).waitFor(ui);
    expect(await button.getAttribute('aria-disabled')).toBe('true');

    const download = page.waitForEvent('download');
    route.release();
    expect((await download).suggestedFilename()).toMatch(/^contacts-\d{4}-\d{2}-\d{2}\.csv$/);
    await page.getByTestId('exported-toast').filter({ hasText: '5,000 rows exported, without Notes' }).waitFor(ui);
    await button.filter({ hasText: /^Export CSV$/ }).waitFor(ui);
    expect(pageErrors).toEqual([]);
  });

  it("says the same in the Transfer page's export, whose pace starts again", async () => {
    const toasts = await exportedToasts();
    const button = await startTransferExport();
    // Under three seconds of pace: no estimate yet (a pace from the last export's would say one).
    await page.clock.runFor(2_000);
    route.releaseEvent();
    await button.filter({ hasText: /^Exporting… 2,000 of 5,000 rows$/ }).waitFor(ui);
    expect(await page.getByTestId('export-time-left').count()).toBe(0);
    await page.clock.runFor(98_000);
    route.releaseEvent();
    // 4,000 rows in 100 seconds: 1,000 left are 25 seconds.
    await page.getByTestId('export-time-left').filter({ hasText: /^ · About 30 seconds left$/ }).waitFor(ui);
    expect(await button.textContent()).toBe('Exporting… 4,000 of 5,000 rows · About 30 seconds left');

    const download = page.waitForEvent('download');
    route.release();
    await download;
    await page.getByTestId('export-done').filter({ hasText: '5,000' }).waitFor(ui);
    // Said on the page it was started from: no toast too.
    expect(await toasts.count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('stops an export with Stop by keyboard, in the list and on the Transfer page, and saves no file', async () => {
    const exportCalls = () => route.calls.filter((channel) => channel === 'export.csv').length;
    const before = exportCalls();
    await savingNoFile(async () => {
      await openSection(page, 'contacts');
      // The export's request waits in the route: Stop is pressed before the main process has heard of it.
      route.gated.add('export.csv');
      await page.getByTestId('list-export').click();
      await page.getByTestId('export-confirm').waitFor(ui);
      // Enter exports; the dialog closes onto the button.
      await page.keyboard.press('Enter');
      await stopByKeyboard('list-export', 'list-export-stop', 1);
      await page.getByTestId('export-stopped-toast').filter({ hasText: 'Export stopped: no file was saved.' }).waitFor(ui);
      await page.getByTestId('list-export').filter({ hasText: /^Export CSV$/ }).waitFor(ui);
      expect(await page.getByTestId('list-export-stop').count()).toBe(0);
      // Stop is gone: the focus is back on the button, not on the page.
      expect(await focusedTestId(page)).toBe('list-export');
      expect(exportCalls()).toBe(before + 1);

      await openSection(page, 'transfer');
      await page.getByTestId('export-run').focus();
      await page.keyboard.press('Enter');
      await stopByKeyboard('export-run', 'export-stop', 2);
      await page.getByTestId('export-stopped').filter({ hasText: 'Export stopped: no file was saved.' }).waitFor(ui);
      expect(await page.getByTestId('export-stop').count()).toBe(0);
      expect(await focusedTestId(page)).toBe('export-run');
      expect(exportCalls()).toBe(before + 2);
    });
    expect(pageErrors).toEqual([]);
  });

  it('saves no file when Stop comes after the main process has made it, while its answer is on its way', async () => {
    await savingNoFile(async () => {
      await startTransferExport();
      // The main process has read every row and answered: the answer waits in the route.
      await expect.poll(() => route.heldAnswers, ui).toBe(1);
      const cancels = route.answered.get('export.cancel') ?? 0;
      await page.getByTestId('export-stop').click();
      await expect.poll(() => route.answered.get('export.cancel') ?? 0, ui).toBe(cancels + 1);
      route.releaseAnswers();
      await page.getByTestId('export-stopped').filter({ hasText: 'Export stopped: no file was saved.' }).waitFor(ui);
    });
    expect(pageErrors).toEqual([]);
  });

  it('follows an export whose page was left: its rows heard meanwhile, then how it ended, on the Transfer page', async () => {
    const toasts = await exportedToasts();
    const button = await startTransferExport();

    await openSection(page, 'contacts');
    // Heard while its page is away.
    route.releaseEvent();
    // Each list's export is its own: this one runs none.
    await page.getByTestId('list-export').filter({ hasText: /^Export CSV$/ }).waitFor(ui);
    expect(await page.getByTestId('list-export-stop').count()).toBe(0);

    await openSection(page, 'transfer');
    await button.filter({ hasText: /^Exporting… 2,000 of 5,000 rows$/ }).waitFor(ui);
    expect(await button.getAttribute('aria-disabled')).toBe('true');
    await page.getByTestId('export-stop').waitFor(ui);

    // It ends while its page is away again: the file is saved, a toast says so, and so does the page when it comes back.
    await openSection(page, 'contacts');
    const download = page.waitForEvent('download');
    route.release();
    expect((await download).suggestedFilename()).toMatch(/^contacts-\d{4}-\d{2}-\d{2}\.csv$/);
    // Ended while its page is away: a toast says so where the user is.
    await toasts.filter({ hasText: '5,000 rows exported, without Notes' }).waitFor(ui);
    await openSection(page, 'transfer');
    await page.getByTestId('export-done').filter({ hasText: '5,000 rows exported, without Notes' }).waitFor(ui);
    await button.filter({ hasText: /^Export CSV$/ }).waitFor(ui);
    expect(pageErrors).toEqual([]);
  });

  it("follows the list's export after the list was left, and its Stop still ends it with no file", async () => {
    const stoppedToasts = page.getByTestId('export-stopped-toast');
    const toastsBefore = await stoppedToasts.count();
    const cancels = route.answered.get('export.cancel') ?? 0;
    await savingNoFile(async () => {
      await openSection(page, 'contacts');
      // The export's request waits in the route, so it is still to run when Stop is pressed.
      route.gated.add('export.csv');
      await page.getByTestId('list-export').click();
      await page.getByTestId('export-confirm').click();
      await page.getByTestId('list-export-stop').waitFor(ui);

      await openSection(page, 'today');
      await openSection(page, 'contacts');
      const button = page.getByTestId('list-export');
      // Still running (its request has not reached the main process, so it has no rows to say yet).
      await page.locator('[data-testid="list-export"][aria-busy="true"]').waitFor(ui);
      expect(await button.getAttribute('aria-disabled')).toBe('true');
      await page.getByTestId('list-export-stop').click();
      await expect.poll(() => route.answered.get('export.cancel') ?? 0, ui).toBe(cancels + 1);
      route.releaseOne();
      await expect.poll(() => stoppedToasts.count(), ui).toBe(toastsBefore + 1);
      await page.locator('[data-testid="list-export"][aria-busy="false"]').waitFor(ui);
      expect(await page.getByTestId('list-export-stop').count()).toBe(0);
    });
    expect(pageErrors).toEqual([]);
  });

  it('saves no file when the vault was locked before the export\'s answer came', async () => {
    const answers = route.answered.get('export.csv') ?? 0;
    await savingNoFile(async () => {
      await openSection(page, 'transfer');
      route.holding.add('export.csv');
      await page.getByTestId('export-run').click();
      // The main process has exported the list; its answer waits in the route while the user locks the vault.
      await expect.poll(() => route.heldAnswers, ui).toBe(1);
      await lockVault(page);
      route.releaseAnswers();
      expect(route.answered.get('export.csv')).toBe(answers + 1);
      // Unlocking is a few round trips on the same socket, so the page has had the answer by then.
      await unlock(page, password);
      await openSection(page, 'transfer');
      await page.getByTestId('export-run').filter({ hasText: /^Export CSV$/ }).waitFor(ui);
      expect(await page.getByTestId('export-done').count()).toBe(0);
    });
    expect(pageErrors).toEqual([]);
  });
});
