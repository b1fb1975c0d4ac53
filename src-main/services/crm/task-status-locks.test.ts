// Which tasks a list says the user may not mark done (statusLocked), against
// the real vault: a teammate's task (known owner another user) not assigned
// to the user, and only that one; the Tasks list and a contact's open tasks
// say the same, and the write refuses Mark done on exactly the task flagged.
import type { z } from 'zod';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ContactDraft } from '../../../src-shared/domain/contact';
import { UserId } from '../../../src-shared/domain/ids';
import { TaskDraft, TaskListQuery, type TaskListItem } from '../../../src-shared/domain/task';
import { storeOwners } from '../../sync/record-owners';
import { createContact, getContactDetail } from './contact.service';
import { currentUserId } from './current-user';
import { NotOwnerError } from './record-owners';
import { createTask, listTasks, updateTask } from './task.service';
import { CrmTestVault } from './testing/crm-test-vault';

const teammate = UserId.parse('srv-teammate');

describe('tasks the user may not mark done (real vault)', () => {
  let db: CrmTestVault;
  beforeEach(async () => {
    db = await CrmTestVault.create();
  });
  afterEach(async () => {
    await db.dispose();
  });

  const addTask = (input: z.input<typeof TaskDraft>) => db.write((tx, now) => createTask(tx, TaskDraft.parse(input), now));
  const locks = (tasks: readonly TaskListItem[]) => Object.fromEntries(tasks.map((task) => [task.title, task.statusLocked ?? false]));

  it("flags a teammate's task not assigned to the user in the list and a contact's open tasks, and the write refuses only that one", async () => {
    const contact = await db.write((tx, now) => createContact(tx, ContactDraft.parse({ name: 'Hana Berger' }), now));
    const me = await db.read((tx) => currentUserId(tx));
    const theirs = await addTask({ title: 'Theirs, theirs to do', contactId: contact.id, assigneeId: teammate });
    const givenToMe = await addTask({ title: 'Theirs, given to me', contactId: contact.id });
    const mine = await addTask({ title: 'Mine, given away', contactId: contact.id, assigneeId: teammate });
    const unknown = await addTask({ title: 'Made here', contactId: contact.id, assigneeId: teammate });
    await db.write((tx) =>
      storeOwners(tx, [
        { userId: teammate, entity: 'tasks', recordIds: [theirs.id, givenToMe.id] },
        { userId: me, entity: 'tasks', recordIds: [mine.id] },
      ]),
    );
    const expected = { 'Theirs, theirs to do': true, 'Theirs, given to me': false, 'Mine, given away': false, 'Made here': false };

    const page = await db.read((tx) => listTasks(tx, TaskListQuery.parse({})));
    expect(locks(page.items)).toEqual(expected);
    // Absent, not false, on a task the user may change: the answer is the task as it was.
    expect(page.items.filter((task) => 'statusLocked' in task).map((task) => task.title)).toEqual(['Theirs, theirs to do']);
    const detail = await db.read((tx) => getContactDetail(tx, contact.id));
    expect(locks(detail.tasks)).toEqual(expected);

    await expect(db.write((tx, now) => updateTask(tx, theirs.id, { status: 'done' }, now))).rejects.toThrow(NotOwnerError);
    for (const task of [givenToMe, mine, unknown]) {
      expect((await db.write((tx, now) => updateTask(tx, task.id, { status: 'done' }, now))).status).toBe('done');
    }
  });

  it('flags nothing when no task has a known owner', async () => {
    await addTask({ title: 'Made here, for a teammate', assigneeId: teammate });
    await addTask({ title: 'Made here, for me' });
    const page = await db.read((tx) => listTasks(tx, TaskListQuery.parse({})));
    expect(locks(page.items)).toEqual({ 'Made here, for a teammate': false, 'Made here, for me': false });
  });
});
