import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contactSearchTexts } from '../../../src-shared/search/record-texts';
import { SearchQuery } from '../../../src-shared/search/search';
import { syncedEntities, type SyncedEntity } from '../../../src-shared/sync/protocol';
import { Connection } from '../../vault/connection';
import { migrate } from '../../vault/migrate';
import { uuid7 } from '../../vault/uuid7';
import { indexNewRecords, removeFromIndex } from './search-index';
import { searchRecords } from './search.service';
import { addAccount, addContact, addDeal } from './testing/search-records';

const meta = "'local-owner', 1, 'local-owner', 2, 'local-owner'";

describe('global search service', () => {
  let dir: string;
  let connection: Connection;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'fieldvault-search-'));
    connection = await Connection.open(path.join(dir, 'vault.db'), randomBytes(32), { create: true });
    await migrate(connection);
  });

  afterEach(async () => {
    await connection.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function search(text: string, options: { entities?: SyncedEntity[]; readable?: readonly SyncedEntity[]; limit?: number; candidateLimit?: number } = {}) {
    const query = SearchQuery.parse({ text, limit: options.limit ?? 50, ...(options.entities ? { entities: options.entities } : {}) });
    return connection.read((tx) =>
      searchRecords(tx, query, { readable: options.readable ?? syncedEntities, ...(options.candidateLimit ? { candidateLimit: options.candidateLimit } : {}) }),
    );
  }
  const titles = async (text: string) => (await search(text)).map((hit) => hit.title);

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

  it('finds names in Hindi, Tamil, Bengali, Thai, Lao, Khmer and Myanmar by every prefix typed with their marks, composed or not (property)', async () => {
    const names = ['प्रिया शर्मा', 'हिन्दी', 'தமிழ்செல்வி கொற்றவை', 'সৌমিত্র চট্টোপাধ্যায়', 'สมศักดิ์ ใจดี', 'ป่าน สุขใจ', 'ສົມພອນ', 'សុខា ចាន់', 'အောင်ဆန်း', 'Résumé Writer'];
    await connection.write(async (tx) => {
      for (const name of names) await addContact(tx, { name });
    });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...names), fc.constantFrom('NFC', 'NFD'), fc.nat(), async (name, form, cut) => {
        // Typed a code point at a time from the first character: precomposed vowels (கொ, সৌ) or their parts.
        const typed = [...name.normalize(form)];
        const prefix = typed.slice(0, 1 + (cut % typed.length)).join('');
        expect(await titles(prefix), prefix).toContain(name);
      }),
      { numRuns: 300 },
    );
    // And by each word typed whole, last name first.
    expect(await titles('शर्मा प्रि')).toEqual(['प्रिया शर्मा']);
    expect(await titles('கொற்ற')).toEqual(['தமிழ்செல்வி கொற்றவை']);
    expect(await titles('ใจดี')).toEqual(['สมศักดิ์ ใจดี']);
    expect(await titles('resume')).toEqual(['Résumé Writer']);
    expect(await titles('résumé')).toEqual(['Résumé Writer']);
  });

  it('tells names apart that differ only by a vowel sign or a tone mark: कोमल and कमल, ป่าน and ปาน', async () => {
    await connection.write(async (tx) => {
      await addContact(tx, { name: 'कोमल' });
      await addContact(tx, { name: 'कमल' });
      await addContact(tx, { name: 'ป่าน สุขใจ' });
      await addContact(tx, { name: 'ปาน สุขใจ' });
    });
    expect(await titles('कोमल')).toEqual(['कोमल']);
    expect(await titles('कमल')).toEqual(['कमल']);
    expect(await titles('को')).toEqual(['कोमल']);
    expect((await titles('क')).sort()).toEqual(['कमल', 'कोमल']);
    // The tone mark comes straight after the first letter, so the name typed with it is no prefix of the other, nor the other way round.
    expect(await titles('ป่าน')).toEqual(['ป่าน สุขใจ']);
    expect(await titles('ป่')).toEqual(['ป่าน สุขใจ']);
    expect(await titles('ปาน')).toEqual(['ปาน สุขใจ']);
    expect((await titles('ป')).sort()).toEqual(['ปาน สุขใจ', 'ป่าน สุขใจ'].sort());
    expect((await titles('สุขใจ')).sort()).toEqual(['ปาน สุขใจ', 'ป่าน สุขใจ'].sort());
  });

  it('finds ज़फ़र by जफर: a nukta, combining or in a precomposed letter, is folded like an accent on either side', async () => {
    const combining = '\u091C\u093C\u092B\u093C\u0930 \u0916\u093C\u093E\u0928';
    const precomposed = '\u095B\u095E\u0930 \u0959\u093E\u0928 \u092C\u0947\u0917';
    await connection.write(async (tx) => {
      await addContact(tx, { name: combining });
      await addContact(tx, { name: precomposed });
      // Bengali বড়ুয়া with the precomposed RRA and YYA (U+09DC, U+09DF); a Gurmukhi title with the precomposed ZA (U+0A5B).
      await addContact(tx, { name: 'অমিত \u09AC\u09DC\u09C1\u09DF\u09BE', title: '\u0A5B\u0A4B\u0A30\u0A3E\u0A35\u0A30' });
    });
    expect((await titles('जफर')).sort()).toEqual([combining, precomposed].sort());
    expect((await titles('जफ')).sort()).toEqual([combining, precomposed].sort());
    expect((await titles('खान')).sort()).toEqual([combining, precomposed].sort());
    // Typed with the nukta, combining or precomposed, it finds both too.
    expect((await titles('\u095Bफ़र')).sort()).toEqual([combining, precomposed].sort());
    expect((await titles('ज़फ़र ख़ा')).sort()).toEqual([combining, precomposed].sort());
    expect(await titles('जफर बेग')).toEqual([precomposed]);
    // Bengali and Gurmukhi: found by their base letters, and by the nukta typed combining.
    const bengali = 'অমিত \u09AC\u09DC\u09C1\u09DF\u09BE';
    expect(await titles('\u09AC\u09A1\u09C1\u09AF\u09BE')).toEqual([bengali]);
    expect(await titles('\u09AC\u09A1\u09BC\u09C1')).toEqual([bengali]);
    expect(await titles('\u0A1C\u0A4B\u0A30\u0A3E')).toEqual([bengali]);
  });

  it('finds names with letters that have no accent to drop: Đặng by dang, Søren by soren, Straße by strasse', async () => {
    await connection.write(async (tx) => {
      await addContact(tx, { name: 'Đặng Văn Lâm' });
      await addContact(tx, { name: 'Søren Ørsted' });
      await addContact(tx, { name: 'Łukasz Kowalski', title: 'Straße der Pariser Kommune' });
    });
    expect(await titles('dang')).toEqual(['Đặng Văn Lâm']);
    expect(await titles('Đặng')).toEqual(['Đặng Văn Lâm']);
    expect(await titles('soren orst')).toEqual(['Søren Ørsted']);
    expect(await titles('søren')).toEqual(['Søren Ørsted']);
    expect(await titles('lukasz')).toEqual(['Łukasz Kowalski']);
    expect(await titles('strasse')).toEqual(['Łukasz Kowalski']);
    expect(await titles('straße')).toEqual(['Łukasz Kowalski']);
  });

  it('finds a phone number typed with another grouping than the one stored', async () => {
    await connection.write(async (tx) => {
      await addContact(tx, { name: 'Pat', phones: ['07700 900123'] });
      await addContact(tx, { name: 'Sam', phones: ['07700 900999'] });
    });
    expect(await titles('07700 900123')).toEqual(['Pat']);
    expect(await titles('0770 0900123')).toEqual(['Pat']);
    expect(await titles('077 009 001 23')).toEqual(['Pat']);
    expect((await titles('0770-0900')).sort()).toEqual(['Pat', 'Sam']);
    expect(await titles('0770 0900 5')).toEqual([]);
  });

  it('finds a phone number typed as digits without its country code, with its trunk 0, or as its local number', async () => {
    await connection.write(async (tx) => {
      await addContact(tx, { name: 'Seattle', phones: ['+1 206 555 1111'] });
      await addContact(tx, { name: 'Shanghai', phones: ['+86 138 1234 5678'] });
      await addContact(tx, { name: 'London', phones: ['+44 20 7946 0202'] });
      await addContact(tx, { name: 'Bracketed', phones: ['+44 (0)161 496 0303'] });
      await addContact(tx, { name: 'National', phones: ['(206) 555-2222'] });
      await addDeal(tx, 'Order 2079 renewal');
    });
    for (const typed of ['+1 206 555 1111', '206-555-1111', '(206) 555-1111', '+12065551111', '2065551111', '2065551', '5551111', '555-1111']) {
      expect(await titles(typed), typed).toEqual(['Seattle']);
    }
    for (const typed of ['13812345678', '+86 138 1234 5678', '8613812345678', '12345678', '138123']) expect(await titles(typed), typed).toEqual(['Shanghai']);
    for (const typed of ['02079460202', '2079460202', '020 7946 0202', '79460202', '9460202']) expect(await titles(typed), typed).toEqual(['London']);
    for (const typed of ['01614960303', '1614960303', '0161 496 0303', '+44 161 496 0303', '4960303']) expect(await titles(typed), typed).toEqual(['Bracketed']);
    // Stored without its country code, found typed with it.
    for (const typed of ['+1 206 555 2222', '+12065552222', '5552222']) expect(await titles(typed), typed).toEqual(['National']);
    // Fewer than six digits reach words only: the deal's 2079, not London's 2079460202, nor a local number's start.
    expect(await titles('2079')).toEqual(['Order 2079 renewal']);
    expect(await titles('94602')).toEqual([]);
    // Neither a middle stretch nor too long a number finds anything.
    expect(await titles('5551')).toEqual([]);
    expect(await titles('55511')).toEqual([]);
    expect(await titles('20655511119')).toEqual([]);
  });

  it('finds any number stored with its country code by its national number, trunk form and last 7 digits (property)', async () => {
    const codes = ['1', '7', '20', '33', '44', '49', '61', '81', '86', '91', '353', '852', '971'];
    const written = fc.record({
      code: fc.constantFrom(...codes),
      national: fc.stringMatching(/^[1-9][0-9]{7,10}$/),
      cuts: fc.array(fc.integer({ min: 1, max: 10 }), { maxLength: 3 }),
      separator: fc.constantFrom(' ', '-', '.', ' - '),
    });
    let run = 0;
    await fc.assert(
      fc.asyncProperty(written, async ({ code, national, cuts, separator }) => {
        run += 1;
        const grouped = [...new Set(cuts)].sort((a, b) => b - a).reduce((text, cut) => (cut < text.length ? `${text.slice(0, cut)}${separator}${text.slice(cut)}` : text), national);
        const name = `Person ${run}`;
        await connection.write((tx) => addContact(tx, { name, phones: [`+${code} ${grouped}`] }));
        const trunk = code === '1' ? null : code === '7' ? '8' : '0';
        const typed = [national, national.slice(-7), ...(trunk === null ? [] : [`${trunk}${national}`])];
        for (const text of typed) expect(await titles(text), `${text} for +${code} ${grouped}`).toContain(name);
      }),
      { numRuns: 60 },
    );
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

  it('finds Chinese names from the first character: 王小明 by 王, 王小, 小明, 明 and the whole name', async () => {
    await connection.write(async (tx) => {
      await addContact(tx, { name: '王小明' });
      await addContact(tx, { name: '李娜' });
      await addContact(tx, { name: '王芳' });
    });
    expect((await titles('王')).sort()).toEqual(['王小明', '王芳'].sort());
    expect(await titles('王小')).toEqual(['王小明']);
    expect(await titles('小明')).toEqual(['王小明']);
    expect(await titles('明')).toEqual(['王小明']);
    expect(await titles('王小明')).toEqual(['王小明']);
    expect(await titles('李')).toEqual(['李娜']);
    // Characters of the name, but not next to each other in it.
    expect(await titles('王明')).toEqual([]);
    expect(await titles('小王')).toEqual([]);
  });

  it('finds CJK names typed with or without a space between family and given name, the name as typed first', async () => {
    await connection.write(async (tx) => {
      await addContact(tx, { name: '王 小明' });
      await addContact(tx, { name: '山田太郎' });
      await addContact(tx, { name: '山田 太一' });
    });
    // Newer, and holding the typed characters too.
    await connection.write(async (tx) => {
      await addContact(tx, { name: '小明 王' });
      await addContact(tx, { name: '王小明华' });
      await addContact(tx, { name: '李明', title: '王小明 助理' });
    });
    expect(await titles('王小')).toEqual(['王 小明', '王小明华', '李明']);
    expect(await titles('王小明')).toEqual(['王 小明', '王小明华', '李明']);
    // Typed with the space: every name holding both, those holding them in the order typed first.
    expect(await titles('王 小明')).toEqual(['王 小明', '王小明华', '小明 王', '李明']);
    expect((await titles('山田太')).sort()).toEqual(['山田 太一', '山田太郎'].sort());
    expect(await titles('山田 太郎')).toEqual(['山田太郎']);
    expect((await titles('山田 太')).sort()).toEqual(['山田 太一', '山田太郎'].sort());
  });

  it('finds Japanese kanji, hiragana and katakana (full- and half-width)', async () => {
    await connection.write(async (tx) => {
      await addContact(tx, { name: '山田太郎', title: 'やまだ たろう' });
      await addContact(tx, { name: 'ヤマダ・ハナコ' });
      await addContact(tx, { name: 'ｽｽﾞｷ ｲﾁﾛｳ' });
    });
    expect(await titles('山')).toEqual(['山田太郎']);
    expect(await titles('太郎')).toEqual(['山田太郎']);
    expect(await titles('やまだ')).toEqual(['山田太郎']);
    expect(await titles('ハナ')).toEqual(['ヤマダ・ハナコ']);
    expect((await titles('ヤ')).sort()).toEqual(['ヤマダ・ハナコ']);
    // Half-width katakana is stored and matched as full-width, voicing marks intact.
    expect(await titles('スズキ')).toEqual(['ｽｽﾞｷ ｲﾁﾛｳ']);
    expect(await titles('ススキ')).toEqual([]);
  });

  it('finds mixed Latin and CJK text with mixed queries', async () => {
    await connection.write(async (tx) => {
      await addContact(tx, { name: 'Wang 王小明', emails: ['wang@example.cn'] });
      await addAccount(tx, 'Acme株式会社');
    });
    expect(await titles('wang 王')).toEqual(['Wang 王小明']);
    expect(await titles('王小明wang')).toEqual(['Wang 王小明']);
    expect(await titles('acme 株式')).toEqual(['Acme株式会社']);
    expect(await titles('会社')).toEqual(['Acme株式会社']);
    expect(await titles('example.cn')).toEqual(['Wang 王小明']);
  });

  it('keeps emoji and right-to-left names searchable', async () => {
    await connection.write(async (tx) => {
      await addContact(tx, { name: 'محمد علي 🚀' });
      await addContact(tx, { name: 'דוד כהן' });
    });
    expect(await titles('محم')).toEqual(['محمد علي 🚀']);
    expect(await titles('כה')).toEqual(['דוד כהן']);
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
        { entity: 'accounts', id: accountId, title: 'Acme Robotics', subtitle: 'Manufacturing' },
        { entity: 'contacts', id: contactId, title: 'Acme Buyer', subtitle: 'Buyer · Acme Robotics' },
        { entity: 'deals', id: dealId, title: 'Acme renewal', subtitle: 'Acme Robotics', deal: { stageId: 'lead', stageName: 'Lead', amount: 100, currency: 'EUR' } },
      ]),
    );
    expect(Object.keys(all[0] ?? {}).sort()).toEqual(['entity', 'id', 'subtitle', 'title']);
    expect((await search('acme', { entities: ['deals'] })).map((hit) => hit.id)).toEqual([dealId]);
    expect((await search('acme', { readable: ['contacts', 'accounts'] })).map((hit) => hit.entity).sort()).toEqual(['accounts', 'contacts']);
    expect(await search('acme', { readable: ['contacts'], entities: ['deals'] })).toEqual([]);
    // A subtitle part read from an entity the caller may not read (the contact's account) is left out.
    expect(await search('acme', { readable: ['contacts'] })).toEqual([{ entity: 'contacts', id: contactId, title: 'Acme Buyer', subtitle: 'Buyer' }]);
    expect(await search('acme', { readable: ['deals'] })).toEqual([{ entity: 'deals', id: dealId, title: 'Acme renewal', subtitle: '', deal: { stageId: 'lead', stageName: 'Lead', amount: 100, currency: 'EUR' } }]);
    expect(await search('acme', { readable: [] })).toEqual([]);
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
        [lost, ['Vauban Logistique', { stageId: 'lost', stageName: 'Lost', amount: 1_960_000, currency: 'EUR' }]],
        [negotiating, ['Vauban Logistique', { stageId: 'negotiation', stageName: 'Verhandlung', amount: 4_630_000, currency: 'JPY' }]],
        [gone, ['Vauban Logistique', { stageId: 'retired', stageName: null, amount: 100, currency: 'EUR' }]],
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
