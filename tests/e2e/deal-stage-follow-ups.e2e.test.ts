// A deal's stage across pages, in Chromium against the real headless shell
// and vault: a board move undone with Ctrl+Z from the deal's page shows there
// (the Undo is announced to the page showing the deal); a close date the
// schema refuses (a five-digit year) is said in the move's dialog and leaves
// the board reloading as before (it was counted as a move on its way for
// good, and no reload ever ran again); a new deal created in Won is dated
// today, not 30 days on; and a card says "Lost: …" only in a lost stage.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { useApp } from './app';
import { boardDeals } from './board-steps';
import { openSection, ui } from './crm-steps';
import { InjectingRoute } from './injecting-route';
import { call, createdId } from './proxied-server';

const password = 'stages seen from every page';

const Listed = z.object({ items: z.array(z.object({ name: z.string(), expectedCloseDate: z.string() })) });

/** Today in this machine's time zone, as the renderer's todayIso gives it. */
function localToday(): string {
  const now = new Date();
  return [now.getFullYear(), now.getMonth() + 1, now.getDate()].map((part, index) => String(part).padStart(index === 0 ? 4 : 2, '0')).join('-');
}

describe('a deal’s stage across the board, its page and the new-deal dialog', () => {
  const route = new InjectingRoute();
  const app = useApp({ context: { viewport: { width: 1440, height: 900 } }, route, password });
  const { pageErrors } = app;
  let page: Page;
  const { ids, card, openBoard } = boardDeals(() => page);
  const create = async (name: string, stageId: string, lostReason = '') => {
    ids.set(name, await createdId(route, 'deals.create', { name, stageId, lostReason, amount: 100_000, currency: 'USD', expectedCloseDate: '2027-05-01' }));
  };

  beforeAll(async () => {
    ({ page } = app);
    await create('Quay cranes', 'negotiation');
    await create('Pier lights', 'negotiation');
    await create('Odd reason', 'proposal', 'Price');
    await create('Truly lost', 'lost', 'Budget');
  });

  it('shows a board move undone with Ctrl+Z on the deal’s page', async () => {
    await openBoard();
    await card('negotiation', 'Quay cranes').focus();
    await page.keyboard.press('ArrowLeft');
    await page.getByTestId('moved-toast').filter({ hasText: 'Proposal' }).waitFor(ui);
    await card('proposal', 'Quay cranes').focus();
    await page.keyboard.press('Enter');
    const current = () => page.getByTestId('stage-path').locator('[aria-current="step"]').getAttribute('data-testid');
    await page.getByTestId('deal-detail').waitFor(ui);
    await expect.poll(current, ui).toBe('stage-step-proposal');
    await page.keyboard.press('Control+z');
    await page.getByTestId('move-undone-toast').waitFor(ui);
    await expect.poll(current, ui).toBe('stage-step-negotiation');
    expect(pageErrors).toEqual([]);
  });

  it('says a close date the schema refuses in the dialog, and the board reloads after the next move', async () => {
    await openBoard();
    await card('negotiation', 'Pier lights').focus();
    await page.keyboard.press('ArrowRight');
    const dialog = page.getByTestId('choose-stage');
    await dialog.waitFor(ui);
    const date = dialog.getByTestId('stage-move-close-date');
    await date.fill('12345-01-01');
    await dialog.getByTestId('lost-reason-confirm').click();
    const refused = dialog.getByTestId('stage-move-failed');
    await refused.waitFor(ui);
    expect(await refused.textContent()).toContain('Close date');
    await date.fill(localToday());
    await dialog.getByTestId('lost-reason-confirm').click();
    await dialog.waitFor({ state: 'detached', ...ui });
    await card('won', 'Pier lights').waitFor(ui);
    // A deal made meanwhile shows once the board reads the vault again, as it does after every move.
    const late = await createdId(route, 'deals.create', { name: 'Late arrival', stageId: 'lead', currency: 'USD', expectedCloseDate: '2027-05-01' });
    await card('won', 'Pier lights').focus();
    await page.keyboard.press('1');
    await page.getByTestId('moved-toast').filter({ hasText: 'Lead' }).waitFor(ui);
    await page.getByTestId('column-lead').locator(`[data-deal-id="${late}"]`).waitFor(ui);
    expect(pageErrors).toEqual([]);
  });

  it('dates a new deal created in Won today', async () => {
    await openSection(page, 'deals');
    await page.getByTestId('deals-view-list').click();
    await page.getByTestId('list-new').click();
    const dialog = page.getByTestId('new-deal');
    await dialog.waitFor(ui);
    await dialog.getByTestId('field-name').fill('Won at the counter');
    await dialog.getByTestId('field-stageId').selectOption('won');
    await expect.poll(() => dialog.getByTestId('field-expectedCloseDate').inputValue(), ui).toBe(localToday());
    await dialog.getByTestId('new-deal-submit').click();
    await dialog.waitFor({ state: 'detached', ...ui });
    const won = Listed.parse(await call(route, 'deals.list', { filter: { stageIds: ['won'] }, limit: 50 })).items.find((deal) => deal.name === 'Won at the counter');
    expect(won?.expectedCloseDate).toBe(localToday());
    expect(pageErrors).toEqual([]);
  });

  it('says why a deal was lost only on a card in a lost stage', async () => {
    await openBoard();
    await card('lost', 'Truly lost').getByTestId('deal-card-lost').waitFor(ui);
    expect(await card('lost', 'Truly lost').getByTestId('deal-card-lost').textContent()).toBe('Lost: Budget');
    expect(await card('proposal', 'Odd reason').getByTestId('deal-card-lost').count()).toBe(0);
    expect(await card('proposal', 'Odd reason').getAttribute('aria-label')).not.toContain('Price');
    expect(pageErrors).toEqual([]);
  });
});
