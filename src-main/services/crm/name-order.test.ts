// Lists by name follow the names' stored sort keys (migration 0016): accents
// and case sort among the base letters, Chinese names by pinyin after the
// Latin ones, ties by id, through every write path of the services and
// across keyset pages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { AccountDraft, AccountListQuery } from '../../../src-shared/domain/account';
import { ContactDraft, ContactListQuery, type Contact } from '../../../src-shared/domain/contact';
import { DealDraft, DealListQuery } from '../../../src-shared/domain/deal';
import { TaskDraft, TaskListQuery } from '../../../src-shared/domain/task';
import { createAccounts, listAccounts } from './account.service';
import { createContact, createContacts, deleteContact, listContacts, restoreContact, updateContact } from './contact.service';
import { createDeal, listDeals } from './deal.service';
import { createTask, listTasks } from './task.service';
import { CrmTestVault } from './testing/crm-test-vault';

/** The order a reader expects: Özdemir between Oz and Pa, Émile among the E's, then 李 (li) < 王 (wang) < 张 (zhang). */
const expected = ['Ångström', 'Émile', 'eve', 'Eve', 'Oz', 'Özdemir', 'Pa', 'Zimmermann', '李娜', '王芳', '张伟'];

describe('lists by name (real vault)', () => {
  let db: CrmTestVault;
  let made: Contact[];

  beforeAll(async () => {
    db = await CrmTestVault.create();
    // Created in an order unlike the expected one, two by one bulk write, the rest one at a time.
    const [first, ...rest] = ['张伟', 'Zimmermann', 'Pa', 'Özdemir', 'Eve', '王芳', 'Émile', 'Oz', 'eve', '李娜', 'Ångström'];
    made = await db.write((tx, now) => createContacts(tx, [ContactDraft.parse({ name: first }), ContactDraft.parse({ name: 'Placeholder' })], now));
    for (const name of rest) made.push(await db.write((tx, now) => createContact(tx, ContactDraft.parse({ name }), now)));
  }, 60_000);

  afterAll(async () => {
    await db?.dispose();
  });

  /** Every page of the contact list, `limit` at a time, following the cursors. */
  async function allPages(input: z.input<typeof ContactListQuery>, limit: number): Promise<Contact[]> {
    const seen: Contact[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await db.read((tx) => listContacts(tx, ContactListQuery.parse({ ...input, limit, ...(after === undefined ? {} : { after }) })));
      seen.push(...page.items);
      if (page.next === null) return seen;
      after = page.next;
    }
  }

  const byName = (direction: 'asc' | 'desc') => ({ sort: { field: 'name' as const, direction } });

  it('sorts contacts as readers expect, across keyset pages, in both directions, ties by id', async () => {
    // The placeholder becomes Ärger: an edit writes the new key.
    const placeholder = made.find((contact) => contact.name === 'Placeholder');
    if (placeholder === undefined) throw new Error('no placeholder');
    await db.write((tx, now) => updateContact(tx, placeholder.id, { name: 'Ärger' }, now));
    const idOf = (name: string) => made.find((contact) => contact.name === name)?.id ?? name;
    // eve and Eve share a key: the one with the smaller id first.
    const eves = [idOf('eve'), idOf('Eve')].sort();
    const order = [idOf('Ångström'), placeholder.id, idOf('Émile'), ...eves, ...expected.slice(4).map(idOf)];
    const ids = (contacts: readonly Contact[]) => contacts.map((contact) => contact.id);

    expect(ids(await allPages(byName('asc'), 50))).toEqual(order);
    expect(ids(await allPages(byName('asc'), 2))).toEqual(order);
    expect(ids(await allPages(byName('desc'), 3))).toEqual([...order].reverse());
  });

  it('keeps the key through trash and restore, and the trash sorts by it too', async () => {
    const zhang = made.find((contact) => contact.name === '张伟');
    const ozdemir = made.find((contact) => contact.name === 'Özdemir');
    if (zhang === undefined || ozdemir === undefined) throw new Error('missing contacts');
    await db.write((tx, now) => deleteContact(tx, zhang.id, now));
    await db.write((tx, now) => deleteContact(tx, ozdemir.id, now));
    const trash = await db.read((tx) => listContacts(tx, ContactListQuery.parse({ ...byName('asc'), deleted: 'only' })));
    expect(trash.items.map((contact) => contact.name)).toEqual(['Özdemir', '张伟']);
    await db.write((tx, now) => restoreContact(tx, zhang.id, now));
    await db.write((tx, now) => restoreContact(tx, ozdemir.id, now));
    const live = await allPages(byName('asc'), 4);
    expect(live.map((contact) => contact.name).slice(-6)).toEqual(['Özdemir', 'Pa', 'Zimmermann', '李娜', '王芳', '张伟']);
  });

  it('sorts accounts, deals and tasks by the same keys', async () => {
    const names = ['Zeta GmbH', 'Öko Bau', 'Oberland AG', 'Pax', '上海贸易', '北京科技'];
    await db.write((tx, now) => createAccounts(tx, names.map((name) => AccountDraft.parse({ name })), now));
    const accounts = await db.read((tx) => listAccounts(tx, AccountListQuery.parse(byName('asc'))));
    // 北 (bei) < 上 (shang), after every Latin name.
    expect(accounts.items.map((account) => account.name)).toEqual(['Oberland AG', 'Öko Bau', 'Pax', 'Zeta GmbH', '北京科技', '上海贸易']);

    for (const name of ['Zugang', 'Éclair', 'Eagle', '王府井']) {
      await db.write((tx, now) => createDeal(tx, DealDraft.parse({ name, stageId: 'lead', currency: 'EUR', expectedCloseDate: '2026-03-01' }), now));
    }
    const deals = await db.read((tx) => listDeals(tx, DealListQuery.parse({ ...byName('asc'), filter: { stageKinds: ['open', 'won', 'lost'] } })));
    expect(deals.items.map((deal) => deal.name)).toEqual(['Eagle', 'Éclair', 'Zugang', '王府井']);

    for (const title of ['Zahlung prüfen', 'Überweisung', 'Anruf', '回电话']) await db.write((tx, now) => createTask(tx, TaskDraft.parse({ title }), now));
    const tasks = await db.read((tx) => listTasks(tx, TaskListQuery.parse({ sort: { field: 'title', direction: 'asc' }, filter: { statuses: ['open'] } })));
    expect(tasks.items.map((task) => task.title)).toEqual(['Anruf', 'Überweisung', 'Zahlung prüfen', '回电话']);
  });
});
