import type { z } from 'zod';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccountDraft, AccountListQuery, AccountPatch } from '../../../src-shared/domain/account';
import { ActivityDraft } from '../../../src-shared/domain/activity';
import { ContactDraft } from '../../../src-shared/domain/contact';
import { DealDraft } from '../../../src-shared/domain/deal';
import { AccountId } from '../../../src-shared/domain/ids';
import { TaskDraft } from '../../../src-shared/domain/task';
import { accountListRequest, accountTable } from './account.repo';
import { createAccount, deleteAccount, getAccountDetail, listAccounts, restoreAccount, updateAccount } from './account.service';
import { createActivity } from './activity.service';
import { createContact, deleteContact } from './contact.service';
import { createDeal } from './deal.service';
import { createTask } from './task.service';
import { CrmTestVault } from './testing/crm-test-vault';

describe('account service (real vault)', () => {
  let db: CrmTestVault;
  beforeEach(async () => {
    db = await CrmTestVault.create();
  });
  afterEach(async () => {
    await db.dispose();
  });

  const addAccount = (input: z.input<typeof AccountDraft>) =>
    db.write((tx, now) => createAccount(tx, AccountDraft.parse(input), now));
  const ids = async (input: z.input<typeof AccountListQuery>) =>
    (await db.read((tx) => listAccounts(tx, AccountListQuery.parse(input)))).items.map((account) => account.id);

  it('creates, reads back with related records, updates, trashes and restores an account', async () => {
    const account = await addAccount({
      name: 'Acme Ltd',
      industry: 'Engines',
      website: 'https://acme.example',
      address: { city: 'London', country: 'UK' },
      territory: 'South',
      tags: ['key'],
    });
    expect(account).toMatchObject({ name: 'Acme Ltd', address: { city: 'London', country: 'UK', street: '' }, ownerId: 'local-owner', deletedAt: null });

    const id = AccountId.parse(account.id);
    const contact = await db.write((tx, now) => createContact(tx, ContactDraft.parse({ name: 'Ada', accountId: id }), now));
    const gone = await db.write((tx, now) => createContact(tx, ContactDraft.parse({ name: 'Gone', accountId: id }), now));
    await db.write((tx, now) => deleteContact(tx, gone.id, now));
    const deal = await db.write((tx, now) =>
      createDeal(tx, DealDraft.parse({ name: 'Big one', accountId: id, stageId: 'proposal', currency: 'EUR', amount: 500_000, expectedCloseDate: '2026-05-31' }), now),
    );
    const call = await db.write((tx, now) => createActivity(tx, ActivityDraft.parse({ kind: 'call', accountId: id, occurredAt: now }), now));
    const task = await db.write((tx, now) => createTask(tx, TaskDraft.parse({ title: 'Send quote', accountId: id }), now));

    const detail = await db.read((tx) => getAccountDetail(tx, id));
    expect(detail.account).toEqual(account);
    expect(detail.contacts.map((c) => c.id)).toEqual([contact.id]);
    expect(detail.deals.map((d) => d.id)).toEqual([deal.id]);
    expect(detail.activities.map((a) => a.id)).toEqual([call.id]);
    expect(detail.tasks.map((t) => t.id)).toEqual([task.id]);

    const updated = await db.write((tx, now) => updateAccount(tx, id, AccountPatch.parse({ territory: 'North', address: { city: 'Leeds' } }), now));
    expect(updated).toMatchObject({ territory: 'North', address: { city: 'Leeds', country: '' } });
    const last = (await db.outbox()).at(-1);
    expect(Object.keys(last?.fields ?? {}).sort()).toEqual(['address', 'territory', 'updatedAt', 'updatedBy']);

    await db.write((tx, now) => deleteAccount(tx, id, now));
    expect(await ids({})).toEqual([]);
    expect(await ids({ deleted: 'only' })).toEqual([account.id]);
    expect((await db.read((tx) => getAccountDetail(tx, id))).account.deletedAt).not.toBeNull();
    const restored = await db.write((tx, now) => restoreAccount(tx, id, now));
    expect(restored.deletedAt).toBeNull();
    expect(await ids({})).toEqual([account.id]);
  });

  it('refuses a website that is not http(s) and an empty name', () => {
    expect(AccountDraft.safeParse({ name: 'x', website: 'javascript:alert(1)' }).success).toBe(false);
    expect(AccountDraft.safeParse({ name: '   ' }).error?.issues[0]?.message).toBe('Name is required');
    expect(AccountPatch.safeParse({}).error?.issues[0]?.message).toBe('Change at least one field');
  });

  it('sorts by name, territory and time both ways, and filters by territory, industry, owner and tags', async () => {
    const c = await addAccount({ name: 'Charlie', territory: 'North', industry: 'Retail' });
    const a = await addAccount({ name: 'alpha', territory: 'South', industry: 'retail', tags: ['key'] });
    const b = await addAccount({ name: 'Bravo', territory: 'North', ownerId: 'other-rep' });

    expect(await ids({})).toEqual([a.id, b.id, c.id]);
    expect(await ids({ sort: { field: 'name', direction: 'desc' } })).toEqual([c.id, b.id, a.id]);
    expect(await ids({ sort: { field: 'territory', direction: 'asc' } })).toEqual([b.id, c.id, a.id]);
    expect(await ids({ sort: { field: 'createdAt', direction: 'desc' } })).toEqual([b.id, a.id, c.id]);
    expect(await ids({ sort: { field: 'updatedAt', direction: 'asc' } })).toEqual([c.id, a.id, b.id]);
    expect(await ids({ filter: { territory: 'north' } })).toEqual([b.id, c.id]);
    expect(await ids({ filter: { industry: 'RETAIL' } })).toEqual([a.id, c.id]);
    expect(await ids({ filter: { ownerId: 'other-rep' } })).toEqual([b.id]);
    expect(await ids({ filter: { tags: ['KEY'] } })).toEqual([a.id]);

    // Paging by (territory, name, id) keeps its order across pages.
    const first = await db.read((tx) => listAccounts(tx, AccountListQuery.parse({ limit: 2, sort: { field: 'territory', direction: 'asc' } })));
    const second = await db.read((tx) =>
      listAccounts(tx, AccountListQuery.parse({ limit: 2, sort: { field: 'territory', direction: 'asc' }, after: first.next ?? undefined })),
    );
    expect([...first.items, ...second.items].map((x) => x.id)).toEqual([b.id, c.id, a.id]);
    expect(second.next).toBeNull();
  });

  it('walks a live-row index for every sort and the indexed filters', async () => {
    const cases: z.input<typeof AccountListQuery>[] = [
      {},
      { sort: { field: 'territory', direction: 'desc' } },
      { sort: { field: 'createdAt', direction: 'asc' } },
      { sort: { field: 'updatedAt', direction: 'desc' } },
      { filter: { territory: 'North' } },
      { filter: { ownerId: 'local-owner' } },
      { filter: { tags: ['key'] }, sort: { field: 'updatedAt', direction: 'desc' } },
    ];
    for (const input of cases) {
      const { broad } = await db.listPlans(accountTable, accountListRequest(AccountListQuery.parse(input)));
      expect(broad, JSON.stringify(input)).toMatch(/(SCAN|SEARCH) accounts USING (COVERING )?INDEX accounts_live_/);
      expect(broad, JSON.stringify(input)).not.toMatch(/TEMP B-TREE/);
    }
  });
});
