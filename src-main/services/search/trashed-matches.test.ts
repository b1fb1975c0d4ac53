// Trashed records a search would have found, on a real vault, trashed and
// restored through the contact and account services (which take a trashed
// record's entry out of the search index and put it back on a restore).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccountDraft } from '../../../src-shared/domain/account';
import { ContactDraft } from '../../../src-shared/domain/contact';
import { SearchQuery, SearchResult, trashedCountCap } from '../../../src-shared/search/search';
import { syncedEntities, type SyncedEntity } from '../../../src-shared/sync/protocol';
import { createAccount, deleteAccount } from '../crm/account.service';
import { createContact, createContacts, deleteContact, deleteContacts, restoreContact } from '../crm/contact.service';
import { CrmTestVault } from '../crm/testing/crm-test-vault';
import { searchWithTrash } from './trashed-matches';

describe('search: matches in the trash (real vault)', () => {
  let db: CrmTestVault;
  beforeEach(async () => {
    db = await CrmTestVault.create();
  });
  afterEach(async () => {
    await db.dispose();
  });

  const search = async (text: string, limit = 31, readable: readonly SyncedEntity[] = syncedEntities) =>
    SearchResult.parse(await db.read((tx) => searchWithTrash(tx, SearchQuery.parse({ text, limit }), { readable })));
  const addContact = (name: string, emails: string[] = []) => db.write((tx, now) => createContact(tx, ContactDraft.parse({ name, emails }), now));

  it('counts a trashed contact that matches instead of finding it, and finds it again once restored', async () => {
    const beatrix = await addContact('Beatrix Kiddo', ['b.kiddo@bride.example']);
    await addContact('Bill Budd');
    await db.write((tx, now) => deleteContact(tx, beatrix.id, now));

    expect(await search('beat')).toEqual({ hits: [], trashed: [{ entity: 'contacts', count: 1 }] });
    // Any word of the name, and of an email, by its start, as the index matches them.
    expect((await search('kid')).trashed).toEqual([{ entity: 'contacts', count: 1 }]);
    expect((await search('bride')).trashed).toEqual([{ entity: 'contacts', count: 1 }]);
    expect((await search('BEA KID')).trashed).toEqual([{ entity: 'contacts', count: 1 }]);
    // Not a stretch inside a word, nor when a word typed is in no word of it.
    expect(await search('eatrix')).toEqual({ hits: [] });
    expect(await search('beat bill')).toEqual({ hits: [] });
    // A live match and a trashed one: both said.
    const b = await search('b');
    expect(b.hits.map((hit) => hit.title)).toEqual(['Bill Budd']);
    expect(b.trashed).toEqual([{ entity: 'contacts', count: 1 }]);

    await db.write((tx, now) => restoreContact(tx, beatrix.id, now));
    const restored = await search('beat');
    expect(restored.hits.map((hit) => [hit.entity, hit.id, hit.title])).toEqual([['contacts', beatrix.id, 'Beatrix Kiddo']]);
    expect(restored.trashed).toBeUndefined();
  });

  it('folds accents as the index does, both ways', async () => {
    const zoe = await addContact('Zoë Ångström');
    const jose = await addContact('Jose Plain');
    await db.write(async (tx, now) => {
      await deleteContact(tx, zoe.id, now);
      await deleteContact(tx, jose.id, now);
    });
    expect((await search('zoe angst')).trashed).toEqual([{ entity: 'contacts', count: 1 }]);
    expect((await search('josé')).trashed).toEqual([{ entity: 'contacts', count: 1 }]);
  });

  it('counts only while the live hits do not fill the page, only readable entities, and stops past the cap', async () => {
    const live = await addContact('Acme Buyer');
    const gone = await addContact('Acme Seller');
    const account = await db.write((tx, now) => createAccount(tx, AccountDraft.parse({ name: 'Acme Ltd' }), now));
    await db.write(async (tx, now) => {
      await deleteContact(tx, gone.id, now);
      await deleteAccount(tx, account.id, now);
    });
    expect((await search('acme')).hits.map((hit) => hit.id)).toEqual([live.id]);
    expect((await search('acme')).trashed).toEqual([
      { entity: 'accounts', count: 1 },
      { entity: 'contacts', count: 1 },
    ]);
    const page = await search('acme', 1);
    expect(page.hits.map((hit) => hit.id)).toEqual([live.id]);
    expect(page.trashed).toBeUndefined();
    expect((await search('acme', 31, ['contacts'])).trashed).toEqual([{ entity: 'contacts', count: 1 }]);

    const clones = await db.write((tx, now) =>
      createContacts(tx, Array.from({ length: trashedCountCap + 20 }, (_, index) => ContactDraft.parse({ name: `Clone ${String(index)}` })), now),
    );
    await db.write((tx, now) => deleteContacts(tx, clones.map((clone) => clone.id), now));
    expect(await search('clone')).toEqual({ hits: [], trashed: [{ entity: 'contacts', count: trashedCountCap + 1 }] });
  });
});
