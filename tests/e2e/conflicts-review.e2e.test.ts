// The review of sync conflicts, in Chromium against the real headless shell
// and vault and a real TLS sync server: this device edits a contact's title
// and a deal's amount while it cannot reach the server (a proxy refuses its
// pushes), the user's other laptop changes the same fields meanwhile, and the
// next sync keeps both clashes for review (the server refuses the older
// edits). The pill and the sync dialog count
// them, the contact's page points to its own, the review shows both values
// readably (an amount in its currency), in English and in Chinese; Keep mine
// and Keep the server's settle them (a side the record holds already is a
// choice once: no Keep as it is now beside it), the focus moves on, the count
// drops and the records end up with the values chosen, on this device and the
// server; the last one gone, the page says so once, and the live region once.
// The four tests tell one story (the last of them settles what the first kept
// for review, and closes it even if it fails). Conflicts the server answers
// for a refused or half-taken value are in conflicts-refused, an open page
// kept up to date by syncs in conflicts-open-page.
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { contactValues, type TestDevice } from '../support/sync-server';
import { editOnBothSides, enrolThisDevice, sideText, useConflictSuite, userWithLaptop } from './conflict-steps';
import { openSection, ui } from './crm-steps';
import { watchFrames } from './first-frames';
import { screenshot } from './harness';
import { setLanguage } from './layout-steps';
import { call } from './proxied-server';

describe('reviewing sync conflicts', () => {
  let laptop: TestDevice;
  let page: Page;
  const contactId = randomUUID();
  const dealId = randomUUID();
  const suite = useConflictSuite('conflicts are for people');
  const { route, app, closeConflictsAfterTest } = suite;
  const { pageErrors } = app;

  beforeAll(() => {
    ({ page } = app);
  });

  it('keeps a change made here and one made on another laptop for review, and counts them', async () => {
    const rita = await userWithLaptop(suite.sync, 'Rita Rep');
    laptop = rita.laptop;
    await laptop.push([
      laptop.upsert('contacts', contactId, contactValues(rita.userId, { name: 'Ada Lovelace', title: 'Analyst' })),
      laptop.upsert('deals', dealId, { name: 'Harbour Deal', amount: 1_000_000, currency: 'EUR' }),
    ]);
    await enrolThisDevice(suite, rita.userId);

    // This device cannot push: its edits wait here while the other laptop changes the same fields.
    await editOnBothSides(
      suite,
      async () => {
        await call(route, 'contacts.update', { id: contactId, patch: { title: 'Mine' } });
        await call(route, 'deals.update', { id: dealId, patch: { amount: 1_250_000 } });
      },
      () => laptop.push([laptop.upsert('contacts', contactId, { title: 'Theirs' }), laptop.upsert('deals', dealId, { amount: 2_000_000 })]),
    );
    // Sent by the test: the page learns the count from the status pushes alone.
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null, pendingCount: 0, openConflicts: 2 });

    const pill = page.getByTestId('sync-status');
    await expect.poll(() => page.getByTestId('sync-review-count').textContent(), ui).toBe('2');
    expect(await page.getByTestId('sync-status-details').textContent()).toContain('2 changes need your review');
    expect(pageErrors).toEqual([]);
    await pill.click();
    const dialog = page.getByTestId('sync-details');
    await dialog.waitFor(ui);
    expect(await dialog.textContent()).toContain('2 changes need your review');
    expect(await dialog.getByTestId('sync-details-review').textContent()).toBe('Review changes');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached', timeout: ui.timeout });
  });

  it('points from the contact’s page to the review of its own conflicts', async () => {
    await openSection(page, 'contacts');
    await page.getByTestId('contact-table-row').filter({ hasText: 'Ada Lovelace' }).click();
    const detail = page.getByTestId('contact-detail');
    await detail.waitFor(ui);
    // The record holds the later change: the other laptop's.
    expect(await detail.getByTestId('inline-title').locator('.inline-field__value').textContent()).toBe('Theirs');
    const notice = detail.getByTestId('record-conflicts');
    await notice.waitFor(ui);
    expect(await notice.textContent()).toBe('A change to this record needs your review. Review');
    await notice.getByTestId('record-conflicts-review').click();
    const review = page.getByTestId('conflicts-page');
    await review.waitFor(ui);
    await expect.poll(() => review.getByTestId('conflict-item').count(), ui).toBe(1);
    await expect.poll(() => review.getByTestId('conflicts-count').textContent(), ui).toBe('Only the changes to Ada Lovelace.');
    await review.getByTestId('conflicts-show-all').click();
    await expect.poll(() => review.getByTestId('conflict-item').count(), ui).toBe(2);
    expect(pageErrors).toEqual([]);
  });

  it('shows both values readably and words the review in Chinese', async () => {
    const review = page.getByTestId('conflicts-page');
    const title = review.locator('[data-testid="conflict-item"][data-field="title"]');
    const amount = review.locator('[data-testid="conflict-item"][data-field="amount"]');
    expect(await review.getByTestId('conflicts-count').textContent()).toBe('2 changes need your review');
    await expect.poll(() => title.getByTestId('conflict-title').textContent(), ui).toBe('Job title of Ada Lovelace');
    expect(await title.getByTestId('conflict-reason').textContent()).toBe('The server refused this change because the record changed there first.');
    expect(await sideText(title.getByTestId('conflict-yours'))).toBe('YoursMine');
    // The server's value came back with its refusal: the record holds it, so keeping it is one choice, not two.
    await expect.poll(() => sideText(title.getByTestId('conflict-theirs')), ui).toBe('On the serverIn the record nowTheirs');
    expect(await title.getByTestId('conflict-now').count()).toBe(1);
    await expect.poll(() => sideText(amount.getByTestId('conflict-yours')), ui).toBe('Yours€12,500.00');
    expect(await sideText(amount.getByTestId('conflict-theirs'))).toBe('On the serverIn the record now€20,000.00');
    // When each side's value was written, from its clock stamp: moments ago, the full date and time in its title.
    for (const side of ['conflict-yours', 'conflict-theirs']) {
      const when = title.getByTestId(side).getByTestId('conflict-when');
      expect(await when.textContent()).toMatch(/^Changed (just now|\d+ minutes? ago)$/);
      expect(await when.getAttribute('title')).toMatch(/\d{1,2}:\d{2}/);
    }
    expect(await amount.getByTestId('conflict-title').textContent()).toBe('Amount of Harbour Deal');
    expect(await amount.getByTestId('conflict-record').getAttribute('aria-label')).toBe('Open Harbour Deal');
    expect(await title.getByRole('group', { name: 'Job title of Ada Lovelace' }).getByRole('button').allTextContents()).toEqual([
      'Keep mine',
      'Keep the server’s',
    ]);
    await screenshot(page, 'conflict-review.png');

    await setLanguage(page, 'zh-CN');
    await page.getByTestId('sync-status').click();
    await page.getByTestId('sync-details-review').click();
    await review.waitFor(ui);
    await expect.poll(() => title.getByTestId('conflict-title').textContent(), ui).toBe('Ada Lovelace 的职位');
    expect(await review.getByRole('heading', { level: 1 }).textContent()).toBe('待审阅的更改');
    expect(await review.getByTestId('conflicts-count').textContent()).toBe('2 项更改需要你审阅');
    expect(await title.getByTestId('conflict-reason').textContent()).toBe('服务器拒绝了此更改，因为该记录已先在服务器上被修改。');
    expect(await sideText(title.getByTestId('conflict-yours'))).toBe('你的值Mine');
    await expect.poll(() => sideText(title.getByTestId('conflict-theirs')), ui).toBe('服务器上的值记录中的当前值Theirs');
    expect(await title.getByTestId('conflict-theirs').getByTestId('conflict-when').textContent()).toMatch(/^(刚刚|\d+分钟前)修改$/);
    expect(await title.getByRole('button').allTextContents()).toEqual(['Ada Lovelace', '保留我的', '保留服务器的']);
    await setLanguage(page, 'en');
    expect(pageErrors).toEqual([]);
  });

  it('keeps mine and takes the server’s: the focus moves on, the count drops, the records hold what was chosen', async () => {
    // The end of the story: what it kept for review is closed even if this test fails.
    closeConflictsAfterTest(contactId);
    closeConflictsAfterTest(dealId);
    await page.getByTestId('sync-status').click();
    await page.getByTestId('sync-details-review').click();
    const review = page.getByTestId('conflicts-page');
    await review.waitFor(ui);
    const title = review.locator('[data-testid="conflict-item"][data-field="title"]');
    const amount = review.locator('[data-testid="conflict-item"][data-field="amount"]');
    await title.waitFor(ui);

    // Keyboard: the choice is a button like any other.
    await title.getByTestId('conflict-keep-local').focus();
    // The focus stays in the review in every frame: the button that had it goes with its conflict, and the
    // next heading takes it in the same commit (a frame with the focus on the page's body is announced as such).
    const keptFrames = await watchFrames(page, '[data-testid="conflicts-page"]', '[data-testid="conflicts-page"] :focus');
    await page.keyboard.press('Enter');
    await title.waitFor({ state: 'detached', timeout: ui.timeout });
    // The focus moves to the next conflict's heading, and the count follows.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent), ui).toBe('Amount of Harbour Deal');
    expect((await keptFrames()).filter((frame) => !frame.focused)).toEqual([]);
    await expect.poll(() => page.getByTestId('sync-review-count').textContent(), ui).toBe('1');
    await expect.poll(() => review.getByTestId('conflicts-count').textContent(), ui).toBe('1 change needs your review');
    await expect.poll(() => review.getByTestId('conflicts-announcement').textContent(), ui).toBe('Done. 1 change left to review.');

    // The last one gone, the focus goes to the top of the page, in the same commit.
    const lastFrames = await watchFrames(page, '[data-testid="conflicts-page"]', '[data-testid="conflicts-page"] :focus');
    await amount.getByTestId('conflict-keep-remote').click();
    await review.getByTestId('conflicts-empty').waitFor(ui);
    expect(await review.getByTestId('conflicts-empty').textContent()).toBe('Nothing to review: every conflict is settled.');
    // Said once on the page (no "0 changes need your review" above it, no intro about choices), once to a screen reader.
    await expect.poll(() => review.getByTestId('conflicts-announcement').textContent(), ui).toBe('Done. 0 changes left to review.');
    expect(await review.getByTestId('conflicts-count').count()).toBe(0);
    expect(await review.getByTestId('conflicts-top').textContent()).toBe('Changes to review');
    await page.getByTestId('sync-review-count').waitFor({ state: 'detached', timeout: ui.timeout });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('conflicts-top');
    expect((await lastFrames()).filter((frame) => !frame.focused)).toEqual([]);

    // The contact holds this device's title again, and says nothing is left to review.
    await openSection(page, 'contacts');
    await page.getByTestId('contact-table-row').filter({ hasText: 'Ada Lovelace' }).click();
    const detail = page.getByTestId('contact-detail');
    await detail.waitFor(ui);
    expect(await detail.getByTestId('inline-title').locator('.inline-field__value').textContent()).toBe('Mine');
    expect(await detail.getByTestId('record-conflicts').count()).toBe(0);
    const deal = (await call(route, 'deals.get', { id: dealId })) as { deal: { amount: number } };
    expect(deal.deal.amount).toBe(2_000_000);

    // Keep mine is a new edit: it reaches the server, and the other laptop.
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null, pendingCount: 0, openConflicts: 0 });
    await laptop.pullAll();
    expect(laptop.replica.get(`contacts/${contactId}`)?.get('title')).toBe('Mine');
    expect(laptop.replica.get(`deals/${dealId}`)?.get('amount')).toBe(2_000_000);
    expect(pageErrors).toEqual([]);
  });
});
