import type { z } from 'zod';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccountDraft } from '../../../src-shared/domain/account';
import { ActivityDraft } from '../../../src-shared/domain/activity';
import { ContactDraft, ContactListQuery, ContactPatch, type Contact } from '../../../src-shared/domain/contact';
import { DealDraft } from '../../../src-shared/domain/deal';
import { ContactId } from '../../../src-shared/domain/ids';
import { TaskDraft } from '../../../src-shared/domain/task';
import { createAccount, createAccounts, deleteAccount } from './account.service';
import { createActivity } from './activity.service';
import { contactListRequest, contactTable } from './contact.repo';
import { insertRecords } from './record-writes';
import {
  createContact,
  createContacts,
  deleteContact,
  getContact,
  getContactDetail,
  listContacts,
  restoreContact,
  updateContact,
} from './contact.service';
import { createDeal } from './deal.service';
import { createTask } from './task.service';
import { CrmTestVault, failure } from './testing/crm-test-vault';

const uuid7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('contact service (real vault)', () => {
  let db: CrmTestVault;
  beforeEach(async () => {
    db = await CrmTestVault.create();
  });
  afterEach(async () => {
    await db.dispose();
  });

  const addContact = (input: z.input<typeof ContactDraft>) =>
    db.write((tx, now) => createContact(tx, ContactDraft.parse(input), now));
  const list = (input: z.input<typeof ContactListQuery>) => db.read((tx) => listContacts(tx, ContactListQuery.parse(input)));

  it('creates a contact with meta, queues every synced field once, indexes it for search, and reads it back', async () => {
    const contact = await addContact({
      name: '  Ada Lovelace ',
      emails: ['ada@example.org'],
      phones: ['+44 20 7946 0000'],
      tags: ['VIP', 'vip', 'engines'],
      notes: 'met at the fair',
    });
    expect(contact.id).toMatch(uuid7);
    expect(contact).toMatchObject({
      name: 'Ada Lovelace',
      title: '',
      accountId: null,
      tags: ['VIP', 'engines'],
      preferredChannel: 'any',
      address: { street: '', city: '', region: '', postalCode: '', country: '' },
      ownerId: 'local-owner',
      createdBy: 'local-owner',
      updatedBy: 'local-owner',
      deletedAt: null,
    });
    expect(await db.read((tx) => getContact(tx, ContactId.parse(contact.id)))).toEqual(contact);

    const [op, ...rest] = await db.outbox();
    expect(rest).toEqual([]);
    expect(op).toMatchObject({ entity: 'contacts', recordId: contact.id, kind: 'upsert' });
    expect(Object.keys(op?.fields ?? {}).sort()).toEqual(
      ['name', 'title', 'accountId', 'emails', 'phones', 'address', 'preferredChannel', 'tags', 'notes', 'ownerId', 'createdAt', 'createdBy', 'updatedAt', 'updatedBy', 'deletedAt'].sort(),
    );
    expect(op?.fields.emails?.value).toEqual(['ada@example.org']);
    expect(await db.read((tx) => tx.all("SELECT entity, record_id FROM search_docs WHERE entity = 'contacts'"))).toEqual([
      { entity: 'contacts', record_id: contact.id },
    ]);
    // record_tags holds each tag's key (tagKey); the record keeps the spelling.
    expect(await db.read((tx) => tx.all('SELECT tag FROM record_tags WHERE record_id = ? ORDER BY tag', [contact.id]))).toEqual([
      { tag: 'engines' },
      { tag: 'vip' },
    ]);
  });

  it('creates many contacts and accounts in one batch exactly as one at a time, or none when a link is missing', async () => {
    const accounts = await db.write((tx, now) => createAccounts(tx, [AccountDraft.parse({ name: 'A' }), AccountDraft.parse({ name: 'B', tags: ['x'] })], now));
    const drafts = Array.from({ length: 120 }, (_, index) =>
      ContactDraft.parse({ name: `Person ${index}`, emails: [`p${index}@example.org`], tags: index % 2 === 0 ? ['even'] : [], accountId: accounts[index % 2]?.id ?? null }),
    );
    const contacts = await db.write((tx, now) => createContacts(tx, drafts, now));
    expect(new Set(contacts.map((c) => c.id)).size).toBe(120);
    for (const contact of [contacts[0], contacts[77], contacts[119]]) {
      expect(contact).toBeDefined();
      if (contact !== undefined) expect(await db.read((tx) => getContact(tx, ContactId.parse(contact.id)))).toEqual(contact);
    }
    const ops = await db.outbox();
    expect(ops).toHaveLength(122);
    expect(ops.slice(2).map((op) => op.recordId)).toEqual(contacts.map((c) => c.id));
    expect(await db.count('search_docs')).toBe(122);
    expect(await db.count('record_tags')).toBe(61);
    expect(await db.count('field_versions')).toBe(122);

    const broken = [...drafts.slice(0, 57), ContactDraft.parse({ name: 'x', accountId: '0190a5d0-ac96-774b-bcce-b302099a8057' }), ...drafts.slice(57)];
    expect(await failure(db.write((tx, now) => createContacts(tx, broken, now)))).toEqual({
      code: 'BAD_INPUT',
      message: 'Invalid input (57.accountId: No such account)',
    });
    expect(await db.count('contacts')).toBe(120);
    expect((await db.outbox()).length).toBe(122);
  });

  it('writes nothing of a batch whose record rows fail while the rest of it is being prepared', async () => {
    const [first] = await db.write((tx, now) => createContacts(tx, [ContactDraft.parse({ name: 'Already here' })], now));
    if (first === undefined) throw new Error('no contact');
    const fresh = await db.write((tx, now) => createContacts(tx, [ContactDraft.parse({ name: 'Fresh one', tags: ['t'] })], now));
    const before = { contacts: await db.count('contacts'), outbox: (await db.outbox()).length, search: await db.count('search_docs'), tags: await db.count('record_tags') };
    // The second record repeats an existing id: the records' INSERT fails (UNIQUE) while tags, changes and search rows are prepared.
    const batch: Contact[] = [{ ...first, id: ContactId.parse('0190a5d0-ac96-774b-bcce-b302099a8058'), name: 'New' }, { ...first, name: 'Copy' }, ...fresh];
    await expect(db.write((tx, now) => insertRecords(tx, contactTable, batch, now))).rejects.toThrow(/UNIQUE/);
    expect({ contacts: await db.count('contacts'), outbox: (await db.outbox()).length, search: await db.count('search_docs'), tags: await db.count('record_tags') }).toEqual(before);
  });

  it('round-trips emoji, right-to-left text and combining marks unchanged', async () => {
    const name = 'مريم 👩🏽‍💻 Nguyễn';
    const notes = 'שלום 🇮🇱 — ‏RTL‏ mark, e\u0301 combining, 𝕏 astral';
    const contact = await addContact({ name, notes, title: 'مديرة المبيعات', tags: ['🔥 hot'] });
    const read = await db.read((tx) => getContact(tx, ContactId.parse(contact.id)));
    expect(read).toMatchObject({ name, notes, title: 'مديرة المبيعات', tags: ['🔥 hot'] });
  });

  it('refuses a link to an unknown or trashed account with BAD_INPUT on accountId, writing nothing', async () => {
    const account = await db.write((tx, now) => createAccount(tx, AccountDraft.parse({ name: 'Acme' }), now));
    await db.write((tx, now) => deleteAccount(tx, account.id, now));
    const outboxBefore = (await db.outbox()).length;
    const refusals = [
      [account.id, 'The linked account is in the trash. Restore the account first.'],
      ['0190a5d0-ac96-774b-bcce-b302099a8057', 'No such account'],
    ] as const;
    for (const [accountId, words] of refusals) {
      expect(await failure(addContact({ name: 'Bob', accountId }))).toEqual({ code: 'BAD_INPUT', message: `Invalid input (accountId: ${words})` });
    }
    expect(await db.count('contacts')).toBe(0);
    expect((await db.outbox()).length).toBe(outboxBefore);
  });

  it('returns the detail page: account, deals, newest-first timeline and open tasks, without trashed records', async () => {
    const account = await db.write((tx, now) => createAccount(tx, AccountDraft.parse({ name: 'Acme', territory: 'North' }), now));
    const contact = await addContact({ name: 'Ada', accountId: account.id });
    const deal = await db.write((tx, now) =>
      createDeal(tx, DealDraft.parse({ name: 'Engines', stageId: 'lead', currency: 'GBP', expectedCloseDate: '2026-06-30', contactIds: [contact.id] }), now),
    );
    const older = await db.write((tx, now) => createActivity(tx, ActivityDraft.parse({ kind: 'call', contactId: contact.id, occurredAt: now - 86_400_000 }), now));
    const newer = await db.write((tx, now) => createActivity(tx, ActivityDraft.parse({ kind: 'note', contactId: contact.id, occurredAt: now }), now));
    const open = await db.write((tx, now) => createTask(tx, TaskDraft.parse({ title: 'Call back', contactId: contact.id, dueAt: now }), now));
    await db.write((tx, now) => createTask(tx, TaskDraft.parse({ title: 'Done already', contactId: contact.id, status: 'done' }), now));
    await db.write((tx, now) => createActivity(tx, ActivityDraft.parse({ kind: 'call', occurredAt: now }), now));

    const detail = await db.read((tx) => getContactDetail(tx, ContactId.parse(contact.id)));
    expect(detail.contact.id).toBe(contact.id);
    expect(detail.account?.id).toBe(account.id);
    expect(detail.deals.map((d) => d.id)).toEqual([deal.id]);
    expect(detail.activities.map((a) => a.id)).toEqual([newer.id, older.id]);
    expect(detail.tasks.map((t) => t.id)).toEqual([open.id]);

    await db.write((tx, now) => deleteAccount(tx, account.id, now));
    expect((await db.read((tx) => getContactDetail(tx, ContactId.parse(contact.id)))).account).toBeNull();
    await expect(db.read((tx) => getContactDetail(tx, ContactId.parse('0190a5d0-ac96-774b-bcce-b302099a8057')))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('pages by (name, id) without gaps or repeats, case-insensitively, with equal names, both directions', async () => {
    const names = ['bob', 'Alice', 'carol', 'alice', 'Bob', 'dave', 'Eve', 'alice', 'frank', 'Grace', 'heidi'];
    const created: Contact[] = [];
    for (const name of names) created.push(await addContact({ name }));
    const byName = [...created].sort((a, b) => {
      const order = a.name.toLowerCase().localeCompare(b.name.toLowerCase());
      return order !== 0 ? order : a.id < b.id ? -1 : 1;
    });
    for (const direction of ['asc', 'desc'] as const) {
      const seen: Contact[] = [];
      let after: string | undefined;
      let pages = 0;
      do {
        const page = await list({ limit: 3, sort: { field: 'name', direction }, ...(after === undefined ? {} : { after }) });
        pages += 1;
        seen.push(...page.items);
        after = page.next ?? undefined;
      } while (after !== undefined);
      expect(pages).toBe(4);
      const expected = direction === 'asc' ? byName : [...byName].reverse();
      expect(seen.map((c) => c.id)).toEqual(expected.map((c) => c.id));
    }
    const exact = await list({ limit: 11 });
    expect(exact.items).toHaveLength(11);
    expect(exact.next).toBeNull();
  });

  it('refuses a cursor from another sort order and a forged cursor with BAD_INPUT', async () => {
    for (const name of ['a', 'b', 'c']) await addContact({ name });
    const page = await list({ limit: 1 });
    await expect(list({ limit: 1, after: page.next ?? '', sort: { field: 'updatedAt', direction: 'asc' } })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(list({ limit: 1, after: 'bm90LWEtY3Vyc29y' })).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });

  it('filters by owner, account, territory, tags and date ranges, and lists the trash', async () => {
    const north = await db.write((tx, now) => createAccount(tx, AccountDraft.parse({ name: 'North Co', territory: 'North' }), now));
    const south = await db.write((tx, now) => createAccount(tx, AccountDraft.parse({ name: 'South Co', territory: 'South' }), now));
    const a = await addContact({ name: 'A', accountId: north.id, tags: ['vip', 'golf'] });
    const b = await addContact({ name: 'B', accountId: south.id, tags: ['VIP'] });
    const c = await addContact({ name: 'C', ownerId: 'someone-else' });
    const ids = async (input: z.input<typeof ContactListQuery>) => (await list(input)).items.map((x) => x.id);

    expect(await ids({})).toEqual([a.id, b.id, c.id]);
    expect(await ids({ filter: { ownerId: 'someone-else' } })).toEqual([c.id]);
    expect(await ids({ filter: { accountId: north.id } })).toEqual([a.id]);
    expect(await ids({ filter: { territory: 'south' } })).toEqual([b.id]);
    expect(await ids({ filter: { tags: ['vip'] } })).toEqual([a.id, b.id]);
    expect(await ids({ filter: { tags: ['vip', 'golf'] } })).toEqual([a.id]);
    expect(await ids({ filter: { createdAt: { from: b.createdAt } } })).toEqual([b.id, c.id]);
    expect(await ids({ filter: { updatedAt: { to: a.updatedAt } } })).toEqual([a.id]);

    await db.write((tx, now) => deleteContact(tx, ContactId.parse(b.id), now));
    expect(await ids({})).toEqual([a.id, c.id]);
    expect(await ids({ deleted: 'only' })).toEqual([b.id]);
  });

  it('records only the changed fields of an update, makes no entry for a no-op, and refuses edits in the trash', async () => {
    const contact = await addContact({ name: 'Ada', emails: ['ada@example.org'] });
    const id = ContactId.parse(contact.id);
    const updated = await db.write((tx, now) => updateContact(tx, id, ContactPatch.parse({ title: 'CTO', emails: ['ada@example.org'] }), now));
    expect(updated).toMatchObject({ title: 'CTO', emails: ['ada@example.org'] });
    expect(updated.updatedAt).toBeGreaterThan(contact.updatedAt);
    const ops = await db.outbox();
    expect(ops).toHaveLength(2);
    expect(Object.keys(ops[1]?.fields ?? {}).sort()).toEqual(['title', 'updatedAt', 'updatedBy']);

    const same = await db.write((tx, now) => updateContact(tx, id, ContactPatch.parse({ title: 'CTO' }), now));
    expect(same).toEqual(updated);
    expect(await db.outbox()).toHaveLength(2);

    const removed = await db.write((tx, now) => deleteContact(tx, id, now));
    expect(removed.id).toBe(contact.id);
    expect(removed.deletedAt).toBeGreaterThan(updated.updatedAt);
    await expect(db.write((tx, now) => updateContact(tx, id, ContactPatch.parse({ title: 'CEO' }), now))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('soft-deletes into the trash and restores (undo), keeping search and the outbox in step', async () => {
    const contact = await addContact({ name: 'Ada' });
    const id = ContactId.parse(contact.id);
    const removed = await db.write((tx, now) => deleteContact(tx, id, now));
    expect(await db.read((tx) => getContact(tx, id))).toMatchObject({ deletedAt: removed.deletedAt });
    expect(await db.count('search_docs')).toBe(0);
    const restored = await db.write((tx, now) => restoreContact(tx, id, now));
    expect(restored).toMatchObject({ id: contact.id, name: 'Ada', deletedAt: null });
    expect(await db.count('search_docs')).toBe(1);
    const ops = await db.outbox();
    expect(ops.map((op) => op.kind)).toEqual(['upsert', 'delete', 'upsert']);
    expect(ops[1]?.fields.deletedAt?.value).toBe(removed.deletedAt);
    expect(ops[2]?.fields.deletedAt?.value).toBeNull();
    await expect(db.write((tx, now) => deleteContact(tx, ContactId.parse('0190a5d0-ac96-774b-bcce-b302099a8057'), now))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('walks a live-row index for every sort and filter, with no sort step', async () => {
    const cases: z.input<typeof ContactListQuery>[] = [
      {},
      { sort: { field: 'name', direction: 'desc' } },
      { sort: { field: 'createdAt', direction: 'asc' } },
      { sort: { field: 'updatedAt', direction: 'desc' } },
      { filter: { ownerId: 'local-owner' } },
      { filter: { accountId: '0190a5d0-ac96-774b-bcce-b302099a8057' } },
      { filter: { tags: ['vip'] } },
      { filter: { territory: 'North' }, sort: { field: 'name', direction: 'desc' } },
    ];
    for (const input of cases) {
      const { narrow, broad } = await db.listPlans(contactTable, contactListRequest(ContactListQuery.parse(input)));
      const label = JSON.stringify(input);
      expect(broad, label).toMatch(/SCAN contacts USING (COVERING )?INDEX contacts_live_|SEARCH contacts USING (COVERING )?INDEX contacts_live_/);
      expect(broad, label).not.toMatch(/TEMP B-TREE/);
      // A narrow subquery filter drives from its own index and sorts its few matches.
      expect(narrow, label).toMatch(/USING (COVERING )?INDEX|USING PRIMARY KEY/);
    }
  });
});
