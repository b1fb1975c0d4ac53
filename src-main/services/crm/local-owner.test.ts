import type { z } from 'zod';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SavedViewSave } from '../../../src-shared/domain/saved-view';
import { TaskId } from '../../../src-shared/domain/ids';
import { TaskDraft, TaskListQuery } from '../../../src-shared/domain/task';
import { TodayQuery } from '../../../src-shared/domain/today';
import { storeEnrolment } from '../../sync/enrolment';
import { listViews, saveView } from './saved-view.service';
import { createTask, deleteTask, getTaskDetail, listTasks } from './task.service';
import { CrmTestVault } from './testing/crm-test-vault';
import { getToday } from './today.service';

const hour = 3_600_000;
const dayStart = 1_767_225_600_000; // 2026-01-01T00:00:00Z, the test clock's day
const serverUser = 'srv-user-7';

describe('records made before enrolment stay the user\'s after it (real vault)', () => {
  let db: CrmTestVault;
  beforeEach(async () => {
    db = await CrmTestVault.create();
  });
  afterEach(async () => {
    await db.dispose();
  });

  const addTask = (input: z.input<typeof TaskDraft>) => db.write((tx, now) => createTask(tx, TaskDraft.parse(input), now));
  const today = () => db.read((tx) => getToday(tx, TodayQuery.parse({ dayStart, dayEnd: dayStart + 24 * hour }), dayStart + 12 * hour));
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

  it('gives the local owner\'s live tasks and saved views to the server user, recording the tasks\' change for sync', async () => {
    const mine = await addTask({ title: 'Call back', dueAt: dayStart + 20 * hour });
    const colleagues = await addTask({ title: 'Theirs', dueAt: dayStart + 20 * hour, assigneeId: 'colleague-1' });
    const trashed = await addTask({ title: 'Dropped', dueAt: dayStart + 20 * hour });
    await db.write((tx, now) => deleteTask(tx, TaskId.parse(trashed.id), now));
    await db.write((tx, now) => saveView(tx, SavedViewSave.parse({ name: 'Hot', entity: 'accounts', query: { filter: { tags: ['hot'] } } }), now));
    expect((await today()).dueToday.map((task) => task.id)).toEqual([mine.id]);
    const outboxBefore = await db.outbox();

    await enrol();

    expect((await today()).dueToday.map((task) => task.id)).toEqual([mine.id]);
    expect((await db.read((tx) => listViews(tx, undefined))).items.map((view) => [view.name, view.ownerId])).toEqual([['Hot', serverUser]]);
    const adopted = (await db.read((tx) => getTaskDetail(tx, TaskId.parse(mine.id)))).task;
    expect(adopted).toMatchObject({ assigneeId: serverUser, updatedBy: serverUser, ownerId: 'local-owner' });
    expect((await db.read((tx) => getTaskDetail(tx, TaskId.parse(colleagues.id)))).task).toEqual(colleagues);
    expect((await db.read((tx) => getTaskDetail(tx, TaskId.parse(trashed.id)))).task.assigneeId).toBe('local-owner');

    // One upsert after the creates, of the live local task only: the push sends the new assignee after the record.
    const added = (await db.outbox()).slice(outboxBefore.length);
    expect(added.map((op) => [op.kind, op.recordId, Object.keys(op.fields).sort()])).toEqual([
      ['upsert', mine.id, ['assigneeId', 'updatedAt', 'updatedBy']],
    ]);
    expect(added[0]?.fields['assigneeId']?.value).toBe(serverUser);
    expect(added[0]?.fields['updatedAt']?.value).toBe(adopted.updatedAt);

    const later = await addTask({ title: 'After enrolment', dueAt: dayStart + 21 * hour });
    expect(later.assigneeId).toBe(serverUser);
    expect((await today()).dueToday.map((task) => task.id)).toEqual([mine.id, later.id]);
  });

  it('points a tasks view filtered to the local owner as assignee at the server user, so it still lists the adopted tasks', async () => {
    const mine = await addTask({ title: 'Call back', dueAt: dayStart + 20 * hour });
    await addTask({ title: 'Theirs', dueAt: dayStart + 20 * hour, assigneeId: 'colleague-1' });
    const save = (name: string, assigneeId: string) =>
      db.write((tx, now) => saveView(tx, SavedViewSave.parse({ name, entity: 'tasks', query: { filter: { assigneeId, statuses: ['open'] } } }), now));
    await save('Mine', 'local-owner');
    await save('Theirs', 'colleague-1');

    await enrol();

    const views = (await db.read((tx) => listViews(tx, undefined))).items;
    expect(views.map((view) => [view.name, view.entity === 'tasks' ? view.query.filter : null])).toEqual([
      ['Mine', { assigneeId: serverUser, statuses: ['open'] }],
      ['Theirs', { assigneeId: 'colleague-1', statuses: ['open'] }],
    ]);
    const view = views.find((candidate) => candidate.name === 'Mine');
    if (view?.entity !== 'tasks') throw new Error('no tasks view');
    const listed = await db.read((tx) => listTasks(tx, TaskListQuery.parse(view.query)));
    expect(listed.items.map((task) => task.id)).toEqual([mine.id]);
  });
});
