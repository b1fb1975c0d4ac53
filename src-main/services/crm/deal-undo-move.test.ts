// Undo of a stage move (deals.undoMove) on the real vault: the deal gets back
// its stage, probability and lost reason in one write, one outbox entry; an
// Undo that a newer change of those fields has overtaken is refused and
// writes nothing, while edits of other fields since the move are kept. A deal
// moved out of Lost leaves its lost reason there, and the Undo of that move
// brings it back. A move into Won or Lost dates the deal; its Undo puts the
// old close date back.
import type { z } from 'zod';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DealDraft, DealMoveStage, DealPatch, DealUndoMove, type Deal } from '../../../src-shared/domain/deal';
import { DealId } from '../../../src-shared/domain/ids';
import { createDeal, deleteDeal, getDealDetail, lostReasons, moveDealStage, undoDealMove, updateDeal } from './deal.service';
import { CrmTestVault } from './testing/crm-test-vault';

describe('undo of a deal stage move (real vault)', () => {
  let db: CrmTestVault;
  beforeEach(async () => {
    db = await CrmTestVault.create();
  });
  afterEach(async () => {
    await db.dispose();
  });

  /** A deal in Proposal at a probability of its own (not the stage's 50 %). */
  const addDeal = () =>
    db.write((tx, now) =>
      createDeal(tx, DealDraft.parse({ name: 'Harbour cranes', stageId: 'proposal', probability: 42, currency: 'EUR', expectedCloseDate: '2026-03-15' }), now),
    );
  const move = (deal: Deal, stageId: string, lostReason?: string, closeDate?: string) =>
    db.write((tx, now) => moveDealStage(tx, DealMoveStage.parse({ id: deal.id, stageId, lostReason, closeDate }), now));
  const fields = ({ stageId, probability, lostReason, expectedCloseDate }: Deal) => ({ stageId, probability, lostReason, expectedCloseDate });
  const undo = (before: Deal, after: Deal) =>
    db.write((tx, now) =>
      undoDealMove(
        tx,
        DealUndoMove.parse({
          id: before.id,
          before: fields(before),
          after: fields(after),
        }),
        now,
      ),
    );
  const update = (deal: Deal, patch: z.input<typeof DealPatch>) => db.write((tx, now) => updateDeal(tx, DealId.parse(deal.id), DealPatch.parse(patch), now));
  const stored = async (deal: Deal) => (await db.read((tx) => getDealDetail(tx, DealId.parse(deal.id)))).deal;

  it('puts back the stage, the probability and the lost reason from before a move to Lost, in one write', async () => {
    const deal = await addDeal();
    const lost = await move(deal, 'lost', 'Chose a competitor', '2026-06-02');
    expect(lost).toMatchObject({ stageId: 'lost', probability: 0, lostReason: 'Chose a competitor', expectedCloseDate: '2026-06-02' });
    const outbox = (await db.outbox()).length;

    const back = await undo(deal, lost);
    expect(back).toMatchObject({ stageId: 'proposal', probability: 42, lostReason: '', expectedCloseDate: '2026-03-15', name: 'Harbour cranes' });
    expect(await stored(deal)).toMatchObject({ stageId: 'proposal', probability: 42, lostReason: '', expectedCloseDate: '2026-03-15' });
    // One recorded change for sync, of the fields the move had changed.
    const entries = (await db.outbox()).slice(outbox);
    expect(entries).toHaveLength(1);
    expect(entries[0]?.recordId).toBe(deal.id);
    expect(Object.keys(entries[0]?.fields ?? {}).sort()).toEqual(['expectedCloseDate', 'lostReason', 'probability', 'stageId', 'updatedAt', 'updatedBy']);
  });

  it('puts back the close date a move into Won set, refuses once that date was edited, and leaves a date no move set', async () => {
    const deal = await addDeal();
    const won = await move(deal, 'won', undefined, '2026-04-30');
    expect(won).toMatchObject({ stageId: 'won', expectedCloseDate: '2026-04-30' });
    expect(await undo(deal, won)).toMatchObject({ stageId: 'proposal', probability: 42, expectedCloseDate: '2026-03-15' });

    // The date the move set, edited since: Undo would overwrite the newer date.
    const wonAgain = await move(await stored(deal), 'won', undefined, '2026-05-04');
    const redated = await update(wonAgain, { expectedCloseDate: '2026-05-01' });
    await expect(undo(deal, wonAgain)).rejects.toMatchObject({ code: 'BAD_INPUT', reason: { code: 'stage_move_overtaken' } });
    expect(await stored(deal)).toMatchObject({ stageId: 'won', expectedCloseDate: '2026-05-01' });

    // Out of Won to an open stage the date stays; a date edited since that move is kept by its Undo.
    const reopened = await move(redated, 'negotiation');
    expect(reopened.expectedCloseDate).toBe('2026-05-01');
    await update(reopened, { expectedCloseDate: '2026-07-01' });
    expect(await undo(redated, reopened)).toMatchObject({ stageId: 'won', probability: 100, expectedCloseDate: '2026-07-01' });
  });

  it('clears the lost reason of a deal moved out of Lost, to an open stage or to Won, and Undo brings it back', async () => {
    const deal = await addDeal();
    const lost = await move(deal, 'lost', 'Price');
    const reopened = await move(lost, 'negotiation');
    expect(reopened).toMatchObject({ stageId: 'negotiation', lostReason: '' });
    expect(await stored(deal)).toMatchObject({ stageId: 'negotiation', lostReason: '' });
    // A reason no lost deal holds is offered no more.
    expect((await db.read((tx) => lostReasons(tx))).reasons).toEqual([]);
    const back = await undo(lost, reopened);
    expect(back).toMatchObject({ stageId: 'lost', probability: 0, lostReason: 'Price' });

    const won = await move(back, 'won');
    expect(won).toMatchObject({ stageId: 'won', probability: 100, lostReason: '' });
    // Edited without a move, a deal keeps what it holds.
    const renamed = await update(won, { name: 'Harbour cranes (won)' });
    expect(renamed.lostReason).toBe('');
  });

  it('puts back an open stage’s probability after a move to another open stage, and Won after a move out of it', async () => {
    const deal = await addDeal();
    const negotiation = await move(deal, 'negotiation');
    expect(negotiation.probability).toBe(75);
    expect(await undo(deal, negotiation)).toMatchObject({ stageId: 'proposal', probability: 42 });

    const won = await move(await stored(deal), 'won');
    const reopened = await move(won, 'qualified');
    expect(await undo(won, reopened)).toMatchObject({ stageId: 'won', probability: 100 });
  });

  it('refuses an Undo the deal has moved on from, or whose probability or lost reason was edited since, and writes nothing', async () => {
    const deal = await addDeal();
    const overtaken = { code: 'BAD_INPUT', reason: { code: 'stage_move_overtaken' } };

    // Moved again since: the first move's Undo would pull it out of the stage the user chose after.
    const negotiation = await move(deal, 'negotiation');
    const lost = await move(negotiation, 'lost', 'Budget cut');
    let outbox = (await db.outbox()).length;
    await expect(undo(deal, negotiation)).rejects.toMatchObject(overtaken);
    expect(await stored(deal)).toMatchObject({ stageId: 'lost', probability: 0, lostReason: 'Budget cut' });
    expect((await db.outbox()).length).toBe(outbox);

    // The lost reason edited since the move to Lost.
    await update(lost, { lostReason: 'Budget moved to next year' });
    outbox = (await db.outbox()).length;
    await expect(undo(negotiation, lost)).rejects.toMatchObject(overtaken);
    expect(await stored(deal)).toMatchObject({ stageId: 'lost', lostReason: 'Budget moved to next year' });
    expect((await db.outbox()).length).toBe(outbox);

    // The probability edited since a move to an open stage.
    const reopened = await move(await stored(deal), 'qualified');
    await update(reopened, { probability: 30 });
    outbox = (await db.outbox()).length;
    await expect(undo(lost, reopened)).rejects.toMatchObject(overtaken);
    expect(await stored(deal)).toMatchObject({ stageId: 'qualified', probability: 30 });
    expect((await db.outbox()).length).toBe(outbox);
  });

  it('keeps edits of other fields made since the move, and refuses a deal in the trash with NOT_FOUND', async () => {
    const deal = await addDeal();
    const moved = await move(deal, 'negotiation');
    await update(moved, { name: 'Harbour cranes (phase 2)', amount: 90_000 });
    expect(await undo(deal, moved)).toMatchObject({ stageId: 'proposal', probability: 42, name: 'Harbour cranes (phase 2)', amount: 90_000 });

    const again = await move(await stored(deal), 'qualified');
    await db.write((tx, now) => deleteDeal(tx, DealId.parse(deal.id), now));
    const outbox = (await db.outbox()).length;
    await expect(undo(deal, again)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await db.outbox()).length).toBe(outbox);
  });
});
