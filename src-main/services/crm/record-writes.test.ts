// saveManyChanges on the real vault: rows that get the same columns set to
// the same values share one UPDATE (a selection trashed at one time), and
// rows that set the same columns to different values (an import's update
// rows) each keep their own values, in the row, its tags and the outbox.
import type { z } from 'zod';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ContactDraft } from '../../../src-shared/domain/contact';
import type { Contact } from '../../../src-shared/domain/contact';
import { contactTable } from './contact.repo';
import { createContact } from './contact.service';
import { saveManyChanges } from './record-writes';
import { CrmTestVault } from './testing/crm-test-vault';
import { writeContext } from './write-context';

describe('saveManyChanges (real vault)', () => {
  let db: CrmTestVault;
  beforeEach(async () => {
    db = await CrmTestVault.create();
  });
  afterEach(async () => {
    await db.dispose();
  });

  const addContact = (input: z.input<typeof ContactDraft>) => db.write((tx, now) => createContact(tx, ContactDraft.parse(input), now));
  const save = (pairs: { before: Contact; next: Contact }[], kind: 'upsert' | 'delete' = 'upsert') =>
    db.write(async (tx, now) => saveManyChanges(tx, contactTable, pairs, await writeContext(tx, now), kind));

  it('writes each record its own values when several set the same fields differently', async () => {
    const people = [await addContact({ name: 'Ada' }), await addContact({ name: 'Bob' }), await addContact({ name: 'Cy' }), await addContact({ name: 'Di' })];
    const titles = ['Buyer', 'Engineer', 'Buyer', 'Owner'];
    const tags = [['north'], ['south'], ['north'], []];
    const outboxBefore = (await db.outbox()).length;
    const written = await save(people.map((before, index) => ({ before, next: { ...before, title: titles[index] ?? '', tags: tags[index] ?? [] } })));
    // Di's tags were empty already: only her title changes.
    expect([...written].sort()).toEqual(people.map((person) => person.id).sort());
    const rows = await db.read((tx) => tx.all<{ id: string; title: string }>('SELECT id, title FROM contacts'));
    expect(Object.fromEntries(rows.map((row) => [row.id, row.title]))).toEqual(Object.fromEntries(people.map((person, index) => [person.id, titles[index]])));
    const tagRows = await db.read((tx) => tx.all<{ record_id: string; tag: string }>("SELECT record_id, tag FROM record_tags WHERE entity = 'contacts'"));
    expect(tagRows.map((row) => [row.record_id, row.tag]).sort()).toEqual(
      people.flatMap((person, index) => (tags[index] ?? []).map((tag) => [person.id, tag])).sort(),
    );
    const operations = (await db.outbox()).slice(outboxBefore);
    expect(Object.fromEntries(operations.map((op) => [op.recordId, op.fields['title']?.value]))).toEqual(
      Object.fromEntries(people.map((person, index) => [person.id, titles[index]])),
    );
    expect(operations.find((op) => op.recordId === people[3]?.id)?.fields['tags']).toBeUndefined();
  });

  it('trashes many records at one time, each a delete with that time, and skips one that changes nothing', async () => {
    const people = await Promise.all(['Ada', 'Bob', 'Cy'].map((name) => addContact({ name })));
    const [ada, bob, cy] = people;
    if (ada === undefined || bob === undefined || cy === undefined) throw new Error('three contacts');
    const outboxBefore = (await db.outbox()).length;
    const at = db.now();
    // Cy is given as he is: nothing to write for him.
    const written = await save([{ before: ada, next: { ...ada, deletedAt: at } }, { before: bob, next: { ...bob, deletedAt: at } }, { before: cy, next: cy }], 'delete');
    expect([...written].sort()).toEqual([ada.id, bob.id].sort());
    const rows = await db.read((tx) => tx.all<{ id: string; deleted_at: number | null; updated_at: number }>('SELECT id, deleted_at, updated_at FROM contacts ORDER BY name'));
    expect(rows.map((row) => [row.id, row.deleted_at])).toEqual([
      [ada.id, at],
      [bob.id, at],
      [cy.id, null],
    ]);
    expect(rows[0]?.updated_at).toBe(rows[1]?.updated_at);
    expect(rows[2]?.updated_at).toBe(cy.updatedAt);
    expect((await db.outbox()).slice(outboxBefore).map((op) => [op.recordId, op.kind, op.fields['deletedAt']?.value])).toEqual([
      [ada.id, 'delete', at],
      [bob.id, 'delete', at],
    ]);
    expect(await db.count('search_docs')).toBe(1);
  });
});
