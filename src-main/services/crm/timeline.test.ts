// A record's timeline on the real vault: the detail carries the newest page
// (timelinePageSize) and an `activities.list` cursor; following the cursor
// gives every live activity of the record exactly once, in the detail's
// order, however many share a timestamp.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccountDraft } from '../../../src-shared/domain/account';
import { ActivityDraft, ActivityListQuery, type Activity } from '../../../src-shared/domain/activity';
import type { Cursor } from '../../../src-shared/domain/common';
import { ContactDraft } from '../../../src-shared/domain/contact';
import { DealDraft } from '../../../src-shared/domain/deal';
import { timelinePageSize } from '../../../src-shared/domain/details';
import { createAccount, deleteAccount, getAccountDetail } from './account.service';
import { createActivity, deleteActivity, listActivities } from './activity.service';
import { createContact, getContactDetail } from './contact.service';
import { createDeal, getDealDetail } from './deal.service';
import { CrmTestVault } from './testing/crm-test-vault';

type Link = 'accountId' | 'contactId' | 'dealId';

/** The detail's order: newest first, then the larger id first. */
function newestFirst(activities: readonly Activity[]): string[] {
  return [...activities].sort((a, b) => b.occurredAt - a.occurredAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0)).map((activity) => activity.id);
}

describe('a record’s timeline (real vault)', () => {
  let db: CrmTestVault;
  beforeEach(async () => {
    db = await CrmTestVault.create();
  });
  afterEach(async () => {
    await db.dispose();
  });

  /** Every older page after the first, by cursor, as "Show older" asks for them. */
  async function olderPages(link: Link, id: string, first: Cursor | null): Promise<string[][]> {
    const pages: string[][] = [];
    for (let after = first; after !== null; ) {
      const query = ActivityListQuery.parse({ filter: { [link]: id }, after, limit: timelinePageSize });
      const page = await db.read((tx) => listActivities(tx, query));
      pages.push(page.items.map((activity) => activity.id));
      after = page.next;
    }
    return pages;
  }

  it('sends an account with 400 activities one page, and its cursor reaches every other once, ties included', async () => {
    const account = await db.write((tx, now) => createAccount(tx, AccountDraft.parse({ name: 'Busy Ltd' }), now));
    const other = await db.write((tx, now) => createAccount(tx, AccountDraft.parse({ name: 'Quiet Ltd' }), now));
    // Three timestamps, about 133 activities each: most page boundaries fall inside a run of equal times.
    const activities = await db.write(async (tx, now) => {
      const made: Activity[] = [];
      for (let index = 0; index < 400; index += 1) {
        const draft = ActivityDraft.parse({ kind: 'call', subject: `Call ${index}`, accountId: account.id, occurredAt: 1_000_000 + (index % 3) * 60_000 });
        made.push(await createActivity(tx, draft, now));
      }
      await createActivity(tx, ActivityDraft.parse({ kind: 'note', subject: 'Elsewhere', accountId: other.id, occurredAt: 1_500_000 }), now);
      return made;
    });
    const trashed = activities[7];
    if (trashed === undefined) throw new Error('no activity to trash');
    await db.write((tx, now) => deleteActivity(tx, trashed.id, now));
    const live = activities.filter((activity) => activity.id !== trashed.id);

    const detail = await db.read((tx) => getAccountDetail(tx, account.id));
    expect(detail.activities).toHaveLength(timelinePageSize);
    expect(detail.olderActivities).not.toBeNull();

    const pages = await olderPages('accountId', account.id, detail.olderActivities);
    expect(pages).toHaveLength(Math.ceil(live.length / timelinePageSize) - 1);
    for (const page of pages.slice(0, -1)) expect(page).toHaveLength(timelinePageSize);
    const seen = [...detail.activities.map((activity) => activity.id), ...pages.flat()];
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(newestFirst(live));
  });

  it('pages a contact’s and a deal’s timeline the same way, and a trashed record’s too', async () => {
    const account = await db.write((tx, now) => createAccount(tx, AccountDraft.parse({ name: 'Pager plc' }), now));
    const contact = await db.write((tx, now) => createContact(tx, ContactDraft.parse({ name: 'Ada', accountId: account.id }), now));
    const deal = await db.write((tx, now) =>
      createDeal(tx, DealDraft.parse({ name: 'Pilot', accountId: account.id, stageId: 'lead', currency: 'EUR', amount: 1_000, expectedCloseDate: '2026-05-31' }), now),
    );
    const made = await db.write(async (tx, now) => {
      const list: Activity[] = [];
      for (let index = 0; index < timelinePageSize + 1; index += 1) {
        list.push(await createActivity(tx, ActivityDraft.parse({ kind: 'email', subject: `Mail ${index}`, contactId: contact.id, dealId: deal.id, accountId: account.id, occurredAt: 5_000 }), now));
      }
      return list;
    });
    await db.write((tx, now) => deleteAccount(tx, account.id, now));

    const details = [
      { link: 'contactId' as const, id: contact.id, detail: await db.read((tx) => getContactDetail(tx, contact.id)) },
      { link: 'dealId' as const, id: deal.id, detail: await db.read((tx) => getDealDetail(tx, deal.id)) },
      { link: 'accountId' as const, id: account.id, detail: await db.read((tx) => getAccountDetail(tx, account.id)) },
    ];
    for (const { link, id, detail } of details) {
      const pages = await olderPages(link, id, detail.olderActivities);
      expect(pages.map((page) => page.length), link).toEqual([1]);
      expect([...detail.activities.map((activity) => activity.id), ...pages.flat()], link).toEqual(newestFirst(made));
    }
  });

  it('says there is nothing older when the first page holds every activity', async () => {
    const account = await db.write((tx, now) => createAccount(tx, AccountDraft.parse({ name: 'Small Co' }), now));
    await db.write((tx, now) => createActivity(tx, ActivityDraft.parse({ kind: 'call', subject: 'Hello', accountId: account.id, occurredAt: now }), now));
    const detail = await db.read((tx) => getAccountDetail(tx, account.id));
    expect(detail.activities.map((activity) => activity.subject)).toEqual(['Hello']);
    expect(detail.olderActivities).toBeNull();
  });
});
