// A tags conflict can keep both sides (walkthrough 4, #11): the real desktop
// core and vault against the real sync server over TLS on loopback. Device A
// (the other laptop) and this device each added a tag to the same contact;
// keeping both writes the record's tags, then the ones it lacks, as a new
// local edit that syncs; a union the field may not hold is refused, nothing
// written.
import { describe, expect, it } from 'vitest';
import { uuid7 } from '../../src-main/vault/uuid7';
import { contactValues } from '../support/sync-server';
import { useSyncEngineSetup } from '../support/sync-engine-setup';
import { testSender } from '../support/temp-core';

describe('sync conflicts: keeping both sides of a tags conflict', () => {
  const setup = useSyncEngineSetup();

  /** A contact tagged `start`; this device sets `mine`, then the other laptop `theirs` and pushes first: the next sync finds a tags conflict. */
  const concurrentTags = async (start: string[], mine: string[], theirs: string[]) => {
    const id = uuid7();
    await setup.laptop2.push([setup.laptop2.upsert('contacts', id, contactValues(setup.userId, { name: 'Ada', tags: start }))]);
    await setup.enrol();
    await setup.client.call('contacts.update', { id, patch: { tags: mine } });
    await new Promise((resolve) => setTimeout(resolve, 5));
    await setup.laptop2.push([setup.laptop2.upsert('contacts', id, { tags: theirs })]);
    expect(await setup.client.call('sync.now', {})).toMatchObject({ state: 'online', pendingCount: 0, openConflicts: 1 });
    const [conflict, ...more] = (await setup.client.call('sync.conflicts.list', {})).items;
    if (conflict === undefined) throw new Error('no conflict');
    expect(more).toEqual([]);
    expect(conflict).toMatchObject({ recordId: id, field: 'tags', localValue: mine, remoteValue: theirs });
    return { id, conflict };
  };

  const dispatch = (input: { id: number; keep: 'both' }) => setup.client.core.registry.dispatch(testSender, 'sync.conflicts.resolve', input);

  it('keeps the record’s tags in their order, then the other side’s missing ones (compared without case), and syncs the union', async () => {
    const { id, conflict } = await concurrentTags(['Renewal'], ['renewal', 'from-A', 'VIP'], ['Renewal', '来自B', 'vip']);
    // The server's later edit stands here now.
    expect((await setup.client.call('contacts.get', { id })).contact.tags).toEqual(['Renewal', '来自B', 'vip']);

    await setup.client.call('sync.conflicts.resolve', { id: conflict.id, keep: 'both' });
    expect((await setup.client.call('contacts.get', { id })).contact.tags).toEqual(['Renewal', '来自B', 'vip', 'from-A']);
    // Recorded for sync like the other choices: one change goes out, the other device gets the union.
    expect(await setup.client.call('sync.status', {})).toMatchObject({ pendingCount: 1, openConflicts: 0 });
    expect(await setup.client.call('sync.now', {})).toMatchObject({ pendingCount: 0, openConflicts: 0 });
    await setup.laptop2.pullAll();
    expect(setup.laptop2.replica.get(`contacts/${id}`)?.get('tags')).toEqual(['Renewal', '来自B', 'vip', 'from-A']);
  });

  it('refuses a union of more tags than a record keeps with a worded reason, and writes nothing', async () => {
    const mine = Array.from({ length: 30 }, (_, index) => `a${index}`);
    const theirs = Array.from({ length: 30 }, (_, index) => `b${index}`);
    const { id, conflict } = await concurrentTags([], mine, theirs);

    const result = await dispatch({ id: conflict.id, keep: 'both' });
    expect(result.ok ? 'written' : { code: result.error.code, reason: result.error.reason }).toEqual({ code: 'BAD_INPUT', reason: { code: 'conflict_both_invalid' } });
    expect((await setup.client.call('contacts.get', { id })).contact.tags).toEqual(theirs);
    expect(await setup.client.call('sync.status', {})).toMatchObject({ pendingCount: 0, openConflicts: 1 });
    // Still open: one side can be kept.
    await setup.client.call('sync.conflicts.resolve', { id: conflict.id, keep: 'local' });
    expect((await setup.client.call('contacts.get', { id })).contact.tags).toEqual(mine);
  });

  it('refuses to keep both sides of tags where one side holds all of the other’s (without case): nothing to add', async () => {
    const { conflict } = await concurrentTags(['renewal'], ['renewal', 'from-A'], ['RENEWAL', 'FROM-A', 'more']);
    const result = await dispatch({ id: conflict.id, keep: 'both' });
    expect(result.ok ? 'written' : result.error.code).toBe('BAD_INPUT');
    expect(await setup.client.call('sync.status', {})).toMatchObject({ pendingCount: 0, openConflicts: 1 });
  });
});
