// A deal edited into Won or Lost (deals.update: the deal page's stage field,
// inline or in a form) on the real vault: the edit dates the deal as a stage
// move does, the local day of the edit, unless the same edit changes the
// close date itself; an edit that keeps the stage keeps the date, and so does
// an edit to an open stage. A move's Undo back into Won gives back the date
// the deal had there, not today's.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DealDraft, DealMoveStage, DealPatch, DealUndoMove, type Deal } from '../../../src-shared/domain/deal';
import { DealId } from '../../../src-shared/domain/ids';
import { createDeal, moveDealStage, undoDealMove, updateDeal } from './deal.service';
import { CrmTestVault } from './testing/crm-test-vault';

/** The local date of `now`, YYYY-MM-DD, as the user's clock shows it. */
function localDay(now: number): string {
  const day = new Date(now);
  return [day.getFullYear(), day.getMonth() + 1, day.getDate()].map((part, index) => String(part).padStart(index === 0 ? 4 : 2, '0')).join('-');
}

describe('the close date of a deal edited into a closed stage (real vault)', () => {
  let db: CrmTestVault;
  beforeEach(async () => {
    db = await CrmTestVault.create();
  });
  afterEach(async () => {
    await db.dispose();
  });

  const addDeal = async (stageId = 'proposal') =>
    DealId.parse(
      (await db.write((tx, now) => createDeal(tx, DealDraft.parse({ name: 'Harbour cranes', stageId, currency: 'EUR', expectedCloseDate: '2026-03-15' }), now))).id,
    );
  /** The edit and the local day it was made on. */
  const edit = async (id: DealId, patch: unknown): Promise<{ readonly deal: Deal; readonly today: string }> => {
    let today = '';
    const deal = await db.write((tx, now) => {
      today = localDay(now);
      return updateDeal(tx, id, DealPatch.parse(patch), now);
    });
    return { deal, today };
  };

  it('dates a deal edited into Won or Lost with the day of the edit, in the same outbox entry', async () => {
    const won = await addDeal();
    const { deal, today } = await edit(won, { stageId: 'won' });
    expect(today).not.toBe('2026-03-15');
    expect(deal).toMatchObject({ stageId: 'won', probability: 100, expectedCloseDate: today });
    expect(Object.keys((await db.outbox()).at(-1)?.fields ?? {}).sort()).toEqual(['expectedCloseDate', 'probability', 'stageId', 'updatedAt', 'updatedBy']);
    expect((await db.outbox()).at(-1)?.fields.expectedCloseDate?.value).toBe(today);

    const lost = await addDeal();
    const edited = await edit(lost, { stageId: 'lost', lostReason: 'Price' });
    expect(edited.deal).toMatchObject({ stageId: 'lost', lostReason: 'Price', expectedCloseDate: edited.today });
  });

  it('keeps a close date the same edit changes, and dates an edit that sends the stored date back unchanged', async () => {
    const id = await addDeal();
    expect((await edit(id, { stageId: 'won', expectedCloseDate: '2026-02-02' })).deal).toMatchObject({ stageId: 'won', expectedCloseDate: '2026-02-02' });

    // A form sends every field, the stored date among them: that is no date of the user's choosing.
    const other = await addDeal();
    const { deal, today } = await edit(other, { name: 'Harbour cranes', stageId: 'lost', expectedCloseDate: '2026-03-15', currency: 'EUR' });
    expect(deal).toMatchObject({ stageId: 'lost', expectedCloseDate: today });
  });

  it('keeps the date on an edit that keeps the stage or moves the deal to an open stage', async () => {
    const id = await addDeal('won');
    expect((await edit(id, { name: 'Harbour cranes II' })).deal).toMatchObject({ stageId: 'won', expectedCloseDate: '2026-03-15' });
    expect((await edit(id, { stageId: 'won', tags: ['port'] })).deal).toMatchObject({ expectedCloseDate: '2026-03-15' });
    expect((await edit(id, { expectedCloseDate: '2026-04-30' })).deal).toMatchObject({ stageId: 'won', expectedCloseDate: '2026-04-30' });
    expect((await edit(id, { stageId: 'negotiation' })).deal).toMatchObject({ stageId: 'negotiation', expectedCloseDate: '2026-04-30' });
  });

  it('gives a deal moved out of Won and back by Undo the date it had there, not today’s', async () => {
    const id = await addDeal('won');
    const won = await edit(id, { expectedCloseDate: '2026-02-10' });
    const moved = await db.write((tx, now) => moveDealStage(tx, DealMoveStage.parse({ id, stageId: 'negotiation' }), now));
    expect(moved).toMatchObject({ stageId: 'negotiation', expectedCloseDate: '2026-02-10' });
    const fields = ({ stageId, probability, lostReason, expectedCloseDate }: Deal) => ({ stageId, probability, lostReason, expectedCloseDate });
    const back = await db.write((tx, now) => undoDealMove(tx, DealUndoMove.parse({ id, before: fields(won.deal), after: fields(moved) }), now));
    expect(back).toMatchObject({ stageId: 'won', expectedCloseDate: '2026-02-10' });
  });
});
