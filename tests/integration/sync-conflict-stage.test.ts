// A deal's stage moved on two devices at once (walkthrough 4): moving a stage
// sets its probability in the same edit, so both fields clash. The real
// desktop core and vault against the real sync server over TLS on loopback:
// the two stored entries are one entry to review (the stage, with each
// side's probability), counted once, and a choice writes that side's stage
// and probability as one change that syncs, closing both. A probability
// changed by hand apart from the stage stays an entry of its own.
import { describe, expect, it } from 'vitest';
import { readOutbox } from '../../src-main/sync/outbox';
import { uuid7 } from '../../src-main/vault/uuid7';
import { useSyncEngineSetup } from '../support/sync-engine-setup';

describe('sync conflicts: a deal’s stage moved on two devices', () => {
  const setup = useSyncEngineSetup();

  /** A deal at Lead (10 %) made on the other laptop and synced here. */
  const sharedDeal = async () => {
    const id = uuid7();
    await setup.laptop2.push([setup.laptop2.upsert('deals', id, { name: 'Harbour Deal', stageId: 'lead', probability: 10 })]);
    await setup.enrol();
    return id;
  };
  const later = () => new Promise((resolve) => setTimeout(resolve, 5));
  const moveHere = (id: string, stageId: string) => setup.client.call('deals.update', { id, patch: { stageId } });
  const deal = async (id: string) => {
    const { stageId, probability } = (await setup.client.call('deals.get', { id })).deal;
    return { stageId, probability };
  };
  const openRows = () =>
    setup.client.core.vault.connection().read((tx) => tx.all("SELECT field, reason FROM conflicts WHERE resolved_at IS NULL ORDER BY field"));
  const pending = () => setup.client.core.vault.connection().read((tx) => readOutbox(tx, 10));

  it('keeps one Stage entry with each side’s probability; Keep mine writes my stage and probability as one change that syncs', async () => {
    const id = await sharedDeal();
    await moveHere(id, 'proposal');
    await later();
    await setup.laptop2.push([setup.laptop2.upsert('deals', id, { stageId: 'won', probability: 100 })]);

    // The server refuses the older move here (both fields) and sends the later one back: one entry to review.
    expect(await setup.client.call('sync.now', {})).toMatchObject({ state: 'online', pendingCount: 0, openConflicts: 1 });
    expect(await openRows()).toEqual([
      { field: 'probability', reason: 'conflict' },
      { field: 'stageId', reason: 'conflict' },
    ]);
    const { items } = await setup.client.call('sync.conflicts.list', {});
    expect(items).toHaveLength(1);
    const [entry] = items;
    expect(entry).toMatchObject({ recordId: id, field: 'stageId', localValue: 'proposal', remoteValue: 'won', stageProbability: { localValue: 50, remoteValue: 100 } });
    expect(await deal(id)).toEqual({ stageId: 'won', probability: 100 });

    await setup.client.call('sync.conflicts.resolve', { id: entry?.id ?? 0, keep: 'local' });
    expect(await deal(id)).toEqual({ stageId: 'proposal', probability: 50 });
    const [change, ...more] = await pending();
    expect(more).toEqual([]);
    expect(Object.keys(change?.fields ?? {}).sort()).toEqual(['probability', 'stageId', 'updatedAt']);
    expect(await openRows()).toEqual([]);
    expect(await setup.client.call('sync.now', {})).toMatchObject({ pendingCount: 0, openConflicts: 0 });
    await setup.laptop2.pullAll();
    const there = setup.laptop2.replica.get(`deals/${id}`);
    expect([there?.get('stageId'), there?.get('probability')]).toEqual(['proposal', 50]);
  });

  it('settles the pair named by the probability’s id too: Keep theirs takes their stage and probability, from a clash the push found', async () => {
    const id = await sharedDeal();
    await setup.laptop2.push([setup.laptop2.upsert('deals', id, { stageId: 'won', probability: 100 })]);
    await later();
    // Later here: this device's move wins on the server, which says whose values it replaced unseen.
    await moveHere(id, 'negotiation');
    expect(await setup.client.call('sync.now', {})).toMatchObject({ state: 'online', pendingCount: 0, openConflicts: 1 });
    expect(await openRows()).toEqual([
      { field: 'probability', reason: 'concurrent' },
      { field: 'stageId', reason: 'concurrent' },
    ]);
    const [entry] = (await setup.client.call('sync.conflicts.list', {})).items;
    expect(entry).toMatchObject({ field: 'stageId', localValue: 'negotiation', remoteValue: 'won', stageProbability: { localValue: 75, remoteValue: 100 } });
    expect(await deal(id)).toEqual({ stageId: 'negotiation', probability: 75 });

    await setup.client.call('sync.conflicts.resolve', { id: entry?.stageProbability?.id ?? 0, keep: 'remote' });
    expect(await deal(id)).toEqual({ stageId: 'won', probability: 100 });
    const [change, ...more] = await pending();
    expect(more).toEqual([]);
    expect(change?.fields).toMatchObject({ stageId: { value: 'won' }, probability: { value: 100 } });
    expect(await openRows()).toEqual([]);
    expect(await setup.client.call('sync.status', {})).toMatchObject({ pendingCount: 1, openConflicts: 0 });
  });

  it('clears the lost reason when the side kept is not a lost stage, in the same change', async () => {
    const id = await sharedDeal();
    await moveHere(id, 'proposal');
    await later();
    // The other laptop's later move to Lost, with its reason, wins on the server.
    await setup.laptop2.push([setup.laptop2.upsert('deals', id, { stageId: 'lost', probability: 0, lostReason: 'Price' })]);
    expect(await setup.client.call('sync.now', {})).toMatchObject({ state: 'online', openConflicts: 1 });
    const [entry] = (await setup.client.call('sync.conflicts.list', {})).items;
    expect(entry).toMatchObject({ field: 'stageId', localValue: 'proposal', remoteValue: 'lost' });

    // Before, Keep mine left "Price" on an open deal: its card said "Lost: Price" and deals.lostReasons counted it.
    await setup.client.call('sync.conflicts.resolve', { id: entry?.id ?? 0, keep: 'local' });
    const { stageId, probability, lostReason } = (await setup.client.call('deals.get', { id })).deal;
    expect({ stageId, probability, lostReason }).toEqual({ stageId: 'proposal', probability: 50, lostReason: '' });
    const [change, ...more] = await pending();
    expect(more).toEqual([]);
    expect(Object.keys(change?.fields ?? {}).sort()).toEqual(['lostReason', 'probability', 'stageId', 'updatedAt']);
    expect(await setup.client.call('sync.now', {})).toMatchObject({ pendingCount: 0, openConflicts: 0 });
    await setup.laptop2.pullAll();
    expect(setup.laptop2.replica.get(`deals/${id}`)?.get('lostReason')).toBe('');
  });

  it('keeps a probability set by hand apart from the stage move as an entry of its own', async () => {
    const id = await sharedDeal();
    await moveHere(id, 'proposal');
    await later();
    // The other laptop moves the stage, then sets the probability by hand: two edits, two stamps.
    await setup.laptop2.push([setup.laptop2.upsert('deals', id, { stageId: 'negotiation', probability: 75 })]);
    await setup.laptop2.push([setup.laptop2.upsert('deals', id, { probability: 80 })]);
    expect(await setup.client.call('sync.now', {})).toMatchObject({ state: 'online', openConflicts: 2 });
    const { items } = await setup.client.call('sync.conflicts.list', {});
    const entries = [...items].sort((a, b) => a.field.localeCompare(b.field)).map((item) => [item.field, item.localValue, item.remoteValue, item.stageProbability]);
    expect(entries).toEqual([
      ['probability', 50, 80, null],
      ['stageId', 'proposal', 'negotiation', null],
    ]);
    // Each settles alone.
    const probability = items.find((item) => item.field === 'probability');
    await setup.client.call('sync.conflicts.resolve', { id: probability?.id ?? 0, keep: 'local' });
    expect(await deal(id)).toEqual({ stageId: 'negotiation', probability: 50 });
    expect(await setup.client.call('sync.status', {})).toMatchObject({ openConflicts: 1 });
  });
});
