// Which calls the renderer's client tells the reminder notices about: every
// task write, with the ids its input names, answered or failed (a resolved
// conflict's and an enrolment's too); no read and no other entity's write.
import { afterEach, describe, expect, it } from 'vitest';
import { TaskId } from '../../src-shared/domain/ids';
import { channelNames } from '../../src-shared/ipc/channels';
import type { Result } from '../../src-shared/ipc/errors';
import { createApi } from './bridge-client';
import { ConnectionCell } from './connection';
import { onTasksWritten, tasksWrittenBy } from './tasks-written';

const first = TaskId.parse('6f1c1d7e-1f0a-4c58-9a43-0b2f0c1f2a01');
const second = TaskId.parse('6f1c1d7e-1f0a-4c58-9a43-0b2f0c1f2a02');
const enrolment = {
  serverUrl: 'https://sync.example',
  caCertificatePem: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----',
  enrolmentCode: 'ABCD-EFGH-JKLM-NPQR',
};

describe('tasksWrittenBy', () => {
  it('names the tasks of each shape of task write', () => {
    expect(tasksWrittenBy('tasks.update', { id: first, patch: { status: 'done' } })).toEqual([first]);
    expect(tasksWrittenBy('tasks.delete', { id: first })).toEqual([first]);
    expect(tasksWrittenBy('tasks.deleteMany', { ids: [first, second] })).toEqual([first, second]);
    expect(tasksWrittenBy('tasks.setStatusMany', { items: [{ id: first, status: 'done' }, { id: second, status: 'done' }] })).toEqual([first, second]);
  });

  it('says any task for a task write of a shape it does not know, and nothing for reads and other writes', () => {
    expect(tasksWrittenBy('tasks.editMany', { other: true })).toBeNull();
    expect(tasksWrittenBy('tasks.get', { id: first })).toBeUndefined();
    expect(tasksWrittenBy('tasks.create', { title: 'New' })).toBeUndefined();
    expect(tasksWrittenBy('contacts.delete', { id: first })).toBeUndefined();
  });
});

describe('task writes of other domains', () => {
  it('names the record of a resolved conflict, any task when the review named none, and any task for an enrolment', () => {
    expect(tasksWrittenBy('sync.conflicts.resolve', { id: 7, keep: 'remote', recordId: first })).toEqual([first]);
    expect(tasksWrittenBy('sync.conflicts.resolve', { id: 7, keep: 'both' })).toBeNull();
    expect(tasksWrittenBy('sync.enrol', enrolment)).toBeNull();
  });

  it('leaves out the channels of other domains that write no task', () => {
    // An import's undo trashes contacts and accounts only (imports make no tasks); a conflict's list and the status are reads.
    for (const channel of ['import.undo', 'import.run', 'sync.conflicts.list', 'sync.status', 'contacts.delete', 'deals.moveStage'] as const) {
      expect(tasksWrittenBy(channel, { id: first })).toBeUndefined();
    }
  });
});

describe('the task channels', () => {
  it('are each a told write or one that changes no task a notice shows (a new one must be sorted here)', () => {
    // Reads, and tasks.create (a new task has no notice up yet). A new task channel fails this test until it is
    // added to tasks-written.ts's writes or here: a write left out would leave its task's reminder notice up.
    const untold = ['tasks.count', 'tasks.create', 'tasks.get', 'tasks.list', 'tasks.tagsInUse'];
    const taskChannels = channelNames.filter((channel) => channel.startsWith('tasks.'));
    expect(taskChannels.filter((channel) => tasksWrittenBy(channel, { id: first }) === undefined).sort()).toEqual(untold);
  });
});

describe('the client telling task writes', () => {
  const offs: (() => void)[] = [];
  afterEach(() => {
    for (const off of offs.splice(0)) off();
  });

  /** A client whose every call answers `answer`, and the task writes it told. */
  const client = (answer: Result<unknown>) => {
    const told: (readonly string[] | null)[] = [];
    offs.push(onTasksWritten((ids) => told.push(ids)));
    const api = createApi({
      connection: new ConnectionCell({ status: 'ready' }),
      invoke: () => Promise.resolve(answer),
      on: () => () => undefined,
    });
    return { api, told };
  };

  it('tells a task write once it is answered, and not a read', async () => {
    const { api, told } = client({ ok: true, value: { id: first, deletedAt: 1 } });
    await api.invoke('tasks.delete', { id: first });
    expect(told).toEqual([[first]]);
    await api.invoke('tasks.get', { id: first }).catch(() => undefined);
    expect(told).toEqual([[first]]);
  });

  it('tells a resolved conflict of a task, and an enrolment as any task', async () => {
    const { api, told } = client({ ok: true, value: { ok: true } });
    await api.invoke('sync.conflicts.resolve', { id: 3, keep: 'local', recordId: first });
    expect(told).toEqual([[first]]);
    await api.invoke('sync.enrol', enrolment).catch(() => undefined);
    expect(told).toEqual([[first], null]);
  });

  it('tells a task write that failed too (a call cut off may have committed)', async () => {
    const { api, told } = client({ ok: false, error: { code: 'BUSY', message: 'The vault is busy' } });
    await expect(api.invoke('tasks.deleteMany', { ids: [first, second] })).rejects.toThrow('The vault is busy');
    expect(told).toEqual([[first, second]]);
  });
});
