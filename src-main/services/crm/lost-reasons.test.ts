// The lost reasons offered when a deal is lost (deals.lostReasons), on the
// real vault: the reasons live deals give, most used first, each once
// whatever its case (in its most used spelling, Unicode case too), at most
// eight; a deal in the trash or without a reason does not count.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DealDraft, DealMoveStage, lostReasonsOffered } from '../../../src-shared/domain/deal';
import { createDeal, deleteDeal, lostReasons, moveDealStage } from './deal.service';
import { CrmTestVault } from './testing/crm-test-vault';

describe('lost reasons offered (real vault)', () => {
  let db: CrmTestVault;
  beforeEach(async () => {
    db = await CrmTestVault.create();
  });
  afterEach(async () => {
    await db.dispose();
  });

  const lose = async (name: string, lostReason: string) => {
    const deal = await db.write((tx, now) => createDeal(tx, DealDraft.parse({ name, stageId: 'proposal', currency: 'EUR', expectedCloseDate: '2026-03-15' }), now));
    return db.write((tx, now) => moveDealStage(tx, DealMoveStage.parse({ id: deal.id, stageId: 'lost', lostReason }), now));
  };

  it('ranks the reasons given by how often, folds their case, and leaves out trashed deals and empty reasons', async () => {
    expect(await db.read((tx) => lostReasons(tx))).toEqual({ reasons: [] });
    await lose('A', 'Price');
    await lose('B', 'price');
    await lose('C', 'Price');
    await lose('D', 'Chose a competitor');
    await lose('E', 'Chose a competitor');
    await lose('F', 'Ärger mit dem Vertrag');
    await lose('G', 'ärger mit dem Vertrag');
    await lose('H', 'ärger mit dem Vertrag');
    await lose('I', 'ärger mit dem Vertrag');
    const trashed = await lose('J', 'Timing');
    await db.write((tx, now) => deleteDeal(tx, trashed.id, now));
    await lose('K', '');
    expect(await db.read((tx) => lostReasons(tx))).toEqual({ reasons: ['ärger mit dem Vertrag', 'Price', 'Chose a competitor'] });
  });

  it('offers at most eight', async () => {
    for (let index = 0; index < lostReasonsOffered + 3; index += 1) await lose(`Deal ${index}`, `Reason ${String(index).padStart(2, '0')}`);
    const { reasons } = await db.read((tx) => lostReasons(tx));
    expect(reasons).toEqual(Array.from({ length: lostReasonsOffered }, (_, index) => `Reason ${String(index).padStart(2, '0')}`));
  });
});
