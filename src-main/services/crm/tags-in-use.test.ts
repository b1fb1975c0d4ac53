// The tags offered to a tag input (`<entity>.tagsInUse`), on the real vault:
// the tags of the entity's live records, most used first, each once whatever
// its case, at most twelve; trashed records and other entities' tags do not
// count, and only the most recently updated records are read.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccountDraft } from '../../../src-shared/domain/account';
import { tagsInUseOffered } from '../../../src-shared/domain/common';
import { ContactDraft } from '../../../src-shared/domain/contact';
import { createAccount } from './account.service';
import { createContact, createContacts, deleteContact, updateContact } from './contact.service';
import { CrmTestVault } from './testing/crm-test-vault';
import { tagsInUse, tagsInUseQuery, tagsInUseWindow } from './tags-in-use';

describe('tags in use (real vault)', () => {
  let db: CrmTestVault;
  beforeEach(async () => {
    db = await CrmTestVault.create();
  });
  afterEach(async () => {
    await db.dispose();
  });

  const contact = (name: string, tags: string[]) => db.write((tx, now) => createContact(tx, ContactDraft.parse({ name, tags }), now));

  it('ranks the tags of live records by use, folds their case, and leaves out trashed records and other entities', async () => {
    expect(await db.read((tx) => tagsInUse(tx, 'contacts'))).toEqual({ tags: [] });
    await contact('A', ['VIP', 'partner']);
    await contact('B', ['vip']);
    await contact('C', ['vip', 'Ärger']);
    await contact('D', ['ärger', 'partner']);
    await contact('E', ['ärger']);
    const trashed = await contact('F', ['trade show', 'partner']);
    await db.write((tx, now) => deleteContact(tx, trashed.id, now));
    await db.write((tx, now) => createAccount(tx, AccountDraft.parse({ name: 'Acme', tags: ['key account'] }), now));
    expect(await db.read((tx) => tagsInUse(tx, 'contacts'))).toEqual({ tags: ['vip', 'ärger', 'partner'] });
    expect(await db.read((tx) => tagsInUse(tx, 'accounts'))).toEqual({ tags: ['key account'] });
    expect(await db.read((tx) => tagsInUse(tx, 'deals'))).toEqual({ tags: [] });
  });

  it(`names at most ${tagsInUseOffered} tags, and counts only the ${tagsInUseWindow} records updated last`, async () => {
    // The oldest records carry a tag more often than any other, but fall outside the window once newer ones are written.
    const old = await db.write((tx, now) =>
      createContacts(tx, Array.from({ length: 400 }, (_, index) => ContactDraft.parse({ name: `Old ${index}`, tags: ['archive'] })), now),
    );
    await db.write((tx, now) =>
      createContacts(
        tx,
        Array.from({ length: tagsInUseWindow }, (_, index) => ContactDraft.parse({ name: `New ${index}`, tags: [`t${String(index % 15).padStart(2, '0')}`] })),
        now,
      ),
    );
    const { tags } = await db.read((tx) => tagsInUse(tx, 'contacts'));
    // t00–t04 tag 334 records each, t05–t14 333: the most used first, ties by spelling; 'archive' (400) is too old to count.
    expect(tags).toEqual(Array.from({ length: tagsInUseOffered }, (_, index) => `t${String(index).padStart(2, '0')}`));
    // The old records edited now are among the newest again, and their tag counts first.
    await db.write(async (tx, now) => {
      for (const record of old) await updateContact(tx, record.id, { tags: ['archive', 'revived'] }, now);
    });
    expect((await db.read((tx) => tagsInUse(tx, 'contacts'))).tags.slice(0, 2)).toEqual(['archive', 'revived']);
  });

  it('reads the tags of the records in the window only, through their index, for every entity', async () => {
    for (const entity of ['accounts', 'contacts', 'deals', 'activities', 'tasks'] as const) {
      const plan = await db.read(async (tx) => (await tx.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${tagsInUseQuery(entity)}`, [tagsInUseWindow])).map((row) => row.detail).join(' | '));
      // The window first, then each of its records' own tags (never a read of every tag of the entity).
      expect(plan, entity).toMatch(/SCAN r\b.*SCAN t VIRTUAL TABLE/);
      expect(plan, entity).not.toMatch(/record_tags/);
    }
  });
});
