// A move confirmed in the board's "which stage?" dialog, in Chromium against
// the real headless shell and vault: the dialog cannot be cancelled (Esc,
// Cancel) while its move is being saved. It closed and the move went on
// all the same, with a "Moved" toast; a refusal went into the closed
// dialog, unseen; the dialog opened next for another deal saved nothing
// and was closed by the first move's answer, its typed reason lost; and
// with the board uncovered, a keyboard move made meanwhile was drawn back
// in its old column by the reload the first answer started (that move was
// not counted among those under way).
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { useApp } from './app';
import { boardDeals } from './board-steps';
import { ui } from './crm-steps';
import { InjectingRoute } from './injecting-route';
import { call } from './proxied-server';

const password = 'one move at a time on the board';

describe('a move confirmed in the board’s stage dialog', () => {
  const route = new InjectingRoute();
  const app = useApp({ context: { viewport: { width: 1440, height: 900 } }, route, password });
  const { pageErrors } = app;
  let page: Page;
  const { ids, card, openBoard } = boardDeals(() => page);

  beforeAll(async () => {
    ({ page } = app);
    const created = z
      .object({ id: z.string() })
      .parse(await call(route, 'deals.create', { name: 'Dock gates', stageId: 'negotiation', amount: 100_000, currency: 'USD', expectedCloseDate: '2027-05-01' }));
    ids.set('Dock gates', created.id);
  });

  it('cannot be cancelled while its move is being saved', async () => {
    await openBoard();
    route.gated.add('deals.moveStage');
    try {
      await card('negotiation', 'Dock gates').focus();
      await page.keyboard.press('ArrowRight');
      const dialog = page.getByTestId('choose-stage');
      await dialog.waitFor(ui);
      await dialog.getByTestId('lost-reason-confirm').click();
      await expect.poll(() => route.gatedRequests, ui).toBe(1);
      // Esc while it is saved: the dialog stays (the move is not over), and its Cancel says it cannot be pressed.
      await page.keyboard.press('Escape');
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
      expect(await dialog.count()).toBe(1);
      expect(await dialog.getByRole('button', { name: 'Cancel' }).getAttribute('aria-disabled')).toBe('true');
      route.releaseRequest();
      await dialog.waitFor({ state: 'detached', ...ui });
      await card('won', 'Dock gates').waitFor(ui);
    } finally {
      route.release();
    }
    expect(pageErrors).toEqual([]);
  });
});
