import type { z } from 'zod';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccountDraft } from '../../../src-shared/domain/account';
import { ActivityDraft, ActivityListQuery, ActivityPatch } from '../../../src-shared/domain/activity';
import { ContactDraft } from '../../../src-shared/domain/contact';
import { DealDraft } from '../../../src-shared/domain/deal';
import { ActivityId } from '../../../src-shared/domain/ids';
import { activityListRequest, activityTable } from './activity.repo';
import { createActivity, deleteActivity, getActivityDetail, listActivities, restoreActivity, updateActivity } from './activity.service';
import { createAccount, deleteAccount } from './account.service';
import { createContact, deleteContact } from './contact.service';
import { createDeal, deleteDeal } from './deal.service';
import { CrmTestVault, failure } from './testing/crm-test-vault';

describe('activity service (real vault)', () => {
  let db: CrmTestVault;
  beforeEach(async () => {
    db = await CrmTestVault.create();
  });
  afterEach(async () => {
    await db.dispose();
  });

  const addActivity = (input: z.input<typeof ActivityDraft>) => db.write((tx, now) => createActivity(tx, ActivityDraft.parse(input), now));
  const ids = async (input: z.input<typeof ActivityListQuery>) =>
    (await db.read((tx) => listActivities(tx, ActivityListQuery.parse(input)))).items.map((activity) => activity.id);

  it('logs a call against a contact and a deal, shows its links, edits, trashes and restores it', async () => {
    const contact = await db.write((tx, now) => createContact(tx, ContactDraft.parse({ name: 'Ada' }), now));
    const deal = await db.write((tx, now) =>
      createDeal(tx, DealDraft.parse({ name: 'Engines', stageId: 'lead', currency: 'EUR', expectedCloseDate: '2026-04-01' }), now),
    );
    const call = await addActivity({
      kind: 'call',
      subject: 'Intro call',
      contactId: contact.id,
      dealId: deal.id,
      occurredAt: 1_767_300_000_000,
      durationMinutes: 25,
      outcome: 'Interested',
      body: 'Talked about the engine 🚂',
    });
    expect(call).toMatchObject({ kind: 'call', durationMinutes: 25, accountId: null, tags: [] });
    const id = ActivityId.parse(call.id);
    const detail = await db.read((tx) => getActivityDetail(tx, id));
    expect(detail.contact?.id).toBe(contact.id);
    expect(detail.deal?.id).toBe(deal.id);
    expect(detail.account).toBeNull();

    const edited = await db.write((tx, now) => updateActivity(tx, id, ActivityPatch.parse({ outcome: 'Sent brochure', durationMinutes: 30 }), now));
    expect(edited).toMatchObject({ outcome: 'Sent brochure', durationMinutes: 30, body: 'Talked about the engine 🚂' });
    expect(Object.keys((await db.outbox()).at(-1)?.fields ?? {}).sort()).toEqual(['durationMinutes', 'outcome', 'updatedAt', 'updatedBy']);

    await db.write((tx, now) => deleteActivity(tx, id, now));
    expect(await ids({})).toEqual([]);
    expect((await db.write((tx, now) => restoreActivity(tx, id, now))).deletedAt).toBeNull();

    await db.write((tx, now) => deleteContact(tx, contact.id, now));
    expect((await db.read((tx) => getActivityDetail(tx, id))).contact).toBeNull();
    expect(await failure(addActivity({ kind: 'note', contactId: contact.id, occurredAt: 1 }))).toEqual({
      code: 'BAD_INPUT',
      message: 'Invalid input (contactId: The linked contact is in the trash. Restore the contact first.)',
    });
  });

  it('names the contact, account and deal an activity links to that are in the trash, apart from the live ones', async () => {
    const account = await db.write((tx, now) => createAccount(tx, AccountDraft.parse({ name: 'Binned Freight' }), now));
    const contact = await db.write((tx, now) => createContact(tx, ContactDraft.parse({ name: 'Jane Doe', accountId: account.id }), now));
    const deal = await db.write((tx, now) =>
      createDeal(tx, DealDraft.parse({ name: 'Crates', accountId: account.id, stageId: 'lead', currency: 'EUR', expectedCloseDate: '2026-04-01' }), now),
    );
    const call = await addActivity({ kind: 'call', subject: 'Crates', contactId: contact.id, accountId: account.id, dealId: deal.id, occurredAt: 1 });
    const detail = () => db.read((tx) => getActivityDetail(tx, ActivityId.parse(call.id)));
    expect(await detail()).toMatchObject({ contact: { id: contact.id }, account: { id: account.id }, deal: { id: deal.id }, trashedContact: null, trashedAccount: null, trashedDeal: null });

    // Before, the detail dropped them: the page's fields named Jane Doe while its Related card said "None yet".
    await db.write((tx, now) => deleteContact(tx, contact.id, now));
    await db.write((tx, now) => deleteDeal(tx, deal.id, now));
    expect(await detail()).toMatchObject({
      contact: null,
      account: { id: account.id },
      deal: null,
      trashedContact: { id: contact.id, name: 'Jane Doe' },
      trashedAccount: null,
      trashedDeal: { id: deal.id, name: 'Crates' },
    });
    await db.write((tx, now) => deleteAccount(tx, account.id, now));
    expect(await detail()).toMatchObject({ account: null, trashedAccount: { id: account.id, name: 'Binned Freight' } });

    // One another device deleted leaves no row here: not in the trash, named nowhere.
    await db.write((tx) => tx.run('DELETE FROM contacts WHERE id = ?', [contact.id]));
    expect(await detail()).toMatchObject({ contact: null, trashedContact: null });
  });

  it('refuses bad kinds, negative or week-long durations and fractional times in the shared schema', () => {
    const message = (input: object) => ActivityDraft.safeParse({ kind: 'call', occurredAt: 1, ...input }).error?.issues[0]?.message;
    expect(ActivityDraft.safeParse({ kind: 'fax', occurredAt: 1 }).success).toBe(false);
    expect(message({ durationMinutes: -5 })).toBe('A duration cannot be negative');
    expect(message({ durationMinutes: 7 * 24 * 60 + 1 })).toBe('A duration cannot exceed one week');
    expect(message({ occurredAt: 1.5 })).toBe('Expected a whole number of milliseconds');
  });

  it('lists newest first by default, filtered by kind, link and time range', async () => {
    const contact = await db.write((tx, now) => createContact(tx, ContactDraft.parse({ name: 'Ada' }), now));
    const a = await addActivity({ kind: 'call', contactId: contact.id, occurredAt: 1_000 });
    const b = await addActivity({ kind: 'meeting', occurredAt: 3_000 });
    const c = await addActivity({ kind: 'email', contactId: contact.id, occurredAt: 2_000 });
    expect(await ids({})).toEqual([b.id, c.id, a.id]);
    expect(await ids({ sort: { field: 'occurredAt', direction: 'asc' } })).toEqual([a.id, c.id, b.id]);
    expect(await ids({ filter: { kinds: ['call', 'email'] } })).toEqual([c.id, a.id]);
    expect(await ids({ filter: { contactId: contact.id } })).toEqual([c.id, a.id]);
    expect(await ids({ filter: { occurredAt: { from: 1_500, to: 3_000 } } })).toEqual([b.id, c.id]);
  });

  it('walks a live-row index for each sort and link filter', async () => {
    const link = '0190a5d0-ac96-774b-bcce-b302099a8057';
    const cases: z.input<typeof ActivityListQuery>[] = [
      {},
      { sort: { field: 'createdAt', direction: 'asc' } },
      { sort: { field: 'updatedAt', direction: 'desc' } },
      { filter: { contactId: link } },
      { filter: { accountId: link } },
      { filter: { dealId: link } },
      { filter: { ownerId: 'local-owner' } },
    ];
    for (const input of cases) {
      const { broad } = await db.listPlans(activityTable, activityListRequest(ActivityListQuery.parse(input)));
      expect(broad, JSON.stringify(input)).toMatch(/(SCAN|SEARCH) activities USING (COVERING )?INDEX activities_live_/);
      expect(broad, JSON.stringify(input)).not.toMatch(/TEMP B-TREE/);
    }
  });

  it('searches a record’s own index for its activities (the timeline and its “View all in Activities” list)', async () => {
    const link = '0190a5d0-ac96-774b-bcce-b302099a8057';
    const cases = [
      ['contactId', 'activities_live_contact', 'contact_id'],
      ['accountId', 'activities_live_account', 'account_id'],
      ['dealId', 'activities_live_deal', 'deal_id'],
    ] as const;
    for (const [field, index, column] of cases) {
      // A contact with 5,000 activities: a walk of the occurredAt index would read every activity in the vault.
      const { broad } = await db.listPlans(activityTable, activityListRequest(ActivityListQuery.parse({ filter: { [field]: link } })));
      expect(broad, field).toMatch(new RegExp(`SEARCH activities USING (COVERING )?INDEX ${index} \\(${column}=\\?`));
      expect(broad, field).not.toMatch(/TEMP B-TREE/);
    }
  });
});
