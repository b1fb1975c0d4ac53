// A task trashed before the device enrolled and restored after it, on the
// real vault: enrolment gives only live tasks to the server user, so the
// restore does it, one task (tasks.restore) or a selection (tasks.restoreMany),
// recorded for sync; before, the task kept 'local-owner' as assignee and
// stayed away from Today. A colleague's task keeps its assignee.
import type { z } from 'zod';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TaskId } from '../../../src-shared/domain/ids';
import { TaskDraft } from '../../../src-shared/domain/task';
import { TodayQuery } from '../../../src-shared/domain/today';
import { storeEnrolment } from '../../sync/enrolment';
import { createTask, deleteTask, getTaskDetail, restoreTask, restoreTasks } from './task.service';
import { CrmTestVault } from './testing/crm-test-vault';
import { getToday } from './today.service';

const hour = 3_600_000;
const dayStart = 1_767_225_600_000; // 2026-01-01T00:00:00Z, the test clock's day
const serverUser = 'srv-user-9';

describe('a task trashed before enrolment and restored after it (real vault)', () => {
  let db: CrmTestVault;
  beforeEach(async () => {
    db = await CrmTestVault.create();
  });
  afterEach(async () => {
    await db.dispose();
  });

  const addTask = (input: z.input<typeof TaskDraft>) => db.write((tx, now) => createTask(tx, TaskDraft.parse(input), now));
  const trash = (id: string) => db.write((tx, now) => deleteTask(tx, TaskId.parse(id), now));
  const assignee = async (id: string) => (await db.read((tx) => getTaskDetail(tx, TaskId.parse(id)))).task.assigneeId;
  const dueToday = async () =>
    (await db.read((tx) => getToday(tx, TodayQuery.parse({ dayStart, dayEnd: dayStart + 24 * hour }), dayStart + 12 * hour))).dueToday.map((task) => task.title);
  const enrol = () =>
    db.write((tx, now) =>
      storeEnrolment(tx, {
        serverUrl: 'https://sync.example.test',
        caPem: 'test CA',
        deviceId: 'device-0001',
        deviceToken: 'test token',
        userId: serverUser,
        organisationId: 'org-1',
        organisationName: 'Test Org',
        enrolledAt: now,
      }),
    );

  it('gives the task restored on its own to the server user, recorded for sync, and Today lists it', async () => {
    const task = await addTask({ title: 'Call back', dueAt: dayStart + 20 * hour });
    await trash(task.id);
    await enrol();
    expect(await assignee(task.id)).toBe('local-owner');
    const outboxBefore = (await db.outbox()).length;

    const restored = await db.write((tx, now) => restoreTask(tx, TaskId.parse(task.id), now));
    expect(restored).toMatchObject({ assigneeId: serverUser, deletedAt: null, updatedBy: serverUser });
    expect(await assignee(task.id)).toBe(serverUser);
    expect(await dueToday()).toEqual(['Call back']);
    const added = (await db.outbox()).slice(outboxBefore);
    expect(added.some((op) => op.recordId === task.id && op.fields['assigneeId']?.value === serverUser)).toBe(true);
  });

  it('gives the local owner\'s tasks of a restored selection to the server user, and leaves a colleague\'s', async () => {
    const mine = await addTask({ title: 'Mine', dueAt: dayStart + 20 * hour });
    const theirs = await addTask({ title: 'Theirs', dueAt: dayStart + 20 * hour, assigneeId: 'colleague-1' });
    await trash(mine.id);
    await trash(theirs.id);
    await enrol();

    const restored = await db.write((tx, now) => restoreTasks(tx, [TaskId.parse(mine.id), TaskId.parse(theirs.id)], now));
    expect(restored.ids).toEqual([mine.id, theirs.id]);
    expect(await assignee(mine.id)).toBe(serverUser);
    expect(await assignee(theirs.id)).toBe('colleague-1');
    expect(await dueToday()).toEqual(['Mine']);
  });

  it('leaves the local owner as assignee of a task restored before any enrolment', async () => {
    const task = await addTask({ title: 'Not enrolled yet' });
    await trash(task.id);
    expect(await db.write((tx, now) => restoreTask(tx, TaskId.parse(task.id), now))).toMatchObject({ assigneeId: 'local-owner' });
  });
});
