// An activity logged against a contact or deal without an account gets
// theirs on create (activity.service.ts accountFor), so the account's page
// lists it: its timeline is filtered by the activity's own account link.
import type { z } from 'zod';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccountDraft } from '../../../src-shared/domain/account';
import { ActivityDraft, ActivityPatch } from '../../../src-shared/domain/activity';
import { ContactDraft } from '../../../src-shared/domain/contact';
import { DealDraft } from '../../../src-shared/domain/deal';
import type { AccountId } from '../../../src-shared/domain/ids';
import { createAccount, deleteAccount, getAccountDetail } from './account.service';
import { createActivity, updateActivity } from './activity.service';
import { createContact } from './contact.service';
import { createDeal } from './deal.service';
import { CrmTestVault } from './testing/crm-test-vault';

describe('the account of an activity logged on a contact or deal (real vault)', () => {
  let db: CrmTestVault;
  beforeEach(async () => {
    db = await CrmTestVault.create();
  });
  afterEach(async () => {
    await db.dispose();
  });

  const addAccount = (name: string) => db.write((tx, now) => createAccount(tx, AccountDraft.parse({ name }), now));
  const addContact = (accountId: AccountId | null) => db.write((tx, now) => createContact(tx, ContactDraft.parse({ name: 'Ada', accountId }), now));
  const addDeal = (accountId: AccountId | null) =>
    db.write((tx, now) => createDeal(tx, DealDraft.parse({ name: 'Pilot', accountId, stageId: 'lead', currency: 'EUR', expectedCloseDate: '2026-05-31' }), now));
  const addActivity = (input: Omit<z.input<typeof ActivityDraft>, 'kind' | 'occurredAt'>) =>
    db.write((tx, now) => createActivity(tx, ActivityDraft.parse({ kind: 'call', occurredAt: now, ...input }), now));
  const timelineSubjects = async (id: AccountId) => (await db.read((tx) => getAccountDetail(tx, id))).activities.map((activity) => activity.subject);

  it('links a call logged on a contact to the contact’s account, shows it on the account’s timeline and syncs the link', async () => {
    const account = await addAccount('Engines Ltd');
    const contact = await addContact(account.id);
    const call = await addActivity({ subject: 'Intro call', contactId: contact.id });
    expect(call.accountId).toBe(account.id);
    expect(await timelineSubjects(account.id)).toEqual(['Intro call']);
    const fields = (await db.outbox()).at(-1)?.fields;
    expect([fields?.['contactId']?.value, fields?.['accountId']?.value]).toEqual([contact.id, account.id]);
  });

  it('links one logged on a deal to the deal’s account, before the contact’s when they differ', async () => {
    const dealAccount = await addAccount('Buyer plc');
    const contactAccount = await addAccount('Partner plc');
    const deal = await addDeal(dealAccount.id);
    const contact = await addContact(contactAccount.id);
    expect((await addActivity({ subject: 'Demo', dealId: deal.id })).accountId).toBe(dealAccount.id);
    expect((await addActivity({ subject: 'Both', dealId: deal.id, contactId: contact.id })).accountId).toBe(dealAccount.id);
    const accountless = await addDeal(null);
    expect((await addActivity({ subject: 'Via contact', dealId: accountless.id, contactId: contact.id })).accountId).toBe(contactAccount.id);
    expect(await timelineSubjects(dealAccount.id)).toEqual(['Both', 'Demo']);
    expect(await timelineSubjects(contactAccount.id)).toEqual(['Via contact']);
  });

  it('keeps the account the caller gave, and leaves none when the contact has none or theirs is in the trash', async () => {
    const own = await addAccount('Own Co');
    const chosen = await addAccount('Chosen Co');
    const contact = await addContact(own.id);
    expect((await addActivity({ subject: 'Chosen', contactId: contact.id, accountId: chosen.id })).accountId).toBe(chosen.id);
    expect((await addActivity({ subject: 'Loner', contactId: (await addContact(null)).id })).accountId).toBeNull();
    await db.write((tx, now) => deleteAccount(tx, own.id, now));
    // Linking the trashed account would have refused the call (links.ts); it is logged on the contact alone.
    expect((await addActivity({ subject: 'After trash', contactId: contact.id })).accountId).toBeNull();
  });

  it('fills nothing in on an edit: a patch keeps the links it was given', async () => {
    const account = await addAccount('Edit Co');
    const contact = await addContact(account.id);
    const note = await addActivity({ subject: 'Unlinked' });
    const edited = await db.write((tx, now) => updateActivity(tx, note.id, ActivityPatch.parse({ contactId: contact.id }), now));
    expect(edited).toMatchObject({ contactId: contact.id, accountId: null });
  });
});
