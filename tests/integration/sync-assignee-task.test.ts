// A task a manager assigns to a rep stays the manager's, but its assignee may
// set its status and move its reminder (assigneeWritableTaskFields): on the
// rep's device Done and a snooze are written and pushed, and the manager's
// device receives them; any other field, a delete, or an edit mixing the two
// kinds is refused on the device (not_owner) and by the server (forbidden),
// and so is a status change by a teammate the task is not assigned to. Real
// SQLCipher vault, real sync engine, real sync server over TLS; the manager
// and the rep's second device speak the protocol. A status clash with the
// manager is the rep's to settle in the conflict review too: Keep mine is
// written, pushed and taken by the server (conflicts.ts, assignedToMe).
import { describe, expect, it } from 'vitest';
import { TaskId } from '../../src-shared/domain/ids';
import type { WireError } from '../../src-shared/ipc/errors';
import { NotOwnerError } from '../../src-main/services/crm/record-owners';
import { deleteTask, getTaskDetail, setTaskStatuses, updateTask } from '../../src-main/services/crm/task.service';
import { listConflicts, resolveConflict } from '../../src-main/sync/conflicts';
import { readOutbox } from '../../src-main/sync/outbox';
import { TableColumns } from '../../src-main/sync/record-rows';
import { countingHooks } from '../../src-main/sync/testing/sync-vault';
import { uuid7 } from '../../src-main/vault/uuid7';
import { useEngineOnVault } from '../support/engine-on-vault';
import { protocolDevice, setMemberships, taskValues } from '../support/sync-server';

const team = 'team-east';
const hour = 3_600_000;

describe('a teammate’s task assigned to this user', () => {
  const setup = useEngineOnVault();

  async function refusal(call: Promise<unknown>): Promise<WireError> {
    const error = await call.then(
      () => null,
      (thrown: unknown) => thrown,
    );
    if (!(error instanceof NotOwnerError)) throw new Error(`expected a NotOwnerError, got ${String(error)}`);
    return error.toWire();
  }

  it('takes Done and a new reminder from its assignee, on the device and on the server, and nothing else', async () => {
    const { server, vault, userId, laptop2 } = setup;
    const manager = await server.createUser('Mia Manager');
    const other = await server.createUser('Oli Other');
    for (const user of [manager, userId, other]) await setMemberships(server, user, [team]);
    const managerLaptop = await protocolDevice(server, manager);
    const otherLaptop = await protocolDevice(server, other);
    const id = uuid7();
    const dueAt = Date.now() + 5 * hour;
    const remindAt = Date.now() + hour;
    await managerLaptop.push([managerLaptop.upsert('tasks', id, taskValues(manager, { title: 'Call the buyer', assigneeId: userId, dueAt, remindAt }))]);
    const engine = setup.engine();
    await setup.enrol(engine);
    expect(await engine.syncNow()).toMatchObject({ lastError: null, pendingCount: 0, openConflicts: 0 });

    const taskId = TaskId.parse(id);
    const write = <T>(fn: Parameters<typeof vault.connection.write<T>>[0]) => vault.connection.write(fn);
    const detail = await vault.connection.read((tx) => getTaskDetail(tx, taskId));
    expect(detail).toMatchObject({ ownedByTeammate: true, assignedToYou: true });

    // Its title, a delete, and an edit mixing the status with the title are the owner's alone.
    const single = { code: 'NOT_PERMITTED', reason: { code: 'not_owner', entity: 'tasks' } };
    expect(await refusal(write((tx) => updateTask(tx, taskId, { title: 'Called' }, Date.now())))).toMatchObject(single);
    expect(await refusal(write((tx) => updateTask(tx, taskId, { status: 'done', title: 'Called' }, Date.now())))).toMatchObject(single);
    expect(await refusal(write((tx) => deleteTask(tx, taskId, Date.now())))).toMatchObject(single);

    // Done (as Today's checkbox writes it), then reopened and done again (its toast's Undo, the bulk path), and snoozed.
    await write((tx) => updateTask(tx, taskId, { status: 'done' }, Date.now()));
    expect(await write((tx) => setTaskStatuses(tx, [{ id: taskId, status: 'open', after: 'done' }], Date.now()))).toEqual({ items: [{ id, status: 'done', after: 'open' }] });
    expect(await write((tx) => setTaskStatuses(tx, [{ id: taskId, status: 'done' }], Date.now()))).toEqual({ items: [{ id, status: 'open', after: 'done' }] });
    const snoozed = Date.now() + 2 * hour;
    await write((tx) => updateTask(tx, taskId, { remindAt: snoozed }, Date.now()));
    const queued = await vault.connection.read((tx) => readOutbox(tx, 100));
    expect(new Set(queued.map((operation) => operation.recordId))).toEqual(new Set([id]));
    expect(new Set(queued.flatMap((operation) => Object.keys(operation.fields)))).toEqual(new Set(['status', 'remindAt', 'updatedAt', 'updatedBy']));
    expect(await engine.syncNow()).toMatchObject({ lastError: null, pendingCount: 0, openConflicts: 0 });

    const seen = (await managerLaptop.pullAll()).filter((change) => change.recordId === id);
    expect(seen.length).toBeGreaterThan(0);
    expect(managerLaptop.replica.get(`tasks/${id}`)?.get('status')).toBe('done');
    expect(managerLaptop.replica.get(`tasks/${id}`)?.get('remindAt')).toBe(snoozed);
    expect(managerLaptop.replica.get(`tasks/${id}`)?.get('title')).toBe('Call the buyer');

    // The server holds the line on its own: the rep's other device pushing the title, a mix, or a delete is refused;
    // a teammate the task is not assigned to may not mark it done.
    await laptop2.pullAll();
    for (const operation of [
      laptop2.upsert('tasks', id, { title: 'Called' }),
      laptop2.upsert('tasks', id, { status: 'open', title: 'Called' }),
      laptop2.remove('tasks', id),
    ]) {
      const answer = await laptop2.push([operation]);
      expect(answer.rejected.map((rejection) => [rejection.code, rejection.message])).toEqual([['forbidden', 'Only the owner may change this record']]);
    }
    await otherLaptop.pullAll();
    const stranger = await otherLaptop.push([otherLaptop.upsert('tasks', id, { status: 'open' })]);
    expect(stranger.rejected.map((rejection) => rejection.code)).toEqual(['forbidden']);
    await managerLaptop.pullAll();
    expect(managerLaptop.replica.get(`tasks/${id}`)?.get('title')).toBe('Call the buyer');
    expect(managerLaptop.replica.get(`tasks/${id}`)?.get('status')).toBe('done');
    expect(managerLaptop.replica.has(`tasks/${id}`)).toBe(true);
    await engine.stop();
  });

  it('keeps the assignee’s side of a status clash with the owner in the conflict review, and the server takes it', async () => {
    const { server, vault, userId } = setup;
    const manager = await server.createUser('Mia Manager');
    for (const user of [manager, userId]) await setMemberships(server, user, [team]);
    const managerLaptop = await protocolDevice(server, manager);
    const id = uuid7();
    await managerLaptop.push([managerLaptop.upsert('tasks', id, taskValues(manager, { title: 'Call the buyer', assigneeId: userId, dueAt: Date.now() + 5 * hour }))]);
    const engine = setup.engine();
    await setup.enrol(engine);
    expect(await engine.syncNow()).toMatchObject({ lastError: null, pendingCount: 0, openConflicts: 0 });

    // The rep marks it done; the manager, later, sets it open, before the rep's device syncs.
    await vault.connection.write((tx) => updateTask(tx, TaskId.parse(id), { status: 'done' }, Date.now()));
    await new Promise((resolve) => setTimeout(resolve, 5));
    await managerLaptop.pullAll();
    await managerLaptop.push([managerLaptop.upsert('tasks', id, { status: 'open' })]);
    expect(await engine.syncNow()).toMatchObject({ lastError: null, pendingCount: 0, openConflicts: 1 });
    const listed = await vault.connection.read((tx) => listConflicts(tx, new TableColumns(), { limit: 10 }));
    expect(listed.items.map((conflict) => [conflict.recordId, conflict.field, conflict.localValue, conflict.remoteValue])).toEqual([[id, 'status', 'done', 'open']]);
    const [conflict] = listed.items;
    if (conflict === undefined) throw new Error('no conflict');

    // Keep mine: written as a new local edit of the status alone, which the server takes from the task's assignee.
    const ctx = { columns: new TableColumns(), hooks: countingHooks(), now: Date.now() };
    expect(await vault.connection.write((tx) => resolveConflict(tx, ctx, conflict.id, 'local'))).toEqual({ entity: 'tasks', recordId: id });
    expect(await engine.syncNow()).toMatchObject({ lastError: null, pendingCount: 0, openConflicts: 0 });
    await managerLaptop.pullAll();
    expect(managerLaptop.replica.get(`tasks/${id}`)?.get('status')).toBe('done');
    await engine.stop();
  });
});
