// Bulk edits of a list's selection on the real vault: a new owner, tags added
// or taken away, a task's new assignee, and the Undo that gives back what the
// edit changed (not what changed on a record since); one transaction per
// call, each changed record recorded for sync with the fields it changed,
// the tag filter and search in step, and all or nothing: a record that would
// hold too many tags, or one gone or in the trash, refuses the whole call and
// leaves every row, the outbox and the tags as they were.
import type { z } from 'zod';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BulkChange, tagsMax } from '../../../src-shared/domain/common';
import { ContactDraft, ContactListQuery } from '../../../src-shared/domain/contact';
import { DealDraft } from '../../../src-shared/domain/deal';
import { TaskId, UserId } from '../../../src-shared/domain/ids';
import { TaskBulkChange, TaskDraft, TaskRevertMany } from '../../../src-shared/domain/task';
import { editRecords, revertRecords } from './bulk-edits';
import { contactTable } from './contact.repo';
import { createContact, deleteContact, listContacts, updateContact } from './contact.service';
import { createDeal } from './deal.service';
import { dealTable } from './deal.repo';
import { createTask, editTasks, revertTasks } from './task.service';
import { CrmTestVault, refusal } from './testing/crm-test-vault';

const unknownId = '0190a5d0-ac96-774b-bcce-b302099a8057';

describe('bulk owner and tag edits (real vault)', () => {
  let db: CrmTestVault;
  beforeEach(async () => {
    db = await CrmTestVault.create();
  });
  afterEach(async () => {
    await db.dispose();
  });

  const addContact = (input: z.input<typeof ContactDraft>) => db.write((tx, now) => createContact(tx, ContactDraft.parse(input), now));
  const edit = (ids: readonly string[], change: z.input<typeof BulkChange>) => db.write((tx, now) => editRecords(tx, contactTable, ids, BulkChange.parse(change), now));
  const contacts = () => db.read((tx) => tx.all('SELECT id, owner_id, tags FROM contacts ORDER BY id'));
  /** Each contact's stored tags, in creation order (uuid7 ids). */
  const tagsOf = async () => (await contacts()).map((row) => JSON.parse((row as { tags: string }).tags) as unknown);
  const tagged = async (tag: string) => (await db.read((tx) => listContacts(tx, ContactListQuery.parse({ filter: { tags: [tag] } })))).items.map((contact) => contact.name).sort();
  const snapshot = () =>
    db.read(async (tx) => ({
      contacts: await tx.all('SELECT * FROM contacts ORDER BY id'),
      outbox: await tx.all('SELECT seq FROM outbox ORDER BY seq'),
      tags: await tx.all('SELECT * FROM record_tags ORDER BY 1, 2, 3'),
    }));

  it('adds tags to each record once, case-insensitively, records and answers only what changed, and its Undo puts them back', async () => {
    const ada = await addContact({ name: 'Ada', tags: ['vip'] });
    const bob = await addContact({ name: 'Bob' });
    const cy = await addContact({ name: 'Cy', tags: ['North', 'VIP'] });
    const outboxBefore = (await db.outbox()).length;

    const before = await edit([ada.id, bob.id, cy.id, ada.id], { kind: 'addTags', tags: ['VIP', 'north'] });
    // Cy had both already: the edit left him as he was, so he is not in the answer (the toast counts 2, and the
    // Undo has nothing of his to put back).
    expect(before.items).toEqual([
      { id: ada.id, ownerId: ada.ownerId, tags: ['vip'], after: { ownerId: ada.ownerId, tags: ['vip', 'north'] } },
      { id: bob.id, ownerId: bob.ownerId, tags: [], after: { ownerId: bob.ownerId, tags: ['VIP', 'north'] } },
    ]);
    expect(await tagsOf()).toEqual([['vip', 'north'], ['VIP', 'north'], ['North', 'VIP']]);
    // No operation for Cy; the others' operations carry the tags and who changed them when.
    const ops = (await db.outbox()).slice(outboxBefore);
    expect(ops.map((op) => [op.recordId, Object.keys(op.fields).sort()])).toEqual([
      [ada.id, ['tags', 'updatedAt', 'updatedBy']],
      [bob.id, ['tags', 'updatedAt', 'updatedBy']],
    ]);
    expect(await tagged('north')).toEqual(['Ada', 'Bob', 'Cy']);

    const redo = await db.write((tx, now) => revertRecords(tx, contactTable, before.items, now));
    expect(redo.items.map((item) => item.tags)).toEqual([['vip', 'north'], ['VIP', 'north']]);
    expect(await tagged('north')).toEqual(['Cy']);
    expect(await tagged('vip')).toEqual(['Ada', 'Cy']);
  });

  it('answers none and writes nothing when the change leaves every record as it was (owner, tags added, tags taken away)', async () => {
    const ada = await addContact({ name: 'Ada', tags: ['vip', 'north'], ownerId: 'u-ines' });
    const bob = await addContact({ name: 'Bob', tags: ['VIP'], ownerId: 'u-ines' });
    const snap = await snapshot();
    const changes: z.input<typeof BulkChange>[] = [
      { kind: 'owner', ownerId: 'u-ines' },
      { kind: 'addTags', tags: ['vip'] },
      { kind: 'removeTags', tags: ['south'] },
    ];
    for (const change of changes) {
      expect(await edit([ada.id, bob.id], change)).toEqual({ items: [] });
    }
    expect(await snapshot()).toEqual(snap);
    // Tasks the same, for a tag change and a new owner (Assign… answered only its changes already).
    const task = await db.write((tx, now) => createTask(tx, TaskDraft.parse({ title: 'Call back', tags: ['q4'] }), now));
    const ids = [TaskId.parse(task.id)];
    expect(await db.write((tx, now) => editTasks(tx, ids, TaskBulkChange.parse({ kind: 'addTags', tags: ['Q4'] }), now))).toEqual({ items: [] });
    expect(await db.write((tx, now) => editTasks(tx, ids, TaskBulkChange.parse({ kind: 'owner', ownerId: task.ownerId }), now))).toEqual({ items: [] });
  });

  it('takes tags away whatever their case and leaves the others', async () => {
    const ada = await addContact({ name: 'Ada', tags: ['VIP', 'north', 'trade-show'] });
    const bob = await addContact({ name: 'Bob', tags: ['south'] });
    await edit([ada.id, bob.id], { kind: 'removeTags', tags: ['vip', 'North'] });
    expect(await tagsOf()).toEqual([['trade-show'], ['south']]);
    expect(await tagged('vip')).toEqual([]);
    expect(await tagged('trade-show')).toEqual(['Ada']);
  });

  it('gives the selection a new owner, each operation naming the owner and who changed it when, and its Undo gives each record its own owner back', async () => {
    const ada = await addContact({ name: 'Ada' });
    const bob = await addContact({ name: 'Bob', ownerId: 'u-maria' });
    const cy = await addContact({ name: 'Cy', ownerId: 'u-ines' });
    const outboxBefore = (await db.outbox()).length;
    const before = await edit([ada.id, bob.id, cy.id], { kind: 'owner', ownerId: 'u-ines' });
    // Cy was Ines's already: left out of the answer.
    expect(before.items.map((item) => [item.id, item.ownerId])).toEqual([
      [ada.id, ada.ownerId],
      [bob.id, 'u-maria'],
    ]);
    expect((await contacts()).map((row) => (row as { owner_id: string }).owner_id)).toEqual(['u-ines', 'u-ines', 'u-ines']);
    const ops = (await db.outbox()).slice(outboxBefore);
    expect(ops.map((op) => [op.recordId, Object.keys(op.fields).sort(), op.fields['ownerId']?.value])).toEqual([
      [ada.id, ['ownerId', 'updatedAt', 'updatedBy'], 'u-ines'],
      [bob.id, ['ownerId', 'updatedAt', 'updatedBy'], 'u-ines'],
    ]);
    await db.write((tx, now) => revertRecords(tx, contactTable, before.items, now));
    expect((await contacts()).map((row) => (row as { owner_id: string }).owner_id)).toEqual([ada.ownerId, 'u-maria', 'u-ines']);
  });

  it('works on deals the same way (any entity table)', async () => {
    const deal = await db.write((tx, now) => createDeal(tx, DealDraft.parse({ name: 'Fleet renewal', amount: 1000, currency: 'EUR', stageId: 'lead', expectedCloseDate: '2026-12-31' }), now));
    const before = await db.write((tx, now) => editRecords(tx, dealTable, [deal.id], BulkChange.parse({ kind: 'addTags', tags: ['q4'] }), now));
    expect(before.items).toEqual([{ id: deal.id, ownerId: deal.ownerId, tags: [], after: { ownerId: deal.ownerId, tags: ['q4'] } }]);
    expect(await db.read((tx) => tx.get('SELECT tags FROM deals WHERE id = ?', [deal.id]))).toEqual({ tags: '["q4"]' });
  });

  it('gives tasks a new assignee (tasks only), with tags and owner as on every list, and its Undo gives each its own back', async () => {
    const mine = await db.write((tx, now) => createTask(tx, TaskDraft.parse({ title: 'Mine', tags: ['q4'] }), now));
    const hers = await db.write((tx, now) => createTask(tx, TaskDraft.parse({ title: 'Hers', assigneeId: 'u-maria' }), now));
    const ids = [TaskId.parse(mine.id), TaskId.parse(hers.id)];
    const before = await db.write((tx, now) => editTasks(tx, ids, TaskBulkChange.parse({ kind: 'assignee', assigneeId: 'u-ines' }), now));
    expect(before.items).toEqual([
      { id: mine.id, ownerId: mine.ownerId, tags: ['q4'], assigneeId: mine.assigneeId, after: { ownerId: mine.ownerId, tags: ['q4'], assigneeId: 'u-ines' } },
      { id: hers.id, ownerId: hers.ownerId, tags: [], assigneeId: 'u-maria', after: { ownerId: hers.ownerId, tags: [], assigneeId: 'u-ines' } },
    ]);
    expect(await db.read((tx) => tx.all('SELECT assignee_id FROM tasks ORDER BY id'))).toEqual([{ assignee_id: 'u-ines' }, { assignee_id: 'u-ines' }]);
    await db.write((tx, now) => editTasks(tx, ids, TaskBulkChange.parse({ kind: 'addTags', tags: ['renewal'] }), now));
    const undo = await db.write((tx, now) => revertTasks(tx, TaskRevertMany.parse({ items: before.items }).items, now));
    expect(undo.items.map((item) => [item.assigneeId, item.tags])).toEqual([
      ['u-ines', ['q4', 'renewal']],
      ['u-ines', ['renewal']],
    ]);
    // The assignee given back; the tags added since by another edit kept (the Undo gives back only its own change).
    expect(await db.read((tx) => tx.all('SELECT assignee_id, tags FROM tasks ORDER BY id'))).toEqual([
      { assignee_id: mine.assigneeId, tags: '["q4","renewal"]' },
      { assignee_id: 'u-maria', tags: '["renewal"]' },
    ]);
    // Only tasks have an assignee: every other list's change schema refuses one.
    expect(BulkChange.safeParse({ kind: 'assignee', assigneeId: 'u-ines' }).success).toBe(false);
  });

  it('gives back only what the edit changed: tags and owners changed on a record since stay', async () => {
    const ada = await addContact({ name: 'Ada', tags: ['north'] });
    const bob = await addContact({ name: 'Bob', tags: ['north', 'key'] });
    const added = await edit([ada.id, bob.id], { kind: 'addTags', tags: ['vip'] });
    // Since: Ada gets a tag of her own, Bob a new owner (here; a sync writes the same way).
    await db.write((tx, now) => updateContact(tx, ada.id, { tags: ['north', 'vip', 'hot'] }, now));
    await db.write((tx, now) => updateContact(tx, bob.id, { ownerId: UserId.parse('u-ines') }, now));
    const outboxBefore = (await db.outbox()).length;
    await db.write((tx, now) => revertRecords(tx, contactTable, added.items, now));
    expect(await tagsOf()).toEqual([
      ['north', 'hot'],
      ['north', 'key'],
    ]);
    expect((await contacts()).map((row) => (row as { owner_id: string }).owner_id)).toEqual([ada.ownerId, 'u-ines']);
    expect(await tagged('vip')).toEqual([]);
    // Each Undo recorded for sync carries the tags alone: Bob's new owner is not written back over.
    const ops = (await db.outbox()).slice(outboxBefore);
    expect(ops.map((op) => [op.recordId, Object.keys(op.fields).sort()])).toEqual([
      [ada.id, ['tags', 'updatedAt', 'updatedBy']],
      [bob.id, ['tags', 'updatedAt', 'updatedBy']],
    ]);

    // Tags taken away come back beside those added since; an owner the edit set but changed since stays.
    const removed = await edit([ada.id, bob.id], { kind: 'removeTags', tags: ['north'] });
    const moved = await edit([ada.id], { kind: 'owner', ownerId: 'u-maria' });
    await db.write((tx, now) => updateContact(tx, bob.id, { tags: ['key', 'fresh'] }, now));
    await db.write((tx, now) => updateContact(tx, ada.id, { ownerId: UserId.parse('u-ines') }, now));
    await db.write((tx, now) => revertRecords(tx, contactTable, removed.items, now));
    await db.write((tx, now) => revertRecords(tx, contactTable, moved.items, now));
    // Ada's tags were as the edit left them: they come back in their order; Bob's changed since: "north" joins them.
    expect(await tagsOf()).toEqual([
      ['north', 'hot'],
      ['key', 'fresh', 'north'],
    ]);
    expect((await contacts()).map((row) => (row as { owner_id: string }).owner_id)).toEqual(['u-ines', 'u-ines']);
  });

  it(`refuses whole a tag change that would leave a record with more than ${tagsMax} tags, changing nothing`, async () => {
    const ada = await addContact({ name: 'Ada', tags: ['vip'] });
    const full = await addContact({ name: 'Full', tags: Array.from({ length: tagsMax - 1 }, (_, index) => `t${index}`) });
    const snap = await snapshot();
    expect(await refusal(edit([ada.id, full.id], { kind: 'addTags', tags: ['north', 'south'] }))).toMatchObject({
      code: 'BAD_INPUT',
      reason: { code: 'tags_full', entity: 'contacts', max: tagsMax },
    });
    expect(await snapshot()).toEqual(snap);
    // One more fits exactly.
    await edit([ada.id, full.id], { kind: 'addTags', tags: ['north'] });
    expect(await tagged('north')).toEqual(['Ada', 'Full']);
  });

  it('refuses whole a selection naming a record gone or in the trash; its Undo leaves a record trashed since and gives the others back', async () => {
    const ada = await addContact({ name: 'Ada', tags: ['vip'] });
    const bob = await addContact({ name: 'Bob' });
    const snap = await snapshot();
    expect(await refusal(edit([ada.id, unknownId], { kind: 'owner', ownerId: 'u-ines' }))).toMatchObject({ code: 'NOT_FOUND', reason: { code: 'selection_gone', entity: 'contacts' } });
    expect(await snapshot()).toEqual(snap);

    const before = await edit([ada.id, bob.id], { kind: 'addTags', tags: ['north'] });
    await db.write((tx, now) => deleteContact(tx, bob.id, now));
    const reverted = await db.write((tx, now) => revertRecords(tx, contactTable, before.items, now));
    expect(reverted.items.map((item) => item.id)).toEqual([ada.id]);
    const tagsOf = (id: string) => db.read(async (tx) => (await tx.all<{ tag: string }>('SELECT tag FROM record_tags WHERE record_id = ? ORDER BY tag', [id])).map((row) => row.tag));
    expect(await tagsOf(ada.id)).toEqual(['vip']);
    // Bob, in the trash, keeps what the edit gave him.
    expect(await tagsOf(bob.id)).toEqual(['north']);
  });

  it('refuses changes the schema does not admit: no tags, a comma in a tag, more than ten at once, an unknown kind', () => {
    expect(BulkChange.safeParse({ kind: 'addTags', tags: [] }).success).toBe(false);
    expect(BulkChange.safeParse({ kind: 'addTags', tags: ['north,south'] }).success).toBe(false);
    expect(BulkChange.safeParse({ kind: 'removeTags', tags: Array.from({ length: 11 }, (_, index) => `t${index}`) }).success).toBe(false);
    expect(BulkChange.safeParse({ kind: 'renameTags', tags: ['a'] }).success).toBe(false);
    expect(BulkChange.safeParse({ kind: 'owner', ownerId: 'not an id!' }).success).toBe(false);
    expect(BulkChange.parse({ kind: 'addTags', tags: ['vip', 'VIP'] })).toEqual({ kind: 'addTags', tags: ['vip'] });
  });
});
