// The records a new one would duplicate (`<entity>.lookAlikes`), on the real
// vault and its search index: a contact sharing an email address (any case)
// or a phone number (any grouping, with or without the country code), an
// account sharing its name (case, accents and spacing folded), a deal sharing
// its name and its account; never a record that merely shares words, nor a
// trashed one; at most five, email first.
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccountDraft } from '../../../src-shared/domain/account';
import { LookAlikeQuery, lookAlikesShown } from '../../../src-shared/domain/look-alikes';
import { ContactDraft } from '../../../src-shared/domain/contact';
import { DealDraft } from '../../../src-shared/domain/deal';
import { indexText } from '../../../src-shared/search/search-text';
import { nameKey } from '../transfer/duplicate-keys';
import { createAccount } from './account.service';
import { createContact, createContacts, deleteContact } from './contact.service';
import { createDeal, deleteDeal } from './deal.service';
import { candidatesQuery, lookAlikes, nameCandidatesQuery } from './look-alikes';
import { CrmTestVault } from './testing/crm-test-vault';

describe('look-alikes of a new record (real vault)', () => {
  let db: CrmTestVault;
  beforeEach(async () => {
    db = await CrmTestVault.create();
  });
  afterEach(async () => {
    await db.dispose();
  });

  const contact = (name: string, emails: string[], phones: string[] = []) => db.write((tx, now) => createContact(tx, ContactDraft.parse({ name, emails, phones }), now));
  const named = async (entity: 'contacts' | 'accounts' | 'deals', input: object) =>
    (await db.read((tx) => lookAlikes(tx, entity, LookAlikeQuery.parse(input)))).records.map(({ name, by }) => `${name} by ${by}`);

  it('names the contacts sharing an email address or a phone number, however written, and no contact that only shares words', async () => {
    const ada = await contact('Ada Lovelace', ['ada@example.org'], ['+44 20 7946 0001']);
    await contact('Ada Example', ['ada.example@org.example', 'ada@example.org.uk']);
    await contact('Org Ada', ['org@example.ada']);
    await contact('Other Number', [], ['+44 20 7946 0002']);
    expect(await named('contacts', { emails: ['ADA@Example.org '] })).toEqual(['Ada Lovelace by email']);
    expect(await named('contacts', { phones: ['020 7946 0001'] })).toEqual(['Ada Lovelace by phone']);
    expect(await named('contacts', { phones: ['0044 (0)20 79460001'] })).toEqual(['Ada Lovelace by phone']);
    // An address and a number of the same person: named once, by the address.
    expect(await db.read((tx) => lookAlikes(tx, 'contacts', LookAlikeQuery.parse({ emails: ['ada@example.org'], phones: ['+44 20 7946 0001'] })))).toEqual({
      records: [{ id: ada.id, name: 'Ada Lovelace', by: 'email' }],
    });
    // Edited in place, a contact is not its own look-alike; another one sharing the key still is.
    expect(await named('contacts', { emails: ['ada@example.org'], except: ada.id })).toEqual([]);
    const twin = await contact('Ada Twin', ['ADA@example.org']);
    expect(await named('contacts', { emails: ['ada@example.org'], except: ada.id })).toEqual(['Ada Twin by email']);
    expect(await named('contacts', { emails: ['ada@example.org'], except: twin.id })).toEqual(['Ada Lovelace by email']);
    await db.write((tx, now) => deleteContact(tx, twin.id, now));
    // The name is no key for a contact; a part of an address, or too few digits, finds nothing.
    expect(await named('contacts', { name: 'Ada Lovelace', emails: ['ada@example'], phones: ['7946'] })).toEqual([]);
    // Trashed: no longer a duplicate.
    await db.write((tx, now) => deleteContact(tx, ada.id, now));
    expect(await named('contacts', { emails: ['ada@example.org'] })).toEqual([]);
  });

  it('names the accounts of the same name, case, accents and spacing folded, in Chinese too', async () => {
    await db.write((tx, now) => createAccount(tx, AccountDraft.parse({ name: 'Café  Müller GmbH' }), now));
    await db.write((tx, now) => createAccount(tx, AccountDraft.parse({ name: 'Müller GmbH' }), now));
    await db.write((tx, now) => createAccount(tx, AccountDraft.parse({ name: '阿里巴巴' }), now));
    expect(await named('accounts', { name: 'cafe muller gmbh' })).toEqual(['Café  Müller GmbH by name']);
    expect(await named('accounts', { name: 'CAFÉ MÜLLER GMBH ' })).toEqual(['Café  Müller GmbH by name']);
    expect(await named('accounts', { name: 'Cafe Muller' })).toEqual([]);
    expect(await named('accounts', { name: 'Müller' })).toEqual([]);
    expect(await named('accounts', { name: '阿里巴巴' })).toEqual(['阿里巴巴 by name']);
    expect(await named('accounts', { name: '  ' })).toEqual([]);
    const [chinese] = (await db.read((tx) => lookAlikes(tx, 'accounts', LookAlikeQuery.parse({ name: '阿里巴巴' })))).records;
    expect(await named('accounts', { name: '阿里巴巴', except: chinese?.id })).toEqual([]);
  });

  it('names the deals of the same name and account, folded, and not those of another account or a trashed one', async () => {
    const acme = await db.write((tx, now) => createAccount(tx, AccountDraft.parse({ name: 'Acme' }), now));
    const other = await db.write((tx, now) => createAccount(tx, AccountDraft.parse({ name: 'Other' }), now));
    const deal = (name: string, accountId: string | null) => db.write((tx, now) => createDeal(tx, DealDraft.parse({ name, accountId, stageId: 'lead', currency: 'EUR', expectedCloseDate: '2027-03-31' }), now));
    const renewal = await deal('Renewal  2027', acme.id);
    await deal('Renewal 2027', other.id);
    await deal('Renewal 2027', null);
    await deal('Renewal 2027 extension', acme.id);
    const gone = await deal('Robots', acme.id);
    await db.write((tx, now) => deleteDeal(tx, gone.id, now));
    expect(await named('deals', { name: 'renewal 2027', accountId: acme.id })).toEqual(['Renewal  2027 by name']);
    // Of no account: the one of no account.
    expect(await db.read((tx) => lookAlikes(tx, 'deals', LookAlikeQuery.parse({ name: 'Renewal 2027' })))).toEqual({
      records: [{ id: expect.any(String) as string, name: 'Renewal 2027', by: 'name' }],
    });
    expect(await named('deals', { name: 'Renewal', accountId: acme.id })).toEqual([]);
    expect(await named('deals', { name: 'Robots', accountId: acme.id })).toEqual([]);
    expect(await named('deals', { name: 'renewal 2027', accountId: acme.id, except: renewal.id })).toEqual([]);
    expect(await named('deals', { name: ' ', accountId: acme.id })).toEqual([]);
  });

  it('names the deal of the same name and account when more older deals holding its words, of other accounts or another name, are indexed than are compared', async () => {
    const draft = (name: string, accountId: string) => DealDraft.parse({ name, accountId, stageId: 'lead', currency: 'EUR', expectedCloseDate: '2027-03-31' });
    const customer = await db.write((tx, now) => createAccount(tx, AccountDraft.parse({ name: 'Customer X' }), now));
    await db.write(async (tx, now) => {
      for (let index = 0; index < 60; index += 1) {
        const account = await createAccount(tx, AccountDraft.parse({ name: `Customer ${index}` }), now);
        await createDeal(tx, draft('Renewal 2025', account.id), now);
        await createDeal(tx, draft(`Renewal 2025 phase ${index}`, customer.id), now);
      }
    });
    await db.write((tx, now) => createDeal(tx, draft('Renewal 2025', customer.id), now));
    expect(await named('deals', { name: 'renewal 2025', accountId: customer.id })).toEqual(['Renewal 2025 by name']);
  });

  it('names the account of the same name when more older accounts hold its word than are compared', async () => {
    await db.write(async (tx, now) => {
      for (let index = 0; index < 60; index += 1) await createAccount(tx, AccountDraft.parse({ name: `Siemens Branch ${index}` }), now);
    });
    await db.write((tx, now) => createAccount(tx, AccountDraft.parse({ name: 'Siemens' }), now));
    expect(await named('accounts', { name: 'SIEMENS' })).toEqual(['Siemens by name']);
  });

  it('reads a name under one index text for all the names of its key, so none is left out of the candidates (property)', () => {
    // Names of Latin, accented, CJK and digit pieces, joined by white space or a middle dot; typed in lower case with other white space.
    const piece = fc.constantFrom('Acme', 'MÜLLER', 'Straße', '王', '小明', 'ヤマダ', '020', '7946', '0018', '+44', '(0)', 'Ltd.', '株式会社', 'ﾊﾅｺ');
    const joint = fc.constantFrom(['', ''] as const, [' ', '  '] as const, ['\t', ' '] as const, ['\u00A0', ' '] as const, ['·', '·'] as const, [' · ', '\u3000·  '] as const);
    const spacing = fc.constantFrom('', ' ', '  ', '\u3000');
    fc.assert(
      fc.property(fc.array(fc.tuple(piece, joint), { minLength: 1, maxLength: 6 }), spacing, spacing, (parts, before, after) => {
        const name = parts.map(([text, [joint]]) => `${text}${joint}`).join('');
        const typed = `${before}${parts.map(([text, [, joint]]) => `${text.toLowerCase()}${joint}`).join('')}${after}`;
        if (nameKey(name) === nameKey(typed)) expect(indexText(typed)).toBe(indexText(name));
      }),
      { numRuns: 1000 },
    );
  });

  it(`names at most ${lookAlikesShown}, though more share the key`, async () => {
    await db.write((tx, now) => createContacts(tx, Array.from({ length: 8 }, (_, index) => ContactDraft.parse({ name: `Front Desk ${index}`, emails: ['desk@hotel.example'] })), now));
    expect(await named('contacts', { emails: ['desk@hotel.example'] })).toEqual(Array.from({ length: lookAlikesShown }, (_, index) => `Front Desk ${index} by email`));
  });

  it('takes search syntax typed into a key as text: nothing found, nothing thrown', async () => {
    await contact('Quote Person', ['a@b.example'], ['+1 206 555 1111']);
    expect(await named('contacts', { emails: ['"a" OR "b"', 'NEAR(a b)', '*@*', 'a" OR "b.example'], phones: ['"2065551111" OR 1', '*'] })).toEqual([]);
    expect(await named('accounts', { name: '"Acme" OR *' })).toEqual([]);
  });

  it('reads the index matches first, each search doc by its id (never every doc of the entity)', async () => {
    const plan = await db.read(async (tx) => (await tx.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${candidatesQuery}`, ['"ada example org"', 'contacts', 50])).map((row) => row.detail).join(' | '));
    expect(plan).toMatch(/^SCAN f VIRTUAL TABLE INDEX \d+:.* \| SEARCH d USING INTEGER PRIMARY KEY \(rowid=\?\)$/);
    // A name's: the same, and a deal's row by its id.
    expect(await db.plan(nameCandidatesQuery.accounts, ['"siemens"', 'siemens', null, 50])).toMatch(/^SCAN f VIRTUAL TABLE INDEX \d+:.* \| SEARCH d USING INTEGER PRIMARY KEY \(rowid=\?\)$/);
    expect(await db.plan(nameCandidatesQuery.deals, ['"renewal" "2025"', 'renewal 2025', null, null, 50])).toMatch(
      /^SCAN f VIRTUAL TABLE INDEX \d+:.* \| SEARCH d USING INTEGER PRIMARY KEY \(rowid=\?\) \| SEARCH r USING INDEX \S+ \(id=\?\)$/,
    );
  });
});
