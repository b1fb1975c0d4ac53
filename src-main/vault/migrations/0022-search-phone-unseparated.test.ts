import { describe, expect, it } from 'vitest';
import { indexColumns, matchExpression, phoneMark } from '../../../src-shared/search/search-text';
import type { ContactSeed } from '../../services/search/testing/search-records';
import { contactTexts as texts, entries as docs, integrityCheck, migrateAlone, seedEntries } from '../../services/search/testing/search-entries';
import type { Connection } from '../connection';
import { indexedMatches, useFreshConnection } from '../fixtures/fresh-connection';
import { batchRows } from './search-index-batches';

const mark = phoneMark;

/**
 * Contacts at version 21, each with its entry as version 21 indexed it (ids
 * by name): its body from `v21Bodies` where that differs from indexText's
 * now; an entry with no row behind it for each of `gone`.
 */
const seed = (connection: Connection, contacts: readonly ContactSeed[], v21Bodies: Readonly<Record<string, string>>, gone: readonly ContactSeed[] = []) =>
  seedEntries(connection, 21, ({ name, body }, contact) => ({ name, body: v21Bodies[contact.name] ?? body }), contacts, gone);

const migrate22 = (connection: Connection) => migrateAlone(connection, 22);

describe('migration 0022-search-phone-unseparated', () => {
  const vault = useFreshConnection('m0022');
  const found = (query: string) => indexedMatches(vault.connection, matchExpression(query));

  it('indexes the few unseparated and trunk-8 phones again, so 7946 finds 02079460018, leaving the rest and an entry without its record as they are', async () => {
    // Grouped phones of seven digits and more: looked through, unchanged.
    const people = Array.from({ length: 2100 }, (_, index) => ({ name: `Person ${index}`, phones: [`+44 161 496 ${String(index).padStart(4, '0')}`] }));
    const ids = await seed(
      vault.connection,
      [
        ...people,
        { name: 'London', phones: ['02079460018'] },
        { name: 'Moscow', phones: ['8 495 123-45-67'] },
        { name: 'Plus', phones: ['+442079465678'] },
        { name: 'Dialled', phones: ['00442079464321'] },
      ],
      {
        London: '02079460018',
        Moscow: `8 495 123-45-67 84951234567 ${mark}1234567 ${mark}51234567`,
        Plus: `+442079465678 442079465678 ${mark}2079465678 ${mark}9465678 ${mark}79465678`,
        Dialled: '00442079464321',
        Gone: '02079469876',
      },
      [{ name: 'Gone', phones: ['02079469876'] }],
    );
    const id = (name: string) => ids.get(name) ?? name;
    // Before: no group, no number after the trunk.
    for (const query of ['7946', '5678', '4321', '4951234567', '2079460018']) expect(await found(query), query).toEqual([]);
    const before = await docs(vault.connection);

    // Four entries of 2,105 changed (fewer than one in 500): reindexed alone, the rows looked through reported.
    expect(await migrate22(vault.connection)).toEqual([{ step: 1, steps: 1, done: 2105, total: 2105 }]);
    const after = await docs(vault.connection);
    const rewritten = after.filter((doc, index) => doc.body !== before[index]?.body || doc.name !== before[index]?.name).map((doc) => doc.record_id);
    expect(rewritten.sort()).toEqual([id('London'), id('Moscow'), id('Plus'), id('Dialled')].sort());
    expect(after.find((doc) => doc.record_id === id('London'))).toMatchObject(indexColumns(texts({ name: 'London', phones: ['02079460018'] })));
    expect((await found('7946')).sort()).toEqual([id('London'), id('Plus'), id('Dialled')].sort());
    expect(await found('2079460018')).toEqual([id('London')]);
    expect(await found('5678')).toEqual([id('Plus')]);
    expect(await found('4321')).toEqual([id('Dialled')]);
    expect(await found('4951234567')).toEqual([id('Moscow')]);
    // The entry without its record keeps its old text: found by its digits, not by a group.
    expect(await found('02079469876')).toEqual([id('Gone')]);
    expect(await found('9876')).toEqual([]);
    await integrityCheck(vault.connection);
  });

  it('makes the index anew when most contacts have an unseparated phone, reporting its rows', async () => {
    const total = batchRows + 7;
    const contacts = Array.from({ length: total }, (_, index) => (index % 3 === 0 ? { name: `Person ${index}` } : { name: `Person ${index}`, phones: [`030${String(index).padStart(7, '0')}`] }));
    // Version 21 stored a run of digits alone as just that word.
    const ids = await seed(vault.connection, contacts, Object.fromEntries(contacts.flatMap(({ name, phones }) => (phones === undefined ? [] : [[name, phones.join(' ')]]))));
    expect(await found('30 0004711')).toEqual([]);

    expect(await migrate22(vault.connection)).toEqual([
      // The first batch passes one in 500: the index is emptied, nothing before it to index again.
      { step: 1, steps: 1, done: batchRows, total },
      { step: 1, steps: 1, done: total, total },
    ]);
    for (const query of ['30 0004711', '300004711', '030 0004711', '+49 30 0004711', '4711']) expect(await found(query), query).toEqual([ids.get('Person 4711')]);
    const after = await docs(vault.connection);
    for (const [index, doc] of after.entries()) {
      const contact = contacts[index];
      if (contact !== undefined) expect(doc, contact.name).toMatchObject(indexColumns(texts(contact)));
    }
    await integrityCheck(vault.connection);
  });

  it('leaves a vault without an unseparated or trunk-8 phone as it is, its index untouched', async () => {
    await seed(vault.connection, [
      { name: 'Ada Lovelace', phones: ['+44 20 7946 0202', '0044 20 7946 0303', '8 017 123-45-67', '+7 495 123 45 67', '555 1111'] },
      { name: 'Natal', phones: ['(84) 98765-4321'] },
      { name: 'Order 012345', tags: ['2024'] },
    ], {});
    const index = () => vault.connection.read((tx) => tx.all('SELECT id, block FROM search_fts_data ORDER BY id'));
    const [docsBefore, indexBefore] = [await docs(vault.connection), await index()];
    expect(await migrate22(vault.connection)).toEqual([{ step: 1, steps: 1, done: 3, total: 3 }]);
    expect(await docs(vault.connection)).toEqual(docsBefore);
    expect(await index()).toEqual(indexBefore);
  });
});
