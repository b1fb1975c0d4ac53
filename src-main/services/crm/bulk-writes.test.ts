// Bulk writes of a list's selection on the real vault: one transaction per
// call, every record's change recorded for sync, and all or nothing: an
// unknown id or a record already in the trash refuses the whole call with
// NOT_FOUND (selection_gone) and leaves every row, the outbox, the search
// index and the tags as they were.
import type { z } from 'zod';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccountDraft } from '../../../src-shared/domain/account';
import { ContactDraft } from '../../../src-shared/domain/contact';
import { ContactId, TaskId } from '../../../src-shared/domain/ids';
import { TaskDraft } from '../../../src-shared/domain/task';
import { createAccount, deleteAccount } from './account.service';
import { createContact, createContacts, deleteContacts, restoreContacts } from './contact.service';
import { createTask, deleteTask, deleteTasks, restoreTasks, setTaskStatuses } from './task.service';
import { CrmTestVault, refusal } from './testing/crm-test-vault';

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
    // Bob was never trashed: restoring him writes nothing for him.
    expect(await db.write((tx, now) => restoreContacts(tx, contactIds([bob.id, ada.id]), now))).toEqual({ ids: [bob.id, ada.id] });
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
      { id: open.id, status: 'open' },
      { id: started.id, status: 'in_progress' },
      { id: finished.id, status: 'done' },
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
});
