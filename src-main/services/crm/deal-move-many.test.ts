// A list's selection of deals moved to one stage (deals.moveStageMany) and
// its Undo (deals.undoMoveMany), on the real vault: each deal moves as a
// single move does (the stage's probability, the lost reason, the close date
// of a move into Won or Lost), in one
// transaction; a deal gone, in the trash, or an unknown stage refuses the
// whole move, and teammates' deals refuse it with the bulk words, counted; the Undo puts every deal back, and refuses whole, writing
// nothing, when any of them has moved on since.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DealDraft, DealMoveMany, DealMoveStage, DealUndoMoveMany, type Deal } from '../../../src-shared/domain/deal';
import { DealId } from '../../../src-shared/domain/ids';
import { storeOwners } from '../../sync/record-owners';
import { currentUserId } from './current-user';
import { createDeal, deleteDeal, getDealDetail, moveDealStage, moveDealStages, undoDealMoves } from './deal.service';
import { CrmTestVault, refusal } from './testing/crm-test-vault';

const unknownId = '0190a5d0-ac96-774b-bcce-b302099a8057';

describe('moving a selection of deals to one stage (real vault)', () => {
  let db: CrmTestVault;
  beforeEach(async () => {
    db = await CrmTestVault.create();
  });
  afterEach(async () => {
    await db.dispose();
  });

  const addDeal = (name: string, stageId: string, probability?: number) =>
    db.write((tx, now) => createDeal(tx, DealDraft.parse({ name, stageId, probability, currency: 'EUR', expectedCloseDate: '2026-03-15' }), now));
  const moveMany = (deals: readonly Deal[], stageId: string, lostReason?: string) =>
    db.write((tx, now) => moveDealStages(tx, DealMoveMany.parse({ ids: deals.map((deal) => deal.id), stageId, lostReason }), now));
  const stages = () => db.read((tx) => tx.all('SELECT name, stage_id, probability, lost_reason FROM deals ORDER BY name'));
  const snapshot = () => db.read(async (tx) => ({ deals: await tx.all('SELECT * FROM deals ORDER BY id'), outbox: await tx.all('SELECT seq FROM outbox ORDER BY seq') }));

  it('moves each deal as a single move does, one outbox entry each, and its Undo puts each back', async () => {
    const a = await addDeal('A', 'proposal', 42);
    const b = await addDeal('B', 'qualified');
    const c = await addDeal('C', 'proposal');
    await db.write((tx, now) => moveDealStage(tx, DealMoveStage.parse({ id: c.id, stageId: 'lost', lostReason: 'Price' }), now));
    const outbox = (await db.outbox()).length;
    const made = await moveMany([a, b, c, a], 'lost', 'Budget cut');
    // A deal lost already stays as it is, its reason too: it is no move (before, its reason became "Budget cut").
    expect(made.items.map((item) => [item.before.stageId, item.after.stageId, item.after.probability, item.after.lostReason])).toEqual([
      ['proposal', 'lost', 0, 'Budget cut'],
      ['qualified', 'lost', 0, 'Budget cut'],
    ]);
    expect((await db.outbox()).slice(outbox).map((op) => op.recordId)).toEqual([a.id, b.id]);
    expect(await stages()).toContainEqual({ name: 'C', stage_id: 'lost', probability: 0, lost_reason: 'Price' });

    const back = await db.write((tx, now) => undoDealMoves(tx, DealUndoMoveMany.parse({ items: made.items }), now));
    expect(back.items.map((item) => item.after.stageId)).toEqual(['proposal', 'qualified']);
    expect(await stages()).toEqual([
      { name: 'A', stage_id: 'proposal', probability: 42, lost_reason: '' },
      { name: 'B', stage_id: 'qualified', probability: 25, lost_reason: '' },
      { name: 'C', stage_id: 'lost', probability: 0, lost_reason: 'Price' },
    ]);
  });

  it('dates each deal moved into Won with the move’s day, keeps a deal already there, and its Undo puts the dates back', async () => {
    const a = await addDeal('A', 'proposal');
    const b = await addDeal('B', 'won');
    const c = await addDeal('C', 'lead');
    const made = await db.write((tx, now) => moveDealStages(tx, DealMoveMany.parse({ ids: [a.id, b.id, c.id], stageId: 'won', closeDate: '2026-04-09' }), now));
    expect(made.items.map((item) => [item.before.expectedCloseDate, item.after.expectedCloseDate])).toEqual([
      ['2026-03-15', '2026-04-09'],
      ['2026-03-15', '2026-04-09'],
    ]);
    const dates = () => db.read((tx) => tx.all('SELECT name, expected_close_date FROM deals ORDER BY name'));
    expect(await dates()).toEqual([
      { name: 'A', expected_close_date: '2026-04-09' },
      { name: 'B', expected_close_date: '2026-03-15' },
      { name: 'C', expected_close_date: '2026-04-09' },
    ]);
    await db.write((tx, now) => undoDealMoves(tx, DealUndoMoveMany.parse({ items: made.items }), now));
    expect(await dates()).toEqual(['A', 'B', 'C'].map((name) => ({ name, expected_close_date: '2026-03-15' })));
  });

  it('refuses whole a move with a deal gone or in the trash, or to an unknown stage, changing nothing', async () => {
    const a = await addDeal('A', 'proposal');
    const b = await addDeal('B', 'proposal');
    await db.write((tx, now) => deleteDeal(tx, DealId.parse(b.id), now));
    const snap = await snapshot();
    expect(await refusal(moveMany([a, b], 'negotiation'))).toMatchObject({ code: 'NOT_FOUND', reason: { code: 'selection_gone', entity: 'deals' } });
    expect(await refusal(db.write((tx, now) => moveDealStages(tx, DealMoveMany.parse({ ids: [a.id, unknownId], stageId: 'negotiation' }), now)))).toMatchObject({
      code: 'NOT_FOUND',
      reason: { code: 'selection_gone' },
    });
    expect(await refusal(moveMany([a], 'nowhere'))).toMatchObject({ code: 'BAD_INPUT', reason: { code: 'unknown_stage' } });
    expect(await snapshot()).toEqual(snap);
  });

  it("refuses whole a move holding teammates' deals, counting them in the bulk words, changing nothing", async () => {
    const mine = await addDeal('Mine', 'proposal');
    const own = await addDeal('Own', 'proposal');
    const theirs = await addDeal('Theirs', 'proposal');
    // Already in the stage: not moved, yet counted, as the other bulk edits count every selected record.
    const theirsThere = await addDeal('Theirs there', 'negotiation');
    await db.write(async (tx) =>
      storeOwners(tx, [
        { userId: 'srv-teammate', entity: 'deals', recordIds: [theirs.id, theirsThere.id] },
        { userId: await currentUserId(tx), entity: 'deals', recordIds: [own.id] },
      ]),
    );
    const snap = await snapshot();
    const refused = await refusal(moveMany([mine, own, theirs, theirsThere, theirs], 'negotiation'));
    expect(refused).toMatchObject({
      code: 'NOT_PERMITTED',
      message: "2 of the selected deals belong to teammates, so nothing was changed. Only a record's owner can change it.",
      reason: { code: 'not_owner', entity: 'deals', count: 2 },
    });
    expect(await snapshot()).toEqual(snap);
    // The user's own deals (no known owner, or the user) still move.
    expect((await moveMany([mine, own], 'negotiation')).items.map((item) => item.id)).toEqual([mine.id, own.id]);
  });

  it('undoes the moves of the deals still live, leaving one trashed since as it is', async () => {
    const a = await addDeal('A', 'proposal');
    const b = await addDeal('B', 'proposal');
    const made = await moveMany([a, b], 'negotiation');
    await db.write((tx, now) => deleteDeal(tx, DealId.parse(b.id), now));
    const undone = await db.write((tx, now) => undoDealMoves(tx, DealUndoMoveMany.parse({ items: made.items }), now));
    expect(undone.items.map((item) => item.id)).toEqual([a.id]);
    expect((await db.read((tx) => getDealDetail(tx, DealId.parse(a.id)))).deal.stageId).toBe('proposal');
    expect((await db.read((tx) => getDealDetail(tx, DealId.parse(b.id)))).deal.stageId).toBe('negotiation');
  });

  it('refuses its Undo whole when one deal has moved on since, writing nothing', async () => {
    const a = await addDeal('A', 'proposal');
    const b = await addDeal('B', 'proposal');
    const made = await moveMany([a, b], 'negotiation');
    await db.write((tx, now) => moveDealStage(tx, { id: DealId.parse(b.id), stageId: DealMoveMany.shape.stageId.parse('won') }, now));
    const snap = await snapshot();
    expect(await refusal(db.write((tx, now) => undoDealMoves(tx, DealUndoMoveMany.parse({ items: made.items }), now)))).toMatchObject({
      code: 'BAD_INPUT',
      reason: { code: 'stage_move_overtaken' },
    });
    expect(await snapshot()).toEqual(snap);
    expect((await db.read((tx) => getDealDetail(tx, DealId.parse(a.id)))).deal.stageId).toBe('negotiation');
  });
});
