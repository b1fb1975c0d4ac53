// The counts of a detail page's capped related lists on the real vault: the
// true number of live records past relatedLimit (an account with 150 contacts
// said "100" and "Showing the first 100"), the trash and other records left
// out, and the count stopping at listCountCap ("10,000+").
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccountDraft } from '../../../src-shared/domain/account';
import { listCountCap } from '../../../src-shared/domain/common';
import { ContactDraft } from '../../../src-shared/domain/contact';
import { DealDraft } from '../../../src-shared/domain/deal';
import { relatedLimit } from '../../../src-shared/domain/details';
import { AccountId, ContactId, DealId, TaskId } from '../../../src-shared/domain/ids';
import { TaskDraft } from '../../../src-shared/domain/task';
import { createAccount, getAccountDetail } from './account.service';
import { createContact, deleteContact, getContactDetail } from './contact.service';
import { createDeal, getDealDetail } from './deal.service';
import { createTask, deleteTask } from './task.service';
import { CrmTestVault } from './testing/crm-test-vault';

describe('related list counts on detail pages (real vault)', () => {
  let db: CrmTestVault;
  beforeEach(async () => {
    db = await CrmTestVault.create();
  });
  afterEach(async () => {
    await db.dispose();
  });

  it('counts every live contact, deal and open task of an account, a contact and a deal, past the cap of the lists', async () => {
    const { account, other, buyer, leaving, deal } = await db.write(async (tx, now) => {
      const made = { account: await createAccount(tx, AccountDraft.parse({ name: 'Big Customer' }), now), other: await createAccount(tx, AccountDraft.parse({ name: 'Other' }), now) };
      const contacts = [];
      for (let index = 0; index < 152; index += 1) contacts.push(await createContact(tx, ContactDraft.parse({ name: `Person ${index}`, accountId: made.account.id }), now));
      await createContact(tx, ContactDraft.parse({ name: 'Elsewhere', accountId: made.other.id }), now);
      const [first, second] = contacts;
      if (first === undefined || second === undefined) throw new Error('no contacts made');
      const deals = [];
      for (let index = 0; index < 130; index += 1) {
        const stageId = index % 2 === 0 ? 'won' : 'lead';
        deals.push(await createDeal(tx, DealDraft.parse({ name: `Deal ${index}`, accountId: made.account.id, contactIds: [first.id], stageId, currency: 'EUR', expectedCloseDate: '2026-03-15' }), now));
      }
      const firstDeal = deals[0];
      if (firstDeal === undefined) throw new Error('no deals made');
      for (let index = 0; index < 110; index += 1) {
        const status = index < 105 ? 'open' : 'done';
        await createTask(tx, TaskDraft.parse({ title: `Task ${index}`, status, accountId: made.account.id, contactId: first.id, dealId: firstDeal.id }), now);
      }
      return { ...made, buyer: first, leaving: second, deal: firstDeal };
    });
    // One contact and one open task in the trash: neither the lists nor their counts hold them.
    await db.write((tx, now) => deleteContact(tx, ContactId.parse(leaving.id), now));
    const trashedTask = await db.write((tx, now) => createTask(tx, TaskDraft.parse({ title: 'Binned', accountId: account.id, contactId: buyer.id, dealId: deal.id }), now));
    await db.write((tx, now) => deleteTask(tx, TaskId.parse(trashedTask.id), now));

    const accountDetail = await db.read((tx) => getAccountDetail(tx, AccountId.parse(account.id)));
    expect(accountDetail.contacts).toHaveLength(relatedLimit);
    expect(accountDetail.deals).toHaveLength(relatedLimit);
    expect(accountDetail.tasks).toHaveLength(relatedLimit);
    expect(accountDetail.counts).toEqual({ contacts: { count: 151, capped: false }, deals: { count: 130, capped: false }, tasks: { count: 105, capped: false } });
    const contactDetail = await db.read((tx) => getContactDetail(tx, ContactId.parse(buyer.id)));
    expect(contactDetail.counts).toEqual({ deals: { count: 130, capped: false }, tasks: { count: 105, capped: false } });
    const dealDetail = await db.read((tx) => getDealDetail(tx, DealId.parse(deal.id)));
    expect(dealDetail.counts).toEqual({ tasks: { count: 105, capped: false } });
    const otherDetail = await db.read((tx) => getAccountDetail(tx, AccountId.parse(other.id)));
    expect(otherDetail.counts.contacts).toEqual({ count: 1, capped: false });
  });

  it('stops counting past listCountCap, as a list count does ("10,000+")', async () => {
    const account = await db.write((tx, now) => createAccount(tx, AccountDraft.parse({ name: 'Huge Customer' }), now));
    await db.write(async (tx, now) => {
      for (let index = 0; index <= listCountCap; index += 1) await createContact(tx, ContactDraft.parse({ name: `Person ${index}`, accountId: account.id }), now);
    });
    const detail = await db.read((tx) => getAccountDetail(tx, AccountId.parse(account.id)));
    expect(detail.counts.contacts).toEqual({ count: listCountCap, capped: true });
    expect(detail.contacts).toHaveLength(relatedLimit);
  }, 300_000);
});
