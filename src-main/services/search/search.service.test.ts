// The search service on a real vault: prefixes and accents, ranking of whole
// words and names, titles and permissions, removed records, FTS5 syntax typed,
// and a vault of 10,000 records. Scripts other than Latin are in
// search.scripts.test.ts, phone numbers in search.phones.test.ts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contactSearchTexts } from '../../../src-shared/search/record-texts';
import { SearchQuery } from '../../../src-shared/search/search';
import { maxQueryChars } from '../../../src-shared/search/search-text';
import { syncedEntities } from '../../../src-shared/sync/protocol';
import { uuid7 } from '../../vault/uuid7';
import { indexNewRecords, removeFromIndex } from './search-index';
import { searchRecords } from './search.service';
import { addAccount, addContact, addDeal, addTask } from './testing/search-records';
import { useSearchService } from './testing/search-service';

const meta = "'local-owner', 1, 'local-owner', 2, 'local-owner'";

describe('global search service', () => {
  const { connection, search, titles } = useSearchService();

  it('matches word prefixes from the first character, ignoring case', async () => {
    await connection.write(async (tx) => {
      await addContact(tx, { name: 'Ada Lovelace' });
      await addContact(tx, { name: 'Charles Babbage' });
    });
    expect(await titles('a')).toEqual(['Ada Lovelace']);
    expect(await titles('l')).toEqual(['Ada Lovelace']);
    expect(await titles('LOVEL')).toEqual(['Ada Lovelace']);
    expect(await titles('b')).toEqual(['Charles Babbage']);
    expect(await titles('ch bab')).toEqual(['Charles Babbage']);
    expect(await titles('ch lov')).toEqual([]);
    expect(await titles('ovelace')).toEqual([]);
  });

  it('folds accents both ways: José by jose, Jose by josé, Zoë by zoe, Ångström by angst', async () => {
    await connection.write(async (tx) => {
      await addContact(tx, { name: 'José Álvarez' });
      await addContact(tx, { name: 'Jose Plain' });
      await addContact(tx, { name: 'Zoë Ångström' });
    });
    expect((await titles('jose')).sort()).toEqual(['Jose Plain', 'José Álvarez']);
    expect((await titles('josé')).sort()).toEqual(['Jose Plain', 'José Álvarez']);
    expect(await titles('ALVA')).toEqual(['José Álvarez']);
    expect(await titles('zoe angst')).toEqual(['Zoë Ångström']);
    // NFD input (decomposed accents, as macOS file names and some keyboards produce) matches too.
    expect(await titles('Jose\u0301 A\u0301l')).toEqual(['José Álvarez']);
  });

  it('ranks a whole-word name match above a longer name the word only starts, whatever else the records hold', async () => {
    await connection.write(async (tx) => {
      await addContact(tx, { name: 'Anna Berg', title: 'Head of buying', emails: ['anna.berg@nordic.example'], phones: ['+46 70 123 45 67'], tags: ['vip'] });
      await addContact(tx, { name: 'Annabelle Maria Theresa Fitzgerald' });
    });
    expect(await titles('anna')).toEqual(['Anna Berg', 'Annabelle Maria Theresa Fitzgerald']);
    expect(await titles('annab')).toEqual(['Annabelle Maria Theresa Fitzgerald']);
  });

  it('finds a short name among more newer names it starts than a pass ranks ("Li" among 250 Lisas)', async () => {
    await connection.write(async (tx) => {
      await addContact(tx, { name: 'Li' });
      await addContact(tx, { name: 'Wu Li' });
    });
    await connection.write(async (tx) => {
      for (let index = 0; index < 250; index += 1) await addContact(tx, { name: `Lisa Miller ${index}` });
    });
    const found = await titles('li');
    expect(found.slice(0, 2).sort()).toEqual(['Li', 'Wu Li']);
    expect(found.slice(2).every((title) => title.startsWith('Lisa Miller'))).toBe(true);
    expect(found).toHaveLength(50);
    // Past the first letters the pass is small enough for bm25 again.
    expect((await titles('wu li'))[0]).toBe('Wu Li');
  });

  it('ranks a name match above body matches (title, tags, email), even when those are newer', async () => {
    await connection.write(async (tx) => {
      await addContact(tx, { name: 'Berta Golfer' });
      await addContact(tx, { name: 'Carl Title', title: 'Golf golf golf coach' });
      await addContact(tx, { name: 'Dora Email', emails: ['golfclub@example.org'] });
      await addContact(tx, { name: 'Emil Tags', tags: ['golf', 'golfer'] });
    });
    const hits = await titles('golf');
    expect(hits[0]).toBe('Berta Golfer');
    expect(hits.slice(1).sort()).toEqual(['Carl Title', 'Dora Email', 'Emil Tags']);
  });

  it('finds contacts by email, phone digits and job title', async () => {
    await connection.write(async (tx) => {
      await addContact(tx, { name: 'Pat', title: 'Procurement lead', emails: ['pat@buyers.example'], phones: ['+44 7700 900123'] });
    });
    expect(await titles('buyers')).toEqual(['Pat']);
    expect(await titles('procure')).toEqual(['Pat']);
    expect(await titles('7700')).toEqual(['Pat']);
    expect(await titles('447700900')).toEqual(['Pat']);
  });

  it('shows title and subtitle from the records, limits entities and respects read permissions', async () => {
    let accountId = '';
    let contactId = '';
    let dealId = '';
    await connection.write(async (tx) => {
      accountId = await addAccount(tx, 'Acme Robotics', 'Manufacturing');
      contactId = await addContact(tx, { name: 'Acme Buyer', title: 'Buyer', accountId });
      dealId = await addDeal(tx, 'Acme renewal', accountId);
    });
    const all = await search('acme');
    expect(all).toHaveLength(3);
    expect(all).toEqual(
      expect.arrayContaining([
        { entity: 'accounts', id: accountId, title: 'Acme Robotics', subtitle: ['Manufacturing'] },
        { entity: 'contacts', id: contactId, title: 'Acme Buyer', subtitle: ['Buyer', 'Acme Robotics'] },
        { entity: 'deals', id: dealId, title: 'Acme renewal', subtitle: ['Acme Robotics'], deal: { stageId: 'lead', stageName: 'Lead', amount: 100, currency: 'EUR' } },
      ]),
    );
    expect(Object.keys(all[0] ?? {}).sort()).toEqual(['entity', 'id', 'subtitle', 'title']);
    expect((await search('acme', { entities: ['deals'] })).map((hit) => hit.id)).toEqual([dealId]);
    expect((await search('acme', { readable: ['contacts', 'accounts'] })).map((hit) => hit.entity).sort()).toEqual(['accounts', 'contacts']);
    expect(await search('acme', { readable: ['contacts'], entities: ['deals'] })).toEqual([]);
    // A subtitle part read from an entity the caller may not read (the contact's account) is left out.
    expect(await search('acme', { readable: ['contacts'] })).toEqual([{ entity: 'contacts', id: contactId, title: 'Acme Buyer', subtitle: ['Buyer'] }]);
    expect(await search('acme', { readable: ['deals'] })).toEqual([{ entity: 'deals', id: dealId, title: 'Acme renewal', subtitle: [], deal: { stageId: 'lead', stageName: 'Lead', amount: 100, currency: 'EUR' } }]);
    expect(await search('acme', { readable: [] })).toEqual([]);
  });

  it('gives a hit’s subtitle as its values, a value holding " · " (or only blanks) kept whole (or left out)', async () => {
    let contactId = '';
    let accountId = '';
    let taskId = '';
    await connection.write(async (tx) => {
      accountId = await addAccount(tx, 'Nordlicht · Berlin GmbH', 'Sales · Service');
      contactId = await addContact(tx, { name: 'Dot Person', title: 'Head · EMEA', accountId });
      await addContact(tx, { name: 'Dot Blank', title: '   ', accountId });
      taskId = await addTask(tx, 'Dot follow-up', contactId);
    });
    const hits = await search('dot');
    expect(new Map(hits.map((hit) => [hit.id, hit.subtitle]))).toEqual(
      new Map([
        [contactId, ['Head · EMEA', 'Nordlicht · Berlin GmbH']],
        [hits.find((hit) => hit.title === 'Dot Blank')?.id, ['Nordlicht · Berlin GmbH']],
        [taskId, ['Dot Person']],
      ]),
    );
    expect((await search('nordlicht', { entities: ['accounts'] })).map((hit) => [hit.id, hit.subtitle])).toEqual([[accountId, ['Sales · Service']]]);
  });

  it('tells deals of one name apart by their stage and amount, the stage as the pipeline names it', async () => {
    let lost = '';
    let negotiating = '';
    let gone = '';
    await connection.write(async (tx) => {
      const accountId = await addAccount(tx, 'Vauban Logistique');
      lost = await addDeal(tx, 'Site survey and installation', accountId);
      negotiating = await addDeal(tx, 'Site survey and installation', accountId);
      gone = await addDeal(tx, 'Site survey and installation', accountId);
      await tx.run("UPDATE deals SET stage_id = 'lost', probability = 0, amount = 1960000 WHERE id = ?", [lost]);
      await tx.run("UPDATE deals SET stage_id = 'negotiation', probability = 75, amount = 4630000, currency = 'JPY' WHERE id = ?", [negotiating]);
      await tx.run("UPDATE deals SET stage_id = 'retired' WHERE id = ?", [gone]);
      await tx.run("UPDATE pipeline_stages SET name = 'Verhandlung' WHERE id = 'negotiation'");
    });
    const hits = await search('site survey', { entities: ['deals'] });
    expect(new Map(hits.map((hit) => [hit.id, [hit.subtitle, hit.deal]]))).toEqual(
      new Map([
        [lost, [['Vauban Logistique'], { stageId: 'lost', stageName: 'Lost', amount: 1_960_000, currency: 'EUR' }]],
        [negotiating, [['Vauban Logistique'], { stageId: 'negotiation', stageName: 'Verhandlung', amount: 4_630_000, currency: 'JPY' }]],
        [gone, [['Vauban Logistique'], { stageId: 'retired', stageName: null, amount: 100, currency: 'EUR' }]],
      ]),
    );
  });

  it('drops removed and trashed records', async () => {
    let gone = '';
    let trashed = '';
    await connection.write(async (tx) => {
      gone = await addContact(tx, { name: 'Gone Person' });
      trashed = await addContact(tx, { name: 'Gone Trashed' });
      await addContact(tx, { name: 'Gone Staying' });
    });
    await connection.write(async (tx) => {
      await removeFromIndex(tx, 'contacts', gone);
      // Trash without touching the index: the hit is still dropped because the record is not live.
      await tx.run('UPDATE contacts SET deleted_at = 9 WHERE id = ?', [trashed]);
    });
    expect(await titles('gone')).toEqual(['Gone Staying']);
  });

  it('treats FTS5 syntax in the query as plain text', async () => {
    await connection.write(async (tx) => {
      await addContact(tx, { name: 'Near Andor Notary' });
    });
    for (const text of ['"', '""', '*', 'NEAR(', 'near(a b)', 'AND', 'OR OR', 'NOT x', '^', 'a:b', '{name}', '(', ')', "'", '-', '+', '\\']) {
      await expect(search(text)).resolves.toBeInstanceOf(Array);
    }
    expect(await titles('near(')).toEqual(['Near Andor Notary']);
    expect(await titles('and')).toEqual(['Near Andor Notary']);
    expect(await titles('   ')).toEqual([]);
    expect(await titles('!!!')).toEqual([]);
  });

  it('searches for every word typed, never a part of the query: the channel refuses a longer one', async () => {
    const twelve = 'alpha bravo charlie delta echo foxtrot golf hotel india juliett kilo lima';
    await connection.write(async (tx) => {
      await addContact(tx, { name: 'Twelve Words', title: twelve });
      await addContact(tx, { name: 'Thirteen Words', title: `${twelve} mike` });
    });
    expect((await titles(twelve)).sort()).toEqual(['Thirteen Words', 'Twelve Words']);
    // The thirteenth word typed counts: only the record holding it.
    expect(await titles(`${twelve} mike`)).toEqual(['Thirteen Words']);
    expect(await titles(`${twelve} mike zulu`)).toEqual([]);
    // Past the channel's limit the schema refuses the query; searched anyway (a caller that did not parse it), it is searched whole.
    const long = `${'words '.repeat(34)}zulu`;
    expect(long.length).toBeGreaterThan(maxQueryChars);
    expect(SearchQuery.safeParse({ text: long }).error?.issues.map((issue) => issue.message)).toEqual([`Search for at most ${maxQueryChars} characters`]);
    const hits = await connection.read((tx) => searchRecords(tx, { text: long, limit: 20 }, { readable: syncedEntities }));
    expect(hits).toEqual([]);
  });

  it('answers any typed text without an FTS5 error (property)', async () => {
    await connection.write(async (tx) => {
      await addContact(tx, { name: 'Quentin "Q" O\'Neil-Smith', emails: ['q@example.org'] });
    });
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme', maxLength: 40 }), async (text) => {
        await expect(search(text)).resolves.toBeInstanceOf(Array);
      }),
      { numRuns: 300 },
    );
    expect(await titles('o\'neil')).toEqual(['Quentin "Q" O\'Neil-Smith']);
    expect(await titles('"q"')).toEqual(['Quentin "Q" O\'Neil-Smith']);
  });

  it('answers over 10,000 records with correct hits (speed is measured by the benchmark)', async () => {
    const first = ['Anna', 'Bruno', 'Chen', 'Dalia', 'Emil', 'Farah', 'Goro', 'Hana', '王', '李', '山田'];
    await connection.write(async (tx) => {
      const rows: { id: string; texts: string[] }[] = [];
      for (let index = 0; index < 10_000; index += 1) {
        const id = uuid7();
        const name = `${first[index % first.length] ?? ''} Person${index}`;
        const emails = [`p${index}@example.org`];
        await tx.run(`INSERT INTO contacts (id, name, emails, owner_id, created_at, created_by, updated_at, updated_by) VALUES (?, ?, ?, ${meta})`, [
          id,
          name,
          JSON.stringify(emails),
        ]);
        rows.push({ id, texts: contactSearchTexts({ name, title: '', emails, phones: [], address: { city: '', country: '' }, tags: [] }) });
      }
      await indexNewRecords(tx, 'contacts', rows);
    });
    expect(await connection.read((tx) => tx.get('SELECT count(*) AS n FROM search_docs'))).toEqual({ n: 10_000 });
    expect(await titles('person1234')).toEqual(['Chen Person1234']);
    const broad = await search('a', { limit: 50 });
    expect(broad).toHaveLength(50);
    expect(broad.every((hit) => hit.title.startsWith('Anna '))).toBe(true);
    const chinese = await search('王', { limit: 50 });
    expect(chinese).toHaveLength(50);
    expect(chinese.every((hit) => hit.title.startsWith('王'))).toBe(true);
    // A bounded candidate set still puts name matches first.
    const capped = await search('p', { limit: 20, candidateLimit: 30 });
    expect(capped).toHaveLength(20);
    expect(capped.every((hit) => hit.title.includes('Person'))).toBe(true);
  });
});
