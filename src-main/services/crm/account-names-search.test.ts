// Search by the account a record's subtitle names: a contact's and a deal's
// search entries hold their account's name (search/account-names.ts), kept
// in step when the account is renamed, trashed or restored, in the same
// transaction; and a record named so still ranks above one that only its
// account names.
import type { z } from 'zod';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccountDraft } from '../../../src-shared/domain/account';
import { ContactDraft } from '../../../src-shared/domain/contact';
import { DealDraft } from '../../../src-shared/domain/deal';
import { AccountId } from '../../../src-shared/domain/ids';
import { SearchQuery } from '../../../src-shared/search/search';
import { syncedEntities } from '../../../src-shared/sync/protocol';
import { searchRecords } from '../search/search.service';
import { createAccount, deleteAccount, restoreAccount, updateAccount } from './account.service';
import { createContact, updateContact } from './contact.service';
import { createDeal } from './deal.service';
import { CrmTestVault } from './testing/crm-test-vault';

describe('search by a record’s account name (real vault)', () => {
  let db: CrmTestVault;
  beforeEach(async () => {
    db = await CrmTestVault.create();
  });
  afterEach(async () => {
    await db.dispose();
  });

  const addAccount = async (name: string) => AccountId.parse((await db.write((tx, now) => createAccount(tx, AccountDraft.parse({ name }), now))).id);
  const addContact = (input: z.input<typeof ContactDraft>) => db.write((tx, now) => createContact(tx, ContactDraft.parse(input), now));
  const addDeal = (name: string, accountId: AccountId | null) =>
    db.write((tx, now) =>
      createDeal(tx, DealDraft.parse({ name, accountId, stageId: 'proposal', currency: 'EUR', amount: 1_000, expectedCloseDate: '2026-05-31' }), now),
    );
  const titles = async (text: string, candidateLimit?: number) =>
    (
      await db.read((tx) =>
        searchRecords(tx, SearchQuery.parse({ text, limit: 50 }), { readable: syncedEntities, ...(candidateLimit === undefined ? {} : { candidateLimit }) }),
      )
    ).map((hit) => hit.title);

  it('finds a deal and a contact by their account’s name with their own, and follows a rename, a trash and a restore', async () => {
    const acme = await addAccount('Acme');
    await addDeal('Renewal 2025', acme);
    await addDeal('Renewal 2025', null);
    const jane = await addContact({ name: 'Jane Doe', accountId: acme });
    await addContact({ name: 'Jane Roe' });
    expect(await titles('acme renewal')).toEqual(['Renewal 2025']);
    expect(await titles('acme jane')).toEqual(['Jane Doe']);

    await db.write((tx, now) => updateAccount(tx, acme, { name: 'Globex Corp' }, now));
    expect(await titles('acme renewal')).toEqual([]);
    expect(await titles('globex renewal')).toEqual(['Renewal 2025']);
    expect(await titles('corp jane')).toEqual(['Jane Doe']);

    // Trashed, the account's name is not shown in the subtitle, and no longer finds its records.
    await db.write((tx, now) => deleteAccount(tx, acme, now));
    expect(await titles('globex jane')).toEqual([]);
    await db.write((tx, now) => restoreAccount(tx, acme, now));
    expect(await titles('globex jane')).toEqual(['Jane Doe']);

    // A contact moved to another account takes that account's name.
    const initech = await addAccount('Initech');
    await db.write((tx, now) => updateContact(tx, jane.id, { accountId: initech }, now));
    expect(await titles('globex jane')).toEqual([]);
    expect(await titles('initech jane')).toEqual(['Jane Doe']);
  });

  it('ranks records named by the query above records only their account names, also past the candidate limit', async () => {
    const acme = await addAccount('Acme');
    await addDeal('Renewal 2025', acme);
    for (const name of ['Jane Doe', 'Bo Li', 'Carl Kim']) await addContact({ name, accountId: acme });
    const other = await addAccount('Umbrella');
    // Older than the records of Acme, and named by the query.
    await addContact({ name: 'Acme Fan', accountId: other });
    await addDeal('Acme expansion', other);
    await addContact({ name: 'Latest Newcomer', accountId: acme });

    const named = ['Acme', 'Acme Fan', 'Acme expansion'];
    const onlyByAccount = ['Jane Doe', 'Bo Li', 'Carl Kim', 'Latest Newcomer', 'Renewal 2025'];
    for (const candidateLimit of [undefined, 2]) {
      const found = await titles('acme', candidateLimit);
      expect(found.slice(0, 3)).toEqual(named);
      expect(found.slice(3).sort()).toEqual([...onlyByAccount].sort());
    }
  });
});
