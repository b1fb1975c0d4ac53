// Where things go, in Chromium against the real headless shell and vault.
// An activity deleted from its page goes back to the page it was opened from
// (a contact's timeline), not to the Activities list; its Undo reopens it only
// while the user is still there. Pressed after they moved on (an account's
// page, its composer typed in), Undo leaves them there, asks nothing about
// their typing, and that page's timeline shows the activity again. Before, it
// opened the activity from wherever they were and "Discard your unsaved
// changes?" asked about a move they never made. Typing in the contact's own
// composer before Undo keeps them there too, the activity back on its timeline. Notes of only spaces and new
// lines are logged as no notes, and draw no empty notes block. The row of
// stages above a board too wide for the window (900 px) takes the focus along
// to the column it scrolls into view: its first card, or the column when it
// has none (the next Tab went to the first Lead card and scrolled back).
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { focusedTestId, openBoard, openSection, ui } from './crm-steps';
import { useInjectingApp } from './injecting-route';
import { call, createdId } from './proxied-server';

const password = 'undo where the user is now';

const Logged = z.object({ activities: z.array(z.object({ subject: z.string(), body: z.string() })) });

describe('moving on after a delete, blank notes, and the row of stages', () => {
  const { route, app } = useInjectingApp({ context: { viewport: { width: 1280, height: 800 } }, password });
  const { pageErrors } = app;
  let page: Page;
  let account = '';
  let contact = '';

  beforeAll(async () => {
    ({ page } = app);
    account = await createdId(route, 'accounts.create', { name: 'Harbour Freight' });
    contact = await createdId(route, 'contacts.create', { name: 'Ada Lindholm', accountId: account });
  });

  async function toastsGone(): Promise<void> {
    await expect.poll(() => page.locator('.toast').count(), { timeout: 30_000 }).toBe(0);
  }

  async function openContact(): Promise<void> {
    await openSection(page, 'contacts');
    await page.getByTestId('contact-table-row').filter({ hasText: 'Ada Lindholm' }).click();
    await page.getByTestId('contact-detail').getByTestId('timeline').waitFor(ui);
  }

  /** From the contact's timeline, opens the activity and deletes it: the contact's page shows again. */
  async function deleteFromTimeline(subject: string): Promise<void> {
    await openContact();
    await page.getByTestId('contact-detail').getByTestId('timeline-item').filter({ hasText: subject }).locator('.timeline__body').click();
    await page.getByTestId('activity-detail').waitFor(ui);
    await page.getByTestId('detail-delete').click();
    await page.getByTestId('deleted-toast').waitFor(ui);
    const back = page.getByTestId('contact-detail');
    await back.getByTestId('detail-title').filter({ hasText: 'Ada Lindholm' }).waitFor(ui);
    await expect.poll(() => back.getByTestId('timeline-item').filter({ hasText: subject }).count(), ui).toBe(0);
  }

  it('goes back to the contact after a delete, and Undo there reopens the activity', async () => {
    await createdId(route, 'activities.create', { kind: 'call', subject: 'Pricing call', occurredAt: Date.now(), contactId: contact, accountId: account });
    await deleteFromTimeline('Pricing call');
    await page.getByTestId('deleted-toast-action').click();
    await page.getByTestId('restored-toast').waitFor(ui);
    await page.getByTestId('activity-detail').getByTestId('detail-title').filter({ hasText: 'Pricing call' }).waitFor(ui);
    expect(await page.getByTestId('trashed-banner').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('leaves the user on the page they moved to on Undo, their typing kept, and shows the activity there', async () => {
    await toastsGone();
    await createdId(route, 'activities.create', { kind: 'call', subject: 'Kickoff call', occurredAt: Date.now(), contactId: contact, accountId: account });
    await deleteFromTimeline('Kickoff call');
    await openSection(page, 'accounts');
    await page.getByTestId('account-table-row').filter({ hasText: 'Harbour Freight' }).click();
    const accountPage = page.getByTestId('account-detail');
    await accountPage.getByTestId('composer-subject').fill('Follow-up on rates');
    await page.getByTestId('deleted-toast-action').click();
    await page.getByTestId('restored-toast').waitFor(ui);
    await accountPage.getByTestId('timeline-item').filter({ hasText: 'Kickoff call' }).waitFor(ui);
    expect(await page.getByTestId('discard-changes').count()).toBe(0);
    expect(await page.getByTestId('activity-detail').count()).toBe(0);
    expect(await accountPage.getByTestId('composer-subject').inputValue()).toBe('Follow-up on rates');
    await accountPage.getByTestId('composer-subject').fill('');
    expect(pageErrors).toEqual([]);
  });

  it('leaves the user on the contact when they typed in its composer before Undo, and shows the activity there', async () => {
    await toastsGone();
    await createdId(route, 'activities.create', { kind: 'call', subject: 'Rates call', occurredAt: Date.now(), contactId: contact, accountId: account });
    await deleteFromTimeline('Rates call');
    const contactPage = page.getByTestId('contact-detail');
    await contactPage.getByTestId('composer-subject').fill('Send the rate card');
    await page.getByTestId('deleted-toast-action').click();
    await page.getByTestId('restored-toast').waitFor(ui);
    await contactPage.getByTestId('timeline-item').filter({ hasText: 'Rates call' }).waitFor(ui);
    expect(await page.getByTestId('discard-changes').count()).toBe(0);
    expect(await page.getByTestId('activity-detail').count()).toBe(0);
    expect(await contactPage.getByTestId('composer-subject').inputValue()).toBe('Send the rate card');
    await contactPage.getByTestId('composer-subject').fill('');
    expect(pageErrors).toEqual([]);
  });

  it('logs notes of only spaces and new lines as no notes, and notes with text as typed', async () => {
    await toastsGone();
    await openContact();
    const contactPage = page.getByTestId('contact-detail');
    const log = async (subject: string, body: string) => {
      await contactPage.getByTestId('composer-subject').fill(subject);
      await contactPage.getByTestId('composer-body').fill(body);
      await contactPage.getByTestId('composer-submit').click();
      await expect.poll(() => contactPage.getByTestId('composer-subject').inputValue(), ui).toBe('');
      await contactPage.getByTestId('timeline-item').filter({ hasText: subject }).waitFor(ui);
    };
    await log('Blank notes', '  \n\n \t ');
    await log('Indented notes', '  first line\n\n  second  ');
    const { activities } = Logged.parse(await call(route, 'contacts.get', { id: contact }));
    expect(activities.find((activity) => activity.subject === 'Blank notes')?.body).toBe('');
    expect(activities.find((activity) => activity.subject === 'Indented notes')?.body).toBe('  first line\n\n  second  ');
    expect(await contactPage.getByTestId('timeline-item').filter({ hasText: 'Blank notes' }).getByTestId('timeline-notes').count()).toBe(0);
    expect(await contactPage.getByTestId('timeline-item').filter({ hasText: 'Indented notes' }).getByTestId('timeline-notes').count()).toBe(1);
    expect(pageErrors).toEqual([]);
  });

  it('draws no notes for blank notes that came in another way (synced, imported)', async () => {
    await createdId(route, 'activities.create', { kind: 'note', subject: 'Synced blank', body: ' \n \n', occurredAt: Date.now(), contactId: contact });
    await openSection(page, 'accounts');
    await openContact();
    const item = page.getByTestId('contact-detail').getByTestId('timeline-item').filter({ hasText: 'Synced blank' });
    await item.waitFor(ui);
    expect(await item.getByTestId('timeline-notes').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('takes the focus to the column the row of stages scrolls into view, at 900 px', async () => {
    await toastsGone();
    await page.setViewportSize({ width: 900, height: 700 });
    await createdId(route, 'deals.create', { name: 'Lead crane', stageId: 'lead', currency: 'EUR', expectedCloseDate: '2027-04-30' });
    const lost = await createdId(route, 'deals.create', { name: 'Lost winch', stageId: 'lost', currency: 'EUR', expectedCloseDate: '2027-04-30', lostReason: 'Budget' });
    await openBoard(page, ['lead', 'lost']);
    const board = page.locator('.board');
    await page.getByTestId('board-stages').waitFor(ui);
    const inView = (stage: string) =>
      page.evaluate((id) => {
        const view = document.querySelector('.board')?.getBoundingClientRect();
        const box = document.querySelector(`[data-stage-id="${id}"]`)?.getBoundingClientRect();
        return view !== undefined && box !== undefined && box.left >= view.left - 1 && box.right <= view.right + 1;
      }, stage);
    expect(await inView('lost')).toBe(false);

    // Enter on Lost: the column comes into view and its card takes the focus; Tab goes on from there.
    await page.getByTestId('board-stage-lost').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-deal-id') ?? null), ui).toBe(lost);
    await expect.poll(() => inView('lost'), ui).toBe(true);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.closest('[data-stage-id]')?.getAttribute('data-stage-id') ?? null)).not.toBe('lead');
    expect(await board.evaluate((element) => element.scrollLeft)).toBeGreaterThan(0);

    // A column with no deals takes the focus itself.
    await page.getByTestId('board-stage-negotiation').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => focusedTestId(page), ui).toBe('column-negotiation');
    await expect.poll(() => inView('negotiation'), ui).toBe(true);
    await page.setViewportSize({ width: 1280, height: 800 });
    expect(pageErrors).toEqual([]);
  });
});
