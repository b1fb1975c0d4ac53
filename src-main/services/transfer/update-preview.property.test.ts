// What an update preview says must be what the update run then writes
// (real vault): for random contacts and random rows matching them by their
// address, each field the preview lists as set holds the row's value after
// the run, each list it says gains values holds them after the record's own,
// every field it does not list is as it was, and a preview listing nothing
// is a run that records no change for sync.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Contact } from '../../../src-shared/domain/contact';
import { contactTable } from '../crm/contact.repo';
import { selectRecords } from '../crm/entity-table';
import { useImportService } from './testing/import-service';

const word = fc.constantFrom('Analyst', 'Countess', 'Rep', 'Manager', 'Leeds', 'York', 'vip', 'math', 'Met at the expo', 'Call back');
const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: null });
/** The contact's own number (written another way in the row) or another one: numbers are each sample's own, so a row matches one contact. */
const phone = fc.constantFrom('own', 'other');

/** A contact as it is before the import, and the cells of the row that matches it (null: the cell is empty). */
const scenario = fc.record({
  before: fc.record({ title: maybe(word), city: maybe(word), phone: maybe(phone), tags: fc.uniqueArray(fc.constantFrom('vip', 'math', 'key'), { maxLength: 2 }), notes: maybe(word) }),
  row: fc.record({ rename: fc.boolean(), title: maybe(word), city: maybe(word), phone: maybe(phone), tag: maybe(fc.constantFrom('vip', 'VIP', 'math', 'new')), notes: maybe(word) }),
});

describe('update preview against the update run (property, real vault)', () => {
  const imports = useImportService();

  it('previews exactly what the run writes into the matched record', async () => {
    let sample = 0;
    // What the samples previewed, so the property is shown to have met each kind of change.
    const seen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(scenario, async ({ before, row }) => {
        sample += 1;
        const email = `p${sample}@example.org`;
        const name = `Person ${sample}`;
        // Created by an import too, which tells the previews that contacts were written (their keys are read again).
        const number = (which: 'own' | 'other' | null, spelling: 'intl' | 'national') =>
          which === null ? '' : `${spelling === 'intl' ? '+44 20' : '020'} 7${which === 'own' ? '1' : '2'}${String(sample).padStart(2, '0')} ${String(sample).padStart(4, '0')}`;
        const first = [name, email, number(before.phone, 'intl'), before.title ?? '', before.city ?? '', before.tags.join(';'), before.notes ?? ''];
        await imports.finish(await imports.run({ uploadId: imports.upload(`Name,Email,Phone,Title,City,Tags,Notes\n${first.join(',')}\n`) }));
        const [created] = await imports.vault.connection().read((tx) => selectRecords(tx, contactTable, 'name = ?', [name]));
        if (created === undefined) throw new Error('the contact was not created');
        const cells = [row.rename ? `${name} Renamed` : name, email.toUpperCase(), number(row.phone, 'national'), row.title ?? '', row.city ?? '', row.tag ?? '', row.notes ?? ''];
        const uploadId = imports.upload(`Name,Email,Phone,Title,City,Tags,Notes\n${cells.join(',')}\n`);
        const preview = await imports.service.preview({ uploadId, format: 'csv', entity: 'contacts', rows: 5, duplicates: 'update' });
        const changes = preview.rows[0]?.record?.changes;
        if (changes === undefined) throw new Error('the row was not previewed as an update');
        const outbox = () => imports.count(`SELECT count(*) AS n FROM outbox WHERE record_id = '${created.id}'`);
        const opsBefore = await outbox();
        await imports.finish(await imports.run({ uploadId, duplicates: 'update' }));
        const [after] = await imports.vault.connection().read((tx) => selectRecords(tx, contactTable, 'id = ?', [created.id]));
        if (after === undefined) throw new Error('the contact went');

        for (const change of changes) seen.add(`${change.field}:${change.kind}`);
        if (changes.length === 0) seen.add('none');
        const listed = new Map(changes.map((change) => [change.field, change]));
        const field = (contact: Contact, key: string): unknown =>
          ({ name: contact.name, title: contact.title, city: contact.address.city, phone: contact.phones, email: contact.emails, tags: contact.tags, notes: contact.notes })[key];
        for (const key of ['name', 'title', 'city', 'phone', 'email', 'tags', 'notes']) {
          const change = listed.get(key as never);
          if (change === undefined) expect(field(after, key)).toEqual(field(created, key));
          else if (change.kind === 'set') expect(field(after, key)).toBe(change.after);
          else if (key === 'notes') expect(after.notes).toBe(created.notes === '' ? change.after : `${created.notes}\n\n${change.after}`);
          else expect(field(after, key)).toEqual([...(field(created, key) as string[]), ...change.after.split('; ')]);
        }
        // Nothing listed: nothing recorded for sync either; something listed: one change recorded.
        expect(await outbox()).toBe(opsBefore + (changes.length === 0 ? 0 : 1));
      }),
      {
        numRuns: 40,
        // A row that changes nothing (empty cells, the contact's own tag and note), besides the random ones.
        examples: [[{ before: { title: 'Rep', city: null, phone: 'own', tags: ['vip'], notes: 'Call back' }, row: { rename: false, title: null, city: null, phone: 'own', tag: 'VIP', notes: 'Call back' } }]],
      },
    );
    for (const kind of ['none', 'name:set', 'title:set', 'city:set', 'phone:add', 'tags:add', 'notes:add']) expect(seen).toContain(kind);
  }, 120_000);
});
