// 0030: the task list sorted by due time, latest first, keeps the tasks
// without a due time last, as the ascending sort does (task.repo.ts,
// taskSorts). Descending it sorts by coalesce(due_at, -noDueAtSortKey), which
// no index of migration 0002 (coalesce(due_at, noDueAtSortKey), alone or after
// a filter column) orders: these are the same live-row indexes over that
// expression, walked backwards, so the descending sort and its pages still
// seek, with or without a status, assignee, owner or linked-record filter.
import { noDueAtSortKey } from './0002-crm';
import type { Migration } from './migration';

const dueLast = `coalesce(due_at, ${-noDueAtSortKey})`;

/** Index name suffix → the columns before the due expression (none: the unfiltered sort). */
const filters: Readonly<Record<string, string>> = {
  due: '',
  status: 'status, ',
  assignee: 'assignee_id, ',
  owner: 'owner_id, ',
  contact: 'contact_id, ',
  account: 'account_id, ',
  deal: 'deal_id, ',
};

export const migration0030TaskDueDescending: Migration = {
  version: 30,
  name: 'task-due-descending',
  async up(tx) {
    for (const [name, columns] of Object.entries(filters)) {
      await tx.exec(`CREATE INDEX tasks_live_${name}_desc ON tasks (${columns}${dueLast}, id) WHERE deleted_at IS NULL;`);
    }
  },
};
