// The board's keys (walkthrough 7, #5), in Chromium against the real headless
// shell and vault: ↑/↓ go from card to card within a stage, Home/End to its
// first and last card; 1–9 move a focused card straight to the stage at that
// place in one saved move (Lead to Negotiation was three moves, three
// outbox changes and three Undo toasts), which one Undo puts back; a closing
// stage asks first, as a drop there does. The moved toast's Undo is one key
// away: Ctrl+Z presses it, F6 goes into the toast and back to the card (it
// was the last stop of the Tab order). A card the user went on to while a
// move was on its way keeps the focus when the move's answer comes. The "?"
// list names the keys, in English and Chinese.
import type { Page } from 'playwright-core';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { useApp } from './app';
import { boardDeals } from './board-steps';
import { accessibleText, closeDialogs, ui } from './crm-steps';
import { InjectingRoute } from './injecting-route';
import { setLanguage } from './layout-steps';
import { call } from './proxied-server';

const password = 'four stages in one key';

const Stored = z.object({ deal: z.object({ stageId: z.string(), probability: z.number() }) });

describe('the board’s keys', () => {
  const route = new InjectingRoute();
  const app = useApp({ context: { viewport: { width: 1280, height: 800 } }, route, password });
  const { pageErrors } = app;
  let page: Page;
  const { ids, id, card, openBoard } = boardDeals(() => page);
  const stored = async (name: string) => Stored.parse(await call(route, 'deals.get', { id: id(name) })).deal;
  const focusedDeal = () => page.evaluate(() => document.activeElement?.getAttribute('data-deal-id') ?? null);

  beforeAll(async () => {
    ({ page } = app);
    // The lead column shows soonest close first: Anchor, Buoy, Capstan.
    const deals = [
      { name: 'Anchor chains', expectedCloseDate: '2027-01-10' },
      { name: 'Buoy lights', expectedCloseDate: '2027-02-10' },
      { name: 'Capstan motors', expectedCloseDate: '2027-03-10' },
    ];
    for (const deal of deals) {
      const created = z.object({ id: z.string() }).parse(await call(route, 'deals.create', { ...deal, stageId: 'lead', amount: 500_000, currency: 'USD' }));
      ids.set(deal.name, created.id);
    }
  });

  beforeEach(() => closeDialogs(page));

  it('goes from card to card with ↑/↓ and Home/End, staying in the column and moving nothing', async () => {
    await openBoard();
    await card('lead', 'Anchor chains').focus();
    const calls = route.calls.length;
    await page.keyboard.press('ArrowDown');
    expect(await focusedDeal()).toBe(id('Buoy lights'));
    await page.keyboard.press('ArrowDown');
    expect(await focusedDeal()).toBe(id('Capstan motors'));
    // The last card keeps the focus: ↓ does not wrap, nor leave the column.
    await page.keyboard.press('ArrowDown');
    expect(await focusedDeal()).toBe(id('Capstan motors'));
    await page.keyboard.press('ArrowUp');
    expect(await focusedDeal()).toBe(id('Buoy lights'));
    await page.keyboard.press('Home');
    expect(await focusedDeal()).toBe(id('Anchor chains'));
    await page.keyboard.press('End');
    expect(await focusedDeal()).toBe(id('Capstan motors'));
    expect(route.calls.slice(calls).filter((channel) => channel.startsWith('deals.move'))).toEqual([]);
    expect(await stored('Capstan motors')).toEqual({ stageId: 'lead', probability: 10 });
    expect(pageErrors).toEqual([]);
  });

  it('moves a card straight to the fourth stage with 4, as one saved move that one Undo puts back', async () => {
    await openBoard();
    await card('lead', 'Buoy lights').focus();
    const calls = route.calls.length;
    await page.keyboard.press('4');
    await card('negotiation', 'Buoy lights').waitFor(ui);
    await page.getByTestId('moved-toast').filter({ hasText: 'Moved to Negotiation' }).waitFor(ui);
    await expect.poll(() => stored('Buoy lights'), ui).toEqual({ stageId: 'negotiation', probability: 75 });
    expect(route.calls.slice(calls).filter((channel) => channel === 'deals.moveStage')).toEqual(['deals.moveStage']);
    expect(await page.getByTestId('moved-toast').count()).toBe(1);
    // The card keeps the focus in its new column.
    await expect.poll(focusedDeal, ui).toBe(id('Buoy lights'));

    await page.getByTestId('moved-toast-action').click();
    await card('lead', 'Buoy lights').waitFor(ui);
    await expect.poll(() => stored('Buoy lights'), ui).toEqual({ stageId: 'lead', probability: 10 });
    expect(pageErrors).toEqual([]);
  });

  it('leaves the focus on the card the user went on to while a move was on its way', async () => {
    for (const deal of [
      { name: 'Davit cranes', expectedCloseDate: '2027-05-10' },
      { name: 'Eyelet hooks', expectedCloseDate: '2027-06-10' },
    ]) {
      const created = z.object({ id: z.string() }).parse(await call(route, 'deals.create', { ...deal, stageId: 'proposal', amount: 80_000, currency: 'USD' }));
      ids.set(deal.name, created.id);
    }
    await openBoard();
    await card('proposal', 'Davit cranes').focus();
    route.holding.add('deals.moveStage');
    await page.keyboard.press('2');
    await card('qualified', 'Davit cranes').waitFor(ui);
    await expect.poll(focusedDeal, ui).toBe(id('Davit cranes'));
    await expect.poll(() => route.held, ui).toBe(1);

    // While the vault answers, the user goes on to another card, which a teammate renamed: the name shows once
    // the board is read again after the answer, and the focus is still where the user took it.
    await call(route, 'deals.update', { id: id('Eyelet hooks'), patch: { name: 'Eyelet hooks, bronze' } });
    await card('proposal', 'Eyelet hooks').focus();
    route.release();
    await card('proposal', 'Eyelet hooks').filter({ hasText: 'Eyelet hooks, bronze' }).waitFor(ui);
    await page.getByTestId('moved-toast').filter({ hasText: 'Moved to Qualified' }).waitFor(ui);
    expect(await focusedDeal()).toBe(id('Eyelet hooks'));
    expect(pageErrors).toEqual([]);
  });

  it('asks first when the number is a closing stage, and Esc leaves the deal where it was', async () => {
    await openBoard();
    await card('lead', 'Anchor chains').focus();
    await page.keyboard.press('6');
    const dialog = page.getByTestId('choose-stage');
    await dialog.waitFor(ui);
    expect(await page.getByTestId('stage-choice-lost').isChecked()).toBe(true);
    // The focus is on the choice made, not on the first (unchecked) radio, Won: a Space there picked Won.
    const focused = () => page.evaluate(() => (document.activeElement instanceof HTMLInputElement ? [document.activeElement.dataset['testid'], document.activeElement.matches(':checked')] : null));
    expect(await focused()).toEqual(['stage-choice-lost', true]);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached', timeout: ui.timeout });
    expect(await stored('Anchor chains')).toEqual({ stageId: 'lead', probability: 10 });
    // A place with no stage (the board has six) does nothing.
    await card('lead', 'Anchor chains').focus();
    await page.keyboard.press('9');
    expect(await page.getByTestId('choose-stage').count()).toBe(0);
    expect(await card('lead', 'Anchor chains').count()).toBe(1);
    expect(pageErrors).toEqual([]);
  });

  it('undoes the move with Ctrl+Z, and F6 goes into the toast and back to the card', async () => {
    await openBoard();
    await card('lead', 'Capstan motors').focus();
    await page.keyboard.press('2');
    await card('qualified', 'Capstan motors').waitFor(ui);
    await page.getByTestId('moved-toast').filter({ hasText: 'Moved to Qualified' }).waitFor(ui);
    await expect.poll(focusedDeal, ui).toBe(id('Capstan motors'));

    await page.keyboard.press('F6');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('moved-toast-action');
    await page.keyboard.press('F6');
    expect(await focusedDeal()).toBe(id('Capstan motors'));

    await page.keyboard.press('Control+z');
    await page.getByTestId('move-undone-toast').filter({ hasText: 'Moved back to Lead' }).waitFor(ui);
    await card('lead', 'Capstan motors').waitFor(ui);
    await expect.poll(() => stored('Capstan motors'), ui).toEqual({ stageId: 'lead', probability: 10 });
    await expect.poll(focusedDeal, ui).toBe(id('Capstan motors'));
    // Nothing more to undo: Ctrl+Z does nothing (the "moved back" toast offers no Undo).
    const calls = route.calls.length;
    await page.keyboard.press('Control+z');
    expect(route.calls.slice(calls).filter((channel) => channel === 'deals.undoMove')).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('presses one Undo for a held Ctrl+Z, not the older ones its key repeats reach', async () => {
    await openBoard();
    await card('lead', 'Anchor chains').focus();
    await page.keyboard.press('2');
    await card('qualified', 'Anchor chains').waitFor(ui);
    await card('lead', 'Buoy lights').focus();
    await page.keyboard.press('2');
    await card('qualified', 'Buoy lights').waitFor(ui);
    await expect.poll(() => page.getByTestId('moved-toast').count(), ui).toBe(2);
    const calls = route.calls.length;
    // Ctrl+Z held a moment too long: the key repeats. Before, each repeat pressed the next-newest Undo as well.
    await page.keyboard.down('Control');
    await page.keyboard.down('z');
    await page.keyboard.down('z');
    await page.keyboard.down('z');
    await page.keyboard.up('z');
    await page.keyboard.up('Control');
    await card('lead', 'Buoy lights').waitFor(ui);
    // Time for a second Undo's call, were one pressed.
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 500)));
    expect(route.calls.slice(calls).filter((channel) => channel === 'deals.undoMove')).toHaveLength(1);
    expect(await stored('Anchor chains')).toMatchObject({ stageId: 'qualified' });
    expect(pageErrors).toEqual([]);
  });

  it('says on a lost deal’s card why it was lost, and nothing on an open deal’s', async () => {
    const lost = z.object({ id: z.string() }).parse(
      await call(route, 'deals.create', { name: 'Mooring lines', stageId: 'lost', lostReason: 'Went with a cheaper supplier', amount: 90_000, currency: 'USD', expectedCloseDate: '2027-04-01' }),
    );
    await openBoard();
    const card = page.getByTestId('column-lost').locator(`[data-deal-id="${lost.id}"]`);
    await card.waitFor(ui);
    expect(await card.getByTestId('deal-card-lost').innerText()).toBe('Lost: Went with a cheaper supplier');
    expect(await page.getByTestId('column-lead').getByTestId('deal-card-lost').count()).toBe(0);
    // A screen reader hears what the card shows: whose deal (no account here), when it closes, and why it was lost.
    const spoken = await accessibleText(page, `[data-deal-id="${lost.id}"]`);
    expect(spoken.name).toBe('Mooring lines, No account, $900.00, stage Lost, closes Apr 1, 2027, lost: Went with a cheaper supplier');
    expect((await accessibleText(page, `[data-deal-id="${id('Buoy lights')}"]`)).name).toMatch(/^Buoy lights, No account, \$5,000\.00, stage \w+, closes Feb 10, 2027$/);
    expect(pageErrors).toEqual([]);
  });

  it('gives the focus to the page, not the body, when a dialog closes after its opener has gone', async () => {
    await openBoard();
    // An opener that leaves while the dialog is open (as a toast's Undo does when its toast runs out).
    await page.evaluate(() => {
      const opener = document.createElement('button');
      opener.id = 'leaving-opener';
      opener.textContent = 'Opener';
      document.body.append(opener);
      opener.focus();
    });
    await page.keyboard.press('?');
    await page.getByTestId('shortcut-help').waitFor(ui);
    await page.evaluate(() => document.getElementById('leaving-opener')?.remove());
    await page.keyboard.press('Escape');
    await page.getByTestId('shortcut-help').waitFor({ state: 'detached', ...ui });
    // Before, the focus was left on the body.
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('MAIN');
    expect(pageErrors).toEqual([]);
  });

  it('lists the keys in the shortcut help, in Chinese too', async () => {
    await openBoard();
    await page.getByTestId('workspace').locator('main').focus();
    await page.keyboard.press('?');
    const help = page.getByTestId('shortcut-help');
    await help.waitFor(ui);
    expect(await help.textContent()).toContain('straight to the stage at that place');
    expect(await help.textContent()).toContain('Go to the newest notice');
    // Keys that work and were not listed, and what a dialog leaves out.
    expect(await help.textContent()).toContain('ten rows up or down');
    expect(await help.textContent()).toContain('Delete the focused saved view');
    expect(await help.textContent()).toContain('While a dialog is open, only its own keys work');
    await page.keyboard.press('Escape');
    await setLanguage(page, 'zh-CN');
    await openBoard();
    await page.getByTestId('workspace').locator('main').focus();
    await page.keyboard.press('?');
    await help.waitFor(ui);
    expect(await help.textContent()).toContain('直接移到从左数第几个阶段');
    expect(await help.textContent()).toContain('转到上方或下方的商机卡片');
    expect(await help.textContent()).toContain('撤销最新提示中可撤销的操作');
    await page.keyboard.press('Escape');
    await setLanguage(page, 'en');
    expect(pageErrors).toEqual([]);
  });
});
