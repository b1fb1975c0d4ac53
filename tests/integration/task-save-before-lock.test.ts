// A task saved just before the vault locks, on a real core (real SQLCipher
// vault, real OS keychain, the registry as a page calls it): the save commits
// and is answered ok, as a contact's does. Before, a task write first awaited
// the reminders' check, which queued behind a write holding the database (a
// sync page, an import chunk); the lock asked for meanwhile (Ctrl+L, the lid)
// had started closing the vault by the time the task's write was queued, so
// the save failed LOCKED on a page already gone, and the task was lost.
import { afterEach, describe, expect, it } from 'vitest';
import { Task } from '../../src-shared/domain/task';
import { recordConflict } from '../../src-main/sync/conflict-recording';
import { ConflictPage } from '../../src-shared/sync/client-api';
import type { EventName } from '../../src-shared/ipc/events';
import { createTempCore, testSender, type TempCore } from '../support/temp-core';

const password = 'a task saved before the lock is kept';
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a task saved as the vault locks', () => {
  let temp: TempCore | null = null;
  afterEach(async () => {
    await temp?.dispose();
    temp = null;
  });

  it('commits when it was sent before the lock, while another write holds the database', async () => {
    temp = await createTempCore();
    const { core } = temp;
    const events: EventName[] = [];
    core.events.subscribe((name) => events.push(name));
    // A page listens, so the reminders take what fell due with the write (they wait for the database too).
    const detach = core.events.attachPage();
    expect(await core.registry.dispatch(testSender, 'vault.create', { password })).toMatchObject({ ok: true });

    // Another write holds the database (a sync page, an import chunk).
    const held = core.vault.connection().write(() => pause(400));
    const contact = core.registry.dispatch(testSender, 'contacts.create', { name: 'Ada Weber' });
    const task = core.registry.dispatch(testSender, 'tasks.create', { title: 'Send the signed contract' });
    await pause(50);
    const locked = core.registry.dispatch(testSender, 'vault.lock', {});
    await held;
    const [contactSaved, taskSaved] = await Promise.all([contact, task]);
    expect(await locked).toMatchObject({ ok: true, value: { state: 'locked' } });
    expect(contactSaved).toMatchObject({ ok: true });
    expect(taskSaved).toMatchObject({ ok: true, value: { title: 'Send the signed contract' } });
    expect(events).toContain('vault.didLock');

    expect(await core.registry.dispatch(testSender, 'vault.unlock', { password })).toMatchObject({ ok: true, value: { state: 'unlocked' } });
    const { id } = Task.parse(taskSaved.ok ? taskSaved.value : null);
    expect(await core.registry.dispatch(testSender, 'tasks.get', { id })).toMatchObject({ ok: true, value: { task: { id, title: 'Send the signed contract' } } });
    detach();
  });

  it('commits a conflict resolved just before the lock (it may write a task: it takes the reminders too)', async () => {
    temp = await createTempCore();
    const { core } = temp;
    const detach = core.events.attachPage();
    const call = (channel: 'tasks.create' | 'tasks.get' | 'sync.conflicts.list' | 'sync.conflicts.resolve', input: unknown) =>
      core.registry.dispatch(testSender, channel, input);
    expect(await core.registry.dispatch(testSender, 'vault.create', { password })).toMatchObject({ ok: true });
    const created = await call('tasks.create', { title: 'Ours' });
    const { id } = Task.parse(created.ok ? created.value : null);
    await core.vault
      .connection()
      .write((tx) =>
        recordConflict(tx, { entity: 'tasks', recordId: id, field: 'title', reason: 'concurrent', localValue: 'Ours', localHlc: 'a', remoteValue: 'Theirs', remoteHlc: 'b' }, Date.now()),
      );
    const listed = await call('sync.conflicts.list', {});
    const [conflict] = ConflictPage.parse(listed.ok ? listed.value : null).items;
    expect(conflict?.recordId).toBe(id);

    const held = core.vault.connection().write(() => pause(400));
    const resolved = call('sync.conflicts.resolve', { id: conflict?.id, keep: 'remote', recordId: id });
    await pause(50);
    const locked = core.registry.dispatch(testSender, 'vault.lock', {});
    await held;
    expect(await resolved).toEqual({ ok: true, value: { ok: true } });
    expect(await locked).toMatchObject({ ok: true, value: { state: 'locked' } });

    expect(await core.registry.dispatch(testSender, 'vault.unlock', { password })).toMatchObject({ ok: true, value: { state: 'unlocked' } });
    expect(await call('tasks.get', { id })).toMatchObject({ ok: true, value: { task: { id, title: 'Theirs' } } });
    detach();
  });
});
