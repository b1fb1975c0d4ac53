// Removing pipeline stages on a real vault: a stage that live deals hold is
// refused as before; one that only deals in the trash hold is refused too (a
// restored deal needs its stage), saying the deals are in the trash and how many.
// A stage that live deals hold keeps its kind (open, won, lost).
import type { z } from 'zod';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DealDraft, DealMoveStage } from '../../../src-shared/domain/deal';
import { DealId } from '../../../src-shared/domain/ids';
import { PipelineUpdate } from '../../../src-shared/domain/pipeline';
import { createDeal, deleteDeal, moveDealStage, restoreDeal } from './deal.service';
import { getPipeline, updatePipeline } from './pipeline.service';
import { CrmTestVault, refusal } from './testing/crm-test-vault';

describe('removing pipeline stages (real vault)', () => {
  let db: CrmTestVault;
  beforeEach(async () => {
    db = await CrmTestVault.create();
  });
  afterEach(async () => {
    await db.dispose();
  });

  const addDeal = async (input: Partial<z.input<typeof DealDraft>> & { name: string }) =>
    DealId.parse(
      (await db.write((tx, now) => createDeal(tx, DealDraft.parse({ stageId: 'lead', currency: 'EUR', expectedCloseDate: '2026-03-15', ...input }), now))).id,
    );
  const trash = (id: DealId) => db.write((tx, now) => deleteDeal(tx, id, now));
  /** The seeded pipeline without the given stages. */
  const without = async (...removed: string[]) =>
    PipelineUpdate.parse({
      stages: (await db.read((tx) => getPipeline(tx))).stages
        .filter((stage) => !removed.includes(stage.id))
        .map(({ id, name, probability, kind }) => ({ id, name, probability, kind })),
    });
  const remove = async (...removed: string[]) => {
    const update = await without(...removed);
    return db.write((tx, now) => updatePipeline(tx, update, now));
  };
  const stageIds = async () => (await db.read((tx) => getPipeline(tx))).stages.map((stage) => stage.id);

  it('says a stage only trashed deals use is held by deals in the trash, and how many', async () => {
    for (const name of ['a', 'b']) await trash(await addDeal({ name, stageId: 'qualified' }));
    expect(await refusal(remove('qualified'))).toEqual({
      code: 'BAD_INPUT',
      message: '2 deals in the trash are still in this stage, so it cannot be removed. To remove the stage, restore the deals from the trash and move them to another stage first.',
      reason: { code: 'stage_has_trashed_deals', count: 2 },
    });
    expect(await stageIds()).toContain('qualified');
  });

  it('counts one trashed deal in the singular, and the trashed deals of every stage removed', async () => {
    const only = await addDeal({ name: 'a', stageId: 'qualified' });
    await trash(only);
    expect(await refusal(remove('qualified'))).toMatchObject({
      message: '1 deal in the trash is still in this stage, so it cannot be removed. To remove the stage, restore the deal from the trash and move it to another stage first.',
      reason: { code: 'stage_has_trashed_deals', count: 1 },
    });
    await trash(await addDeal({ name: 'b', stageId: 'proposal' }));
    expect(await refusal(remove('qualified', 'proposal'))).toMatchObject({ reason: { code: 'stage_has_trashed_deals', count: 2 } });
    // Removing a stage no deal uses, trashed or not, is not held back by another stage's trashed deals.
    expect((await remove('negotiation')).stages.map((stage) => stage.id)).not.toContain('negotiation');
  });

  it('still says "move its deals first" when a live deal holds a stage removed, trashed deals besides or not', async () => {
    await trash(await addDeal({ name: 'a', stageId: 'qualified' }));
    await addDeal({ name: 'b', stageId: 'proposal' });
    expect(await refusal(remove('qualified', 'proposal'))).toMatchObject({ code: 'BAD_INPUT', reason: { code: 'stage_has_deals' } });
    await addDeal({ name: 'c', stageId: 'qualified' });
    expect(await refusal(remove('qualified'))).toMatchObject({ code: 'BAD_INPUT', reason: { code: 'stage_has_deals' } });
  });

  it('removes the stage once its trashed deal is restored and moved on', async () => {
    const id = await addDeal({ name: 'a', stageId: 'qualified' });
    await trash(id);
    expect(await refusal(remove('qualified'))).toMatchObject({ reason: { code: 'stage_has_trashed_deals', count: 1 } });
    await db.write((tx, now) => restoreDeal(tx, id, now));
    await db.write((tx, now) => moveDealStage(tx, DealMoveStage.parse({ id, stageId: 'lead' }), now));
    await remove('qualified');
    expect(await stageIds()).not.toContain('qualified');
  });

  /** The seeded pipeline with one stage of another kind. */
  const rekinded = async (id: string, kind: 'open' | 'won' | 'lost') =>
    PipelineUpdate.parse({
      stages: (await db.read((tx) => getPipeline(tx))).stages.map((stage) =>
        stage.id === id
          ? { id, name: stage.name, probability: kind === 'won' ? 100 : kind === 'lost' ? 0 : 50, kind }
          : { id: stage.id, name: stage.name, probability: stage.probability, kind: stage.kind },
      ),
    });
  const kindOf = async (id: string) => (await db.read((tx) => getPipeline(tx))).stages.find((stage) => stage.id === id)?.kind;

  it('refuses to change the kind of a stage live deals are in, and changes it once they are moved out', async () => {
    const id = await addDeal({ name: 'a', stageId: 'lead' });
    await db.write((tx, now) => moveDealStage(tx, DealMoveStage.parse({ id, stageId: 'lost', lostReason: 'Price' }), now));
    const reopen = await rekinded('lost', 'open');
    expect(await refusal(db.write((tx, now) => updatePipeline(tx, reopen, now)))).toEqual({
      code: 'BAD_INPUT',
      message: 'Invalid input (stages: A stage that still holds deals cannot change between open, won and lost; move its deals first)',
      reason: { code: 'stage_kind_has_deals' },
    });
    expect(await kindOf('lost')).toBe('lost');
    const toWon = await rekinded('lead', 'won');
    await addDeal({ name: 'b', stageId: 'lead' });
    expect(await refusal(db.write((tx, now) => updatePipeline(tx, toWon, now)))).toMatchObject({ reason: { code: 'stage_kind_has_deals' } });
    // A rename of a held stage, its kind kept, still goes through; so does a kind change of a stage no live deal holds.
    const renamed = await without();
    const renamedStages = { stages: renamed.stages.map((stage) => (stage.id === 'lost' ? { ...stage, name: 'Gone' } : stage)) };
    expect((await db.write((tx, now) => updatePipeline(tx, renamedStages, now))).stages.find((stage) => stage.id === 'lost')?.name).toBe('Gone');
    await trash(await addDeal({ name: 'c', stageId: 'qualified' }));
    const qualifiedWon = await rekinded('qualified', 'won');
    await db.write((tx, now) => updatePipeline(tx, qualifiedWon, now));
    expect(await kindOf('qualified')).toBe('won');
    await db.write((tx, now) => moveDealStage(tx, DealMoveStage.parse({ id, stageId: 'negotiation' }), now));
    await db.write((tx, now) => updatePipeline(tx, reopen, now));
    expect(await kindOf('lost')).toBe('open');
  });
});
