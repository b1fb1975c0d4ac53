// A board column fuller than the board shows, and a closing move made while
// another move is still being saved, in Chromium against the real headless
// shell and vault. "N more in the list view" is a link to the deals list
// filtered to that stage: before, it was plain text, and the deals past a
// column's first 60 could not be reached from the board. A move into Won
// confirmed in its dialog counts among the moves on their way: before, its
// answer alone was counted off, so it set the board reading the vault while
// the other move was unsaved, and that card went back to its old column.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { openBoard, openSection, ui } from './crm-steps';
import { useInjectingApp } from './injecting-route';
import { call, createdId } from './proxied-server';

const password = 'the rest of the column';

describe('a board column’s rest, and a closing move beside another move', () => {
  const { route, app } = useInjectingApp({ context: { viewport: { width: 1440, height: 900 } }, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(async () => {
    ({ page } = app);
    await openBoard(page, []);
    for (let index = 0; index < 60; index += 1) {
      await call(route, 'deals.create', { name: `Early proposal ${index}`, stageId: 'proposal', currency: 'EUR', amount: 1_000, expectedCloseDate: '2026-01-15' });
    }
    await call(route, 'deals.create', { name: 'Late proposal', stageId: 'proposal', currency: 'EUR', amount: 1_000, expectedCloseDate: '2027-09-30' });
    await call(route, 'deals.create', { name: 'Qualified elsewhere', stageId: 'qualified', currency: 'EUR', amount: 1_000, expectedCloseDate: '2026-02-15' });
  }, 240_000);

  const column = (stage: string) => page.getByTestId(`column-${stage}`);

  it('links "N more in the list view" to the deals list filtered to that stage', async () => {
    await openBoard(page, ['qualified', 'proposal']);
    // The 61st deal (closing last) is not on the board.
    expect(await column('proposal').getByTestId('deal-card').filter({ hasText: 'Late proposal' }).count()).toBe(0);
    const more = column('proposal').getByTestId('column-more');
    expect(await more.textContent()).toBe('1 more in the list view');
    expect(await more.getAttribute('type')).toBe('button');
    await more.click();

    await page.getByTestId('list-deals').waitFor(ui);
    // Proposal's 61 deals, not Qualified's: the list is filtered to the stage alone.
    await expect.poll(() => page.getByTestId('list-count').textContent(), ui).toBe('61 records');
    expect(await page.getByTestId('deal-table-row').filter({ hasText: 'Qualified elsewhere' }).count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('keeps a card moved to an open stage where it went while a move into Won answers before it', async () => {
    const first = await createdId(route, 'deals.create', { name: 'Slow mover', stageId: 'lead', currency: 'EUR', amount: 2_000, expectedCloseDate: '2026-01-10' });
    const closing = await createdId(route, 'deals.create', { name: 'Quick winner', stageId: 'lead', currency: 'EUR', amount: 3_000, expectedCloseDate: '2026-01-11' });
    await openSection(page, 'contacts');
    await openBoard(page, ['lead', 'proposal']);
    const slow = page.locator(`[data-deal-id="${first}"]`);

    // The first move waits on its way to the vault; the card shows in Qualified at once.
    route.gated.add('deals.moveStage');
    await slow.focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => route.gatedRequests, ui).toBe(1);
    await column('qualified').locator(`[data-deal-id="${first}"]`).waitFor(ui);

    // The other deal goes to Won (the 5th stage) through the dialog, and its answer comes first.
    route.gated.delete('deals.moveStage');
    await page.locator(`[data-deal-id="${closing}"]`).focus();
    await page.keyboard.press('5');
    const dialog = page.getByTestId('choose-stage');
    await dialog.waitFor(ui);
    const reads = route.calls.length;
    await dialog.getByTestId('lost-reason-confirm').click();
    await page.getByTestId('moved-toast').filter({ hasText: 'Won' }).waitFor(ui);
    await dialog.waitFor({ state: 'detached', ...ui });

    // While the first move is unsaved the board does not read the vault (which still has the deal in Lead).
    await page.waitForTimeout(3_000);
    expect(route.calls.slice(reads).filter((channel) => channel === 'deals.list' || channel === 'pipeline.get')).toEqual([]);
    expect(await column('qualified').locator(`[data-deal-id="${first}"]`).count()).toBe(1);
    expect(await column('lead').locator(`[data-deal-id="${first}"]`).count()).toBe(0);

    // Once it is saved, the board reads the vault: both deals where they went.
    route.releaseRequest();
    await column('won').locator(`[data-deal-id="${closing}"]`).waitFor(ui);
    expect(await column('qualified').locator(`[data-deal-id="${first}"]`).count()).toBe(1);
    expect(pageErrors).toEqual([]);
  });
});
