// The close date of deals moved into Won or Lost, in Chromium against the real
// headless shell and vault. The deals list's selection bar (Stage…) offers,
// for a closing stage only, the close date every moved deal takes: today in
// the user's time zone, editable; the move saves it on each deal, as the
// board's move does. The board draws a card moved into Won with its new
// close date at once, without a reload of the page. Records are written
// through the page's own (routed) IPC socket.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { boardDeals } from './board-steps';
import { openSection, ui } from './crm-steps';
import { useInjectingApp } from './injecting-route';
import { call, createdId } from './proxied-server';

const password = 'closed together on one day';

const Stored = z.object({ deal: z.object({ stageId: z.string(), expectedCloseDate: z.string() }) });

/** Today in this machine's time zone, as the renderer's todayIso gives it. */
function localToday(): string {
  const now = new Date();
  return [now.getFullYear(), now.getMonth() + 1, now.getDate()].map((part, index) => String(part).padStart(index === 0 ? 4 : 2, '0')).join('-');
}

describe('the close date of deals moved into Won together', () => {
  const { route, app } = useInjectingApp({ context: { viewport: { width: 1440, height: 900 } }, password });
  const { pageErrors } = app;
  let page: Page;
  const { ids, card, openBoard } = boardDeals(() => page);
  const stored = async (name: string) => Stored.parse(await call(route, 'deals.get', { id: ids.get(name) })).deal;

  beforeAll(async () => {
    ({ page } = app);
    for (const [name, stageId] of [
      ['Bulk Won One', 'proposal'],
      ['Bulk Won Two', 'proposal'],
      ['Board Won', 'negotiation'],
    ] as const) {
      ids.set(name, await createdId(route, 'deals.create', { name, stageId, currency: 'EUR', amount: 100_000, expectedCloseDate: '2020-02-20' }));
    }
  }, 120_000);

  it('moves a selection to Won on the date the user picks, and every deal shows it', async () => {
    await openSection(page, 'deals');
    const row = (name: string) => page.getByTestId('deal-table-row').filter({ hasText: name });
    for (const name of ['Bulk Won One', 'Bulk Won Two']) await row(name).getByTestId('row-select').click();
    await page.getByTestId('bulk-stage').click();
    const dialog = page.getByTestId('bulk-stage-dialog');
    await dialog.waitFor(ui);
    const select = page.getByTestId('bulk-stage-select');
    const date = dialog.getByTestId('bulk-stage-close-date');
    // An open stage keeps each deal's date: no field.
    await select.selectOption({ label: 'Negotiation' });
    expect(await date.count()).toBe(0);
    await select.selectOption({ label: 'Won' });
    expect(await date.inputValue()).toBe(localToday());
    expect(await dialog.getByText('Close date').count()).toBe(1);
    await date.fill('2021-05-04');
    // A changed date is not thrown away by a stray click on the backdrop.
    await page.mouse.click(3, 3);
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    expect(await dialog.count()).toBe(1);
    await page.getByTestId('bulk-stage-apply').click();
    await page.getByTestId('bulk-moved-toast').filter({ hasText: '2 deals moved to Won' }).waitFor(ui);
    for (const name of ['Bulk Won One', 'Bulk Won Two']) await expect.poll(() => stored(name), ui).toEqual({ stageId: 'won', expectedCloseDate: '2021-05-04' });
    expect(await stored('Board Won')).toEqual({ stageId: 'negotiation', expectedCloseDate: '2020-02-20' });

    await openBoard();
    for (const name of ['Bulk Won One', 'Bulk Won Two']) expect(await card('won', name).textContent()).toContain('May 4, 2021');
    expect(pageErrors).toEqual([]);
  });

  it('draws a card moved into Won on the board with its new close date at once', async () => {
    await openBoard();
    await card('negotiation', 'Board Won').focus();
    await page.keyboard.press('ArrowRight');
    const dialog = page.getByTestId('choose-stage');
    await dialog.waitFor(ui);
    await dialog.getByTestId('stage-move-close-date').fill('2022-03-09');
    await dialog.getByTestId('lost-reason-confirm').click();
    await page.getByTestId('moved-toast').filter({ hasText: 'Won' }).waitFor(ui);
    await expect.poll(() => card('won', 'Board Won').textContent(), ui).toContain('Mar 9, 2022');
    expect(await stored('Board Won')).toEqual({ stageId: 'won', expectedCloseDate: '2022-03-09' });
    expect(pageErrors).toEqual([]);
  });
});
