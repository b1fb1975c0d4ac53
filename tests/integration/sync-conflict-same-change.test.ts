// Two devices making the same change leave nothing to review: the real desktop
// core and vault against the real sync server over TLS on loopback. The same
// value sent from both (a refused push whose compensation holds it), and one
// record moved to the trash on both (two different `deletedAt` times, whether
// the push is refused, overwrites, or the pull finds it), used to be entries
// with both sides alike or two trash times as numbers. A trash against a
// restore is still one: last writer wins on `deletedAt`, the other is kept.
import { describe, expect, it } from 'vitest';
import { uuid7 } from '../../src-main/vault/uuid7';
import { contactValues } from '../support/sync-server';
import { useSyncEngineSetup } from '../support/sync-engine-setup';

describe('sync conflicts: the same change on two devices', () => {
  const setup = useSyncEngineSetup();

  /** A contact the other laptop made, synced here. */
  const sharedContact = async () => {
    const id = uuid7();
    await setup.laptop2.push([setup.laptop2.upsert('contacts', id, contactValues(setup.userId, { name: 'Ada', title: 'Analyst' }))]);
    await setup.enrol();
    await setup.laptop2.pullAll();
    return id;
  };

  /** The other laptop sets `fields(now)` (and its bookkeeping), stamped later than anything before, and syncs; `now`. */
  const laterElsewhere = async (id: string, fields: (now: number) => Record<string, string | number>) => {
    await new Promise((resolve) => setTimeout(resolve, 5));
    const now = Date.now();
    const answer = await setup.laptop2.push([setup.laptop2.upsert('contacts', id, { ...fields(now), updatedAt: now, updatedBy: setup.userId })]);
    expect(answer.rejected).toEqual([]);
    return now;
  };

  const trashElsewhere = (id: string) => laterElsewhere(id, (now) => ({ deletedAt: now }));

  const listed = async () => (await setup.client.call('sync.conflicts.list', {})).items;

  it('keeps nothing when the server refuses a value it already holds from the other device', async () => {
    const id = await sharedContact();
    await setup.client.call('contacts.update', { id, patch: { title: 'Head of Buying' } });
    await laterElsewhere(id, () => ({ title: 'Head of Buying' }));
    // The push is refused (a newer title is on the server), with the same title as compensation.
    expect(await setup.client.call('sync.now', {})).toMatchObject({ state: 'online', pendingCount: 0, openConflicts: 0 });
    expect(await listed()).toEqual([]);
    expect((await setup.client.call('contacts.get', { id })).contact.title).toBe('Head of Buying');
  });

  it('keeps nothing when a trash here is refused for a later trash there', async () => {
    const id = await sharedContact();
    await setup.client.call('contacts.delete', { id });
    const trashedAt = await trashElsewhere(id);
    expect(await setup.client.call('sync.now', {})).toMatchObject({ state: 'online', pendingCount: 0, openConflicts: 0 });
    expect(await listed()).toEqual([]);
    expect((await setup.client.call('contacts.get', { id })).contact.deletedAt).toBe(trashedAt);
  });

  it('keeps nothing when a later trash here overwrites the trash there', async () => {
    const id = await sharedContact();
    await trashElsewhere(id);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await setup.client.call('contacts.delete', { id });
    const trashedHere = (await setup.client.call('contacts.get', { id })).contact.deletedAt;
    expect(await setup.client.call('sync.now', {})).toMatchObject({ state: 'online', pendingCount: 0, openConflicts: 0 });
    expect(await listed()).toEqual([]);
    expect((await setup.client.call('contacts.get', { id })).contact.deletedAt).toBe(trashedHere);
  });

  it('keeps nothing when the pull brings a trash there while the trash here waits to be sent', async () => {
    const id = await sharedContact();
    await setup.client.call('contacts.delete', { id });
    const trashedAt = await trashElsewhere(id);
    setup.proxy.rule = (path) => (path === '/v1/push' ? 'clock-skew' : 'pass');
    expect(await setup.client.call('sync.now', {})).toMatchObject({ state: 'error', openConflicts: 0 });
    setup.proxy.rule = () => 'pass';
    expect(await setup.client.call('sync.now', {})).toMatchObject({ state: 'online', pendingCount: 0, openConflicts: 0 });
    expect(await listed()).toEqual([]);
    expect((await setup.client.call('contacts.get', { id })).contact.deletedAt).toBe(trashedAt);
  });

  it('keeps a restore here that a later trash there won, as an entry on deletedAt', async () => {
    const id = await sharedContact();
    await trashElsewhere(id);
    await setup.client.call('sync.now', {});
    await setup.client.call('contacts.restore', { id });
    const trashedAt = await trashElsewhere(id);
    expect(await setup.client.call('sync.now', {})).toMatchObject({ state: 'online', pendingCount: 0, openConflicts: 1 });
    const [conflict, ...more] = await listed();
    expect(more).toEqual([]);
    expect(conflict).toMatchObject({ recordId: id, field: 'deletedAt', localValue: null, remoteValue: trashedAt });
    expect((await setup.client.call('contacts.get', { id })).contact.deletedAt).toBe(trashedAt);
  });
});
