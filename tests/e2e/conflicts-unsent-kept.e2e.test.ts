// Records kept on this device only can be found (reviewer, conflicts #2), in
// Chromium against the real headless shell and vault and a real TLS sync
// server (a proxy in between). The server refuses a new contact whole and the
// user presses Keep in the review: the sync dialog counts "1 record is kept
// on this device only", and before nothing led to it. Its "Show records on
// this device only" opens the list of them on the review page (focused),
// which opens the record's page, where a note says so.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { openReview, useEnrolledConflictSuite } from './conflict-steps';
import { ui } from './crm-steps';
import { call } from './proxied-server';

describe('sync: records kept on this device only', () => {
  let page: Page;
  const suite = useEnrolledConflictSuite('kept on this device only');
  const { route, app, sync, closeConflictsAfterTest } = suite;
  const { pageErrors } = app;

  beforeAll(() => {
    ({ page } = app);
  });

  it('leads from the sync dialog’s count to the records, and from there to the record’s page', async () => {
    const { id } = (await call(route, 'contacts.create', { name: 'Zelda Unsent' })) as { id: string };
    closeConflictsAfterTest(id);
    // The proxy stands in for an older FieldVault that let a name the server refuses through: the create is refused whole.
    sync.proxy.rewriteRequest = (path, body) => {
      if (path !== '/v1/push') return body;
      const push = JSON.parse(body) as { operations: { recordId: string; fields: Record<string, { value: unknown }> }[] };
      for (const operation of push.operations) {
        const name = operation.fields.name;
        if (operation.recordId === id && name !== undefined) name.value = `Zelda ${'L'.repeat(210)}`;
      }
      return JSON.stringify(push);
    };
    try {
      expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null, pendingCount: 0, openConflicts: 1, unsentRecords: 1 });
    } finally {
      sync.proxy.rewriteRequest = null;
    }
    await expect.poll(() => page.getByTestId('sync-review-count').textContent(), ui).toBe('1');
    const review = await openReview(page);
    const item = review.getByTestId('conflict-item');
    await item.getByTestId('conflict-keep-current').click();
    await page.getByTestId('conflicts-empty').waitFor(ui);
    expect(await call(route, 'sync.status', {})).toMatchObject({ openConflicts: 0, unsentRecords: 1 });

    await openSectionViaDialog();
    const list = page.getByTestId('unsent-records');
    await list.waitFor(ui);
    // Arriving from the dialog, the focus is on the list.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent), ui).toBe('Kept on this device only');
    await expect.poll(() => list.getByTestId('unsent-record').allTextContents(), ui).toEqual(['Contact · Zelda Unsent']);

    await list.getByTestId('unsent-record-open').click();
    const detail = page.getByTestId('contact-detail');
    await detail.waitFor(ui);
    await expect.poll(() => detail.getByTestId('record-unsent').textContent(), ui).toBe(
      'This record is on this device only: the sync server did not accept it. Your next change to it sends it again.',
    );
    expect(pageErrors).toEqual([]);
  });

  /** The sync pill, then the dialog's line counting them and its Show records on this device only. */
  async function openSectionViaDialog(): Promise<void> {
    await page.getByTestId('sync-status').click();
    const dialog = page.getByTestId('sync-details');
    await dialog.waitFor(ui);
    await expect.poll(() => dialog.textContent(), ui).toContain('1 record is kept on this device only');
    expect(await dialog.getByTestId('sync-details-unsent').textContent()).toBe('Show records on this device only');
    await dialog.getByTestId('sync-details-unsent').click();
    await dialog.waitFor({ state: 'detached', timeout: ui.timeout });
  }
});
