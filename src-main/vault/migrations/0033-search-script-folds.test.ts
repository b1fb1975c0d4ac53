import { describe, expect, it } from 'vitest';
import { indexColumns, matchExpression } from '../../../src-shared/search/search-text';
import { indexReplaced } from '../../services/search/search-index';
import type { ContactSeed } from '../../services/search/testing/search-records';
import { contactTexts as texts, entries as docs, integrityCheck, migrateAlone, seedEntries } from '../../services/search/testing/search-entries';
import type { Connection } from '../connection';
import { indexedMatches, useFreshConnection } from '../fixtures/fresh-connection';
import { batchRows } from './search-index-batches';

/** A CJK run as version 32 stored it: its bigrams, then its characters (katakana kept). */
const run = (text: string): string => {
  const chars = [...text];
  return [...chars.slice(1).map((char, index) => `${chars[index] ?? ''}${char}`), ...chars].join(' ');
};

/**
 * Contacts at version 32, each with its entry as version 32 indexed it (ids
 * by name): its columns from `v32` where they differ from indexColumns' now;
 * an entry with no row behind it for each of `gone`.
 */
const seed = (connection: Connection, contacts: readonly ContactSeed[], v32: Readonly<Record<string, { name: string; body: string }>>, gone: readonly ContactSeed[] = []) =>
  seedEntries(connection, 32, (now, contact) => v32[contact.name] ?? now, contacts, gone);

const migrate33 = (connection: Connection) => migrateAlone(connection, 33);

describe('migration 0033-search-script-folds', () => {
  const vault = useFreshConnection('m0033');
  const found = (query: string) => indexedMatches(vault.connection, matchExpression(query));
  const replaced = (id: string) => vault.connection.read((tx) => indexReplaced(tx, 'contacts', id));

  it('indexes the few entries with katakana, Persian digits or letters again, marking them replaced, and leaves the rest and an entry without its record', async () => {
    const people = Array.from({ length: 2100 }, (_, index) => ({ name: `Person ${index}`, phones: [`+44 161 496 ${String(index).padStart(4, '0')}`] }));
    const ids = await seed(
      vault.connection,
      [
        ...people,
        { name: 'マイクロ', title: 'ガイド' },
        { name: 'Sara', phones: ['۰۹۱۲ ۳۴۵ ۶۷۸۹'] },
        { name: 'علی' },
        { name: '王小明' },
        { name: 'さとう' },
      ],
      {
        マイクロ: { name: run('マイクロ'), body: run('ガイド') },
        Sara: { name: 'sara', body: '۰۹۱۲ ۳۴۵ ۶۷۸۹' },
        علی: { name: 'علی', body: '' },
        ヤマダ: { name: run('ヤマダ'), body: '' },
      },
      [{ name: 'ヤマダ' }],
    );
    const id = (name: string) => ids.get(name) ?? name;
    // Before: katakana by hiragana, the phone by ASCII digits, علی by علي: none.
    for (const query of ['まいくろ', 'がいど', '0912 345', '3456789', 'علي']) expect(await found(query), query).toEqual([]);
    const before = await docs(vault.connection);

    // Three entries of 2,106 changed (fewer than one in 500): reindexed alone, the rows looked through reported.
    expect(await migrate33(vault.connection)).toEqual([{ step: 1, steps: 1, done: 2106, total: 2106 }]);
    const after = await docs(vault.connection);
    const rewritten = after.filter((doc, index) => doc.body !== before[index]?.body || doc.name !== before[index]?.name).map((doc) => doc.record_id);
    expect(rewritten.sort()).toEqual([id('マイクロ'), id('Sara'), id('علی')].sort());
    expect(after.find((doc) => doc.record_id === id('Sara'))).toMatchObject(indexColumns(texts({ name: 'Sara', phones: ['۰۹۱۲ ۳۴۵ ۶۷۸۹'] })));
    for (const query of ['まいくろ', 'マイクロ', 'がいど']) expect(await found(query), query).toEqual([id('マイクロ')]);
    for (const query of ['0912 345', '09123456789', '3456789', '۰۹۱۲ ۳۴۵']) expect(await found(query), query).toEqual([id('Sara')]);
    expect(await found('علي')).toEqual([id('علی')]);
    expect(await found('王小')).toEqual([id('王小明')]);
    // Their old tokens may be page keys: an erasure of one of them rewrites the index. The others are not marked.
    for (const name of ['マイクロ', 'Sara', 'علی']) expect(await replaced(id(name)), name).toBe(true);
    for (const name of ['Person 7', '王小明', 'さとう']) expect(await replaced(id(name)), name).toBe(false);
    // The entry without its record keeps its old text: not found by hiragana.
    expect(await found('やまだ')).toEqual([]);
    await integrityCheck(vault.connection);
  });

  it('makes the index anew when most contacts have katakana names, reporting its rows', async () => {
    const total = batchRows + 7;
    const katakana = (index: number) => [...String(index).padStart(4, '0')].map((digit) => String.fromCodePoint(0x30a2 + 2 * Number(digit))).join('');
    const contacts = Array.from({ length: total }, (_, index) => ({ name: index % 3 === 0 ? `Person ${index}` : `${katakana(index)} ${index}` }));
    const ids = await seed(
      vault.connection,
      contacts,
      Object.fromEntries(contacts.filter((_, index) => index % 3 !== 0).map((contact) => [contact.name, { name: `${run(contact.name.split(' ')[0] ?? '')} ${contact.name.split(' ')[1] ?? ''}`, body: '' }])),
    );
    const wanted = katakana(4711);
    const hiragana = [...wanted].map((char) => String.fromCodePoint((char.codePointAt(0) ?? 0) - 0x60)).join('');
    expect(await found(hiragana)).toEqual([]);

    expect(await migrate33(vault.connection)).toEqual([
      // The first batch passes one in 500: the index is emptied, nothing before it to index again.
      { step: 1, steps: 1, done: batchRows, total },
      { step: 1, steps: 1, done: total, total },
    ]);
    expect(await found(`${hiragana} 4711`)).toEqual([ids.get(`${wanted} 4711`)]);
    const after = await docs(vault.connection);
    for (const [index, doc] of after.entries()) {
      const contact = contacts[index];
      if (contact !== undefined) expect(doc, contact.name).toMatchObject(indexColumns(texts(contact)));
    }
    await integrityCheck(vault.connection);
  });

  it('leaves a vault without katakana, Persian letters or digits other than ASCII as it is, its index untouched', async () => {
    await seed(vault.connection, [{ name: 'Ada Lovelace', phones: ['+44 20 7946 0202'] }, { name: '王小明' }, { name: 'さとう ゆうこ' }, { name: 'محمد علي' }, { name: 'José 😀' }], {});
    const index = () => vault.connection.read((tx) => tx.all('SELECT id, block FROM search_fts_data ORDER BY id'));
    const [docsBefore, indexBefore] = [await docs(vault.connection), await index()];
    expect(await migrate33(vault.connection)).toEqual([{ step: 1, steps: 1, done: 5, total: 5 }]);
    expect(await docs(vault.connection)).toEqual(docsBefore);
    expect(await index()).toEqual(indexBefore);
  });
});
