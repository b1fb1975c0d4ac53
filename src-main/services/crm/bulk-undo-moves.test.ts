// The Undo of a bulk Delete or Restore on the real vault (`skipGone`): a
// record that cannot move back (its account trashed since, removed by a
// sync, trashed or restored again) stays where it is and out of the answer,
// and the others move back, each recorded for sync. Before, the one record
// refused the whole Undo (link_trashed or selection_gone) and every record
// stayed where the Delete or Restore had put it. Without `skipGone` (the
// action itself) the call is still all or nothing.
import type { z } from 'zod';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccountDraft } from '../../../src-shared/domain/account';
import { ContactDraft } from '../../../src-shared/domain/contact';
import { ContactId, TaskId } from '../../../src-shared/domain/ids';
import { TaskDraft } from '../../../src-shared/domain/task';
import { syncRecordHooks } from '../../app/sync-record-hooks';
import { removeRecord } from '../../sync/remove-record';
import { createAccount, deleteAccount } from './account.service';
import { createContact, deleteContact, deleteContacts, restoreContact, restoreContacts } from './contact.service';
import { createTask, deleteTask, deleteTasks, restoreTasks } from './task.service';
import { CrmTestVault, refusal } from './testing/crm-test-vault';

describe('the Undo of a bulk delete or restore skips what cannot move back (real vault)', () => {
  let db: CrmTestVault;
  beforeEach(async () => {
    db = await CrmTestVault.create();
  });
  afterEach(async () => {
    await db.dispose();
  });

  const addContact = (input: z.input<typeof ContactDraft>) => db.write((tx, now) => createContact(tx, ContactDraft.parse(input), now));
  const contactIds = (ids: readonly string[]) => ids.map((id) => ContactId.parse(id));
  const trashedContacts = () => db.read((tx) => tx.all('SELECT name FROM contacts WHERE deleted_at IS NOT NULL ORDER BY name'));
  const liveContacts = () => db.read((tx) => tx.all('SELECT name FROM contacts WHERE deleted_at IS NULL ORDER BY name'));

  it("restores the others when one's account was trashed since; that one stays in the trash", async () => {
    const account = await db.write((tx, now) => createAccount(tx, AccountDraft.parse({ name: 'Acme' }), now));
    const ada = await addContact({ name: 'Ada' });
    const bob = await addContact({ name: 'Bob' });
    const linked = await addContact({ name: 'Linked', accountId: account.id });
    const deleted = await db.write((tx, now) => deleteContacts(tx, contactIds([ada.id, bob.id, linked.id]), now));
    expect(deleted.ids).toEqual([ada.id, bob.id, linked.id]);
    // Before the Undo, the account of one of them goes to the trash.
    await db.write((tx, now) => deleteAccount(tx, account.id, now));

    // The action itself (no skipGone) is still refused whole.
    expect(await refusal(db.write((tx, now) => restoreContacts(tx, contactIds(deleted.ids), now)))).toMatchObject({
      code: 'BAD_INPUT',
      reason: { code: 'link_trashed', entity: 'accounts' },
    });
    expect(await trashedContacts()).toEqual([{ name: 'Ada' }, { name: 'Bob' }, { name: 'Linked' }]);

    const outboxBefore = (await db.outbox()).length;
    const undone = await db.write((tx, now) => restoreContacts(tx, contactIds(deleted.ids), now, { skipGone: true }));
    expect(undone).toEqual({ ids: [ada.id, bob.id] });
    expect(await liveContacts()).toEqual([{ name: 'Ada' }, { name: 'Bob' }]);
    expect(await trashedContacts()).toEqual([{ name: 'Linked' }]);
    expect((await db.outbox()).slice(outboxBefore).map((op) => [op.recordId, op.kind, op.fields['deletedAt']?.value])).toEqual([
      [ada.id, 'upsert', null],
      [bob.id, 'upsert', null],
    ]);
  });

  it('restores the others when one was removed from this device (erased, evicted) or restored already since', async () => {
    const ada = await addContact({ name: 'Ada' });
    const bob = await addContact({ name: 'Bob' });
    const cy = await addContact({ name: 'Cy' });
    const deleted = await db.write((tx, now) => deleteContacts(tx, contactIds([ada.id, bob.id, cy.id]), now));
    await db.write((tx) => removeRecord(tx, syncRecordHooks, 'contacts', bob.id, 'purge'));
    await db.write((tx, now) => restoreContact(tx, ContactId.parse(cy.id), now));
    expect(await refusal(db.write((tx, now) => restoreContacts(tx, contactIds(deleted.ids), now)))).toMatchObject({
      code: 'NOT_FOUND',
      reason: { code: 'selection_gone', entity: 'contacts' },
    });

    const undone = await db.write((tx, now) => restoreContacts(tx, contactIds(deleted.ids), now, { skipGone: true }));
    // Only Ada came out of the trash by this call: Bob is gone, Cy was out already.
    expect(undone).toEqual({ ids: [ada.id] });
    expect(await liveContacts()).toEqual([{ name: 'Ada' }, { name: 'Cy' }]);
  });

  it("trashes the others again as a Restore's Undo when one was trashed again or removed since", async () => {
    const ada = await addContact({ name: 'Ada' });
    const bob = await addContact({ name: 'Bob' });
    const cy = await addContact({ name: 'Cy' });
    await db.write((tx, now) => deleteContacts(tx, contactIds([ada.id, bob.id, cy.id]), now));
    const restored = await db.write((tx, now) => restoreContacts(tx, contactIds([ada.id, bob.id, cy.id]), now));
    // Since: Bob trashed again (here; a sync writes the same way), Cy removed from this device.
    await db.write((tx, now) => deleteContact(tx, ContactId.parse(bob.id), now));
    await db.write((tx) => removeRecord(tx, syncRecordHooks, 'contacts', cy.id, 'evict'));
    expect(await refusal(db.write((tx, now) => deleteContacts(tx, contactIds(restored.ids), now)))).toMatchObject({
      code: 'NOT_FOUND',
      reason: { code: 'selection_gone', entity: 'contacts' },
    });

    const outboxBefore = (await db.outbox()).length;
    const undone = await db.write((tx, now) => deleteContacts(tx, contactIds(restored.ids), now, { skipGone: true }));
    expect(undone.ids).toEqual([ada.id]);
    expect(await trashedContacts()).toEqual([{ name: 'Ada' }, { name: 'Bob' }]);
    expect((await db.outbox()).slice(outboxBefore).map((op) => [op.recordId, op.kind])).toEqual([[ada.id, 'delete']]);
  });

  it('does the same for tasks, whose restore also gives each restored task its assignee', async () => {
    const account = await db.write((tx, now) => createAccount(tx, AccountDraft.parse({ name: 'Acme' }), now));
    const free = await db.write((tx, now) => createTask(tx, TaskDraft.parse({ title: 'Free' }), now));
    const linked = await db.write((tx, now) => createTask(tx, TaskDraft.parse({ title: 'Linked', accountId: account.id }), now));
    const ids = [TaskId.parse(free.id), TaskId.parse(linked.id)];
    await db.write((tx, now) => deleteTasks(tx, ids, now));
    await db.write((tx, now) => deleteAccount(tx, account.id, now));
    expect(await db.write((tx, now) => restoreTasks(tx, ids, now, { skipGone: true }))).toEqual({ ids: [free.id] });
    expect(await db.read((tx) => tx.all('SELECT title, deleted_at IS NOT NULL AS trashed FROM tasks ORDER BY title'))).toEqual([
      { title: 'Free', trashed: 0 },
      { title: 'Linked', trashed: 1 },
    ]);
    // Trashed again since: the Restore's Undo leaves it and answers none.
    await db.write((tx, now) => deleteTask(tx, TaskId.parse(free.id), now));
    expect((await db.write((tx, now) => deleteTasks(tx, [TaskId.parse(free.id)], now, { skipGone: true }))).ids).toEqual([]);
  });
});
