import { describe, expect, it } from 'vitest';
import { indexColumns, matchExpression, phoneMark } from '../../../src-shared/search/search-text';
import type { ContactSeed } from '../../services/search/testing/search-records';
import { contactTexts as texts, entries as docs, integrityCheck, migrateAlone, seedEntries } from '../../services/search/testing/search-entries';
import type { Connection } from '../connection';
import { indexedMatches, useFreshConnection } from '../fixtures/fresh-connection';
import { batchRows } from './search-index-batches';

/** Index text as version 18 wrote it: without a national phone's number after its trunk 0 (the token whose digits follow a 0 in its digits token). */
function v18(text: string): string {
  const tokens = text.split(' ');
  return tokens.filter((token) => !(token.startsWith(phoneMark) && tokens.includes(`0${token.slice(phoneMark.length)}`))).join(' ');
}

/** Contacts at version 18, each with its entry as version 18 indexed it (ids by name); an entry with no row behind it for each of `gone`. */
const seed = (connection: Connection, contacts: readonly ContactSeed[], gone: readonly ContactSeed[] = []) =>
  seedEntries(connection, 18, ({ name, body }) => ({ name: v18(name), body: v18(body) }), contacts, gone);

/** Runs migration 19 on its own, collecting the rows it reports. */
const migrate19 = (connection: Connection) => migrateAlone(connection, 19);

describe('migration 0019-search-phone-trunk', () => {
  const vault = useFreshConnection('m0019');
  const found = (query: string) => indexedMatches(vault.connection, matchExpression(query));

  it('indexes the few national phones again, so 20 7946 finds 020 7946 0018, leaving the rest and an entry without its record as they are', async () => {
    const people = Array.from({ length: 1100 }, (_, index) => ({ name: `Person ${index}`, phones: [`+44 161 496 ${String(index).padStart(4, '0')}`] }));
    const ids = await seed(
      vault.connection,
      [...people, { name: 'London', phones: ['020 7946 0018'] }, { name: 'Berlin', phones: ['+49 89 1234567', '030 7654321'] }],
      [{ name: 'Gone', phones: ['020 7946 0099'] }],
    );
    const id = (name: string) => ids.get(name) ?? name;
    // Before: typed without the trunk 0, the national numbers were not found.
    expect(await found('20 7946 0018')).toEqual([]);
    expect(await found('30 7654321')).toEqual([]);
    const before = await docs(vault.connection);

    // Two entries of 1,103 changed (fewer than one in 500): reindexed alone, the rows looked through reported.
    expect(await migrate19(vault.connection)).toEqual([{ step: 1, steps: 1, done: 1103, total: 1103 }]);
    const after = await docs(vault.connection);
    const rewritten = after.filter((doc, index) => doc.body !== before[index]?.body || doc.name !== before[index]?.name).map((doc) => doc.record_id);
    expect(rewritten.sort()).toEqual([id('London'), id('Berlin')].sort());
    expect(after.find((doc) => doc.record_id === id('London'))).toMatchObject(indexColumns(texts({ name: 'London', phones: ['020 7946 0018'] })));
    expect(await found('20 7946 0018')).toEqual([id('London')]);
    expect(await found('30 7654321')).toEqual([id('Berlin')]);
    // The entry without its record keeps its old text: found by its digits, not without the trunk 0.
    expect(await found('020 7946 0099')).toEqual([id('Gone')]);
    expect(await found('2079460099')).toEqual([]);
    await integrityCheck(vault.connection);
  });

  it('makes the index anew when most contacts have a national phone, reporting its rows', async () => {
    const total = batchRows + 7;
    const contacts = Array.from({ length: total }, (_, index) => (index % 3 === 0 ? { name: `Person ${index}` } : { name: `Person ${index}`, phones: [`030 ${String(index).padStart(7, '0')}`] }));
    const ids = await seed(vault.connection, contacts);
    expect(await found('30 0004711')).toEqual([]);

    expect(await migrate19(vault.connection)).toEqual([
      // The first batch passes one in 500: the index is emptied, nothing before it to index again.
      { step: 1, steps: 1, done: batchRows, total },
      { step: 1, steps: 1, done: total, total },
    ]);
    for (const query of ['30 0004711', '300004711', '030 0004711', '+49 30 0004711']) expect(await found(query), query).toEqual([ids.get('Person 4711')]);
    const after = await docs(vault.connection);
    for (const [index, doc] of after.entries()) {
      const contact = contacts[index];
      if (contact !== undefined) expect(doc, contact.name).toMatchObject(indexColumns(texts(contact)));
    }
    await integrityCheck(vault.connection);
  });

  it('leaves a vault without a national phone as it is, its index untouched', async () => {
    await seed(vault.connection, [
      { name: 'Ada Lovelace', phones: ['+44 20 7946 0202', '0044 20 7946 0303'] },
      { name: 'Order 01234', tags: ['2024'] },
    ]);
    const index = () => vault.connection.read((tx) => tx.all('SELECT id, block FROM search_fts_data ORDER BY id'));
    const [docsBefore, indexBefore] = [await docs(vault.connection), await index()];
    expect(await migrate19(vault.connection)).toEqual([{ step: 1, steps: 1, done: 2, total: 2 }]);
    expect(await docs(vault.connection)).toEqual(docsBefore);
    expect(await index()).toEqual(indexBefore);
  });
});
