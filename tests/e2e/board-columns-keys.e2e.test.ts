// Going from column to column on the board by keyboard, in Chromium against
// the real headless shell and vault: Alt+→/← take the focus to the card at
// the same place in the nearest stage that way that has cards (its last
// when it has fewer), past empty stages, and move nothing. Before, a
// keyboard user reached another column only by Tab through every card of
// the columns before it (←/→ move the card itself).
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { useApp } from './app';
import { boardDeals } from './board-steps';
import { ui } from './crm-steps';
import { InjectingRoute } from './injecting-route';
import { call } from './proxied-server';

const password = 'column to column';

describe('the board’s column keys', () => {
  const route = new InjectingRoute();
  const app = useApp({ context: { viewport: { width: 1280, height: 800 } }, route, password });
  const { pageErrors } = app;
  let page: Page;
  const { ids, id, openBoard } = boardDeals(() => page);
  const focusedDeal = () => page.evaluate(() => document.activeElement?.getAttribute('data-deal-id') ?? null);

  beforeAll(async () => {
    ({ page } = app);
    // Soonest close first in each column. Qualified stays empty.
    const deals = [
      { name: 'Anchor chains', stageId: 'lead', expectedCloseDate: '2027-01-10' },
      { name: 'Buoy lights', stageId: 'lead', expectedCloseDate: '2027-02-10' },
      { name: 'Capstan motors', stageId: 'lead', expectedCloseDate: '2027-03-10' },
      { name: 'Davit cranes', stageId: 'proposal', expectedCloseDate: '2027-01-20' },
      { name: 'Eyelet hooks', stageId: 'proposal', expectedCloseDate: '2027-02-20' },
      { name: 'Fender pads', stageId: 'negotiation', expectedCloseDate: '2027-01-30' },
    ];
    for (const deal of deals) {
      const created = z.object({ id: z.string() }).parse(await call(route, 'deals.create', { ...deal, amount: 500_000, currency: 'USD' }));
      ids.set(deal.name, created.id);
    }
  });

  it('takes the focus across the stages with Alt+→/←, past an empty one, to the same place or the last card, moving nothing', async () => {
    await openBoard();
    await page.locator(`[data-deal-id="${id('Capstan motors')}"]`).focus();
    const calls = route.calls.length;

    // Lead's third card → Proposal (Qualified is empty) has two: its last.
    await page.keyboard.press('Alt+ArrowRight');
    expect(await focusedDeal()).toBe(id('Eyelet hooks'));
    // → Negotiation has one.
    await page.keyboard.press('Alt+ArrowRight');
    expect(await focusedDeal()).toBe(id('Fender pads'));
    // Nothing beyond with cards: the focus stays.
    await page.keyboard.press('Alt+ArrowRight');
    expect(await focusedDeal()).toBe(id('Fender pads'));
    // ← back, at the first place now.
    await page.keyboard.press('Alt+ArrowLeft');
    expect(await focusedDeal()).toBe(id('Davit cranes'));
    await page.keyboard.press('Alt+ArrowLeft');
    expect(await focusedDeal()).toBe(id('Anchor chains'));
    await page.keyboard.press('Alt+ArrowLeft');
    expect(await focusedDeal()).toBe(id('Anchor chains'));

    // Nothing moved, and the page did not go back in its history.
    expect(route.calls.slice(calls).filter((channel) => channel.startsWith('deals.move'))).toEqual([]);
    for (const [name, stage] of [['Capstan motors', 'lead'], ['Eyelet hooks', 'proposal'], ['Fender pads', 'negotiation']] as const) {
      expect(await page.getByTestId(`column-${stage}`).locator(`[data-deal-id="${id(name)}"]`).count()).toBe(1);
    }
    await page.getByTestId('pipeline-board').waitFor(ui);

    // Listed in the shortcut help.
    await page.keyboard.press('?');
    const help = page.getByTestId('shortcut-help');
    await help.waitFor(ui);
    expect(await help.textContent()).toContain('Alt+←/Alt+→Go to the deal card at the same place in the stage to the left or right (moves nothing)');
    await page.keyboard.press('Escape');
    expect(pageErrors).toEqual([]);
  });
});
