import { describe, expect, it } from 'vitest';
import { contactSearchTexts } from '../../../src-shared/search/record-texts';
import { indexColumns, matchExpression, phoneMark } from '../../../src-shared/search/search-text';
import { addContact, type ContactSeed } from '../../services/search/testing/search-records';
import type { Connection } from '../connection';
import { migrate, schemaVersion, type MigrationStep } from '../migrate';
import { indexedMatches, useFreshConnection } from '../fixtures/fresh-connection';
import { batchRows, changedOneByOneBelow } from './search-index-batches';

interface Doc {
  readonly doc_id: number;
  readonly record_id: string;
  readonly name: string;
  readonly body: string;
}

/** Index text as version 16 wrote it: without the phone tokens. */
const v16 = (text: string) =>
  text
    .split(' ')
    .filter((token) => !token.startsWith(phoneMark))
    .join(' ');

const texts = (seed: ContactSeed) => contactSearchTexts({ title: '', emails: [], phones: [], tags: [], address: { city: '', country: '' }, ...seed });

/** Contacts at version 16, each with its entry as version 16 indexed it (ids by name); an entry with no row behind it for each of `gone`. */
async function seed(connection: Connection, contacts: readonly ContactSeed[], gone: readonly ContactSeed[] = []): Promise<Map<string, string>> {
  await migrate(connection, 16);
  const ids = new Map<string, string>();
  await connection.write(async (tx) => {
    for (const contact of contacts) {
      const id = await addContact(tx, contact, false);
      ids.set(contact.name, id);
      const { name, body } = indexColumns(texts(contact));
      await tx.run("INSERT INTO search_docs (entity, record_id, name, body) VALUES ('contacts', ?, ?, ?)", [id, v16(name), v16(body)]);
    }
    for (const contact of gone) {
      ids.set(contact.name, `gone-${contact.name}`);
      const { name, body } = indexColumns(texts(contact));
      await tx.run("INSERT INTO search_docs (entity, record_id, name, body) VALUES ('contacts', ?, ?, ?)", [`gone-${contact.name}`, v16(name), v16(body)]);
    }
    await tx.run('INSERT INTO search_fts (rowid, name, body, entity) SELECT doc_id, name, body, entity FROM search_docs');
  });
  return ids;
}

const docs = (connection: Connection) => connection.read((tx) => tx.all<Doc>('SELECT doc_id, record_id, name, body FROM search_docs ORDER BY doc_id'));
const integrityCheck = (connection: Connection) => connection.write((tx) => tx.run("INSERT INTO search_fts (search_fts, rank) VALUES ('integrity-check', 1)"));
const rowsChanged = async (connection: Connection) => (await connection.write((tx) => tx.get<{ n: number }>('SELECT total_changes() AS n')))?.n ?? 0;

/** Runs migration 17 on its own, collecting the rows it reports. */
async function migrate17(connection: Connection): Promise<MigrationStep[]> {
  const heard: MigrationStep[] = [];
  await migrate(connection, 17, undefined, (step) => heard.push(step));
  expect(await connection.read(schemaVersion)).toBe(17);
  return heard.filter((step) => step.total !== undefined);
}

describe('migration 0017-search-phone-numbers', () => {
  const vault = useFreshConnection('m0017');
  const found = (query: string) => indexedMatches(vault.connection, matchExpression(query));

  it('indexes the few phones again one by one, so 2065551111 finds +1 206 555 1111, leaving an entry without its record as it is', async () => {
    const people = Array.from({ length: 1100 }, (_, index) => ({ name: `Person ${index}`, emails: [`person${index}@example.org`] }));
    const ids = await seed(
      vault.connection,
      [
        ...people,
        { name: 'Seattle', phones: ['+1 206 555 1111'], emails: ['s@example.org'] },
        { name: 'Shanghai', phones: ['+86 138 1234 5678', '+44 20 7946 0202'] },
        // Too few digits for a phone token, without a country code: looked at, left as it is.
        { name: 'Short', phones: ['12-345'] },
      ],
      [{ name: 'Gone', phones: ['+1 206 555 3333'] }],
    );
    const id = (name: string) => ids.get(name) ?? name;
    // Before: digits without the country code found nothing.
    expect(await found('2065551111')).toEqual([]);
    expect(await found('13812345678')).toEqual([]);
    const before = await docs(vault.connection);
    const changedBefore = await rowsChanged(vault.connection);

    // Two entries of 1,104 changed (fewer than one in 500): reindexed alone, the rows looked through reported.
    expect(await migrate17(vault.connection)).toEqual([{ step: 1, steps: 1, done: 1104, total: 1104 }]);
    expect((await rowsChanged(vault.connection)) - changedBefore).toBeLessThan(200);
    const after = await docs(vault.connection);
    const rewritten = after.filter((doc, index) => doc.body !== before[index]?.body || doc.name !== before[index]?.name).map((doc) => doc.record_id);
    expect(rewritten.sort()).toEqual([id('Seattle'), id('Shanghai')].sort());
    expect(after.find((doc) => doc.record_id === id('Seattle'))).toMatchObject(indexColumns(texts({ name: 'Seattle', phones: ['+1 206 555 1111'], emails: ['s@example.org'] })));

    for (const query of ['2065551111', '5551111', '+1 206 555 1111', 's@example']) expect(await found(query), query).toEqual([id('Seattle')]);
    for (const query of ['13812345678', '+86 138 1234 5678', '02079460202', '79460202']) expect(await found(query), query).toEqual([id('Shanghai')]);
    // The entry without its record keeps its old text: found as before, by its digits with the country code.
    expect(await found('12065553333')).toEqual([id('Gone')]);
    expect(await found('2065553333')).toEqual([]);
    expect(await found('person1')).toHaveLength(211);
    await integrityCheck(vault.connection);
  });

  it('makes the index anew when most contacts have a phone, reporting its rows', async () => {
    const total = 2 * batchRows + 7;
    const phoneOf = (index: number) => `+44 20 ${String(index).padStart(8, '0')}`;
    const contacts = Array.from({ length: total }, (_, index) => (index % 3 === 0 ? { name: `Person ${index}` } : { name: `Person ${index}`, phones: [phoneOf(index)] }));
    const ids = await seed(vault.connection, contacts);
    const before = await rowsChanged(vault.connection);

    expect(await migrate17(vault.connection)).toEqual([
      // The first batch passes one in 500: the index is emptied, nothing before it to index again.
      { step: 1, steps: 1, done: batchRows, total },
      { step: 1, steps: 1, done: 2 * batchRows, total },
      { step: 1, steps: 1, done: total, total },
    ]);
    expect((await rowsChanged(vault.connection)) - before).toBeGreaterThan(total);
    for (const query of ['02000004711', '2000004711', '0004711', '+44 20 0000 4711']) expect(await found(query), query).toEqual([ids.get('Person 4711')]);
    // Person 4713 has no phone.
    expect(await found('02000004713')).toEqual([]);
    expect(await found('person 4713')).toEqual([ids.get('Person 4713')]);
    expect(await found('02000')).toEqual([]);
    // Every national number of 20 0000 xxxx (indexes under 10,000).
    expect(await found('200000')).toHaveLength(contacts.filter((contact, index) => 'phones' in contact && index < 10_000).length);
    const after = await docs(vault.connection);
    for (const [index, doc] of after.entries()) {
      const contact = contacts[index];
      if (contact !== undefined) expect(doc, contact.name).toMatchObject(indexColumns(texts(contact)));
    }
    await integrityCheck(vault.connection);
  });

  it('takes its path by the share of entries with a phone, as 0015 does', async () => {
    const holding = batchRows / changedOneByOneBelow;
    const contacts = Array.from({ length: batchRows }, (_, index) =>
      index % changedOneByOneBelow === 0 && index / changedOneByOneBelow < holding - 1 ? { name: `Phone ${index}`, phones: [`+1 206 555 ${String(index).padStart(4, '0')}`] } : { name: `Person ${index}` },
    );
    await seed(vault.connection, contacts);
    const before = await rowsChanged(vault.connection);
    expect(await migrate17(vault.connection)).toEqual([{ step: 1, steps: 1, done: batchRows, total: batchRows }]);
    // 9 of 5,000: one by one, a few rows of the index each.
    expect((await rowsChanged(vault.connection)) - before).toBeLessThan(batchRows / 10);
    expect(await found('2065554000')).toHaveLength(1);
    expect(await found('206555')).toHaveLength(holding - 1);
    await integrityCheck(vault.connection);
  });

  it('leaves a vault without a phone as it is, its index untouched', async () => {
    await seed(vault.connection, [{ name: 'Ada Lovelace', emails: ['ada@example.org'] }, { name: 'Order 12345', tags: ['2024'] }]);
    const index = () => vault.connection.read((tx) => tx.all('SELECT id, block FROM search_fts_data ORDER BY id'));
    const [docsBefore, indexBefore] = [await docs(vault.connection), await index()];
    expect(await migrate17(vault.connection)).toEqual([{ step: 1, steps: 1, done: 2, total: 2 }]);
    expect(await docs(vault.connection)).toEqual(docsBefore);
    expect(await index()).toEqual(indexBefore);
  });
});
