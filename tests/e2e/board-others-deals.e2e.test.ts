// A teammate's deal on the board of an enrolled device, in Chromium against
// the real headless shell and vault and a real TLS sync server: its card is
// not draggable and says whose deal it is, and ←/→ or 1–9 on it say that
// only its owner can move it, moving nothing; the user's own deal beside it
// moves. Before, the move looked done (the card in Won, "Moved to Won" with
// Undo, the forecast counting it) until the next push, which the server
// refused ("Only the owner may change this record"), and the deal jumped
// back with a conflict entry. The vault refuses such a move too (not_owner).
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolmentCode, protocolDevice, setMemberships, startTestServer, type TestServer } from '../support/sync-server';
import { useApp } from './app';
import { openBoard, ui } from './crm-steps';
import { InjectingRoute } from './injecting-route';
import { call, createdId } from './proxied-server';

const password = 'only the owner moves it';

describe('a teammate’s deal on the board', () => {
  let server: TestServer;
  let page: Page;
  const route = new InjectingRoute();

  // Registered before the app's hooks: the server starts before the shell and stops after it.
  beforeAll(async () => {
    server = await startTestServer();
  });

  afterAll(async () => {
    await server.close();
  });

  const app = useApp({ context: { viewport: { width: 1440, height: 900 } }, route, password });
  const { pageErrors } = app;

  beforeAll(() => {
    ({ page } = app);
  });

  it('shows it as not draggable, says whose it is, and moves only the user’s own deal', async () => {
    const manager = await server.createUser('Mona Manager');
    const rita = await server.createUser('Rita Rep');
    await setMemberships(server, manager, ['team-east']);
    await setMemberships(server, rita, ['team-east']);
    // Rita's laptop writes a deal; it lands in her team's bucket, which the manager's device holds.
    const laptop = await protocolDevice(server, rita);
    const theirs = randomUUID();
    const now = Date.now();
    await laptop.push([
      laptop.upsert('deals', theirs, {
        name: 'Rita’s harbour deal',
        accountId: null,
        contactIds: [],
        amount: 700_000,
        currency: 'EUR',
        stageId: 'qualified',
        probability: 25,
        expectedCloseDate: '2027-03-31',
        lostReason: '',
        tags: [],
        ownerId: rita,
        createdAt: now,
        createdBy: rita,
        updatedAt: now,
        updatedBy: rita,
        deletedAt: null,
      }),
    ]);
    expect(await route.invoke('sync.enrol', { serverUrl: server.url, caCertificatePem: server.caPem, enrolmentCode: await enrolmentCode(server, manager) })).toMatchObject({ ok: true });
    await expect.poll(async () => ((await route.invoke('deals.get', { id: theirs })) as { ok: boolean }).ok, ui).toBe(true);
    const mine = await createdId(route, 'deals.create', { name: 'Mona’s own deal', stageId: 'qualified', currency: 'EUR', amount: 100_000, expectedCloseDate: '2027-02-28' });

    await openBoard(page, ['qualified']);
    const theirCard = page.locator(`[data-deal-id="${theirs}"]`);
    const myCard = page.locator(`[data-deal-id="${mine}"]`);
    await theirCard.getByTestId('deal-card-owner').filter({ hasText: 'Rita Rep’s deal: only its owner can move it' }).waitFor(ui);
    expect(await theirCard.getAttribute('draggable')).toBe('false');
    // Said to a screen reader too, with the card.
    const hint = await theirCard.getByTestId('deal-card-owner').getAttribute('id');
    expect(await theirCard.getAttribute('aria-describedby')).toBe(hint);
    expect(await myCard.getAttribute('draggable')).toBe('true');
    expect(await myCard.getByTestId('deal-card-owner').count()).toBe(0);

    // ←/→ and 1–9 on it say why, and nothing moves: no dialog, no call to the vault.
    const moves = route.calls.filter((channel) => channel === 'deals.moveStage').length;
    await theirCard.focus();
    await page.keyboard.press('ArrowRight');
    await page.getByTestId('move-not-owner').filter({ hasText: 'Rita Rep’s deal: only its owner can move it' }).waitFor(ui);
    await page.keyboard.press('5');
    expect(await page.getByTestId('choose-stage').count()).toBe(0);
    expect(route.calls.filter((channel) => channel === 'deals.moveStage').length).toBe(moves);
    expect(await page.getByTestId('column-qualified').locator(`[data-deal-id="${theirs}"]`).count()).toBe(1);

    // The vault refuses it as well, in words the renderer can translate.
    expect(await route.invoke('deals.moveStage', { id: theirs, stageId: 'proposal' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_PERMITTED', reason: { code: 'not_owner', entity: 'deals' } },
    });

    // The user's own deal moves.
    await page.locator('.toast').first().waitFor({ state: 'detached', timeout: 20_000 });
    await myCard.focus();
    await page.keyboard.press('ArrowRight');
    await page.getByTestId('moved-toast').filter({ hasText: 'Proposal' }).waitFor(ui);
    await page.getByTestId('column-proposal').locator(`[data-deal-id="${mine}"]`).waitFor(ui);
    expect(pageErrors).toEqual([]);
  });

  it('leaves the teammate’s deal where it was in the vault', async () => {
    const deals = (await call(route, 'deals.list', { filter: { stageIds: ['qualified'] }, limit: 10 })) as { items: { name: string; stageId: string }[] };
    expect(deals.items.map((deal) => deal.name)).toEqual(['Rita’s harbour deal']);
  });
});
