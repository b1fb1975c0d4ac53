// A deal's stage moved here and on another laptop at once, in Chromium
// against the real headless shell and vault and a real TLS sync server (a
// proxy in between). Moving a stage sets its probability, so both fields
// clash; the review shows ONE Stage entry, each side's stage with the
// probability it set, in English and in Chinese, counted once, and Keep mine
// (pressed with the keyboard) keeps this device's stage and probability
// together, on this device and on the server.
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestDevice } from '../support/sync-server';
import { editOnBothSides, openReview, sideText, useEnrolledConflictSuite } from './conflict-steps';
import { ui } from './crm-steps';
import { setLanguage } from './layout-steps';
import { call } from './proxied-server';

describe('sync conflicts: a deal’s stage moved here and on another laptop', () => {
  let laptop: TestDevice;
  let page: Page;
  const suite = useEnrolledConflictSuite('stage moved on two laptops');
  const { route, app, closeConflictsAfterTest } = suite;
  const { pageErrors } = app;

  beforeAll(() => {
    ({ page } = app);
    ({ laptop } = suite.enrolled());
  });

  const dealOf = async (id: string) => {
    const { deal } = (await call(route, 'deals.get', { id })) as { deal: { stageId: string; probability: number } };
    return [deal.stageId, deal.probability];
  };

  it('reviews the stage and its probability as one entry and keeps my side of both', async () => {
    const id = randomUUID();
    closeConflictsAfterTest(id);
    await laptop.push([laptop.upsert('deals', id, { name: 'Harbour Deal', stageId: 'lead', probability: 10 })]);
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null, openConflicts: 0 });
    await editOnBothSides(
      suite,
      () => call(route, 'deals.update', { id, patch: { stageId: 'proposal' } }),
      () => laptop.push([laptop.upsert('deals', id, { stageId: 'won', probability: 100 })]),
    );
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null, pendingCount: 0, openConflicts: 1 });
    await expect.poll(() => page.getByTestId('sync-review-count').textContent(), ui).toBe('1');

    const review = await openReview(page);
    const item = review.getByTestId('conflict-item');
    await expect.poll(() => item.getByTestId('conflict-title').textContent(), ui).toBe('Stage of Harbour Deal');
    expect(await item.count()).toBe(1);
    expect(await review.getByTestId('conflicts-count').textContent()).toBe('1 change needs your review');
    expect(await item.getByTestId('conflict-together').textContent()).toBe('Each side’s stage comes with the probability it set; your choice keeps both together.');
    expect(await sideText(item.getByTestId('conflict-yours'))).toBe('YoursProposal · 50% probability');
    await expect.poll(() => sideText(item.getByTestId('conflict-theirs')), ui).toBe('On the serverIn the record nowWon · 100% probability');
    expect(await item.locator('[data-testid^="conflict-keep-"]').allTextContents()).toEqual(['Keep mine', 'Keep the server’s']);

    await setLanguage(page, 'zh-CN');
    await openReview(page);
    await expect.poll(() => sideText(item.getByTestId('conflict-yours')), ui).toBe('你的值方案 · 概率 50%');
    // "In the record now" comes with the record's read, after the sides themselves (as in English above): awaited.
    await expect.poll(() => sideText(item.getByTestId('conflict-theirs')), ui).toBe('服务器上的值记录中的当前值赢单 · 概率 100%');
    expect(await item.getByTestId('conflict-together').textContent()).toBe('每一方的阶段都带有它设定的赢单概率；选择哪一方，就同时采用该方的阶段和概率。');
    await setLanguage(page, 'en');
    await openReview(page);

    // By keyboard: Keep mine is a button in the item's group of choices.
    const keepMine = item.getByTestId('conflict-keep-local');
    await keepMine.waitFor(ui);
    await keepMine.focus();
    await page.keyboard.press('Enter');
    await review.getByTestId('conflicts-empty').waitFor(ui);
    // The focus goes to the page's top, none being left.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('conflicts-top');
    expect(await dealOf(id)).toEqual(['proposal', 50]);
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null, pendingCount: 0, openConflicts: 0 });
    await laptop.pullAll();
    const there = laptop.replica.get(`deals/${id}`);
    expect([there?.get('stageId'), there?.get('probability')]).toEqual(['proposal', 50]);
    expect(pageErrors).toEqual([]);
  });
});
