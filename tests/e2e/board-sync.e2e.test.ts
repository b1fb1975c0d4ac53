// The pipeline board over syncs, in Chromium against the real headless shell
// and vault and a real TLS sync server: a teammate's stage move that a sync
// brings shows on the open board (the card in its new column, the counts
// following), so a move or an Undo made next starts from the stage the deal
// has, not from the one the board showed when it opened; the forecast reads
// its figures again too. A deal in a stage removed on this laptop has a
// column of its own, and its move out of it offers no Undo; in a teammate's
// lost stage this laptop does not have, its card says why it was lost.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { protocolDevice, type TestDevice } from '../support/sync-server';
import { useApp } from './app';
import { openSection, ui } from './crm-steps';
import { InjectingRoute } from './injecting-route';
import { call, createdId, enrolThroughProxy, useProxiedServer } from './proxied-server';

const password = 'the board hears the team';

describe('the pipeline board over syncs', () => {
  let page: Page;
  const route = new InjectingRoute();
  const sync = useProxiedServer();
  const app = useApp({ context: { viewport: { width: 1440, height: 900 } }, route, password });
  const { pageErrors } = app;

  /** The user's other laptop, speaking the protocol directly. */
  let other: TestDevice | null = null;
  /** The deal both tests follow, made in the first. */
  let id = '';
  const laptop = (): TestDevice => {
    if (other === null) throw new Error('The other laptop enrols in the first test');
    return other;
  };

  beforeAll(() => {
    ({ page } = app);
  });

  it('shows a deal moved on another laptop in its new column once a sync brings the move', async () => {
    const userId = await sync.server.createUser('Bea Board');
    const device = await protocolDevice(sync.server, userId);
    other = device;
    await enrolThroughProxy(route, sync, userId);
    id = await createdId(route, 'deals.create', { name: 'Harbour cranes', stageId: 'qualified', currency: 'EUR', amount: 250_000, expectedCloseDate: '2027-05-31' });
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null, pendingCount: 0 });

    await openSection(page, 'deals');
    await page.getByTestId('deals-view-board').click();
    const card = (stage: string) => page.getByTestId(`column-${stage}`).getByTestId('deal-card').filter({ hasText: 'Harbour cranes' });
    await card('qualified').waitFor(ui);
    const count = (stage: string) => page.getByTestId(`column-${stage}`).getByTestId('column-count').textContent();
    expect(await count('negotiation')).toBe('0');

    // The other laptop changes the stage only (rawUpsert: it never pulled the deal, and does not create it).
    await device.push([device.rawUpsert('deals', id, { stageId: 'negotiation', probability: 75 })]);
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null });
    await card('negotiation').waitFor(ui);
    expect(await card('qualified').count()).toBe(0);
    await expect.poll(() => count('negotiation'), ui).toBe('1');
    expect(await count('qualified')).toBe('0');
    const stored = z.object({ deal: z.object({ stageId: z.string() }) }).parse(await call(route, 'deals.get', { id }));
    expect(stored.deal.stageId).toBe('negotiation');
    expect(pageErrors).toEqual([]);
  });

  it('shows the forecast again with a deal’s amount changed on another laptop once a sync brings it', async () => {
    await page.getByTestId('deals-view-forecast').click();
    const total = page.getByTestId('forecast').getByTestId('forecast-total');
    await total.filter({ hasText: '2,500' }).waitFor(ui);

    await laptop().push([laptop().rawUpsert('deals', id, { amount: 400_000 })]);
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null });
    await total.filter({ hasText: '4,000' }).waitFor(ui);
    expect(pageErrors).toEqual([]);
  });

  it('shows a teammate’s deal in a stage removed on this laptop in a column of its own, and lets it be moved out', async () => {
    await page.getByTestId('deals-view-board').click();
    // This laptop removes the empty Proposal stage; the other laptop, which still has it, moves the deal there.
    const { stages } = z.object({ stages: z.array(z.object({ id: z.string(), name: z.string(), probability: z.number(), kind: z.string() })) }).parse(await call(route, 'pipeline.get', {}));
    await call(route, 'pipeline.update', { stages: stages.filter((stage) => stage.id !== 'proposal').map(({ id, name, probability, kind }) => ({ id, name, probability, kind })) });
    await laptop().push([laptop().rawUpsert('deals', id, { stageId: 'proposal', probability: 50 })]);
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null });
    // Before, the deal had no column: on no card, in no count, and nowhere to drag it from.
    const removed = page.getByTestId('column-proposal');
    const card = removed.getByTestId('deal-card').filter({ hasText: 'Harbour cranes' });
    await card.waitFor(ui);
    expect(await removed.getByRole('heading').textContent()).toBe('Proposal (removed)');
    expect(await removed.getByTestId('column-count').textContent()).toBe('1');
    // 3: the third stage of the pipeline now, Negotiation.
    await card.focus();
    await page.keyboard.press('3');
    await page.getByTestId('column-negotiation').getByTestId('deal-card').filter({ hasText: 'Harbour cranes' }).waitFor(ui);
    await removed.waitFor({ state: 'detached', ...ui });
    // No Undo: the vault refuses the removed stage. Before, the toast offered one, which hid the card (its old
    // column had gone with the move) and then failed with "This stage no longer exists".
    const toast = page.getByTestId('moved-toast').filter({ hasText: 'Negotiation' });
    await toast.waitFor(ui);
    expect(await toast.getByTestId('moved-toast-action').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('says why a teammate’s deal was lost in a lost stage this laptop does not have', async () => {
    await expect.poll(() => page.locator('.toast').count(), { timeout: 30_000 }).toBe(0);
    // The other laptop's own lost stage: stages do not sync, so this laptop draws it as a removed one.
    await laptop().push([laptop().rawUpsert('deals', id, { stageId: 'lost-to-rival', probability: 0, lostReason: 'Went with Rival' })]);
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null });
    const card = page.getByTestId('column-lost-to-rival').getByTestId('deal-card').filter({ hasText: 'Harbour cranes' });
    await card.waitFor(ui);
    await expect.poll(() => card.getByTestId('deal-card-lost').textContent(), ui).toBe('Lost: Went with Rival');
    // Back in a removed open stage (Proposal, at 50 %), the reason it still holds says nothing.
    await laptop().push([laptop().rawUpsert('deals', id, { stageId: 'proposal', probability: 50 })]);
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null });
    const open = page.getByTestId('column-proposal').getByTestId('deal-card').filter({ hasText: 'Harbour cranes' });
    await open.waitFor(ui);
    expect(await open.getByTestId('deal-card-lost').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
