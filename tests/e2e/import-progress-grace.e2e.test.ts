// The import's progress in Chromium against the real headless shell and
// vault, with the page's clock under the test's control: an import of a few
// rows that ends before the grace is up goes from its button straight to its
// report, with no frame of "Importing…" and its "Stop" on the way (before, the
// bar and Stop were drawn for a moment and the report replaced them); an
// import still unanswered a second on shows its progress, and its
// report replaces it when it ends. Once every row is in, it says it is
// finishing (the search index merged), with no Stop, until its report comes.
// The job starts before its run's answer goes back: what it said meanwhile
// (reading the vault's keys, on its rows, finishing) is where the page starts,
// and the keys read is said while it lasts.
// An undo says about how long it has left once its records have gone a while.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useApp } from './app';
import { focusedTestId, openSection, ui } from './crm-steps';
import { watchFrames } from './first-frames';
import { IpcRoute } from './ipc-route';

const password = 'a quick import shows no bar';

async function chooseFile(page: Page, name: string, names: readonly string[]): Promise<void> {
  await openSection(page, 'transfer');
  if ((await page.getByTestId('import-again').count()) > 0) await page.getByTestId('import-again').click();
  await page.getByTestId('import-file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(['Name', ...names].join('\r\n'), 'utf8') });
  await page.getByTestId('import-ready').filter({ hasText: name }).waitFor(ui);
}

describe('the import progress of a job that ends at once, and of one that takes a while', () => {
  const route = new IpcRoute();
  const app = useApp({ context: { viewport: { width: 1280, height: 800 } }, route, password, beforeLoad: (page) => page.clock.install() });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(async () => {
    ({ page } = app);
    // From here on the page's time moves only when the test says so: the whole import happens within the grace.
    await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 1_000);
  });

  afterAll(() => {
    route.clear();
  });

  it('shows the report of a four-row import without a frame of progress before it', async () => {
    await chooseFile(page, 'four.csv', ['Quick Ana', 'Quick Ben', 'Quick Cai', 'Quick Dee']);
    const progress = await watchFrames(page, '[data-testid="import-progress"]');
    await page.getByTestId('import-run').click();
    await page.getByTestId('report-imported').filter({ hasText: '4' }).waitFor(ui);
    expect((await progress()).map((frame) => frame.text)).toEqual([null]);
    expect(pageErrors).toEqual([]);
  });

  it('stops an import whose Stop was pressed before its run answered, once it answers', async () => {
    await chooseFile(page, 'stopped-early.csv', ['Early Gia', 'Early Hal']);
    route.holding.add('import.run');
    const cancels = () => route.calls.filter((channel) => channel === 'import.cancel').length;
    const before = cancels();
    await page.getByTestId('import-run').click();
    await page.clock.runFor(1_000);
    const progress = page.getByTestId('import-progress');
    await progress.waitFor(ui);
    await progress.getByRole('button', { name: 'Stop' }).click();
    // Before, the press did nothing (no job id yet) and the import ran to its end as if never stopped.
    route.release();
    await expect.poll(cancels, ui).toBe(before + 1);
    await page.getByTestId('import-report').waitFor(ui);
    expect(await progress.count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('shows the progress, with its Stop, of an import still unanswered a second on, then its report', async () => {
    await chooseFile(page, 'slow.csv', ['Slow Eve', 'Slow Fox']);
    route.holding.add('import.run');
    const runs = () => route.calls.filter((channel) => channel === 'import.run').length;
    const before = runs();
    await page.getByTestId('import-run').focus();
    await page.keyboard.press('Enter');
    // Unseen within the grace, the buttons already unavailable (still focusable: the focus stays on Import); a second on, still unanswered, it shows.
    await page.getByTestId('import-run').and(page.locator('[aria-disabled="true"]')).waitFor(ui);
    expect(await focusedTestId(page)).toBe('import-run');
    expect(await page.getByTestId('import-progress').count()).toBe(0);
    await page.clock.runFor(1_000);
    const progress = page.getByTestId('import-progress');
    await progress.waitFor(ui);
    expect(await progress.textContent()).toContain('Importing…');
    expect(await progress.getByRole('button', { name: 'Stop' }).count()).toBe(1);
    // Enter again starts nothing; Stop is the next Tab.
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.closest('[data-testid="import-progress"]') !== null && document.activeElement?.textContent === 'Stop')).toBe(true);
    expect(runs()).toBe(before + 1);

    route.release();
    await page.getByTestId('report-imported').filter({ hasText: '2' }).waitFor(ui);
    expect(await progress.count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('says it is finishing, with no Stop, once every row is in and until its report comes', async () => {
    await chooseFile(page, 'last.csv', ['Last Gus', 'Last Hal', 'Last Ida']);
    // The report is read from import.status: held, the page stays where the job's last events left it.
    route.gated.add('import.status');
    const before = route.events.length;
    const progressEvents = () => route.events.slice(before).filter(({ event }) => event === 'transfer.didProgress');
    await page.getByTestId('import-run').click();
    await expect.poll(() => progressEvents().some(({ payload }) => (payload as { state?: unknown }).state === 'done'), ui).toBe(true);
    const finishing = progressEvents().filter(({ payload }) => (payload as { phase?: { kind?: unknown } | null }).phase?.kind === 'finishing');
    expect(finishing.map(({ payload }) => payload)).toEqual([expect.objectContaining({ processed: 3, total: 3, state: 'running' })]);
    await page.clock.runFor(1_000);
    const progress = page.getByTestId('import-progress');
    await progress.waitFor(ui);
    expect(await progress.getByText('Finishing: getting search ready for the new records…').count()).toBe(1);
    expect(await progress.getByRole('button', { name: 'Stop' }).count()).toBe(0);
    expect(await progress.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('3');

    route.release();
    await page.getByTestId('report-imported').filter({ hasText: '3' }).waitFor(ui);
    expect(await progress.count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('starts from what the job said before its run answered', async () => {
    await chooseFile(page, 'early.csv', ['Early Jo', 'Early Kim', 'Early Lu']);
    route.holding.add('import.run');
    route.gated.add('import.status');
    const before = route.events.length;
    const phases = () =>
      route.events
        .slice(before)
        .filter(({ event }) => event === 'transfer.didProgress')
        .map(({ payload }) => (payload as { phase: { kind: string } | null }).phase?.kind ?? null);
    await page.getByTestId('import-run').click();
    // The whole job, its keys read first, before its answer: the page heard all of it for a job it did not know yet.
    await expect.poll(phases, ui).toEqual(['keys', 'rows', 'rows', 'finishing', null]);
    route.releaseAnswers();
    await page.clock.runFor(1_000);
    const progress = page.getByTestId('import-progress');
    await progress.waitFor(ui);
    // Its last word while running was that it was finishing (before, the page started from "Importing…").
    expect(await progress.getByText('Finishing: getting search ready for the new records…').count()).toBe(1);
    expect(await progress.getByRole('button', { name: 'Stop' }).count()).toBe(0);

    route.release();
    await page.getByTestId('report-imported').filter({ hasText: '3' }).waitFor(ui);
    expect(pageErrors).toEqual([]);
  });

  it("says it reads the vault's records for duplicates while it does, then that it imports", async () => {
    await chooseFile(page, 'keys.csv', ['Keyed Mo', 'Keyed Ned']);
    route.holding.add('import.run');
    route.holdingEvents.add('transfer.didProgress');
    route.gated.add('import.status');
    await page.getByTestId('import-run').click();
    // Its keys read, then its rows: the page hears them one at a time, its run's answer after the first.
    await expect.poll(() => route.heldEvents, ui).toBeGreaterThanOrEqual(2);
    route.releaseEvent();
    route.releaseAnswers();
    await page.clock.runFor(1_000);
    const progress = page.getByTestId('import-progress');
    await progress.getByText('Reading the records in the vault to find duplicates…').waitFor(ui);
    expect(await progress.getByRole('button', { name: 'Stop' }).count()).toBe(1);
    route.releaseEvent();
    await progress.getByText('Importing…').waitFor(ui);

    route.release();
    await page.getByTestId('report-imported').filter({ hasText: '2' }).waitFor(ui);
    expect(pageErrors).toEqual([]);
  });

  it('says about how long an undo has left once its records have gone a few seconds', async () => {
    await chooseFile(
      page,
      'paced.csv',
      Array.from({ length: 5_000 }, (_, index) => `Paced ${index}`),
    );
    await page.getByTestId('import-run').click();
    await page.getByTestId('report-imported').filter({ hasText: '5,000' }).waitFor({ timeout: 120_000 });
    await page.getByTestId('import-undo-button').click();
    await page.getByTestId('import-undo-confirmed').click();
    // Its first records are in (500 a transaction): the page's clock then moves on five seconds while it runs.
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="import-undo-progress"] [role="progressbar"]')?.getAttribute('aria-valuenow') ?? '0') > 0, undefined, {
      polling: 'raf',
      timeout: ui.timeout,
    });
    expect(await page.getByTestId('import-undo-time-left').count()).toBe(0);
    await page.clock.runFor(5_000);
    await page
      .getByTestId('import-undo-time-left')
      .filter({ hasText: /^ · (A few seconds left|About \d+ seconds left|About a minute left|About \d+ minutes left)$/ })
      .waitFor(ui);
    await page.getByTestId('import-undone').waitFor({ timeout: 120_000 });
    expect(pageErrors).toEqual([]);
  });
});
