// The deals list's Stage… before the pipeline's stages are read, in Chromium
// against the real headless shell and vault, the page's IPC socket routed
// through Playwright (which fails the workspace's one read of the stages,
// then holds the one Try again asks): the dialog says the stages could not be
// read, with Try again, then that it is reading them, and the form once they
// have come, its select on the first stage; Apply then moves the selection.
// It showed an empty select (its first value taken before the stages came)
// and Apply did nothing, without a word.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openSection, ui } from './crm-steps';
import { useInjectingApp } from './injecting-route';
import { call, createdId } from './proxied-server';

const password = 'stages before the move';

const Stored = z.object({ deal: z.object({ stageId: z.string() }) });

describe('Stage… on the deals list before the stages are read', () => {
  const { route, app } = useInjectingApp({ context: { viewport: { width: 1280, height: 900 } }, password });
  const { pageErrors } = app;
  let page: Page;
  const ids = new Map<string, string>();
  // From the page's first call on: the workspace reads the stages once, as it opens.
  route.failing.set('pipeline.get', { code: 'INTERNAL', message: 'Something went wrong.' });

  beforeAll(async () => {
    ({ page } = app);
    for (const name of ['Pending One', 'Pending Two']) ids.set(name, await createdId(route, 'deals.create', { name, stageId: 'proposal', currency: 'EUR', expectedCloseDate: '2026-06-30' }));
  }, 120_000);

  it('says the stages could not be read, reads them on Try again, and Apply then moves the selection', async () => {
    await openSection(page, 'deals');
    const row = (name: string) => page.getByTestId('deal-table-row').filter({ hasText: name });
    for (const name of ids.keys()) {
      await row(name).waitFor(ui);
      await row(name).getByTestId('row-select').click();
    }
    await expect.poll(() => page.getByTestId('bulk-count').textContent(), ui).toMatch(/^2 selected/);
    await page.getByTestId('bulk-stage').click();
    const dialog = page.getByTestId('bulk-stage-dialog');
    const failed = dialog.getByTestId('stages-failed');
    await failed.waitFor(ui);
    expect(await failed.textContent()).toContain('The pipeline’s stages could not be read, and a deal needs one.');
    expect(await dialog.getByTestId('bulk-stage-select').count()).toBe(0);

    // Try again, its answer held: the dialog says it is reading them.
    route.failing.delete('pipeline.get');
    route.holding.add('pipeline.get');
    await failed.getByRole('button', { name: 'Try again' }).click();
    await dialog.getByTestId('stages-loading').waitFor(ui);
    await expect.poll(() => route.held, ui).toBe(1);
    expect(await dialog.getByTestId('bulk-stage-select').count()).toBe(0);

    // The answer: the form, its select on the first stage and holding it.
    route.release();
    const select = dialog.getByTestId('bulk-stage-select');
    await select.waitFor(ui);
    expect(await select.inputValue()).toBe('lead');
    expect(await select.locator('option:checked').textContent()).toBe('Lead');
    await select.selectOption({ label: 'Negotiation' });
    const before = route.calls.length;
    await dialog.getByTestId('bulk-stage-apply').click();
    await page.getByTestId('bulk-moved-toast').filter({ hasText: '2 deals moved to Negotiation' }).waitFor(ui);
    await dialog.waitFor({ state: 'detached', ...ui });
    expect(route.calls.slice(before)).toContain('deals.moveStageMany');
    for (const id of ids.values()) expect(Stored.parse(await call(route, 'deals.get', { id })).deal.stageId).toBe('negotiation');
    expect(pageErrors).toEqual([]);
  });
});
