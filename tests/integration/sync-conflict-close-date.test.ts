// A deal's move into Won or Lost sets its close date in the same edit as the
// stage (deal.service.ts moveDealStage). When another device's stage wins, the
// date goes with the move that set it: the server refuses it with the stage
// (push.ts), and the review keeps it with the stage, one entry: the side kept
// brings its own date (conflicts.ts `moveDate`). The real desktop core and
// vault against the real sync server over TLS on loopback.
import { describe, expect, it } from 'vitest';
import { readOutbox } from '../../src-main/sync/outbox';
import { uuid7 } from '../../src-main/vault/uuid7';
import { useSyncEngineSetup } from '../support/sync-engine-setup';

describe('sync conflicts: the close date of a deal’s stage move', () => {
  const setup = useSyncEngineSetup();

  /** A deal at Proposal, expected to close 2027-06-30, made on the other laptop and synced here. */
  const sharedDeal = async (more: { lostReason?: string } = {}) => {
    const id = uuid7();
    await setup.laptop2.push([setup.laptop2.upsert('deals', id, { name: 'Harbour Deal', stageId: 'proposal', probability: 50, expectedCloseDate: '2027-06-30', ...more })]);
    await setup.enrol();
    return id;
  };
  const later = () => new Promise((resolve) => setTimeout(resolve, 5));
  const deal = async (id: string) => {
    const { stageId, probability, expectedCloseDate } = (await setup.client.call('deals.get', { id })).deal;
    return { stageId, probability, expectedCloseDate };
  };
  const openRows = () =>
    setup.client.core.vault.connection().read((tx) => tx.all("SELECT field, reason FROM conflicts WHERE resolved_at IS NULL ORDER BY field"));
  const pending = () => setup.client.core.vault.connection().read((tx) => readOutbox(tx, 10));

  it('gets the date back with the stage when the server refuses an older move to Won; Keep mine writes the move’s date with its stage', async () => {
    const id = await sharedDeal();
    await setup.client.call('deals.moveStage', { id, stageId: 'won', closeDate: '2026-12-07' });
    await later();
    await setup.laptop2.push([setup.laptop2.upsert('deals', id, { stageId: 'negotiation', probability: 75 })]);

    // Before, the date stayed (its stamp is newer than the server's): an open Negotiation deal closing today.
    expect(await setup.client.call('sync.now', {})).toMatchObject({ state: 'online', pendingCount: 0, openConflicts: 1 });
    expect(await deal(id)).toEqual({ stageId: 'negotiation', probability: 75, expectedCloseDate: '2027-06-30' });
    expect(await openRows()).toEqual([
      { field: 'expectedCloseDate', reason: 'conflict' },
      { field: 'probability', reason: 'conflict' },
      { field: 'stageId', reason: 'conflict' },
    ]);
    const { items } = await setup.client.call('sync.conflicts.list', {});
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ field: 'stageId', localValue: 'won', remoteValue: 'negotiation' });

    await setup.client.call('sync.conflicts.resolve', { id: items[0]?.id ?? 0, keep: 'local' });
    expect(await deal(id)).toEqual({ stageId: 'won', probability: 100, expectedCloseDate: '2026-12-07' });
    const [change, ...more] = await pending();
    expect(more).toEqual([]);
    expect(Object.keys(change?.fields ?? {}).sort()).toEqual(['expectedCloseDate', 'probability', 'stageId', 'updatedAt']);
    expect(await openRows()).toEqual([]);
    expect(await setup.client.call('sync.now', {})).toMatchObject({ pendingCount: 0, openConflicts: 0 });
    await setup.laptop2.pullAll();
    const there = setup.laptop2.replica.get(`deals/${id}`);
    expect([there?.get('stageId'), there?.get('expectedCloseDate')]).toEqual(['won', '2026-12-07']);
  });

  it('gets the lost reason back with the stage when the server refuses an older move to Lost; the reason goes with the stage’s entry', async () => {
    // Made in the app, as deals are: it holds an empty reason, which the server gives back.
    const id = await sharedDeal({ lostReason: '' });
    await setup.client.call('deals.moveStage', { id, stageId: 'lost', lostReason: 'Price', closeDate: '2026-12-07' });
    await later();
    await setup.laptop2.push([setup.laptop2.upsert('deals', id, { stageId: 'negotiation', probability: 75 })]);

    // Before, the reason was listed and counted apart ("Price" against none), and left open when the stage's was settled.
    expect(await setup.client.call('sync.now', {})).toMatchObject({ state: 'online', pendingCount: 0, openConflicts: 1 });
    expect(await deal(id)).toEqual({ stageId: 'negotiation', probability: 75, expectedCloseDate: '2027-06-30' });
    expect((await setup.client.call('deals.get', { id })).deal.lostReason).toBe('');
    expect(await openRows()).toEqual([
      { field: 'expectedCloseDate', reason: 'conflict' },
      { field: 'lostReason', reason: 'conflict' },
      { field: 'probability', reason: 'conflict' },
      { field: 'stageId', reason: 'conflict' },
    ]);
    const { items } = await setup.client.call('sync.conflicts.list', {});
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ field: 'stageId', localValue: 'lost', remoteValue: 'negotiation' });
    const reasonEntry = await setup.client.core.vault
      .connection()
      .read((tx) => tx.get<{ id: number }>("SELECT id FROM conflicts WHERE field = 'lostReason' AND resolved_at IS NULL"));

    // Keep mine, named by the reason's entry: the whole move as one change.
    await setup.client.call('sync.conflicts.resolve', { id: reasonEntry?.id ?? 0, keep: 'local' });
    expect(await deal(id)).toEqual({ stageId: 'lost', probability: 0, expectedCloseDate: '2026-12-07' });
    expect((await setup.client.call('deals.get', { id })).deal.lostReason).toBe('Price');
    const [change, ...more] = await pending();
    expect(more).toEqual([]);
    expect(Object.keys(change?.fields ?? {}).sort()).toEqual(['expectedCloseDate', 'lostReason', 'probability', 'stageId', 'updatedAt']);
    expect(await openRows()).toEqual([]);
    expect(await setup.client.call('sync.now', {})).toMatchObject({ pendingCount: 0, openConflicts: 0 });
  });

  it('Keep theirs takes their stage with the date their move set, named by the date’s entry too', async () => {
    const id = await sharedDeal();
    await setup.laptop2.push([setup.laptop2.upsert('deals', id, { stageId: 'won', probability: 100, expectedCloseDate: '2026-11-30' })]);
    await later();
    // Later here, unseen by this device: a move to Lost, which wins on the server; the server names what it replaced.
    await setup.client.call('deals.moveStage', { id, stageId: 'lost', lostReason: 'Budget', closeDate: '2026-12-05' });
    expect(await setup.client.call('sync.now', {})).toMatchObject({ state: 'online', pendingCount: 0, openConflicts: 1 });
    expect(await openRows()).toEqual([
      { field: 'expectedCloseDate', reason: 'concurrent' },
      { field: 'probability', reason: 'concurrent' },
      { field: 'stageId', reason: 'concurrent' },
    ]);
    const dateEntry = await setup.client.core.vault
      .connection()
      .read((tx) => tx.get<{ id: number }>("SELECT id FROM conflicts WHERE field = 'expectedCloseDate' AND resolved_at IS NULL"));

    // Before, their stage came back with this move's date: a deal won on the 30th, filed under the 5th.
    await setup.client.call('sync.conflicts.resolve', { id: dateEntry?.id ?? 0, keep: 'remote' });
    expect(await deal(id)).toEqual({ stageId: 'won', probability: 100, expectedCloseDate: '2026-11-30' });
    expect((await setup.client.call('deals.get', { id })).deal.lostReason).toBe('');
    const [change, ...more] = await pending();
    expect(more).toEqual([]);
    expect(change?.fields).toMatchObject({ stageId: { value: 'won' }, probability: { value: 100 }, expectedCloseDate: { value: '2026-11-30' } });
    expect(await openRows()).toEqual([]);
  });
});
