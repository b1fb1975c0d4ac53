// Closing a deal dates it, in Chromium against the real headless shell and
// vault: the stage move's dialog for Won or Lost shows the close date, today
// in the user's time zone, editable; the move saves that date (so the
// forecast files the deal under the month it closed, not the one it was once
// expected in), its Undo puts the old date back, and a move back to an open
// stage keeps the date. Records are written through the page's own (routed)
// IPC socket.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openSection, ui } from './crm-steps';
import { useInjectingApp } from './injecting-route';
import { call, createdId } from './proxied-server';

const password = 'closed on the day';

const Stored = z.object({ deal: z.object({ stageId: z.string(), expectedCloseDate: z.string() }) });

/** Today in this machine's time zone, as the renderer's todayIso gives it. */
function localToday(): string {
  const now = new Date();
  return [now.getFullYear(), now.getMonth() + 1, now.getDate()].map((part, index) => String(part).padStart(index === 0 ? 4 : 2, '0')).join('-');
}

describe('the close date of a deal moved into Won or Lost', () => {
  const { route, app } = useInjectingApp({ context: { viewport: { width: 1280, height: 900 } }, password });
  const { pageErrors } = app;
  let page: Page;
  let id = '';
  const stored = async () => Stored.parse(await call(route, 'deals.get', { id })).deal;

  beforeAll(async () => {
    ({ page } = app);
    id = await createdId(route, 'deals.create', { name: 'Closing Deal', stageId: 'proposal', currency: 'EUR', amount: 100_000, expectedCloseDate: '2020-02-20' });
  }, 120_000);

  const openDeal = async () => {
    await openSection(page, 'deals');
    await page.getByTestId('deal-table-row').filter({ hasText: 'Closing Deal' }).click();
    await page.getByTestId('deal-detail').waitFor(ui);
  };

  it('offers today when a deal is won, saves it, and Undo puts the old date back', async () => {
    await openDeal();
    await page.getByTestId('stage-step-won').click();
    const dialog = page.getByTestId('choose-stage');
    await dialog.waitFor(ui);
    expect(await dialog.getByTestId('stage-move-close-date').inputValue()).toBe(localToday());
    expect(await dialog.getByText('Close date').count()).toBe(1);
    await dialog.getByTestId('lost-reason-confirm').click();
    await page.getByTestId('moved-toast').filter({ hasText: 'Won' }).waitFor(ui);
    await expect.poll(stored, ui).toEqual({ stageId: 'won', expectedCloseDate: localToday() });

    await page.getByTestId('moved-toast-action').click();
    await page.getByTestId('move-undone-toast').waitFor(ui);
    await expect.poll(stored, ui).toEqual({ stageId: 'proposal', expectedCloseDate: '2020-02-20' });
    expect(pageErrors).toEqual([]);
  });

  it('saves a date the user picks when a deal is lost, and a move back to an open stage keeps it', async () => {
    await openDeal();
    await page.getByTestId('stage-step-lost').click();
    const dialog = page.getByTestId('lost-reason');
    await dialog.waitFor(ui);
    const date = dialog.getByTestId('stage-move-close-date');
    expect(await date.inputValue()).toBe(localToday());
    await date.fill('2021-05-04');
    await dialog.getByTestId('lost-reason-confirm').click();
    await page.getByTestId('moved-toast').filter({ hasText: 'Lost' }).waitFor(ui);
    await expect.poll(stored, ui).toEqual({ stageId: 'lost', expectedCloseDate: '2021-05-04' });

    await page.getByTestId('stage-step-negotiation').click();
    await page.getByTestId('moved-toast').filter({ hasText: 'Negotiation' }).waitFor(ui);
    await expect.poll(stored, ui).toEqual({ stageId: 'negotiation', expectedCloseDate: '2021-05-04' });
    expect(pageErrors).toEqual([]);
  });
});
