// Undo of a deal's stage move (walkthrough 6, #7), in Chromium against the
// real headless shell and vault: the "Moved to …" toast of a keyboard move,
// a drag and the deal page's stage path offers Undo, which puts the deal
// back with its stage, probability and lost reason from before, the board's
// totals with it, and the focus on the deal's card in its old column (or on
// the stage path's step); an Undo the deal has since moved on from is
// refused in plain words and changes nothing. In English and Chinese.
import type { Page } from 'playwright-core';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { useApp } from './app';
import { boardDeals } from './board-steps';
import { closeDialogs, focusedTestId, ui } from './crm-steps';
import { InjectingRoute } from './injecting-route';
import { setLanguage } from './layout-steps';
import { call } from './proxied-server';

const password = 'a slip of the arrow key';

const Stored = z.object({ deal: z.object({ stageId: z.string(), probability: z.number(), lostReason: z.string() }) });

/** Presses Tab until the element of this test id has the focus, as a keyboard user reaches a toast. */
async function tabTo(page: Page, testId: string): Promise<void> {
  for (let press = 0; press < 120; press += 1) {
    if ((await focusedTestId(page)) === testId) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${testId}; the focus is on ${await focusedTestId(page)}`);
}

/** Each column's count and totals, as painted. */
function boardTotals(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLElement>('section[data-testid^="column-"]')).map(
      (column) =>
        `${column.dataset['testid'] ?? ''}: ${column.querySelector('[data-testid="column-count"]')?.textContent ?? ''} ${column.querySelector('[data-testid="column-total"]')?.textContent ?? ''}`,
    ),
  );
}

/** The deal whose card has the focus, and the column it is in. */
function focusedCard(page: Page): Promise<{ readonly id: string | null; readonly column: string | null }> {
  return page.evaluate(() => {
    const active = document.activeElement;
    return { id: active?.getAttribute('data-deal-id') ?? null, column: active?.closest('section[data-testid^="column-"]')?.getAttribute('data-testid') ?? null };
  });
}

/** Starts noting, frame by frame, whether the focus is on the page's body (lost); the answer stops it. */
async function watchFocusLoss(page: Page): Promise<() => Promise<number>> {
  await page.evaluate(() => {
    const watch = { lost: 0, running: true };
    const frame = () => {
      if (!watch.running) return;
      if (document.activeElement === null || document.activeElement === document.body) watch.lost += 1;
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
    Reflect.set(window, '__focusLoss', watch);
  });
  return () =>
    page.evaluate(() => {
      const watch = Reflect.get(window, '__focusLoss') as { lost: number; running: boolean };
      watch.running = false;
      return watch.lost;
    });
}

describe('undo of a deal’s stage move', () => {
  const route = new InjectingRoute();
  const app = useApp({ context: { viewport: { width: 1280, height: 800 } }, route, password });
  const { pageErrors } = app;
  let page: Page;
  const { ids, id, card, openBoard } = boardDeals(() => page);
  const stored = async (name: string) => Stored.parse(await call(route, 'deals.get', { id: id(name) })).deal;

  /** From the board, by keyboard: Enter opens a focused card's deal. */
  async function openDealPage(stage: string, name: string) {
    await openBoard();
    await card(stage, name).focus();
    await page.keyboard.press('Enter');
    const detail = page.getByTestId('deal-detail');
    await detail.waitFor(ui);
    return detail;
  }

  beforeAll(async () => {
    ({ page } = app);
    // Each deal at a probability of its own, not its stage's, so that Undo must put back the one it had.
    const deals = [
      { name: 'Harbour cranes', stageId: 'proposal', probability: 42, amount: 10_000_000 },
      { name: 'Dock scanners', stageId: 'qualified', probability: 33, amount: 2_500_000 },
      { name: 'Cold-chain sensors', stageId: 'negotiation', probability: 70, amount: 5_000_000 },
      { name: 'Fleet tablets', stageId: 'lead', probability: 15, amount: 1_200_000 },
      { name: 'Forklift batteries', stageId: 'proposal', probability: 45, amount: 800_000 },
    ];
    for (const deal of deals) {
      const created = z.object({ id: z.string() }).parse(await call(route, 'deals.create', { ...deal, currency: 'USD', expectedCloseDate: '2027-03-15' }));
      ids.set(deal.name, created.id);
    }
  });

  beforeEach(() => closeDialogs(page));

  it('undoes a keyboard move from the toast by keyboard: old stage, old probability, totals back, focus on the card in its old column', async () => {
    await openBoard();
    const before = await boardTotals(page);
    await card('proposal', 'Harbour cranes').focus();
    await page.keyboard.press('ArrowRight');
    await card('negotiation', 'Harbour cranes').waitFor(ui);
    const moved = page.getByTestId('moved-toast').filter({ hasText: 'Moved to Negotiation' });
    await moved.waitFor(ui);
    await expect.poll(() => stored('Harbour cranes'), ui).toEqual({ stageId: 'negotiation', probability: 75, lostReason: '' });
    await expect.poll(() => boardTotals(page), ui).not.toEqual(before);

    // From the card, Tab by Tab into the toast, and Enter on its Undo.
    await tabTo(page, 'moved-toast-action');
    expect(await page.getByTestId('moved-toast-action').textContent()).toBe('Undo');
    const focusLoss = await watchFocusLoss(page);
    await page.keyboard.press('Enter');
    await page.getByTestId('move-undone-toast').filter({ hasText: 'Moved back to Proposal' }).waitFor(ui);
    await card('proposal', 'Harbour cranes').waitFor(ui);
    expect(await card('negotiation', 'Harbour cranes').count()).toBe(0);
    await expect.poll(() => stored('Harbour cranes'), ui).toEqual({ stageId: 'proposal', probability: 42, lostReason: '' });
    await expect.poll(() => boardTotals(page), ui).toEqual(before);
    await expect.poll(() => focusedCard(page), ui).toEqual({ id: id('Harbour cranes'), column: 'column-proposal' });
    // Not for one frame on the page's body meanwhile.
    expect(await focusLoss()).toBe(0);

    // The focus is the card's: → moves it again.
    await page.keyboard.press('ArrowRight');
    await card('negotiation', 'Harbour cranes').waitFor(ui);
    await page.getByTestId('moved-toast').filter({ hasText: 'Moved to Negotiation' }).waitFor(ui);
    await page.getByTestId('moved-toast-action').click();
    await card('proposal', 'Harbour cranes').waitFor(ui);
    await expect.poll(() => stored('Harbour cranes'), ui).toEqual({ stageId: 'proposal', probability: 42, lostReason: '' });
    expect(pageErrors).toEqual([]);
  });

  it('undoes a drag to another column', async () => {
    await openBoard();
    const before = await boardTotals(page);
    await card('qualified', 'Dock scanners').dragTo(page.getByTestId('column-proposal'));
    await page.getByTestId('moved-toast').filter({ hasText: 'Moved to Proposal' }).waitFor(ui);
    await card('proposal', 'Dock scanners').waitFor(ui);
    await expect.poll(() => stored('Dock scanners'), ui).toEqual({ stageId: 'proposal', probability: 50, lostReason: '' });

    await page.getByTestId('moved-toast-action').click();
    await page.getByTestId('move-undone-toast').filter({ hasText: 'Moved back to Qualified' }).waitFor(ui);
    await card('qualified', 'Dock scanners').waitFor(ui);
    await expect.poll(() => stored('Dock scanners'), ui).toEqual({ stageId: 'qualified', probability: 33, lostReason: '' });
    await expect.poll(() => boardTotals(page), ui).toEqual(before);
    await expect.poll(() => focusedCard(page), ui).toEqual({ id: id('Dock scanners'), column: 'column-qualified' });
    expect(pageErrors).toEqual([]);
  });

  it('undoes a move to Lost with a reason: the deal is back in its stage at its probability, with no lost reason', async () => {
    await openBoard();
    await card('negotiation', 'Cold-chain sensors').focus();
    await page.keyboard.press('ArrowRight');
    const chooser = page.getByTestId('choose-stage');
    await chooser.waitFor(ui);
    await chooser.getByTestId('stage-choice-lost').check();
    await chooser.getByTestId('lost-reason-input').fill('Chose a competitor');
    await chooser.getByTestId('lost-reason-input').press('Enter');
    await page.getByTestId('moved-toast').filter({ hasText: 'Moved to Lost' }).waitFor(ui);
    await card('lost', 'Cold-chain sensors').waitFor(ui);
    await expect.poll(() => stored('Cold-chain sensors'), ui).toEqual({ stageId: 'lost', probability: 0, lostReason: 'Chose a competitor' });

    await page.getByTestId('moved-toast-action').click();
    await page.getByTestId('move-undone-toast').filter({ hasText: 'Moved back to Negotiation' }).waitFor(ui);
    await card('negotiation', 'Cold-chain sensors').waitFor(ui);
    await expect.poll(() => stored('Cold-chain sensors'), ui).toEqual({ stageId: 'negotiation', probability: 70, lostReason: '' });
    expect(pageErrors).toEqual([]);
  });

  it('refuses an Undo the deal has moved on from, in plain words, and leaves the newer edit as it is', async () => {
    await openBoard();
    await card('lead', 'Fleet tablets').focus();
    await page.keyboard.press('ArrowRight');
    await page.getByTestId('moved-toast').filter({ hasText: 'Moved to Qualified' }).waitFor(ui);
    await expect.poll(() => stored('Fleet tablets'), ui).toMatchObject({ stageId: 'qualified' });
    // Another edit of the moved field meanwhile (another window, a sync).
    await call(route, 'deals.update', { id: id('Fleet tablets'), patch: { probability: 60 } });

    await page.getByTestId('moved-toast-action').click();
    const refused = page.getByTestId('move-undo-failed');
    await refused.waitFor(ui);
    expect(await refused.textContent()).toContain('The deal has changed since it was moved, so Undo left it as it is now.');
    await card('qualified', 'Fleet tablets').waitFor(ui);
    expect(await stored('Fleet tablets')).toEqual({ stageId: 'qualified', probability: 60, lostReason: '' });
    expect(await page.getByTestId('move-undone-toast').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('undoes a move on the deal page’s stage path by keyboard, in Chinese, with the focus on the path throughout', async () => {
    await setLanguage(page, 'zh-CN');
    const detail = await openDealPage('proposal', 'Forklift batteries');
    const current = () => detail.getByTestId('stage-path').locator('[aria-current="step"]').textContent();
    expect(await current()).toBe('方案');

    await detail.getByTestId('stage-step-negotiation').focus();
    const focusLoss = await watchFocusLoss(page);
    await page.keyboard.press('Enter');
    await page.getByTestId('moved-toast').filter({ hasText: '已移到“谈判”' }).waitFor(ui);
    await expect.poll(current, ui).toBe('谈判');
    // The step pressed is now the current one and keeps the focus (aria-disabled, not disabled), not for one frame on the body.
    await expect.poll(() => focusedTestId(page), ui).toBe('stage-step-negotiation');
    expect(await detail.getByTestId('stage-step-negotiation').getAttribute('aria-disabled')).toBe('true');
    expect(await focusLoss()).toBe(0);
    // Enter on the current step does nothing.
    const moves = route.calls.filter((channel) => channel === 'deals.moveStage').length;
    await page.keyboard.press('Enter');
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    expect(route.calls.filter((channel) => channel === 'deals.moveStage').length).toBe(moves);
    expect(await current()).toBe('谈判');
    expect(await focusedTestId(page)).toBe('stage-step-negotiation');
    await tabTo(page, 'moved-toast-action');
    expect(await page.getByTestId('moved-toast-action').textContent()).toBe('撤销');
    await page.keyboard.press('Enter');
    await page.getByTestId('move-undone-toast').filter({ hasText: '已移回“方案”' }).waitFor(ui);
    await expect.poll(current, ui).toBe('方案');
    await expect.poll(() => stored('Forklift batteries'), ui).toEqual({ stageId: 'proposal', probability: 45, lostReason: '' });
    await expect.poll(() => focusedTestId(page), ui).toBe('stage-step-negotiation');

    // Refused in Chinese too.
    await page.keyboard.press('Enter');
    await page.getByTestId('moved-toast').filter({ hasText: '已移到“谈判”' }).waitFor(ui);
    await call(route, 'deals.update', { id: id('Forklift batteries'), patch: { probability: 80 } });
    await page.getByTestId('moved-toast-action').click();
    await page.getByTestId('move-undo-failed').filter({ hasText: '该商机在移动后又有了改动，因此撤销未执行，商机保持现状。' }).waitFor(ui);
    expect(await stored('Forklift batteries')).toMatchObject({ stageId: 'negotiation', probability: 80 });
    await setLanguage(page, 'en');
    expect(pageErrors).toEqual([]);
  });

  it('gives the focus back to the field after the Undo of its edit pressed by keyboard, never to the page’s body', async () => {
    const detail = await openDealPage('proposal', 'Harbour cranes');
    await detail.getByTestId('inline-name-edit').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('inline-name-input').fill('Harbour cranes, phase 2');
    await page.keyboard.press('Enter');
    await page.getByTestId('saved-field-toast').waitFor(ui);
    expect(await focusedTestId(page)).toBe('inline-name-edit');

    await tabTo(page, 'saved-field-toast-action');
    const focusLoss = await watchFocusLoss(page);
    await page.keyboard.press('Enter');
    await page.getByTestId('restored-field-toast').waitFor(ui);
    await detail.getByTestId('inline-name').getByText('Harbour cranes', { exact: true }).waitFor(ui);
    // The keyboard user goes on from the field put back, and the page's reload after the save leaves it there.
    await expect.poll(() => focusedTestId(page), ui).toBe('inline-name-edit');
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    expect(await focusedTestId(page)).toBe('inline-name-edit');
    expect(await focusLoss()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
