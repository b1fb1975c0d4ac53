// Picking why a deal was lost, in Chromium against the real headless shell
// and vault: the stage move's dialog offers, under its reason box, the
// reasons the team's deals already give most (deals.lostReasons), then
// common ones in the UI's language, each once; a pick fills the box, still
// editable, with the focus back in it, and the move saves that reason; a
// stray click on the backdrop does not throw a typed reason away. The
// deals list's selection bar moves several deals to one stage (Stage…), with
// one reason for a lost stage, and Undo puts them back. In English and Chinese. Records are written through the page's own (routed)
// IPC socket, as the "New" dialogs and the board would write them.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { focusedTestId, openSection, ui } from './crm-steps';
import { useInjectingApp } from './injecting-route';
import { createdId } from './proxied-server';
import { setLanguage } from './layout-steps';

const password = 'why deals get lost';

describe('lost reasons to pick', () => {
  const { route, app } = useInjectingApp({ context: { viewport: { width: 1280, height: 900 } }, password });
  const { pageErrors } = app;
  let page: Page;

  const addDeal = async (name: string) =>
    createdId(route, 'deals.create', { name, stageId: 'proposal', currency: 'EUR', amount: 100_000, expectedCloseDate: '2026-12-31' });

  beforeAll(async () => {
    ({ page } = app);
    for (const [name, reason] of [
      ['Lost Early One', 'Budget frozen'],
      ['Lost Early Two', 'budget frozen'],
      ['Lost Early Three', 'Price'],
    ] as const) {
      expect(await route.invoke('deals.moveStage', { id: await addDeal(name), stageId: 'lost', lostReason: reason })).toMatchObject({ ok: true });
    }
    await addDeal('Losing Now');
    await addDeal('Losing In Chinese');
    await addDeal('Bulk Deal One');
    await addDeal('Bulk Deal Two');
  }, 120_000);

  const openDeal = async (name: string) => {
    await openSection(page, 'deals');
    await page.getByTestId('deal-table-row').filter({ hasText: name }).click();
    await page.getByTestId('deal-detail').waitFor(ui);
  };

  it('offers the team’s reasons first, then common ones, and a pick fills the box', async () => {
    await openDeal('Losing Now');
    await page.getByTestId('stage-step-lost').click();
    const dialog = page.getByTestId('lost-reason');
    await dialog.waitFor(ui);
    const picks = dialog.getByTestId('lost-reason-pick');
    await expect.poll(() => picks.allTextContents(), ui).toEqual(['Budget frozen', 'Price', 'Chose a competitor', 'No budget', 'Timing', 'No decision', 'Went silent']);
    expect(await focusedTestId(page)).toBe('lost-reason-input');
    // A stray click on the backdrop keeps what is typed: the dialog stays (Esc, × or Cancel close it).
    const input = dialog.getByTestId('lost-reason-input');
    await input.fill('Chose');
    await page.mouse.click(3, 3);
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    expect(await dialog.count()).toBe(1);
    expect(await input.inputValue()).toBe('Chose');

    await picks.filter({ hasText: 'Chose a competitor' }).click();
    expect(await input.inputValue()).toBe('Chose a competitor');
    expect(await focusedTestId(page)).toBe('lost-reason-input');
    expect(await picks.filter({ hasText: 'Chose a competitor' }).getAttribute('aria-pressed')).toBe('true');
    // Still the user's words: a pick can be added to.
    await page.keyboard.type(' on price');
    await page.keyboard.press('Enter');
    await page.getByTestId('moved-toast').filter({ hasText: 'Lost' }).waitFor(ui);
    await expect.poll(() => page.getByTestId('deal-detail').getByTestId('inline-lostReason').textContent(), ui).toContain('Chose a competitor on price');
    expect(pageErrors).toEqual([]);
  });

  it('moves a selection of deals to Lost from the list with one reason, and Undo puts them back', async () => {
    await openSection(page, 'deals');
    const row = (name: string) => page.getByTestId('deal-table-row').filter({ hasText: name });
    for (const name of ['Bulk Deal One', 'Bulk Deal Two']) await row(name).getByTestId('row-select').click();
    await page.getByTestId('bulk-stage').click();
    const dialog = page.getByTestId('bulk-stage-dialog');
    await dialog.waitFor(ui);
    expect(await dialog.getByRole('heading').textContent()).toBe('Move 2 deals');
    expect(await page.getByTestId('bulk-stage-select').locator('option').allTextContents()).toEqual(['Lead', 'Qualified', 'Proposal', 'Negotiation', 'Won', 'Lost']);
    expect(await dialog.getByTestId('lost-reason-input').count()).toBe(0);
    await page.getByTestId('bulk-stage-select').selectOption({ label: 'Lost' });
    await dialog.getByTestId('lost-reason-pick').filter({ hasText: 'Budget frozen' }).click();
    const before = route.calls.length;
    await page.getByTestId('bulk-stage-apply').click();
    await page.getByTestId('bulk-moved-toast').filter({ hasText: '2 deals moved to Lost' }).waitFor(ui);
    expect(route.calls.slice(before).filter((channel) => channel.startsWith('deals.') && channel.includes('ove'))).toEqual(['deals.moveStageMany']);
    // Lost, they leave the Open deals view.
    await expect.poll(() => page.getByTestId('deal-table-row').filter({ hasText: 'Bulk Deal' }).count(), ui).toBe(0);
    expect(await route.invoke('deals.lostReasons', {})).toMatchObject({ ok: true, value: { reasons: ['Budget frozen', 'Chose a competitor on price', 'Price'] } });

    await page.getByTestId('bulk-moved-toast-action').click();
    await page.getByTestId('bulk-undone-toast').filter({ hasText: 'The deals are back in their stages' }).waitFor(ui);
    await expect.poll(() => row('Bulk Deal One').textContent(), ui).toContain('Proposal');
    expect(await row('Bulk Deal Two').textContent()).toContain('Proposal');

    // Moved to the stage they are in: nothing moved, and no Undo (an empty one was refused as invalid input).
    for (const name of ['Bulk Deal One', 'Bulk Deal Two']) await row(name).getByTestId('row-select').click();
    await page.getByTestId('bulk-stage').click();
    await dialog.waitFor(ui);
    await page.getByTestId('bulk-stage-select').selectOption({ label: 'Proposal' });
    await page.getByTestId('bulk-stage-apply').click();
    await page.getByTestId('bulk-moved-toast').filter({ hasText: '0 deals moved to Proposal' }).waitFor(ui);
    expect(await page.getByTestId('bulk-moved-toast-action').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('words the common reasons in Chinese, after the team’s own', async () => {
    await setLanguage(page, 'zh-CN');
    try {
      await openDeal('Losing In Chinese');
      await page.getByTestId('stage-step-lost').click();
      const picks = page.getByTestId('lost-reason').getByTestId('lost-reason-pick');
      await expect.poll(() => picks.allTextContents(), ui).toEqual(['Budget frozen', 'Chose a competitor on price', 'Price', '价格', '选择了竞争对手', '没有预算', '时机不对', '没有做出决定']);
      await picks.filter({ hasText: '没有预算' }).click();
      await page.getByTestId('lost-reason-confirm').click();
      await page.getByTestId('lost-reason').waitFor({ state: 'detached', timeout: ui.timeout });
    } finally {
      await setLanguage(page, 'en');
    }
    expect(pageErrors).toEqual([]);
  });

  // Last: it moves a deal out of Lost, which the reasons offered above count.
  it('draws a deal moved out of Lost on the board without its lost reason while the move is on its way', async () => {
    const id = await addDeal('Back From Lost');
    expect(await route.invoke('deals.moveStage', { id, stageId: 'lost', lostReason: 'Timing' })).toMatchObject({ ok: true });
    await openSection(page, 'deals');
    await page.getByTestId('deals-view-board').click();
    const cardIn = (stage: string) => page.getByTestId(`column-${stage}`).locator(`[data-deal-id="${id}"]`);
    await cardIn('lost').waitFor(ui);
    expect(await cardIn('lost').textContent()).toContain('Lost: Timing');

    route.holding.add('deals.moveStage');
    await cardIn('lost').focus();
    // 1: straight to Lead, an open stage, drawn there at once. The vault clears a reason with the move out of
    // Lost; before, the card said "Lost: Timing" in Lead until the answer and the board's reload.
    await page.keyboard.press('1');
    await cardIn('lead').waitFor(ui);
    expect(await cardIn('lead').textContent()).not.toContain('Lost:');
    route.release();
    await page.getByTestId('moved-toast').filter({ hasText: 'Moved to Lead' }).waitFor(ui);
    expect(await cardIn('lead').textContent()).not.toContain('Lost:');
    expect(pageErrors).toEqual([]);
  });
});
