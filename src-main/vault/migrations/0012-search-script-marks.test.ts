import { describe, expect, it } from 'vitest';
import { contactSearchTexts, taskSearchTexts } from '../../../src-shared/search/record-texts';
import { indexColumns, matchExpression } from '../../../src-shared/search/search-text';
import { migrate, schemaVersion, type MigrationStep } from '../migrate';
import { indexedMatches, useFreshConnection } from '../fixtures/fresh-connection';
import { rebuildBatchRows } from './0012-search-script-marks';
import { batchRows } from './search-index-batches';

const meta = "'local-owner', 1, 'local-owner', 2, 'local-owner'";

/** One text as version 11 indexed it, for text without CJK or phone digits: every combining mark dropped. */
const v11Text = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .normalize('NFC')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
const v11Columns = (texts: readonly string[]) => ({ name: v11Text(texts[0] ?? ''), body: texts.slice(1).filter(Boolean).map(v11Text).join(' ') });

interface Person {
  readonly id: string;
  readonly name: string;
  readonly title?: string;
  readonly city?: string;
  readonly emails?: string;
  readonly deletedAt?: number;
}

describe('migration 0012-search-script-marks', () => {
  const vault = useFreshConnection('m0012');

  const ftsSettings = () => vault.connection.read((tx) => tx.all('SELECT k, v FROM search_fts_config ORDER BY k'));
  const ftsTable = () => vault.connection.read((tx) => tx.get<{ sql: string }>("SELECT sql FROM sqlite_master WHERE name = 'search_fts'"));
  const found = (query: string, expression = matchExpression(query)) => indexedMatches(vault.connection, expression);

  it('reindexes the records whose marks are letters in effect, so कोमल is no longer found by कमल, and ป่าน not by ปาน', async () => {
    await migrate(vault.connection, 11);
    const settingsBefore = await ftsSettings();
    const people: readonly Person[] = [
      { id: 'c1', name: 'कोमल शर्मा', title: 'प्रबंधक' },
      { id: 'c2', name: 'कमल' },
      { id: 'c3', name: 'ป่าน สุขใจ', city: 'เชียงใหม่' },
      { id: 'c4', name: 'ปาน สุขใจ' },
      { id: 'c5', name: 'தமிழ்செல்வி கொற்றவை' },
      // Accents, Arabic vowel points: folded as before, so left as they are.
      { id: 'c6', name: 'Zoë Ångström', title: 'Résumé writer' },
      { id: 'c7', name: 'مُحَمَّد علي' },
      // Trashed, or a row that does not decode (an e-mail that is no string): the entry keeps its text.
      { id: 'c8', name: 'हिन्दी', deletedAt: 9 },
      { id: 'c9', name: 'सुनीता', emails: '[1]' },
    ];
    const texts = (person: Person) =>
      contactSearchTexts({ name: person.name, title: person.title ?? '', emails: [], phones: [], address: { city: person.city ?? '', country: '' }, tags: [] });
    const task = taskSearchTexts({ title: 'សុខា ចាន់', tags: ['ลูกค้า'] });
    await vault.connection.write(async (tx) => {
      for (const person of people) {
        await tx.run(
          `INSERT INTO contacts (id, name, title, emails, address, deleted_at, owner_id, created_at, created_by, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ${meta})`,
          [person.id, person.name, person.title ?? '', person.emails ?? '[]', JSON.stringify({ city: person.city ?? '', country: '' }), person.deletedAt ?? null],
        );
      }
      await tx.run(`INSERT INTO tasks (id, title, assignee_id, tags, owner_id, created_at, created_by, updated_at, updated_by) VALUES ('t1', ?, 'local-owner', ?, ${meta})`, [
        task[0] ?? '',
        JSON.stringify(task.slice(1)),
      ]);
      // Entries as version 11 indexed them; the last two have no record behind them (gone, or an entity with no table).
      const entries: readonly (readonly [string, string, { name: string; body: string }])[] = [
        ...people.map((person) => ['contacts', person.id, v11Columns(texts(person))] as const),
        ['tasks', 't1', v11Columns(task)],
        ['contacts', 'gone', v11Columns(['ป้า'])],
        ['notes', 'n1', v11Columns(['ป้า'])],
      ];
      for (const [entity, id, { name, body }] of entries) {
        await tx.run('INSERT INTO search_docs (entity, record_id, name, body) VALUES (?, ?, ?, ?)', [entity, id, name, body]);
      }
      await tx.run('INSERT INTO search_fts (rowid, name, body, entity) SELECT doc_id, name, body, entity FROM search_docs');
    });
    // Before: the marks were gone from the index and the query alike, so names apart only by them were one.
    const v11Query = (typed: string) => `"${v11Text(typed)}"*`;
    expect(await found('कोमल', v11Query('कोमल'))).toEqual(['c1', 'c2']);
    expect(await found('ป่าน', v11Query('ป่าน'))).toEqual(['c3', 'c4']);
    // A query that keeps them finds nothing there.
    expect(await found('कोमल')).toEqual([]);
    const docsBefore = await vault.connection.read((tx) => tx.all<{ doc_id: number; record_id: string; name: string; body: string }>('SELECT * FROM search_docs ORDER BY doc_id'));

    await migrate(vault.connection, 12);
    expect(await vault.connection.read(schemaVersion)).toBe(12);
    const docs = await vault.connection.read((tx) => tx.all<{ doc_id: number; record_id: string; name: string; body: string }>('SELECT * FROM search_docs ORDER BY doc_id'));
    const refolded = new Set(['c1', 'c3', 'c4', 'c5', 't1']);
    // Each entry under its own doc_id; those of records in Devanagari, Thai, Tamil and Khmer indexed from their rows, the rest as they were.
    expect(docs).toEqual(
      docsBefore.map((doc) => {
        if (!refolded.has(doc.record_id)) return doc;
        const person = people.find((candidate) => candidate.id === doc.record_id);
        return { ...doc, ...indexColumns(person === undefined ? task : texts(person)) };
      }),
    );
    expect(docs.find((doc) => doc.record_id === 'c1')?.name).toBe('कोमल शर्मा');

    // The index was made anew: marks count as part of a word, its settings (secure-delete, rank, usermerge) carried over.
    expect((await ftsTable())?.sql).toContain("categories 'L* N* Co M*'");
    expect(await ftsSettings()).toEqual(settingsBefore);
    expect(settingsBefore).toEqual(expect.arrayContaining([{ k: 'secure-delete', v: 1 }, { k: 'usermerge', v: 2 }, { k: 'rank', v: 'bm25(8.0, 1.0, 0.0)' }]));

    expect(await found('कोमल')).toEqual(['c1']);
    expect(await found('कमल')).toEqual(['c2']);
    expect(await found('को')).toEqual(['c1']);
    expect(await found('शर्')).toEqual(['c1']);
    expect(await found('प्रबं')).toEqual(['c1']);
    expect(await found('ป่าน')).toEqual(['c3']);
    expect(await found('ปาน')).toEqual(['c4']);
    expect(await found('สุขใจ')).toEqual(['c3', 'c4']);
    expect(await found('เชียงใหม่')).toEqual(['c3']);
    expect(await found('கொற்ற')).toEqual(['c5']);
    expect(await found('សុខា')).toEqual(['t1']);
    expect(await found('ลูกค้า')).toEqual(['t1']);
    // As before: accents and Arabic vowel points folded away, on either side.
    expect(await found('zoe angstrom')).toEqual(['c6']);
    expect(await found('resume')).toEqual(['c6']);
    expect(await found('مُحَمَّد')).toEqual(['c7']);
    expect(await found('محمد')).toEqual(['c7']);
    // Entries left as they were are still found by what they hold.
    expect(await found('ป')).toEqual(['c3', 'c4', 'gone', 'n1']);
    await vault.connection.write((tx) => tx.run("INSERT INTO search_fts (search_fts, rank) VALUES ('integrity-check', 1)"));
  });

  it('reports the rows of its rebuild a batch at a time, and makes the index that FTS5 would rebuild', async () => {
    await migrate(vault.connection, 11);
    const total = 2 * rebuildBatchRows + 3;
    await vault.connection.write(async (tx) => {
      // One record in Devanagari, reindexed from its row; the others as version 11 left them.
      await tx.run(`INSERT INTO contacts (id, name, title, emails, address, owner_id, created_at, created_by, updated_at, updated_by) VALUES ('c0', 'कोमल', '', '[]', '{}', ${meta})`);
      await tx.run("INSERT INTO search_docs (entity, record_id, name, body) VALUES ('contacts', 'c0', ?, '')", [v11Text('कोमल')]);
      await tx.run(
        `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${total - 1})
         INSERT INTO search_docs (entity, record_id, name, body) SELECT 'contacts', 'c' || i, 'person ' || i, 'person' || i || '@example.org' FROM n`,
      );
      await tx.run("INSERT INTO search_fts (search_fts) VALUES ('rebuild')");
    });

    const heard: MigrationStep[] = [];
    await migrate(vault.connection, 12, undefined, (step) => heard.push(step));
    // The entries looked through, 5,000 at a time, then those plus the entries indexed, of twice the entries.
    const lookedThrough = [...Array.from({ length: Math.floor(total / batchRows) }, (_, index) => (index + 1) * batchRows), total];
    const indexed = [rebuildBatchRows, 2 * rebuildBatchRows, total].map((done) => total + done);
    expect(heard).toEqual([{ step: 1, steps: 1 }, ...[...lookedThrough, ...indexed].map((done) => ({ step: 1, steps: 1, done, total: 2 * total }))]);
    expect(await found('कोमल')).toEqual(['c0']);
    expect(await found('कमल')).toEqual([]);
    expect(await found('person 50002', '"person" "50002"')).toEqual(['c50002']);
    expect(await found('person50002@')).toEqual(['c50002']);

    // What FTS5's own rebuild makes of the same entries: every term at its place in every entry, each entry's sizes, the totals and the settings.
    const parts = {
      terms: 'SELECT term, doc, col, offset FROM temp.search_terms',
      sizes: 'SELECT id, sz FROM search_fts_docsize',
      totals: 'SELECT block FROM search_fts_data WHERE id = 1',
      settings: 'SELECT k, v FROM search_fts_config',
    };
    await vault.connection.write(async (tx) => {
      await tx.run('CREATE VIRTUAL TABLE temp.search_terms USING fts5vocab(main, search_fts, instance)');
      for (const [part, sql] of Object.entries(parts)) await tx.run(`CREATE TEMP TABLE batched_${part} AS ${sql}`);
      await tx.run("INSERT INTO search_fts (search_fts) VALUES ('rebuild')");
    });
    const compared = await vault.connection.write(async (tx) => {
      const differences: Record<string, unknown> = {};
      for (const [part, sql] of Object.entries(parts)) {
        differences[part] = await tx.get(
          `SELECT (SELECT count(*) FROM batched_${part}) AS batched, (SELECT count(*) FROM (${sql})) AS rebuilt,
             (SELECT count(*) FROM (SELECT * FROM batched_${part} EXCEPT ${sql})) + (SELECT count(*) FROM (${sql} EXCEPT SELECT * FROM batched_${part})) AS differ`,
        );
      }
      return differences;
    });
    expect(compared).toEqual({
      // Six terms an entry (person, its number, its e-mail's three words, the entity), two for कोमल.
      terms: { batched: 6 * (total - 1) + 2, rebuilt: 6 * (total - 1) + 2, differ: 0 },
      sizes: { batched: total, rebuilt: total, differ: 0 },
      totals: { batched: 1, rebuilt: 1, differ: 0 },
      settings: { batched: 4, rebuilt: 4, differ: 0 },
    });
    await vault.connection.write((tx) => tx.run("INSERT INTO search_fts (search_fts, rank) VALUES ('integrity-check', 1)"));
  });

  it('reports the entries it looks through for records to read again, a batch at a time, before the rows of its rebuild, in one count that only grows', async () => {
    await migrate(vault.connection, 11);
    // Every third contact in Devanagari, read again from its row; the entries on either side of each batch's end among them.
    const total = 3 * batchRows + 2;
    const devanagari = (i: number) => i % 3 === 0 || i % batchRows <= 1;
    const hindi = (i: number) => `कोमल शर्मा ${i}`;
    await vault.connection.write(async (tx) => {
      for (let i = 1; i <= total; i += 1) {
        const name = devanagari(i) ? hindi(i) : `Person ${i}`;
        await tx.run(`INSERT INTO contacts (id, name, title, emails, address, owner_id, created_at, created_by, updated_at, updated_by) VALUES (?, ?, '', '[]', '{}', ${meta})`, [`c${i}`, name]);
        await tx.run("INSERT INTO search_docs (entity, record_id, name, body) VALUES ('contacts', ?, ?, '')", [`c${i}`, v11Text(name)]);
      }
      await tx.run("INSERT INTO search_fts (search_fts) VALUES ('rebuild')");
    });

    const heard: MigrationStep[] = [];
    await migrate(vault.connection, 12, undefined, (step) => heard.push(step));
    const rows = heard.filter((step) => step.total !== undefined);
    // Looked through: 5,000, 10,000, 15,000, then the last two; then all of them indexed in one batch (fewer than 25,000).
    expect(rows.map(({ done, total: of }) => ({ done, of }))).toEqual([
      { done: batchRows, of: 2 * total },
      { done: 2 * batchRows, of: 2 * total },
      { done: 3 * batchRows, of: 2 * total },
      { done: total, of: 2 * total },
      { done: 2 * total, of: 2 * total },
    ]);
    expect(heard[0]).toEqual({ step: 1, steps: 1 });

    // Read again from their rows, at the batches' ends too: the marks are in the index.
    const docs = await vault.connection.read((tx) => tx.all<{ record_id: string; name: string }>('SELECT record_id, name FROM search_docs ORDER BY doc_id'));
    const expected = Array.from({ length: total }, (_, index) => index + 1).map((i) => ({ record_id: `c${i}`, name: devanagari(i) ? indexColumns([hindi(i)]).name : v11Text(`Person ${i}`) }));
    expect(docs).toEqual(expected);
    expect(await found('कोमल शर्मा 5001', '"कोमल" "शर्मा" "5001"')).toEqual(['c5001']);
    expect(await found('कमल')).toEqual([]);
    await vault.connection.write((tx) => tx.run("INSERT INTO search_fts (search_fts, rank) VALUES ('integrity-check', 1)"));
  });

  it('makes the index of a new vault with marks counted as part of a word and the settings of 0003 and 0007', async () => {
    await migrate(vault.connection, 12);
    expect((await ftsTable())?.sql).toContain("categories 'L* N* Co M*'");
    expect(await ftsSettings()).toEqual([
      { k: 'rank', v: 'bm25(8.0, 1.0, 0.0)' },
      { k: 'secure-delete', v: 1 },
      { k: 'usermerge', v: 2 },
      { k: 'version', v: 4 },
    ]);
    await vault.connection.write((tx) => tx.run("INSERT INTO search_fts (search_fts, rank) VALUES ('integrity-check', 1)"));
  });
});
