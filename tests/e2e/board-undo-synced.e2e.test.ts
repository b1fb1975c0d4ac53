// The Undo of a stage move when the deal was moved elsewhere while the
// board's "which closing stage" dialog was open (a teammate's move, here made
// through the shell, with the event a sync sends), in Chromium against the
// real headless shell and vault: Undo puts back the stage the move found in
// the vault (the teammate's), not the one the board showed when the dialog
// opened. Before, it wrote that older stage and probability over the
// teammate's, and synced it.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openBoard, ui } from './crm-steps';
import { useInjectingApp } from './injecting-route';
import { call, createdId } from './proxied-server';

const password = 'undo follows the vault';
const StageFields = z.object({ deal: z.object({ stageId: z.string(), probability: z.number() }) });

describe('undoing a move after the deal moved elsewhere', () => {
  const { route, app } = useInjectingApp({ context: { viewport: { width: 1440, height: 900 } }, password });
  const { pageErrors } = app;
  let page: Page;
  let id: string;

  beforeAll(async () => {
    ({ page } = app);
    await openBoard(page, []);
    id = await createdId(route, 'deals.create', { name: 'Moved twice', stageId: 'negotiation', currency: 'EUR', amount: 90_000, expectedCloseDate: '2026-09-30' });
    await openBoard(page, ['negotiation']);
  });

  it('puts back the stage the teammate moved the deal to', async () => {
    await page.locator(`[data-deal-id="${id}"]`).focus();
    await page.keyboard.press('ArrowRight');
    const dialog = page.getByTestId('choose-stage');
    await dialog.waitFor(ui);

    // Meanwhile a teammate's move arrives by sync.
    const theirs = StageFields.parse(await call(route, 'deals.moveStage', { id, stageId: 'proposal' })).deal;
    route.emit('sync.didApplyChanges', { entities: ['deals'], ids: { deals: [id] } });
    await page.getByTestId('column-proposal').locator(`[data-deal-id="${id}"]`).waitFor({ state: 'attached', timeout: ui.timeout });

    await dialog.getByTestId('lost-reason-confirm').click();
    await page.getByTestId('moved-toast').getByRole('button', { name: 'Undo' }).click();
    await page.getByTestId('move-undone-toast').waitFor(ui);
    const stored = z.object({ deal: z.object({ stageId: z.string(), probability: z.number() }) }).parse(await call(route, 'deals.get', { id })).deal;
    // Before, Undo wrote back Negotiation at 75 %, what the board showed when the dialog opened.
    expect(stored).toEqual({ stageId: 'proposal', probability: theirs.probability });
    await page.getByTestId('column-proposal').locator(`[data-deal-id="${id}"]`).waitFor({ state: 'attached', timeout: ui.timeout });
    expect(pageErrors).toEqual([]);
  });
});
