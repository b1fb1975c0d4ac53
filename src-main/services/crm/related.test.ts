// Related lists on the real vault: which rows a capped list keeps (an account
// or contact with more deals than relatedLimit), and the trashed contacts and
// account a deal's or contact's detail names so its page can say which one a
// restore waits on.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccountDraft } from '../../../src-shared/domain/account';
import { ContactDraft } from '../../../src-shared/domain/contact';
import { DealDraft, type Deal } from '../../../src-shared/domain/deal';
import { relatedLimit } from '../../../src-shared/domain/details';
import { AccountId, ContactId, DealId } from '../../../src-shared/domain/ids';
import { createAccount, deleteAccount, getAccountDetail, restoreAccount } from './account.service';
import { createContact, deleteContact, getContactDetail, restoreContact } from './contact.service';
import { createDeal, deleteDeal, getDealDetail, restoreDeal } from './deal.service';
import { CrmTestVault, failure } from './testing/crm-test-vault';

describe('related records on detail pages (real vault)', () => {
  let db: CrmTestVault;
  beforeEach(async () => {
    db = await CrmTestVault.create();
  });
  afterEach(async () => {
    await db.dispose();
  });

  it('lists an account’s and a contact’s open deals first, soonest close first, then the most recently closed, under the cap', async () => {
    const account = await db.write((tx, now) => createAccount(tx, AccountDraft.parse({ name: 'Long Customer' }), now));
    const contact = await db.write((tx, now) => createContact(tx, ContactDraft.parse({ name: 'Buyer', accountId: account.id }), now));
    const deal = (name: string, stageId: string, expectedCloseDate: string) =>
      DealDraft.parse({ name, accountId: account.id, contactIds: [contact.id], stageId, currency: 'EUR', expectedCloseDate });
    const { open, closed } = await db.write(async (tx, now) => {
      // 120 won and lost deals over ten years, all closing before the open ones.
      const closedDeals: Deal[] = [];
      for (let index = 0; index < 120; index += 1) {
        const date = `${2015 + Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}-10`;
        closedDeals.push(await createDeal(tx, deal(`Closed ${index}`, index % 3 === 0 ? 'lost' : 'won', date), now));
      }
      // Open ones made out of date order: one this quarter, one next year, and one overdue (its date passed while open).
      const openDeals = [
        await createDeal(tx, deal('Next year', 'proposal', '2027-02-01'), now),
        await createDeal(tx, deal('This quarter', 'negotiation', '2026-03-20'), now),
        await createDeal(tx, deal('Overdue', 'lead', '2025-11-30'), now),
      ];
      return { open: openDeals, closed: closedDeals };
    });
    const byDate = (deals: readonly Deal[]) => [...deals].sort((a, b) => a.expectedCloseDate.localeCompare(b.expectedCloseDate)).map((each) => each.id);
    const expected = [...byDate(open), ...byDate(closed).reverse()].slice(0, relatedLimit);

    const accountDeals = (await db.read((tx) => getAccountDetail(tx, AccountId.parse(account.id)))).deals;
    const contactDeals = (await db.read((tx) => getContactDetail(tx, ContactId.parse(contact.id)))).deals;
    for (const deals of [accountDeals, contactDeals]) {
      expect(deals.slice(0, 4).map((each) => each.name)).toEqual(['Overdue', 'This quarter', 'Next year', 'Closed 119']);
      expect(deals.map((each) => each.id)).toEqual(expected);
    }
  });

  it('names the trashed contacts of a deal, so its page can say which one its restore waits on', async () => {
    const ada = await db.write((tx, now) => createContact(tx, ContactDraft.parse({ name: 'Ada' }), now));
    const bob = await db.write((tx, now) => createContact(tx, ContactDraft.parse({ name: 'Bob' }), now));
    const gone = await db.write((tx, now) => createContact(tx, ContactDraft.parse({ name: 'Gone' }), now));
    const created = await db.write((tx, now) =>
      createDeal(tx, DealDraft.parse({ name: 'Engines', contactIds: [bob.id, ada.id, gone.id], stageId: 'lead', currency: 'EUR', expectedCloseDate: '2026-03-15' }), now),
    );
    const id = DealId.parse(created.id);
    await db.write((tx, now) => deleteContact(tx, ContactId.parse(bob.id), now));
    // A record another device deleted leaves no row here: it is not in the trash, and restoring the deal passes it.
    await db.write((tx) => tx.run('DELETE FROM contacts WHERE id = ?', [gone.id]));

    const live = await db.read((tx) => getDealDetail(tx, id));
    expect(live.contacts.map((contact) => contact.id)).toEqual([ada.id]);
    expect(live.trashedContacts).toEqual([{ id: bob.id, name: 'Bob' }]);

    await db.write((tx, now) => deleteDeal(tx, id, now));
    const trashed = await db.read((tx) => getDealDetail(tx, id));
    expect(trashed.deal.deletedAt).not.toBeNull();
    expect(trashed.trashedContacts).toEqual([{ id: bob.id, name: 'Bob' }]);
    // The refusal the page shows names the field only; trashedContacts is how it names the contact.
    expect(await failure(db.write((tx, now) => restoreDeal(tx, id, now)))).toEqual({
      code: 'BAD_INPUT',
      message: 'Invalid input (contactIds.0: The linked contact is in the trash. Restore the contact first.)',
    });

    await db.write((tx, now) => restoreContact(tx, ContactId.parse(bob.id), now));
    const after = await db.read((tx) => getDealDetail(tx, id));
    expect(after.trashedContacts).toEqual([]);
    expect(after.contacts.map((contact) => contact.name)).toEqual(['Ada', 'Bob']);
    expect(await db.write((tx, now) => restoreDeal(tx, id, now))).toMatchObject({ deletedAt: null });
  });

  it('names the trashed account of a contact and of a deal, live or trashed, so their pages can say it is in the trash', async () => {
    const account = await db.write((tx, now) => createAccount(tx, AccountDraft.parse({ name: 'Binned Freight' }), now));
    const contact = await db.write((tx, now) => createContact(tx, ContactDraft.parse({ name: 'Cleo', accountId: account.id }), now));
    const deal = await db.write((tx, now) =>
      createDeal(tx, DealDraft.parse({ name: 'Crates', accountId: account.id, stageId: 'lead', currency: 'EUR', expectedCloseDate: '2026-03-15' }), now),
    );
    const contactId = ContactId.parse(contact.id);
    const dealId = DealId.parse(deal.id);
    const details = async () => [await db.read((tx) => getContactDetail(tx, contactId)), await db.read((tx) => getDealDetail(tx, dealId))];

    for (const detail of await details()) {
      expect(detail.account?.id).toBe(account.id);
      expect(detail.trashedAccount).toBeNull();
    }

    await db.write((tx, now) => deleteAccount(tx, AccountId.parse(account.id), now));
    for (const detail of await details()) {
      expect(detail.account).toBeNull();
      expect(detail.trashedAccount).toEqual({ id: account.id, name: 'Binned Freight' });
    }

    // Trashed themselves, they still name it: restoring them waits on it.
    await db.write((tx, now) => deleteContact(tx, contactId, now));
    await db.write((tx, now) => deleteDeal(tx, dealId, now));
    for (const detail of await details()) expect(detail.trashedAccount).toEqual({ id: account.id, name: 'Binned Freight' });
    expect(await failure(db.write((tx, now) => restoreContact(tx, contactId, now)))).toEqual({
      code: 'BAD_INPUT',
      message: 'Invalid input (accountId: The linked account is in the trash. Restore the account first.)',
    });

    await db.write((tx, now) => restoreAccount(tx, AccountId.parse(account.id), now));
    for (const detail of await details()) {
      expect(detail.trashedAccount).toBeNull();
      expect(detail.account?.name).toBe('Binned Freight');
    }

    // An account another device deleted leaves no row here: it is not in the trash, and names nothing.
    await db.write((tx) => tx.run('DELETE FROM accounts WHERE id = ?', [account.id]));
    for (const detail of await details()) {
      expect(detail.account).toBeNull();
      expect(detail.trashedAccount).toBeNull();
    }
  });
});
