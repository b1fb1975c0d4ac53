// "Mark done" on a selection of tasks (setTaskStatuses) on the real vault:
// the answer names only the tasks it changed, so the toast counts those (5
// selected, 2 done already: "3 tasks marked done"; before, 5), a cancelled
// task stays cancelled, and the Undo of the answer writes back those tasks
// only. An Undo of a task trashed since answers with nothing: the page says
// it could not put it back.
import type { z } from 'zod';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TaskId } from '../../../src-shared/domain/ids';
import { TaskDraft } from '../../../src-shared/domain/task';
import { createTask, deleteTask, setTaskStatuses } from './task.service';
import { CrmTestVault } from './testing/crm-test-vault';

describe('setTaskStatuses answers with the tasks it changed (real vault)', () => {
  let db: CrmTestVault;
  beforeEach(async () => {
    db = await CrmTestVault.create();
  });
  afterEach(async () => {
    await db.dispose();
  });

  const addTask = (input: z.input<typeof TaskDraft>) => db.write((tx, now) => createTask(tx, TaskDraft.parse(input), now));
  const statuses = () => db.read((tx) => tx.all('SELECT title, status FROM tasks ORDER BY title'));

  it('counts only the tasks "Mark done" changed, leaves a cancelled one cancelled, and undoes those only', async () => {
    const tasks = [
      await addTask({ title: 'A open' }),
      await addTask({ title: 'B started', status: 'in_progress' }),
      await addTask({ title: 'C done', status: 'done' }),
      await addTask({ title: 'D done', status: 'done' }),
      await addTask({ title: 'E cancelled', status: 'cancelled' }),
      await addTask({ title: 'F open' }),
    ];
    const [open, started, , , , other] = tasks;
    const outboxBefore = (await db.outbox()).length;
    const before = await db.write((tx, now) => setTaskStatuses(tx, tasks.map((task) => ({ id: TaskId.parse(task.id), status: 'done' as const })), now));
    expect(before.items).toEqual([
      { id: open?.id, status: 'open', after: 'done' },
      { id: started?.id, status: 'in_progress', after: 'done' },
      { id: other?.id, status: 'open', after: 'done' },
    ]);
    expect(await statuses()).toEqual([
      { title: 'A open', status: 'done' },
      { title: 'B started', status: 'done' },
      { title: 'C done', status: 'done' },
      { title: 'D done', status: 'done' },
      { title: 'E cancelled', status: 'cancelled' },
      { title: 'F open', status: 'done' },
    ]);
    expect((await db.outbox()).slice(outboxBefore).map((op) => op.recordId)).toEqual([open?.id, started?.id, other?.id]);

    const undone = await db.write((tx, now) => setTaskStatuses(tx, before.items, now));
    expect(undone.items).toEqual([
      { id: open?.id, status: 'done', after: 'open' },
      { id: started?.id, status: 'done', after: 'in_progress' },
      { id: other?.id, status: 'done', after: 'open' },
    ]);
    expect(await statuses()).toEqual([
      { title: 'A open', status: 'open' },
      { title: 'B started', status: 'in_progress' },
      { title: 'C done', status: 'done' },
      { title: 'D done', status: 'done' },
      { title: 'E cancelled', status: 'cancelled' },
      { title: 'F open', status: 'open' },
    ]);
  });

  it('answers an Undo with nothing for a task trashed or given another status since', async () => {
    const trashed = await addTask({ title: 'Trashed since' });
    const moved = await addTask({ title: 'Cancelled since' });
    const ids = [TaskId.parse(trashed.id), TaskId.parse(moved.id)];
    const before = await db.write((tx, now) => setTaskStatuses(tx, ids.map((id) => ({ id, status: 'done' as const })), now));
    expect(before.items).toHaveLength(2);
    await db.write((tx, now) => deleteTask(tx, TaskId.parse(trashed.id), now));
    await db.write((tx, now) => setTaskStatuses(tx, [{ id: TaskId.parse(moved.id), status: 'cancelled' }], now));
    expect(await db.write((tx, now) => setTaskStatuses(tx, before.items, now))).toEqual({ items: [] });
    expect(await statuses()).toEqual([
      { title: 'Cancelled since', status: 'cancelled' },
      { title: 'Trashed since', status: 'done' },
    ]);
  });
});
