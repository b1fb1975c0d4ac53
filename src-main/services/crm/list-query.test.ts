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
    expect(sql).toMatch(/WHERE rowid IN \(SELECT rowid FROM contacts WHERE .*id IN \(SELECT record_id FROM record_tags/);
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

  it('combines a tag everyone has with a common one', async () => {
    const { ids } = await chosen({ filter: { tags: ['everyone', 'some'] } });
    expect(ids).toEqual(expected((contact) => tagged('everyone')(contact) && tagged('some')(contact)));
  });

  it('lets a tag drive the query when it walks alone but not beside a territory that holds a share of the rows', async () => {
    // 25 contacts: alone, too many to drive from record_tags (the name walk finds 50 of them soon enough) …
    const alone = await chosen({ filter: { tags: ['couple'] } });
    expect(alone.sql).toMatch(/tags LIKE \? ESCAPE/);
    expect(alone.sql).not.toMatch(/rowid IN/);
    expect(alone.ids).toEqual(expected(tagged('couple')));
    // … but with a territory of half the accounts the walk would pass twice as many entries: the tag drives.
    for (const territory of ['Wide', 'Narrow']) {
      const combined = await chosen({ filter: { territory, tags: ['couple'] } });
      expect(combined.sql, territory).toMatch(/WHERE rowid IN \(SELECT rowid FROM contacts WHERE .*id IN \(SELECT record_id FROM record_tags/);
      const accountId = territory === 'Narrow' ? narrowAccountId : wideAccountId;
      expect(combined.ids, territory).toEqual(expected((contact) => tagged('couple')(contact) && contact.accountId === accountId));
    }
    // A common tag beside the same territory still walks.
    const common = await chosen({ filter: { territory: 'Wide', tags: ['some'] } });
    expect(common.sql).not.toMatch(/rowid IN/);
    expect(common.ids).toEqual(expected((contact) => tagged('some')(contact) && contact.accountId === wideAccountId));
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
