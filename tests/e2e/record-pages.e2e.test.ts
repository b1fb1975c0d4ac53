// A record's page, in Chromium against the real headless shell and vault.
// In the trash it is read-only as a whole (RecordPage): besides no Add, no
// composer and no inline edit, its open tasks offer no "done" checkbox, where
// the page of a trashed account still let a linked task be ticked done.
// Its timeline draws the newest page of activities only (it drew every one
// the detail sent, and the detail sent the newest 100 and nothing said more
// existed); "Show older", reached by keyboard, adds the next page by cursor.
// Restore from a trashed record's page gives the focus to its title. The
// contacts and the account a record names that are in the trash are named in
// cards of their own, each opening that record's page.
// Records are written through the page's own (routed) IPC socket, as the
// "New" dialogs would write them.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { useApp } from './app';
import { timelinePageSize } from '../../src-shared/domain/details';
import { focusedTestId, openSection, pickRecord, ui } from './crm-steps';
import { InjectingRoute } from './injecting-route';

const password = 'one read-only switch per record page';

const ListAnswer = z.object({ value: z.object({ items: z.array(z.object({ id: z.string(), subject: z.string() })), next: z.string().nullable() }) });

interface Answer {
  readonly ok: boolean;
  readonly value?: { readonly id?: string };
}

async function created(route: InjectingRoute, channel: string, input: unknown): Promise<string> {
  const answer = (await route.invoke(channel, input)) as Answer;
  const id = answer.value?.id;
  if (!answer.ok || id === undefined) throw new Error(`${channel} failed`);
  return id;
}

describe('a record’s page', () => {
  const route = new InjectingRoute();
  const app = useApp({ context: { viewport: { width: 1280, height: 900 } }, route, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(() => {
    ({ page } = app);
  });

  it('offers no way to change a trashed account, nor its open task', async () => {
    const accountId = await created(route, 'accounts.create', { name: 'Readonly Freight' });
    await created(route, 'tasks.create', { title: 'Call about the renewal', status: 'open', accountId });
    await created(route, 'activities.create', { kind: 'call', subject: 'Intro call', occurredAt: Date.now(), accountId });
    expect(await route.invoke('accounts.delete', { id: accountId })).toMatchObject({ ok: true });

    await openSection(page, 'accounts');
    await page.getByTestId('trash-toggle').click();
    await page.getByTestId('account-table-row').filter({ hasText: 'Readonly Freight' }).click();
    await page.getByTestId('trashed-banner').waitFor(ui);
    const detail = page.getByTestId('account-detail');
    await detail.getByTestId('related-tasks').getByText('Call about the renewal').waitFor(ui);
    await detail.getByTestId('timeline-item').filter({ hasText: 'Intro call' }).waitFor(ui);

    // Nothing on the page writes: no done checkbox, no Add, no composer, no Delete, no field to edit.
    const writers = ['task-done', 'related-tasks-add', 'related-deals-add', 'related-contacts-add', 'activity-composer', 'detail-add-contact', 'detail-delete'];
    for (const testId of writers) expect(await detail.getByTestId(testId).count(), testId).toBe(0);
    expect(await detail.getByTestId('fields-card').locator('input, textarea, select, [role="checkbox"]').count()).toBe(0);

    // Restored, the task can be ticked again. The focus, on Restore (pressed by keyboard), goes to the title
    // rather than to the page, and Tab goes on to the header's actions.
    await page.getByTestId('detail-restore').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('trashed-banner').waitFor({ state: 'detached', timeout: ui.timeout });
    await expect.poll(() => focusedTestId(page), ui).toBe('detail-title');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.closest('.detail-header__actions') !== null)).toBe(true);
    await detail.getByTestId('task-done').waitFor(ui);
    await detail.getByTestId('activity-composer').waitFor(ui);
    expect(pageErrors).toEqual([]);
  });

  it('names the trashed contacts a trashed deal waits on, and opens one from there', async () => {
    const contactId = await created(route, 'contacts.create', { name: 'Tove Trashed' });
    const dealId = await created(route, 'deals.create', { name: 'Waiting pallets', stageId: 'proposal', currency: 'EUR', amount: 10_000, expectedCloseDate: '2027-05-31', contactIds: [contactId] });
    expect(await route.invoke('contacts.delete', { id: contactId })).toMatchObject({ ok: true });
    expect(await route.invoke('deals.delete', { id: dealId })).toMatchObject({ ok: true });

    await openSection(page, 'deals');
    await page.getByTestId('trash-toggle').click();
    await page.getByTestId('deal-table-row').filter({ hasText: 'Waiting pallets' }).click();
    await page.getByTestId('trashed-banner').waitFor(ui);
    const trashed = page.getByTestId('related-trashed-contacts');
    await trashed.getByText('Tove Trashed').waitFor(ui);
    // Restoring the deal is refused until the contact is back: the card says which one that is.
    await page.getByTestId('detail-restore').click();
    await page.getByTestId('restore-failed').waitFor(ui);
    await trashed.getByText('Tove Trashed').click();
    await page.getByTestId('contact-detail').getByTestId('trashed-banner').waitFor(ui);
    expect(await page.getByTestId('detail-title').textContent()).toBe('Tove Trashed');
    expect(pageErrors).toEqual([]);
  });

  it('says the account of a contact and of a deal is in the trash, by name, and opens it from there', async () => {
    const accountId = await created(route, 'accounts.create', { name: 'Binned Haulage' });
    await created(route, 'contacts.create', { name: 'Cleo Customer', accountId });
    await created(route, 'deals.create', { name: 'Binned crates', stageId: 'proposal', currency: 'EUR', amount: 2_000, expectedCloseDate: '2027-05-31', accountId });
    expect(await route.invoke('accounts.delete', { id: accountId })).toMatchObject({ ok: true });

    // Before, both pages showed no account at all, as if the record had none.
    await openSection(page, 'deals');
    await page.getByTestId('deal-table-row').filter({ hasText: 'Binned crates' }).click();
    const ofDeal = page.getByTestId('deal-detail').getByTestId('related-trashed-account');
    await ofDeal.getByText('Binned Haulage').waitFor(ui);
    await ofDeal.getByRole('heading', { name: 'Account in the trash' }).waitFor(ui);

    await openSection(page, 'contacts');
    await page.getByTestId('contact-table-row').filter({ hasText: 'Cleo Customer' }).click();
    const ofContact = page.getByTestId('contact-detail').getByTestId('related-trashed-account');
    await ofContact.getByText('Binned Haulage').click();
    await page.getByTestId('account-detail').getByTestId('trashed-banner').waitFor(ui);
    expect(await page.getByTestId('detail-title').textContent()).toBe('Binned Haulage');
    expect(pageErrors).toEqual([]);
  });

  it('says a deal with 50 contacts is full when one more is added, in words of contacts, and keeps the dialog', async () => {
    const contactIds: string[] = [];
    for (let n = 1; n <= 50; n += 1) contactIds.push(await created(route, 'contacts.create', { name: `Crowd Member ${String(n).padStart(2, '0')}` }));
    await created(route, 'contacts.create', { name: 'Fifty First' });
    await created(route, 'deals.create', { name: 'Crowded stand', stageId: 'proposal', currency: 'EUR', amount: 5_000, expectedCloseDate: '2027-05-31', contactIds });
    await openSection(page, 'deals');
    await page.getByTestId('deal-table-row').filter({ hasText: 'Crowded stand' }).click();
    await page.getByTestId('deal-detail').waitFor(ui);
    await page.getByTestId('related-contacts-add').click();
    await pickRecord(page, 'link-contact-picker', 'Fifty', 'Fifty First');
    await page.getByTestId('link-contact-confirm').click();
    // Before, "Must be at most 50" under the picker, as if of the contact picked.
    await expect
      .poll(() => page.getByTestId('link-contact-error').textContent(), ui)
      .toBe('This deal already has 50 contacts, the most it can have. Remove one before adding another.');
    expect(await page.getByTestId('link-contact').isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    expect(pageErrors).toEqual([]);
  });

  it('draws one page of a long timeline, and Show older adds the next by cursor, in order', async () => {
    const total = timelinePageSize * 2 + 7;
    const accountId = await created(route, 'accounts.create', { name: 'Chatty Logistics' });
    // Runs of equal times, so that page boundaries fall inside them.
    for (let index = 0; index < total; index += 1) {
      await created(route, 'activities.create', { kind: 'call', subject: `Call ${String(index).padStart(3, '0')}`, occurredAt: 1_780_000_000_000 - Math.floor(index / 20) * 60_000, accountId });
    }
    await openSection(page, 'accounts');
    await page.getByTestId('account-table-row').filter({ hasText: 'Chatty Logistics' }).click();
    const detail = page.getByTestId('account-detail');
    const rows = detail.getByTestId('timeline-item');
    await rows.first().waitFor(ui);
    expect(await rows.count()).toBe(timelinePageSize);

    // By keyboard: the button keeps the focus while a page older than those shown remains.
    const older = detail.getByTestId('timeline-older');
    expect(await older.textContent()).toBe('Show older activity');
    await older.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => rows.count(), ui).toBe(timelinePageSize * 2);
    expect(await focusedTestId(page)).toBe('timeline-older');
    await page.keyboard.press('Enter');
    await expect.poll(() => rows.count(), ui).toBe(total);
    expect(await older.count()).toBe(0);

    // Every activity once, newest first (equal times: the later made first); the last page's first row holds the focus.
    const subjects = await detail.locator('.timeline__subject').allTextContents();
    const expected = Array.from({ length: total }, (_, index) => index)
      .sort((a, b) => Math.floor(a / 20) - Math.floor(b / 20) || b - a)
      .map((index) => `Call ${String(index).padStart(3, '0')}`);
    expect(subjects).toEqual(expected);
    expect(await page.evaluate(() => document.activeElement?.closest('[data-testid="timeline-item"]')?.textContent ?? '')).toContain(subjects[timelinePageSize * 2] ?? '-');
    expect(pageErrors).toEqual([]);

    // A sync trashes an activity of an older page: the page reads again, and so do the older pages it shows
    // (before, they kept the trashed one, and opening it showed a record in the trash).
    const gone = subjects[timelinePageSize + 3] ?? '-';
    const goneId = await activityIdOf(accountId, gone);
    expect(await route.invoke('activities.delete', { id: goneId })).toMatchObject({ ok: true });
    route.emit('sync.didApplyChanges', { entities: ['activities'], ids: { activities: [goneId] }, links: { activities: { [goneId]: [accountId] } } });
    await expect.poll(() => rows.count(), ui).toBe(total - 1);
    expect(await detail.locator('.timeline__subject').allTextContents()).toEqual(subjects.filter((subject) => subject !== gone));

    // A sync moves another older activity to another account (erased or evicted ones are named the same way, linked
    // to nothing): it names the activity with its new links only, so nothing tells the page to read again; the
    // older pages shown read themselves again (before, it stayed on this timeline until the page was reopened).
    const moved = subjects[timelinePageSize + 5] ?? '-';
    const movedId = await activityIdOf(accountId, moved);
    const elsewhere = await created(route, 'accounts.create', { name: 'Elsewhere Freight' });
    expect(await route.invoke('activities.update', { id: movedId, patch: { accountId: elsewhere } })).toMatchObject({ ok: true });
    route.emit('sync.didApplyChanges', { entities: ['activities'], ids: { activities: [movedId] }, links: { activities: { [movedId]: [elsewhere] } } });
    await expect.poll(() => rows.count(), ui).toBe(total - 2);
    expect(await detail.locator('.timeline__subject').allTextContents()).toEqual(subjects.filter((subject) => subject !== gone && subject !== moved));
    expect(pageErrors).toEqual([]);
  });

  /** The id of the account's activity with this subject, read as any page reads it. */
  async function activityIdOf(accountId: string, subject: string): Promise<string> {
    let after: string | null = null;
    for (;;) {
      const answer = ListAnswer.parse(await route.invoke('activities.list', { filter: { accountId }, limit: 200, ...(after === null ? {} : { after }) }));
      const found = answer.value.items.find((item) => item.subject === subject);
      if (found !== undefined) return found.id;
      after = answer.value.next;
      if (after === null) throw new Error(`no activity ${subject}`);
    }
  }
});
