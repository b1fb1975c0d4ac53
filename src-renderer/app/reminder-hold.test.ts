// What the vault gate keeps of task reminders across a lock: the notices
// not yet pressed away, as task ids and counts only.
import { describe, expect, it } from 'vitest';
import { DueReminders } from '../../src-shared/domain/task';
import { heldOf, noReminders, reminderHold, type ReminderEvent, type ReminderHold } from './reminder-hold';

const taskA = '0190f3a0-0000-7000-8000-00000000000a';
const taskB = '0190f3a0-0000-7000-8000-00000000000b';
const one = (id: string, title: string): DueReminders => DueReminders.parse({ tasks: [{ id, title, remindAt: 1_000 }], total: 1 });
const three = DueReminders.parse({
  tasks: [
    { id: taskA, title: 'Visit the plant', remindAt: 1_000 },
    { id: taskB, title: 'Order the samples', remindAt: 1_000 },
  ],
  total: 3,
});

const run = (events: readonly ReminderEvent[], from: ReminderHold = noReminders) => events.reduce(reminderHold, from);

describe('reminders held over a lock', () => {
  it('carries a notice showing when the workspace ends, by task id, and not one pressed away', () => {
    const a = heldOf(one(taskA, 'Call Ms Weber back'));
    const b = heldOf(one(taskB, 'Send the contract'));
    const state = run([{ kind: 'pushed', due: one(taskA, 'Call Ms Weber back') }, { kind: 'shown', shown: [a] }, { kind: 'shown', shown: [] }, { kind: 'answered', held: a }]);
    expect(state).toEqual(noReminders);
    const ended = run([{ kind: 'shown', shown: [a, b] }, { kind: 'answered', held: b }, { kind: 'ended' }, { kind: 'locked' }]);
    expect(ended).toEqual({ pending: [], showing: [], carried: [{ taskId: taskA, taskIds: [taskA], total: 1 }] });
  });

  it('keeps no title over a lock: pending pushes are carried as ids and counts', () => {
    const locked = run([{ kind: 'pushed', due: one(taskB, 'Send the contract') }, { kind: 'pushed', due: three }, { kind: 'locked' }]);
    expect(locked.carried).toEqual([
      { taskId: taskB, taskIds: [taskB], total: 1 },
      { taskId: null, taskIds: [taskA, taskB], total: 3 },
    ]);
    expect(locked.pending).toEqual([]);
    expect(JSON.stringify(locked)).not.toMatch(/contract|plant|samples/);
  });

  it('shows carried notices again, and carries on those the next workspace had not read before it ended', () => {
    const carried = run([{ kind: 'pushed', due: one(taskA, 'Call Ms Weber back') }, { kind: 'locked' }]);
    const taken = run([{ kind: 'carriedTaken', count: 1 }], carried);
    expect(taken).toEqual({ pending: [], showing: [{ taskId: taskA, taskIds: [taskA], total: 1 }], carried: [] });
    expect(run([{ kind: 'ended' }], taken).carried).toEqual([{ taskId: taskA, taskIds: [taskA], total: 1 }]);
    // The task was done meanwhile: answered, nothing carried.
    const [held] = taken.showing;
    expect(held === undefined ? null : run([{ kind: 'answered', held }, { kind: 'ended' }], taken)).toEqual(noReminders);
  });

  it('carries a notice shown again after its answer (a refused snooze), and leaves the pushes waiting alone', () => {
    const a = heldOf(one(taskA, 'Call Ms Weber back'));
    const state = run([
      { kind: 'pushed', due: one(taskA, 'Call Ms Weber back') },
      { kind: 'shown', shown: [a] },
      { kind: 'pushed', due: one(taskB, 'Send the contract') },
      { kind: 'answered', held: a },
      { kind: 'shownAgain', held: a },
    ]);
    expect(state.showing).toEqual([a]);
    expect(state.pending).toHaveLength(1);
    expect(run([{ kind: 'ended' }, { kind: 'locked' }], state).carried).toEqual([
      { taskId: taskA, taskIds: [taskA], total: 1 },
      { taskId: taskB, taskIds: [taskB], total: 1 },
    ]);
  });

  it('forgets everything with the vault', () => {
    expect(run([{ kind: 'pushed', due: three }, { kind: 'locked' }, { kind: 'forgotten' }])).toEqual(noReminders);
  });
});
