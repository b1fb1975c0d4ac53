// An empty value of mine can be kept (reviewer, conflicts #1): the real desktop
// core and vault against the real sync server over TLS on loopback. Offline
// here the rep restores a record, clears a task's due time or unlinks a
// contact's account; the other laptop meanwhile trashes it or sets a value,
// later. The pull lets the later value win and keeps an entry whose "Yours"
// is empty: before, "Keep mine" was refused as a value no longer available
// (conflict_value_gone) and the restore, the clearing or the unlink was lost.
import { describe, expect, it } from 'vitest';
import { uuid7 } from '../../src-main/vault/uuid7';
import { contactValues, taskValues } from '../support/sync-server';
import { useSyncEngineSetup } from '../support/sync-engine-setup';

describe('sync conflicts: keeping an empty value of mine', () => {
  const setup = useSyncEngineSetup();

  /** The other laptop sets `fields` (and its bookkeeping) on `entity/id`, stamped later than anything before, and pushes them. */
  const laterElsewhere = async (entity: 'contacts' | 'tasks', id: string, fields: Record<string, string | number>) => {
    await new Promise((resolve) => setTimeout(resolve, 5));
    const answer = await setup.laptop2.push([setup.laptop2.upsert(entity, id, { ...fields, updatedAt: Date.now(), updatedBy: setup.userId })]);
    expect(answer.rejected).toEqual([]);
  };

  /** The one open entry, after a sync that kept it. */
  const onlyConflict = async () => {
    expect(await setup.client.call('sync.now', {})).toMatchObject({ state: 'online', pendingCount: 0, openConflicts: 1 });
    const [conflict, ...more] = (await setup.client.call('sync.conflicts.list', {})).items;
    if (conflict === undefined) throw new Error('no conflict');
    expect(more).toEqual([]);
    return conflict;
  };

  /** Resolves with `local`, then syncs: nothing left to send or review, and the other laptop pulls what it wrote. */
  const keepMine = async (id: number, entity: 'contacts' | 'tasks', recordId: string) => {
    await setup.client.call('sync.conflicts.resolve', { id, keep: 'local' });
    expect(await setup.client.call('sync.status', {})).toMatchObject({ pendingCount: 1, openConflicts: 0 });
    expect(await setup.client.call('sync.now', {})).toMatchObject({ state: 'online', pendingCount: 0, openConflicts: 0 });
    await setup.laptop2.pullAll();
    return setup.laptop2.replica.get(`${entity}/${recordId}`);
  };

  it('keeps a restore here over a later trash there: the record is live and the restore reaches the server', async () => {
    const id = uuid7();
    await setup.laptop2.push([setup.laptop2.upsert('contacts', id, contactValues(setup.userId, { name: 'Ada', deletedAt: Date.now() }))]);
    await setup.enrol();
    await setup.client.call('contacts.restore', { id });
    await laterElsewhere('contacts', id, { deletedAt: Date.now() });
    const conflict = await onlyConflict();
    expect(conflict).toMatchObject({ recordId: id, field: 'deletedAt', localValue: null, localKept: true });
    expect((await setup.client.call('contacts.get', { id })).contact.deletedAt).toEqual(conflict.remoteValue);

    const replica = await keepMine(conflict.id, 'contacts', id);
    expect((await setup.client.call('contacts.get', { id })).contact.deletedAt).toBeNull();
    expect(replica?.get('deletedAt')).toBeNull();
  });

  it('keeps a due time cleared here over one set there later', async () => {
    const id = uuid7();
    const due = Date.UTC(2030, 0, 15, 9);
    await setup.laptop2.push([setup.laptop2.upsert('tasks', id, taskValues(setup.userId, { title: 'Call back', dueAt: due }))]);
    await setup.enrol();
    await setup.client.call('tasks.update', { id, patch: { dueAt: null } });
    await laterElsewhere('tasks', id, { dueAt: due + 86_400_000 });
    const conflict = await onlyConflict();
    expect(conflict).toMatchObject({ recordId: id, field: 'dueAt', localValue: null, localKept: true, remoteValue: due + 86_400_000 });

    const replica = await keepMine(conflict.id, 'tasks', id);
    expect((await setup.client.call('tasks.get', { id })).task.dueAt).toBeNull();
    expect(replica?.get('dueAt')).toBeNull();
  });

  it('keeps an account unlinked here over another account linked there later', async () => {
    const contact = uuid7();
    const [first, second] = [uuid7(), uuid7()];
    await setup.laptop2.push([
      setup.laptop2.upsert('accounts', first, { name: 'Acme', ownerId: setup.userId }),
      setup.laptop2.upsert('accounts', second, { name: 'Globex', ownerId: setup.userId }),
      setup.laptop2.upsert('contacts', contact, contactValues(setup.userId, { name: 'Grace', accountId: first })),
    ]);
    await setup.enrol();
    await setup.client.call('contacts.update', { id: contact, patch: { accountId: null } });
    await laterElsewhere('contacts', contact, { accountId: second });
    const conflict = await onlyConflict();
    expect(conflict).toMatchObject({ recordId: contact, field: 'accountId', localValue: null, localKept: true, remoteValue: second });

    const replica = await keepMine(conflict.id, 'contacts', contact);
    expect((await setup.client.call('contacts.get', { id: contact })).contact.accountId).toBeNull();
    expect(replica?.get('accountId')).toBeNull();
  });
});
