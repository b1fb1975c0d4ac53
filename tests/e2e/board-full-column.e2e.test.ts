// A deal moved into a column that holds more deals than the board shows
// (60 a column; the rest are counted), in Chromium against the real headless
// shell and vault: after the move settles and the board reads its columns
// again, the card is still there, at the top of its new column, with the
// focus, so the next arrow key moves it on. Before, the column showed its 60
// soonest-closing deals, the moved one (closing later) was not among them,
// and the card vanished, taking the focus with it.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { openBoard, openSection, ui } from './crm-steps';
import { useInjectingApp } from './injecting-route';
import { call, createdId } from './proxied-server';

const password = 'a full column keeps the card';

describe('a move into a column fuller than the board shows', () => {
  const { route, app } = useInjectingApp({ context: { viewport: { width: 1440, height: 900 } }, password });
  const { pageErrors } = app;
  let page: Page;
  let moved: string;

  beforeAll(async () => {
    ({ page } = app);
    await openBoard(page, []);
    for (let index = 0; index < 61; index += 1) {
      await call(route, 'deals.create', { name: `Early proposal ${index}`, stageId: 'proposal', currency: 'EUR', amount: 1_000, expectedCloseDate: '2026-01-15' });
    }
    moved = await createdId(route, 'deals.create', { name: 'Late qualified', stageId: 'qualified', currency: 'EUR', amount: 5_000, expectedCloseDate: '2027-06-30' });
    await openBoard(page, ['qualified', 'proposal']);
  });

  it('keeps the moved card, with the focus, after the board reads its columns again', async () => {
    const card = page.locator(`[data-deal-id="${moved}"]`);
    await card.focus();
    const lists = route.calls.filter((channel) => channel === 'deals.list').length;
    await page.keyboard.press('ArrowRight');
    // The move settled and the board read every column again.
    await expect.poll(() => route.calls.filter((channel) => channel === 'deals.list').length - lists, ui).toBeGreaterThanOrEqual(6);
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 500)));
    expect(await page.getByTestId('column-proposal').locator(`[data-deal-id="${moved}"]`).count()).toBe(1);
    expect(await card.evaluate((element) => element === document.activeElement)).toBe(true);
    // 62 deals in Proposal now: 61 shown (60, and the one just moved), 1 counted.
    expect(await page.getByTestId('column-proposal').getByTestId('column-count').textContent()).toBe('62');
    expect(await page.getByTestId('column-proposal').getByTestId('deal-card').count()).toBe(61);
    expect(pageErrors).toEqual([]);
  });

  it('shows the deals closed last in a Won column, not the 60 that close soonest', async () => {
    for (let index = 0; index < 61; index += 1) {
      const id = await createdId(route, 'deals.create', { name: `Old win ${index}`, stageId: 'lead', currency: 'EUR', amount: 1_000, expectedCloseDate: '2025-01-15' });
      await call(route, 'deals.moveStage', { id, stageId: 'won' });
    }
    // Won elsewhere (the deal page, a teammate through sync): not a move this board made.
    const latest = await createdId(route, 'deals.create', { name: 'Won today', stageId: 'negotiation', currency: 'EUR', amount: 9_000, expectedCloseDate: '2027-06-30' });
    await call(route, 'deals.moveStage', { id: latest, stageId: 'won' });
    await openSection(page, 'contacts');
    await openBoard(page, ['won']);
    const won = page.getByTestId('column-won');
    expect(await won.getByTestId('column-count').textContent()).toBe('62');
    expect(await won.getByTestId('deal-card').first().getAttribute('data-deal-id')).toBe(latest);
    expect(pageErrors).toEqual([]);
  });

  it('shows the reason a lost deal keeps when it moves to another lost stage, and takes it away when the box is emptied', async () => {
    const { stages } = (await call(route, 'pipeline.get', {})) as { stages: { id: string; name: string; probability: number; kind: string }[] };
    await call(route, 'pipeline.update', {
      stages: [...stages.map(({ id, name, probability, kind }) => ({ id, name, probability, kind })), { id: 'disqualified', name: 'Disqualified', probability: 0, kind: 'lost' }],
    });
    const id = await createdId(route, 'deals.create', { name: 'Lost on price', stageId: 'lead', currency: 'EUR', amount: 3_000, expectedCloseDate: '2027-02-01' });
    await call(route, 'deals.moveStage', { id, stageId: 'lost', lostReason: 'Price' });
    await openSection(page, 'contacts');
    await openBoard(page, ['lost']);
    const card = page.getByTestId('column-lost').locator(`[data-deal-id="${id}"]`);
    await card.focus();
    await page.keyboard.press('ArrowRight');
    const dialog = page.getByTestId('choose-stage');
    await dialog.waitFor(ui);
    // Before, the box was empty and saving kept "Price" on the deal, unseen.
    expect(await dialog.getByTestId('lost-reason-input').inputValue()).toBe('Price');
    await dialog.getByTestId('lost-reason-input').fill('');
    await dialog.getByTestId('lost-reason-confirm').click();
    await dialog.waitFor({ state: 'detached', ...ui });
    await expect.poll(async () => ((await call(route, 'deals.get', { id })) as { deal: { stageId: string; lostReason: string } }).deal, ui).toEqual(
      expect.objectContaining({ stageId: 'disqualified', lostReason: '' }),
    );
    expect(pageErrors).toEqual([]);
  });
});
