import type { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountDraft } from '../../../src-shared/domain/account';
import { ContactDraft, ContactListQuery, type Contact } from '../../../src-shared/domain/contact';
import { createAccounts } from './account.service';
import { contactListRequest, contactTable } from './contact.repo';
import { createContacts, listContacts } from './contact.service';
import { buildListQuery, chooseConditionPlans } from './list-query';
import { CrmTestVault } from './testing/crm-test-vault';

// 2,000 contacts: enough rows that each filter plan is chosen by some query
// (the thresholds scale with the square root of the table's rows).
const total = 2_000;
const batches = 40;

describe('list plans chosen by match count (real vault)', () => {
  let db: CrmTestVault;
  let all: Contact[];
  let narrowAccountId: string;
  let wideAccountId: string;
  const firstBatchAt: number[] = [];

  beforeAll(async () => {
    db = await CrmTestVault.create();
    const [big, small] = await db.write((tx, now) =>
      createAccounts(tx, [AccountDraft.parse({ name: 'Big', territory: 'Wide' }), AccountDraft.parse({ name: 'Small', territory: 'Narrow' })], now),
    );
    if (big === undefined || small === undefined) throw new Error('no accounts');
    narrowAccountId = small.id;
    wideAccountId = big.id;
    all = [];
    const perBatch = total / batches;
    for (let batch = 0; batch < batches; batch += 1) {
      const drafts = Array.from({ length: perBatch }, (_, offset) => {
        const index = batch * perBatch + offset;
        const tags = ['everyone', ...(index % 10 === 0 ? ['some'] : []), ...(index % 200 === 0 ? ['few'] : []), ...(index % 80 === 0 ? ['couple'] : [])];
        // A common and a rare tag spelled in two cases outside ASCII, which SQLite's NOCASE and LIKE do not fold.
        if (index % 10 === 5) tags.push(index % 20 === 5 ? 'Ärzte' : 'ÄRZTE');
        if (index % 200 === 7) tags.push(index % 400 === 7 ? 'Öffentlich' : 'öffentlich');
        // Names out of creation order, mixed case: the sort is the index's (NOCASE), not insertion.
        const name = `${index % 2 === 0 ? 'c' : 'C'}ontact ${String((index * 7919) % total).padStart(4, '0')}`;
        return ContactDraft.parse({ name, tags, accountId: index % 400 === 0 ? small.id : big.id });
      });
      const made = await db.write((tx, now) => {
        firstBatchAt.push(now);
        return createContacts(tx, drafts, now);
      });
      all.push(...made);
    }
    // Near misses for the tags column test: another tag that contains the quoted tag, and the tag in other case.
    all.push(
      ...(await db.write((tx, now) =>
        createContacts(tx, [ContactDraft.parse({ name: 'Zed Lookalike', tags: ['a"some'] }), ContactDraft.parse({ name: 'Zed Upper', tags: ['SoMe'] })], now),
      )),
    );
  }, 120_000);

  afterAll(async () => {
    await db?.dispose();
  });

  /** The expected page: the filter applied to every contact, sorted as the name index sorts (ASCII case folded, then id). */
  function expected(keep: (contact: Contact) => boolean): string[] {
    const key = (contact: Contact) => contact.name.toLowerCase();
    return all
      .filter(keep)
      .sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.id < b.id ? -1 : 1))
      .slice(0, 50)
      .map((contact) => contact.id);
  }

  const tagged = (tag: string) => (contact: Contact) => contact.tags.some((each) => each.toLowerCase() === tag);

  async function chosen(input: z.input<typeof ContactListQuery>): Promise<{ sql: string; ids: string[] }> {
    const query = ContactListQuery.parse(input);
    const request = await db.read((tx) => chooseConditionPlans(tx, contactListRequest(query), 'contacts'));
    const page = await db.read((tx) => listContacts(tx, query));
    return { sql: buildListQuery(contactTable, request).sql, ids: page.items.map((item) => item.id) };
  }

  it('drives a rare tag from record_tags and reads only the page rows', async () => {
    const { sql, ids } = await chosen({ filter: { tags: ['few'] } });
    expect(sql).toMatch(/WHERE rowid IN \(SELECT rowid FROM contacts INDEXED BY contacts_live_id WHERE .*id IN \(SELECT record_id FROM record_tags/);
    expect(ids).toEqual(expected(tagged('few')));
  });

  it('walks the name index for a common tag, testing the tags column and confirming in record_tags', async () => {
    const { sql, ids } = await chosen({ filter: { tags: ['some'] } });
    expect(sql).toMatch(/tags LIKE \? ESCAPE '\\' AND EXISTS \(SELECT 1 FROM record_tags AS t WHERE t.entity = \? AND t.tag = \? AND t.record_id = contacts.id\)/);
    expect(sql).not.toMatch(/rowid IN/);
    expect(ids).toEqual(expected(tagged('some')));
    // Following the cursor to the end finds every tagged contact, the other-case one too, and not the look-alike.
    const seen: string[] = [];
    let after: string | undefined;
    do {
      const page = await db.read((tx) => listContacts(tx, ContactListQuery.parse({ filter: { tags: ['some'] }, limit: 200, after })));
      seen.push(...page.items.map((item) => item.id));
      after = page.next ?? undefined;
    } while (after !== undefined);
    expect(seen.length).toBe(all.filter(tagged('some')).length);
    expect(seen).toContain(all.find((contact) => contact.name === 'Zed Upper')?.id);
    expect(seen).not.toContain(all.find((contact) => contact.name === 'Zed Lookalike')?.id);
  });

  it('folds the case of a tag outside ASCII, by the index walk and from record_tags alike', async () => {
    const common = await chosen({ filter: { tags: ['ärzte'] } });
    expect(common.sql).toMatch(/tags LIKE \? ESCAPE/);
    expect(common.ids).toEqual(expected(tagged('ärzte')));
    expect(common.ids.some((id) => all.find((contact) => contact.id === id)?.tags.includes('ÄRZTE'))).toBe(true);
    expect(common.ids.some((id) => all.find((contact) => contact.id === id)?.tags.includes('Ärzte'))).toBe(true);
    const rare = await chosen({ filter: { tags: ['ÖFFENTLICH'] } });
    expect(rare.sql).toMatch(/WHERE rowid IN \(SELECT rowid FROM contacts INDEXED BY contacts_live_id WHERE .*id IN \(SELECT record_id FROM record_tags/);
    expect(rare.ids).toEqual(expected(tagged('öffentlich')));
    expect(rare.ids).toHaveLength(all.filter(tagged('öffentlich')).length);
  });

  it('combines a tag everyone has with a common one', async () => {
    const { ids } = await chosen({ filter: { tags: ['everyone', 'some'] } });
    expect(ids).toEqual(expected((contact) => tagged('everyone')(contact) && tagged('some')(contact)));
  });

  it("lists a territory by name from its own index, and tests it on the rows of a filter that drives", async () => {
    const plan = async (sql: string, params: readonly unknown[]) =>
      (await db.read((tx) => tx.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql}`, params as never))).map((row) => row.detail).join(' | ');
    for (const territory of ['Wide', 'Narrow']) {
      const accountId = territory === 'Narrow' ? narrowAccountId : wideAccountId;
      // By name, the territory's index yields the order: no count, no sort, a common tag tested on its entries.
      const query = ContactListQuery.parse({ filter: { territory, tags: ['some'] } });
      const request = await db.read((tx) => chooseConditionPlans(tx, contactListRequest(query), 'contacts'));
      const built = buildListQuery(contactTable, request);
      expect(built.sql, territory).toMatch(/ account_territory = \?/);
      expect(built.sql, territory).not.toMatch(/rowid IN/);
      const detail = await plan(built.sql, built.params);
      expect(detail, territory).toMatch(/USING (COVERING )?INDEX contacts_live_territory/);
      expect(detail, territory).not.toMatch(/TEMP B-TREE/);
      expect(built.sql, territory).toMatch(/tags LIKE \? ESCAPE/);
      const combined = await chosen({ filter: { territory, tags: ['some'] } });
      expect(combined.ids, territory).toEqual(expected((contact) => tagged('some')(contact) && contact.accountId === accountId));
      // A rare tag drives from record_tags; the territory is then tested on its few rows.
      const rare = await chosen({ filter: { territory, tags: ['few'] } });
      expect(rare.sql, territory).toMatch(/WHERE rowid IN \(SELECT rowid FROM contacts INDEXED BY contacts_live_id WHERE .*id IN \(SELECT record_id FROM record_tags/);
      expect(rare.sql, territory).toMatch(/\+account_territory = \?/);
      expect(rare.ids, territory).toEqual(expected((contact) => tagged('few')(contact) && contact.accountId === accountId));
    }
    // Newest first: the territory of 5 contacts drives from its index; the one of nearly all walks the updated order.
    const newest = { field: 'updatedAt', direction: 'desc' } as const;
    expect((await chosen({ sort: newest, filter: { territory: 'Narrow' } })).sql).toMatch(/WHERE rowid IN \(SELECT rowid FROM contacts WHERE deleted_at IS NULL AND account_territory = \?/);
    expect((await chosen({ sort: newest, filter: { territory: 'Wide' } })).sql).toMatch(/\+account_territory = \?/);
  });

  it('drives a narrow date range from its index and walks the name order for a wide one', async () => {
    const oneBatch = { from: firstBatchAt[3] ?? 0, to: firstBatchAt[3] ?? 0 };
    const narrow = await chosen({ filter: { createdAt: oneBatch } });
    expect(narrow.sql).toMatch(/rowid IN \(SELECT rowid FROM contacts WHERE deleted_at IS NULL AND created_at >= \? AND created_at <= \?/);
    expect(narrow.ids).toEqual(expected((contact) => contact.createdAt === oneBatch.from));
    const wide = { from: firstBatchAt[2] ?? 0, to: firstBatchAt[37] ?? 0 };
    const walked = await chosen({ filter: { createdAt: wide } });
    expect(walked.sql).toMatch(/\+created_at >= \? AND \+created_at <= \?/);
    expect(walked.ids).toEqual(expected((contact) => contact.createdAt >= wide.from && contact.createdAt <= wide.to));
    // Sorted by the range's own column, the sort index serves the range: no choice, no probe.
    const byCreated = await chosen({ sort: { field: 'createdAt', direction: 'asc' }, filter: { createdAt: wide } });
    expect(byCreated.sql).not.toMatch(/\+created_at|rowid IN/);
  });

  it('returns the same contacts for a territory whichever plan runs, following cursors to the end', async () => {
    for (const territory of ['Wide', 'Narrow']) {
      const want = all
        .filter((contact) => contact.accountId === (territory === 'Narrow' ? narrowAccountId : wideAccountId))
        .map((contact) => contact.id)
        .sort();
      const seen: string[] = [];
      let after: string | undefined;
      do {
        const page = await db.read((tx) => listContacts(tx, ContactListQuery.parse({ filter: { territory }, limit: 200, after })));
        seen.push(...page.items.map((item) => item.id));
        after = page.next ?? undefined;
      } while (after !== undefined);
      expect([...seen].sort(), territory).toEqual(want);
    }
  });
});
