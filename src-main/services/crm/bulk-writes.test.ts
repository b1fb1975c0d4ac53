// Bulk writes of a list's selection on the real vault: one transaction per
// call, every record's change recorded for sync, and all or nothing: an
// unknown id or a record already in the trash refuses the whole call with
// NOT_FOUND (selection_gone) and leaves every row, the outbox, the search
// index and the tags as they were. Under them, saveManyChanges: rows that get
// the same columns set to the same values share one UPDATE (a selection
// trashed at one time), and rows that set the same columns to different
// values (an import's update rows) each keep their own, in the row, its tags
// and the outbox.
import type { z } from 'zod';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccountDraft } from '../../../src-shared/domain/account';
import { ContactDraft, type Contact } from '../../../src-shared/domain/contact';
import { ContactId, TaskId } from '../../../src-shared/domain/ids';
import { TaskDraft } from '../../../src-shared/domain/task';
import { createAccount, deleteAccount } from './account.service';
import { contactTable } from './contact.repo';
import { createContact, createContacts, deleteContacts, restoreContacts } from './contact.service';
import { saveManyChanges } from './record-writes';
import { createTask, deleteTask, deleteTasks, restoreTasks, setTaskStatuses } from './task.service';
import { CrmTestVault, refusal } from './testing/crm-test-vault';
import { writeContext } from './write-context';

const unknownId = '0190a5d0-ac96-774b-bcce-b302099a8057';

describe('bulk delete, restore and task status (real vault)', () => {
  let db: CrmTestVault;
  beforeEach(async () => {
    db = await CrmTestVault.create();
  });
  afterEach(async () => {
    await db.dispose();
  });

  const addContact = (input: z.input<typeof ContactDraft>) => db.write((tx, now) => createContact(tx, ContactDraft.parse(input), now));
  const addTask = (input: z.input<typeof TaskDraft>) => db.write((tx, now) => createTask(tx, TaskDraft.parse(input), now));
  const contactIds = (ids: readonly string[]) => ids.map((id) => ContactId.parse(id));
  const save = (pairs: { before: Contact; next: Contact }[], kind: 'upsert' | 'delete' = 'upsert') =>
    db.write(async (tx, now) => saveManyChanges(tx, contactTable, pairs, await writeContext(tx, now), kind));
  const taskIds = (ids: readonly string[]) => ids.map((id) => TaskId.parse(id));
  /** Everything a write touches: the rows and their trash marks, the outbox, the search index, the tags. */
  const snapshot = () =>
    db.read(async (tx) => ({
      contacts: await tx.all('SELECT id, deleted_at FROM contacts ORDER BY id'),
      tasks: await tx.all('SELECT id, status, deleted_at FROM tasks ORDER BY id'),
      outbox: await tx.all('SELECT seq FROM outbox ORDER BY seq'),
      search: await tx.all('SELECT * FROM search_docs ORDER BY 1'),
      tags: await tx.all('SELECT * FROM record_tags ORDER BY 1, 2, 3'),
    }));

  it('trashes a selection in one call, one delete operation each, and restores it all in one', async () => {
    const ada = await addContact({ name: 'Ada', tags: ['vip'] });
    const bob = await addContact({ name: 'Bob' });
    const cy = await addContact({ name: 'Cy' });
    const outboxBefore = (await db.outbox()).length;
    const deleted = await db.write((tx, now) => deleteContacts(tx, contactIds([ada.id, bob.id, ada.id]), now));
    expect(deleted.ids).toEqual([ada.id, bob.id]);
    const deletes = (await db.outbox()).slice(outboxBefore);
    expect(deletes.map((op) => [op.recordId, op.kind])).toEqual([
      [ada.id, 'delete'],
      [bob.id, 'delete'],
    ]);
    expect(deletes.every((op) => op.fields['deletedAt']?.value === deleted.deletedAt)).toBe(true);
    const live = await db.read((tx) => tx.all('SELECT id FROM contacts WHERE deleted_at IS NULL'));
    expect(live).toEqual([{ id: cy.id }]);
    expect(await db.count('search_docs')).toBe(1);

    expect(await db.write((tx, now) => restoreContacts(tx, contactIds(deleted.ids), now))).toEqual({ ids: [ada.id, bob.id] });
    expect((await db.outbox()).slice(outboxBefore + 2).map((op) => [op.recordId, op.kind, op.fields['deletedAt']?.value])).toEqual([
      [ada.id, 'upsert', null],
      [bob.id, 'upsert', null],
    ]);
    expect(await db.count('search_docs')).toBe(3);
    expect(await db.read((tx) => tx.all('SELECT id FROM contacts WHERE deleted_at IS NOT NULL'))).toEqual([]);
  });

  it('refuses a selection with an unknown or an already trashed record whole, changing nothing', async () => {
    const ada = await addContact({ name: 'Ada', tags: ['vip'] });
    const bob = await addContact({ name: 'Bob', tags: ['vip'] });
    const gone = await addContact({ name: 'Gone' });
    await db.write((tx, now) => deleteContacts(tx, contactIds([gone.id]), now));
    const before = await snapshot();
    for (const stranger of [unknownId, gone.id]) {
      // The stranger comes last: the records before it were already written inside the transaction.
      expect(await refusal(db.write((tx, now) => deleteContacts(tx, contactIds([ada.id, bob.id, stranger]), now)))).toEqual({
        code: 'NOT_FOUND',
        message: 'One of the selected contacts is no longer there, so nothing was changed. Refresh the list and select again.',
        reason: { code: 'selection_gone', entity: 'contacts' },
      });
      expect(await snapshot()).toEqual(before);
    }
  });

  it('restores a selection skipping what is out of the trash already; an unknown id or a trashed link refuses it whole', async () => {
    const account = await db.write((tx, now) => createAccount(tx, AccountDraft.parse({ name: 'Acme' }), now));
    const ada = await addContact({ name: 'Ada' });
    const bob = await addContact({ name: 'Bob' });
    const linked = await addContact({ name: 'Linked', accountId: account.id });
    await db.write((tx, now) => deleteContacts(tx, contactIds([ada.id, linked.id]), now));
    await db.write((tx, now) => deleteAccount(tx, account.id, now));

    let before = await snapshot();
    expect(await refusal(db.write((tx, now) => restoreContacts(tx, contactIds([ada.id, unknownId]), now)))).toMatchObject({
      code: 'NOT_FOUND',
      reason: { code: 'selection_gone', entity: 'contacts' },
    });
    expect(await refusal(db.write((tx, now) => restoreContacts(tx, contactIds([ada.id, linked.id]), now)))).toMatchObject({
      code: 'BAD_INPUT',
      reason: { code: 'link_trashed', entity: 'accounts' },
    });
    expect(await snapshot()).toEqual(before);

    before = await snapshot();
    // Bob was never trashed: restoring him writes nothing for him, and he is not among those restored (an Undo
    // of this restore must not trash him).
    expect(await db.write((tx, now) => restoreContacts(tx, contactIds([bob.id, ada.id]), now))).toEqual({ ids: [ada.id] });
    const written = (await db.outbox()).slice(before.outbox.length);
    expect(written.map((op) => op.recordId)).toEqual([ada.id]);
  });

  it('marks a selection of tasks done, answers with their statuses before, and writes them back as the Undo', async () => {
    const open = await addTask({ title: 'Call back' });
    const started = await addTask({ title: 'Draft the offer', status: 'in_progress' });
    const finished = await addTask({ title: 'Already done', status: 'done' });
    const outboxBefore = (await db.outbox()).length;
    const ids = [open.id, started.id, finished.id];
    const before = await db.write((tx, now) => setTaskStatuses(tx, taskIds(ids).map((id) => ({ id, status: 'done' as const })), now));
    expect(before.items).toEqual([
      { id: open.id, status: 'open', after: 'done' },
      { id: started.id, status: 'in_progress', after: 'done' },
    ]);
    // The task done already makes no operation; each other one only its status.
    const ops = (await db.outbox()).slice(outboxBefore);
    expect(ops.map((op) => [op.recordId, Object.keys(op.fields).sort()])).toEqual([
      [open.id, ['status', 'updatedAt', 'updatedBy']],
      [started.id, ['status', 'updatedAt', 'updatedBy']],
    ]);
    const statuses = () => db.read((tx) => tx.all('SELECT id, status FROM tasks ORDER BY id'));
    expect(await statuses()).toEqual(
      [...ids].sort().map((id) => ({ id, status: 'done' })),
    );

    await db.write((tx, now) => setTaskStatuses(tx, before.items, now));
    expect(await statuses()).toEqual(
      [
        { id: open.id, status: 'open' },
        { id: started.id, status: 'in_progress' },
        { id: finished.id, status: 'done' },
      ].sort((a, b) => a.id.localeCompare(b.id)),
    );
  });

  it('undoes "Mark done" only on tasks still done: a status changed since stays', async () => {
    const first = await addTask({ title: 'Call back' });
    const second = await addTask({ title: 'Draft the offer', status: 'in_progress' });
    const ids = taskIds([first.id, second.id]);
    const before = await db.write((tx, now) => setTaskStatuses(tx, ids.map((id) => ({ id, status: 'done' as const })), now));
    // Since: the first reopened as in progress (here; a sync writes the same way).
    await db.write((tx, now) => setTaskStatuses(tx, [{ id: ids[0] ?? first.id, status: 'in_progress' }], now));
    const outboxBefore = (await db.outbox()).length;
    await db.write((tx, now) => setTaskStatuses(tx, before.items, now));
    expect(await db.read((tx) => tx.all('SELECT title, status FROM tasks ORDER BY id'))).toEqual([
      { title: 'Call back', status: 'in_progress' },
      { title: 'Draft the offer', status: 'in_progress' },
    ]);
    // Only the second, still done, was written back.
    expect((await db.outbox()).slice(outboxBefore).map((op) => op.recordId)).toEqual([second.id]);
  });

  it('undoes "Mark done" on the tasks still there when one went to the trash since', async () => {
    const first = await addTask({ title: 'Call back' });
    const second = await addTask({ title: 'Draft the offer' });
    const ids = taskIds([first.id, second.id]);
    const before = await db.write((tx, now) => setTaskStatuses(tx, ids.map((id) => ({ id, status: 'done' as const })), now));
    await db.write((tx, now) => deleteTask(tx, TaskId.parse(second.id), now));
    // Before, the whole Undo was refused (selection_gone) and the first stayed done.
    await db.write((tx, now) => setTaskStatuses(tx, before.items, now));
    expect(await db.read((tx) => tx.all('SELECT title, status, deleted_at IS NOT NULL AS trashed FROM tasks ORDER BY id'))).toEqual([
      { title: 'Call back', status: 'open', trashed: 0 },
      { title: 'Draft the offer', status: 'done', trashed: 1 },
    ]);
  });

  it('refuses to mark done a selection holding a trashed task, changing nothing; trashes and restores tasks too', async () => {
    const one = await addTask({ title: 'One' });
    const two = await addTask({ title: 'Two' });
    await db.write((tx, now) => deleteTask(tx, TaskId.parse(two.id), now));
    const before = await snapshot();
    expect(await refusal(db.write((tx, now) => setTaskStatuses(tx, taskIds([one.id, two.id]).map((id) => ({ id, status: 'done' as const })), now)))).toMatchObject({
      code: 'NOT_FOUND',
      reason: { code: 'selection_gone', entity: 'tasks' },
    });
    expect(await snapshot()).toEqual(before);
    await db.write((tx, now) => restoreTasks(tx, taskIds([two.id]), now));
    const deleted = await db.write((tx, now) => deleteTasks(tx, taskIds([one.id, two.id]), now));
    expect(deleted.ids).toEqual([one.id, two.id]);
    expect(await db.read((tx) => tx.all('SELECT id FROM tasks WHERE deleted_at IS NULL'))).toEqual([]);
  });

  it('trashes the largest selection a call takes, 500 records, in one transaction', async () => {
    const drafts = Array.from({ length: 500 }, (_, index) => ContactDraft.parse({ name: `Contact ${index}` }));
    const contacts = await db.write((tx, now) => createContacts(tx, drafts, now));
    const outboxBefore = (await db.outbox()).length;
    const deleted = await db.write((tx, now) => deleteContacts(tx, contactIds(contacts.map((contact) => contact.id)), now));
    expect(deleted.ids).toHaveLength(500);
    expect((await db.outbox()).length - outboxBefore).toBe(500);
    expect(await db.read((tx) => tx.all('SELECT id FROM contacts WHERE deleted_at IS NULL'))).toEqual([]);
  });

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
