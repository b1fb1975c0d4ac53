// An offline edit of a record another device moves to the trash (walkthrough
// 4 #2): the real desktop core and vault against the real sync server over
// TLS on loopback. The trash wins, but the device keeps one
// `deleted_elsewhere` entry naming its edited fields with their values;
// "Restore with my changes" brings the record back with them and syncs,
// Dismiss leaves it in the trash, and an erasure takes the entry away.
import { describe, expect, it } from 'vitest';
import type { ConflictView } from '../../src-shared/sync/client-api';
import { uuid7 } from '../../src-main/vault/uuid7';
import { contactValues, erase } from '../support/sync-server';
import { useSyncEngineSetup } from '../support/sync-engine-setup';

describe('sync: a record trashed on another device over this device’s edits', () => {
  const setup = useSyncEngineSetup();
  const phones = ['+44 20 7946 0000'];

  /** A contact the other laptop made, synced here; `edit` changes its title and phones here, unsynced. */
  const sharedContact = async () => {
    const id = uuid7();
    await setup.laptop2.push([setup.laptop2.upsert('contacts', id, contactValues(setup.userId, { name: 'Ada', title: 'Analyst' }))]);
    await setup.enrol();
    await setup.laptop2.pullAll();
    const edit = () => setup.client.call('contacts.update', { id, patch: { title: 'Head of Buying', phones } });
    return { id, edit };
  };

  /** The other laptop moves the contact to the trash, later than this device's edit, and syncs. */
  const trashElsewhere = async (id: string) => {
    await new Promise((resolve) => setTimeout(resolve, 5));
    const now = Date.now();
    const answer = await setup.laptop2.push([setup.laptop2.upsert('contacts', id, { deletedAt: now, updatedAt: now, updatedBy: setup.userId })]);
    expect(answer.rejected).toEqual([]);
    return now;
  };

  const onlyConflict = async (): Promise<ConflictView> => {
    const [conflict, ...more] = (await setup.client.call('sync.conflicts.list', {})).items;
    if (conflict === undefined) throw new Error('no conflict kept');
    expect(more).toEqual([]);
    return conflict;
  };

  it('keeps one entry naming the edited fields when the push goes first, and restores the record with them, synced', async () => {
    const { id, edit } = await sharedContact();
    await edit();
    const trashedAt = await trashElsewhere(id);

    // The push lands the edit in the trashed record on the server; the pull then trashes it here.
    expect(await setup.client.call('sync.now', {})).toMatchObject({ state: 'online', pendingCount: 0, openConflicts: 1 });
    expect((await setup.client.call('contacts.get', { id })).contact.deletedAt).toBe(trashedAt);
    const conflict = await onlyConflict();
    expect(conflict).toMatchObject({ recordId: id, field: '*', reason: 'deleted_elsewhere', localValue: { title: 'Head of Buying', phones }, remoteValue: trashedAt });
    // Stored as it is named (migration 0024), not as a stand-in the list translates.
    const stored = await setup.client.core.vault.connection().read((tx) => tx.all('SELECT field, reason FROM conflicts WHERE id = ?', [conflict.id]));
    expect(stored).toEqual([{ field: '*', reason: 'deleted_elsewhere' }]);

    await setup.client.call('sync.conflicts.resolve', { id: conflict.id, keep: 'local' });
    const restored = (await setup.client.call('contacts.get', { id })).contact;
    expect(restored).toMatchObject({ deletedAt: null, title: 'Head of Buying', phones });
    expect(await setup.client.call('sync.status', {})).toMatchObject({ pendingCount: 1, openConflicts: 0 });
    expect(await setup.client.call('sync.now', {})).toMatchObject({ pendingCount: 0, openConflicts: 0 });
    await setup.laptop2.pullAll();
    const there = setup.laptop2.replica.get(`contacts/${id}`);
    expect([there?.get('deletedAt'), there?.get('title'), there?.get('phones')]).toEqual([null, 'Head of Buying', phones]);
  });

  it('writes nothing over a record restored since, and closes the entry', async () => {
    const { id, edit } = await sharedContact();
    await edit();
    await trashElsewhere(id);
    expect(await setup.client.call('sync.now', {})).toMatchObject({ state: 'online', pendingCount: 0, openConflicts: 1 });
    const conflict = await onlyConflict();
    // The user restores the contact from the trash (it comes back with the edits the server took in) and edits it on.
    await setup.client.call('contacts.restore', { id });
    await setup.client.call('contacts.update', { id, patch: { title: 'Buyer' } });
    expect(await setup.client.call('sync.now', {})).toMatchObject({ state: 'online', pendingCount: 0, openConflicts: 1 });

    // "Restore with my changes" now has nothing to restore: it used to write the kept title over the newer one.
    await setup.client.call('sync.conflicts.resolve', { id: conflict.id, keep: 'local' });
    expect((await setup.client.call('contacts.get', { id })).contact).toMatchObject({ deletedAt: null, title: 'Buyer', phones });
    expect(await setup.client.call('sync.status', {})).toMatchObject({ pendingCount: 0, openConflicts: 0 });
  });

  it('keeps the entry when the trash is pulled while the edit still waits to be sent, and the edit still reaches the server', async () => {
    const { id, edit } = await sharedContact();
    await edit();
    const trashedAt = await trashElsewhere(id);
    // The push is refused for the clock; the pull still runs and trashes the record over the waiting edit.
    setup.proxy.rule = (path) => (path === '/v1/push' ? 'clock-skew' : 'pass');
    expect(await setup.client.call('sync.now', {})).toMatchObject({ state: 'error', pendingCount: 1, openConflicts: 1 });
    expect(await onlyConflict()).toMatchObject({ recordId: id, reason: 'deleted_elsewhere', localValue: { title: 'Head of Buying', phones }, remoteValue: trashedAt });
    setup.proxy.rule = () => 'pass';
    expect(await setup.client.call('sync.now', {})).toMatchObject({ state: 'online', pendingCount: 0, openConflicts: 1 });
    await setup.laptop2.pullAll();
    expect(setup.laptop2.replica.get(`contacts/${id}`)?.get('title')).toBe('Head of Buying');
  });

  it('keeps nothing when the edit was synced before the other device trashed the record', async () => {
    const { id, edit } = await sharedContact();
    await edit();
    expect(await setup.client.call('sync.now', {})).toMatchObject({ pendingCount: 0, openConflicts: 0 });
    await setup.laptop2.pullAll();
    await trashElsewhere(id);
    expect(await setup.client.call('sync.now', {})).toMatchObject({ pendingCount: 0, openConflicts: 0 });
    expect((await setup.client.call('contacts.get', { id })).contact.deletedAt).not.toBeNull();
  });

  it('dismissing leaves the record in the trash and sends nothing', async () => {
    const { id, edit } = await sharedContact();
    await edit();
    const trashedAt = await trashElsewhere(id);
    await setup.client.call('sync.now', {});
    const conflict = await onlyConflict();
    await setup.client.call('sync.conflicts.resolve', { id: conflict.id, keep: 'current' });
    expect((await setup.client.call('contacts.get', { id })).contact.deletedAt).toBe(trashedAt);
    expect(await setup.client.call('sync.status', {})).toMatchObject({ pendingCount: 0, openConflicts: 0 });
  });

  it('takes the entry and its kept values away when the record is then erased', async () => {
    const { id, edit } = await sharedContact();
    await edit();
    await trashElsewhere(id);
    await setup.client.call('sync.now', {});
    await onlyConflict();
    await erase(setup.server, { entity: 'contacts', recordId: id });
    expect(await setup.client.call('sync.now', {})).toMatchObject({ openConflicts: 0 });
    expect((await setup.client.call('sync.conflicts.list', {})).items).toEqual([]);
    const kept = await setup.client.core.vault.connection().read((tx) => tx.all("SELECT 1 FROM conflicts WHERE local_value LIKE '%Head of Buying%'"));
    expect(kept).toEqual([]);
  });
});
