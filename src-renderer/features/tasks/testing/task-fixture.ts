// A valid task for unit tests of the task rules, numbered, due at `dueAt`.
import { Task } from '../../../../src-shared/domain/task';

export function taskFixture(n: number, dueAt: number | null, status: Task['status'], createdAt: number): Task {
  return Task.parse({
    id: `0190f5c2-6b1e-7000-8000-00000000000${n}`,
    title: `Task ${n}`,
    notes: '',
    dueAt,
    remindAt: null,
    priority: 'normal',
    status,
    assigneeId: 'rep',
    contactId: null,
    accountId: null,
    dealId: null,
    tags: [],
    ownerId: 'rep',
    createdAt,
    createdBy: 'rep',
    updatedAt: createdAt,
    updatedBy: 'rep',
    deletedAt: null,
  });
}
