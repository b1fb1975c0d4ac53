import { describe, expect, it } from 'vitest';
import { indexColumns, indexText, matchExpression } from '../../../src-shared/search/search-text';
import type { Connection } from '../connection';
import { migrate, schemaVersion, type MigrationStep } from '../migrate';
import { indexedMatches, useFreshConnection } from '../fixtures/fresh-connection';
import { oneByOneBelow } from './0015-search-nukta';
import { batchRows } from './search-index-batches';

/** ज़फ़र ख़ान with combining nuktas, and with the precomposed ZA, FA and KHHA (U+095B, U+095E, U+0959). */
const zafarCombining = '\u091C\u093C\u092B\u093C\u0930 \u0916\u093C\u093E\u0928';
const zafarPrecomposed = '\u095B\u095E\u0930 \u0959\u093E\u0928';

/** One text of Indic script as version 14 indexed it: NFKD, its marks (the nukta with them) kept. */
const v13Text = (text: string) => text.normalize('NFKD').replace(/\s+/g, ' ').trim();

interface Doc {
  readonly doc_id: number;
  readonly entity: string;
  readonly record_id: string;
  readonly name: string;
  readonly body: string;
}

/** Entries as version 14 left them, with their index: [record id, name, body]. */
async function seed(connection: Connection, entries: readonly (readonly [string, string, string])[]): Promise<void> {
  await migrate(connection, 14);
  await connection.write(async (tx) => {
    for (const [id, name, body] of entries) {
      await tx.run("INSERT INTO search_docs (entity, record_id, name, body) VALUES ('contacts', ?, ?, ?)", [id, name, body]);
    }
    await tx.run('INSERT INTO search_fts (rowid, name, body, entity) SELECT doc_id, name, body, entity FROM search_docs');
  });
}

const docs = (connection: Connection) => connection.read((tx) => tx.all<Doc>('SELECT doc_id, entity, record_id, name, body FROM search_docs ORDER BY doc_id'));
const integrityCheck = (connection: Connection) => connection.write((tx) => tx.run("INSERT INTO search_fts (search_fts, rank) VALUES ('integrity-check', 1)"));
/** Every nukta sign a test entry holds (Devanagari, Bengali, Gurmukhi). */
const anyNukta = /[\u093C\u09BC\u0A3C]/u;

/** Rows the vault's writer has changed since it was opened, FTS5's writes to its own tables with them (SQLite's total_changes()). */
const rowsChanged = async (connection: Connection) => (await connection.write((tx) => tx.get<{ n: number }>('SELECT total_changes() AS n')))?.n ?? 0;

/** Runs migration 15 on its own, collecting the rows it reports. */
async function migrate15(connection: Connection): Promise<MigrationStep[]> {
  const heard: MigrationStep[] = [];
  await migrate(connection, 15, undefined, (step) => heard.push(step));
  expect(await connection.read(schemaVersion)).toBe(15);
  return heard.filter((step) => step.total !== undefined);
}

describe('migration 0015-search-nukta', () => {
  const vault = useFreshConnection('m0015');
  const found = (query: string, expression = matchExpression(query)) => indexedMatches(vault.connection, expression);

  it('reindexes the few entries holding a nukta one by one, so जफर finds ज़फ़र, whether or not its record is still there', async () => {
    const latin = Array.from({ length: 1100 }, (_, index) => [`l${index}`, indexText(`Person ${index}`), indexText(`person${index}@example.org`)] as const);
    await seed(vault.connection, [
      ...latin,
      ['c1', v13Text(zafarCombining), v13Text('ज़िला प्रबंधक')],
      // No row behind it: its entry is rewritten too.
      ['gone', v13Text(zafarPrecomposed), ''],
      ['c2', v13Text('कमल'), ''],
    ]);
    // Before: the nukta was part of the word, so a name typed without it found nothing.
    expect(await found('जफर', '"जफर"*')).toEqual([]);
    expect(await found('ज़फ़र', `"${v13Text('ज़फ़र')}"*`)).toEqual(['c1', 'gone']);
    const before = await docs(vault.connection);

    const rows = await migrate15(vault.connection);
    // Two entries of 1,103 (fewer than one in 500): reindexed alone, the rows looked through reported.
    expect(rows).toEqual([{ step: 1, steps: 1, done: 1103, total: 1103 }]);
    const after = await docs(vault.connection);
    // Each entry under its own doc_id, the nukta gone from those holding one, the others as they were.
    const strip = (text: string) => text.replace(/\u093C/gu, '');
    expect(after).toEqual(before.map((doc) => ({ ...doc, name: strip(doc.name), body: strip(doc.body) })));
    expect(after).not.toEqual(before);
    expect(after.find((doc) => doc.record_id === 'c1')).toMatchObject(indexColumns([zafarCombining, 'ज़िला प्रबंधक']));
    expect(after.find((doc) => doc.record_id === 'gone')).toMatchObject(indexColumns([zafarPrecomposed]));

    for (const query of ['जफर', 'जफ', 'ज़फ़र', '\u095B\u095Eर', 'खान', 'जफर खा']) expect(await found(query), query).toEqual(['c1', 'gone']);
    expect(await found('जिला')).toEqual(['c1']);
    expect(await found('कमल')).toEqual(['c2']);
    expect(await found('person1')).toHaveLength(211);
    await integrityCheck(vault.connection);
  });

  it('makes the index anew once the entries holding a nukta pass one in 500, the entries before them too', async () => {
    // 12,000 entries; one in 5,000 holds a nukta in the first two batches, then one in two: the third batch passes 24 of 12,000.
    const total = 2 * batchRows + 2000;
    const nameOf = (index: number) => (index % (index < 2 * batchRows ? batchRows : 2) === 0 ? `${zafarCombining} ${index}` : `Person ${index}`);
    await seed(
      vault.connection,
      Array.from({ length: total }, (_, index) => [`c${index}`, index % (index < 2 * batchRows ? batchRows : 2) === 0 ? v13Text(nameOf(index)) : indexText(nameOf(index)), ''] as const),
    );
    expect(await migrate15(vault.connection)).toEqual([
      // Looked through, two entries of 10,000 holding a nukta reindexed alone.
      { step: 1, steps: 1, done: batchRows, total },
      { step: 1, steps: 1, done: 2 * batchRows, total },
      // The third batch passes one in 500: the index is emptied, and the 10,000 before it indexed again a batch at a time, the count starting over.
      { step: 1, steps: 1, done: batchRows, total },
      { step: 1, steps: 1, done: 2 * batchRows, total },
      { step: 1, steps: 1, done: total, total },
    ]);
    expect(await found('जफर खान')).toHaveLength(2 + 1000);
    expect(await found('ज़फ़र')).toHaveLength(2 + 1000);
    expect(await found('person')).toHaveLength(total - 1002);
    expect(await found('person 7', '"person" "7"')).toEqual(['c7']);
    expect(await found('person 10001', '"person" "10001"')).toEqual(['c10001']);
    for (const [index, doc] of (await docs(vault.connection)).entries()) expect(doc.name, doc.record_id).toBe(indexText(nameOf(index)));
    await integrityCheck(vault.connection);
  });

  it('rebuilds the whole index a batch at a time when many entries hold a nukta, reporting its rows', async () => {
    const names = [zafarCombining, zafarPrecomposed, 'অমিত \u09AC\u09DC\u09C1\u09DF\u09BE', '\u0A5B\u0A4B\u0A30\u0A3E\u0A35\u0A30 \u0A38\u0A3F\u0A70\u0A18', 'कमल'];
    const total = 2 * batchRows + 7;
    const nameOf = (index: number) => (index % 3 === 0 ? `${names[index % names.length] ?? ''} ${index}` : `Person ${index}`);
    const entries = Array.from({ length: total }, (_, index) => {
      const name = nameOf(index);
      return [`c${index}`, index % 3 === 0 ? v13Text(name) : indexText(name), indexText(`person${index}@example.org`)] as const;
    });
    await seed(vault.connection, entries);
    const settingsBefore = await vault.connection.read((tx) => tx.all('SELECT k, v FROM search_fts_config ORDER BY k'));
    const before = await docs(vault.connection);

    const rows = await migrate15(vault.connection);
    expect(rows).toEqual([
      { step: 1, steps: 1, done: batchRows, total },
      { step: 1, steps: 1, done: 2 * batchRows, total },
      { step: 1, steps: 1, done: total, total },
    ]);
    const after = await docs(vault.connection);
    // Each entry under its own doc_id, written as indexText writes its name now.
    expect(after.map(({ doc_id, record_id }) => ({ doc_id, record_id }))).toEqual(before.map(({ doc_id, record_id }) => ({ doc_id, record_id })));
    for (const [index, doc] of after.entries()) expect(doc.name, doc.record_id).toBe(indexText(nameOf(index)));
    expect(after).not.toEqual(before);
    expect(after.some((doc) => anyNukta.test(doc.name))).toBe(false);
    expect(await vault.connection.read((tx) => tx.all('SELECT k, v FROM search_fts_config ORDER BY k'))).toEqual(settingsBefore);

    const zafars = after.filter((doc) => doc.name.startsWith('जफर')).map((doc) => doc.record_id).sort();
    expect(zafars.length).toBeGreaterThan(1000);
    expect(await found('जफर खान')).toEqual(zafars);
    expect(await found('ज़फ़र')).toEqual(zafars);
    expect(await found('\u09AC\u09A1\u09C1\u09AF')).toHaveLength(after.filter((doc) => doc.name.startsWith('অমিত')).length);
    expect(await found('\u0A1C\u0A4B\u0A30\u0A3E')).toHaveLength(after.filter((doc) => doc.name.includes('\u0A38\u0A3F\u0A70\u0A18')).length);
    expect(await found('person 4711')).toEqual(['c4711']);
    expect(await found('person4711@')).toEqual(['c4711']);
    await integrityCheck(vault.connection);
  });

  // One batch of entries, every 500th from the first holding a nukta in one spelling or another: 9 of
  // 5,000 stay below one in 500 and are reindexed alone, 10 make the index anew.
  it.each([
    [batchRows / oneByOneBelow - 1, 'alone'],
    [batchRows / oneByOneBelow, 'anew'],
  ] as const)('takes its path by the share of entries holding a nukta: with %i of 5,000, they are indexed %s', async (holding, path) => {
    const spellings = [zafarCombining, zafarPrecomposed, `${zafarCombining} \u0929\u0940\u0932`];
    const nukta = (index: number) => index % oneByOneBelow === 0 && index / oneByOneBelow < holding;
    const entries = Array.from({ length: batchRows }, (_, index) =>
      nukta(index) ? ([`z${index}`, v13Text(`${spellings[index % spellings.length] ?? ''} ${index}`), ''] as const) : ([`c${index}`, indexText(`Person ${index}`), ''] as const),
    );
    await seed(vault.connection, entries);
    const before = await rowsChanged(vault.connection);

    // Progress is reported either way, the one batch looked through.
    expect(await migrate15(vault.connection)).toEqual([{ step: 1, steps: 1, done: batchRows, total: batchRows }]);
    const changed = (await rowsChanged(vault.connection)) - before;
    // One by one, only the entries holding a nukta are written, with a few rows of the index each (167 rows for 9);
    // anew, every entry is inserted into the index again (15,168 rows).
    if (path === 'alone') expect(changed).toBeLessThan(batchRows / 10);
    else expect(changed).toBeGreaterThan(batchRows);

    const zafars = entries.filter(([id]) => id.startsWith('z')).map(([id]) => id).sort();
    expect(zafars).toHaveLength(holding);
    for (const query of ['जफर', 'ज़फ़र', '\u095B\u095E\u0930', 'जफर खान']) expect(await found(query), query).toEqual(zafars);
    expect(await found('नील')).toEqual(zafars.filter((id) => Number(id.slice(1)) % spellings.length === 2));
    expect(await found('\u0929\u0940\u0932')).toEqual(await found('नील'));
    expect(await found('person 4999', '"person" "4999"')).toEqual(['c4999']);
    expect((await docs(vault.connection)).some((doc) => anyNukta.test(doc.name))).toBe(false);
    await integrityCheck(vault.connection);
  });

  it('leaves a vault without a nukta as it is, its index untouched', async () => {
    await seed(vault.connection, [
      ['c1', indexText('Ada Lovelace'), ''],
      ['c2', v13Text('कोमल शर्मा'), v13Text('সৌমিত্র')],
    ]);
    const index = () => vault.connection.read((tx) => tx.all('SELECT id, block FROM search_fts_data ORDER BY id'));
    const [docsBefore, indexBefore] = [await docs(vault.connection), await index()];
    // Looked through, and reported so.
    expect(await migrate15(vault.connection)).toEqual([{ step: 1, steps: 1, done: 2, total: 2 }]);
    expect(await docs(vault.connection)).toEqual(docsBefore);
    expect(await index()).toEqual(indexBefore);
  });

  it('rolls back whole when it stops midway, and runs again at the next try', async () => {
    const total = batchRows + 10;
    await seed(
      vault.connection,
      Array.from({ length: total }, (_, index) => [`c${index}`, v13Text(`${zafarCombining} ${index}`), ''] as const),
    );
    const before = await docs(vault.connection);
    // Stopped after its first batch, as a process killed then would be (tests/integration/migration-kill.test.ts kills one for real).
    const stopped = migrate(vault.connection, 15, undefined, (step) => {
      if ((step.done ?? 0) > 0) throw new Error('stopped midway');
    });
    await expect(stopped).rejects.toThrow('stopped midway');
    expect(await vault.connection.read(schemaVersion)).toBe(14);
    expect(await docs(vault.connection)).toEqual(before);
    expect(await found('ज़फ़र', `"${v13Text('ज़फ़र')}"*`)).toHaveLength(total);
    await integrityCheck(vault.connection);

    expect((await migrate15(vault.connection)).at(-1)).toEqual({ step: 1, steps: 1, done: total, total });
    expect(await found('जफर')).toHaveLength(total);
    await integrityCheck(vault.connection);
  });
});
