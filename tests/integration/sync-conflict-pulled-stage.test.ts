// A deal's stage move into Won or Lost still waiting here to be sent when a
// pull brings another device's newer stage: the move loses whole, with the
// close date and lost reason it set, as it does when its push comes first
// (sync-conflict-close-date.test.ts). Before, the pull took only the stage and
// probability out of the pending move, and the push then sent its date and
// reason alone, which the server took: an open Negotiation deal closing the day
// of a move that lost, or "Lost reason: Price". The real desktop core and vault
// against the real sync server over TLS on loopback; the push is refused
// (clock ahead) so that the pull comes first.
import { describe, expect, it } from 'vitest';
import { readOutbox } from '../../src-main/sync/outbox';
import { uuid7 } from '../../src-main/vault/uuid7';
import { useSyncEngineSetup } from '../support/sync-engine-setup';

describe('sync conflicts: a pulled stage beats a stage move waiting to be sent', () => {
  const setup = useSyncEngineSetup();

  /** A deal at Proposal, expected to close 2027-06-30, made on the other laptop and synced here. */
  const sharedDeal = async () => {
    const id = uuid7();
    await setup.laptop2.push([
      setup.laptop2.upsert('deals', id, { name: 'Harbour Deal', stageId: 'proposal', probability: 50, expectedCloseDate: '2027-06-30', lostReason: '' }),
    ]);
    await setup.enrol();
    return id;
  };
  const later = () => new Promise((resolve) => setTimeout(resolve, 5));
  const deal = async (id: string) => {
    const { stageId, probability, expectedCloseDate, lostReason } = (await setup.client.call('deals.get', { id })).deal;
    return { stageId, probability, expectedCloseDate, lostReason };
  };
  const openRows = () =>
    setup.client.core.vault.connection().read((tx) => tx.all('SELECT field, reason FROM conflicts WHERE resolved_at IS NULL ORDER BY field'));
  const pending = () => setup.client.core.vault.connection().read((tx) => readOutbox(tx, 10));
  /** The server's deal, as the other laptop pulls it. */
  const onServer = async (id: string) => {
    await setup.laptop2.pullAll();
    const there = setup.laptop2.replica.get(`deals/${id}`);
    return { stageId: there?.get('stageId'), probability: there?.get('probability'), expectedCloseDate: there?.get('expectedCloseDate'), lostReason: there?.get('lostReason') };
  };
  /** Moves the deal here while the push is refused, lets the other laptop move it later, and syncs: the pull comes first. */
  const pullBeforePush = async (id: string, move: { stageId: string; closeDate: string; lostReason?: string }) => {
    setup.proxy.rule = (path) => (path === '/v1/push' ? 'clock-skew' : 'pass');
    await setup.client.call('deals.moveStage', { id, ...move });
    await later();
    await setup.laptop2.push([setup.laptop2.upsert('deals', id, { stageId: 'negotiation', probability: 75 })]);
    expect(await setup.client.call('sync.now', {})).toMatchObject({ state: 'error' });
    expect(await deal(id)).toMatchObject({ stageId: 'negotiation', probability: 75 });
    setup.proxy.rule = () => 'pass';
    return setup.client.call('sync.now', {});
  };
  const negotiation = { stageId: 'negotiation', probability: 75, expectedCloseDate: '2027-06-30', lostReason: '' };

  it('an older move to Won loses its close date with its stage, here and on the server; the review shows the move as one entry', async () => {
    const id = await sharedDeal();
    expect(await pullBeforePush(id, { stageId: 'won', closeDate: '2026-12-07' })).toMatchObject({ state: 'online', pendingCount: 0, openConflicts: 1 });

    // Before, the server took the move's date without its stage: an open Negotiation deal closing 2026-12-07.
    expect(await onServer(id)).toEqual(negotiation);
    expect(await deal(id)).toEqual(negotiation);
    expect(await openRows()).toEqual([
      { field: 'expectedCloseDate', reason: 'conflict' },
      { field: 'probability', reason: 'conflict' },
      { field: 'stageId', reason: 'conflict' },
    ]);
    const { items } = await setup.client.call('sync.conflicts.list', {});
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ field: 'stageId', localValue: 'won', remoteValue: 'negotiation', stageProbability: { localValue: 100, remoteValue: 75 } });

    // Keep mine brings the move back whole: its stage, probability and date.
    await setup.client.call('sync.conflicts.resolve', { id: items[0]?.id ?? 0, keep: 'local' });
    expect(await setup.client.call('sync.now', {})).toMatchObject({ pendingCount: 0, openConflicts: 0 });
    expect(await onServer(id)).toEqual({ stageId: 'won', probability: 100, expectedCloseDate: '2026-12-07', lostReason: '' });
  });

  it('an older move to Lost loses its lost reason and close date with its stage, here and on the server', async () => {
    const id = await sharedDeal();
    expect(await pullBeforePush(id, { stageId: 'lost', closeDate: '2026-12-07', lostReason: 'Price' })).toMatchObject({ state: 'online', pendingCount: 0, openConflicts: 1 });

    // Before, the server took the move's reason and date without its stage: "Lost reason: Price" on an open deal.
    expect(await onServer(id)).toEqual(negotiation);
    expect(await deal(id)).toEqual(negotiation);
    // Before, the reason was an entry of its own ("Price" against ""), counted apart and left open by the stage's.
    expect(await openRows()).toEqual([
      { field: 'expectedCloseDate', reason: 'conflict' },
      { field: 'lostReason', reason: 'conflict' },
      { field: 'probability', reason: 'conflict' },
      { field: 'stageId', reason: 'conflict' },
    ]);
    const { items } = await setup.client.call('sync.conflicts.list', {});
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ field: 'stageId', localValue: 'lost', remoteValue: 'negotiation', stageProbability: { localValue: 0, remoteValue: 75 } });

    // Keep mine writes the move whole, as one change: Lost, 0 %, its reason and its date.
    await setup.client.call('sync.conflicts.resolve', { id: items[0]?.id ?? 0, keep: 'local' });
    const lost = { stageId: 'lost', probability: 0, expectedCloseDate: '2026-12-07', lostReason: 'Price' };
    expect(await deal(id)).toEqual(lost);
    const [change, ...more] = await pending();
    expect(more).toEqual([]);
    expect(Object.keys(change?.fields ?? {}).sort()).toEqual(['expectedCloseDate', 'lostReason', 'probability', 'stageId', 'updatedAt']);
    expect(await openRows()).toEqual([]);
    expect(await setup.client.call('sync.now', {})).toMatchObject({ pendingCount: 0, openConflicts: 0 });
    expect(await onServer(id)).toEqual(lost);
  });
});
