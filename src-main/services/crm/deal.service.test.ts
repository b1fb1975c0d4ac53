import type { z } from 'zod';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccountDraft } from '../../../src-shared/domain/account';
import { ContactDraft } from '../../../src-shared/domain/contact';
import { DealDraft, DealListQuery, DealMoveStage, DealPatch } from '../../../src-shared/domain/deal';
import { DealId, StageId } from '../../../src-shared/domain/ids';
import { ForecastQuery, PipelineUpdate } from '../../../src-shared/domain/pipeline';
import { createAccount } from './account.service';
import { createContact } from './contact.service';
import { dealListRequest, dealTable } from './deal.repo';
import { createDeal, deleteDeal, getDealDetail, listDeals, moveDealStage, restoreDeal, updateDeal } from './deal.service';
import { forecast, getPipeline, updatePipeline } from './pipeline.service';
import { CrmTestVault, failure } from './testing/crm-test-vault';

describe('deal service, pipeline and forecast (real vault)', () => {
  let db: CrmTestVault;
  beforeEach(async () => {
    db = await CrmTestVault.create();
  });
  afterEach(async () => {
    await db.dispose();
  });

  const addDeal = (input: Partial<z.input<typeof DealDraft>> & { name: string }) =>
    db.write((tx, now) =>
      createDeal(tx, DealDraft.parse({ stageId: 'lead', currency: 'EUR', expectedCloseDate: '2026-03-15', ...input }), now),
    );
  const ids = async (input: z.input<typeof DealListQuery>) =>
    (await db.read((tx) => listDeals(tx, DealListQuery.parse(input)))).items.map((deal) => deal.id);

  it('creates a deal with the stage probability, links contacts, and shows its detail', async () => {
    const account = await db.write((tx, now) => createAccount(tx, AccountDraft.parse({ name: 'Acme' }), now));
    const ada = await db.write((tx, now) => createContact(tx, ContactDraft.parse({ name: 'Ada' }), now));
    const deal = await addDeal({ name: 'Engines', accountId: account.id, contactIds: [ada.id, ada.id], amount: 1_250_000, stageId: 'proposal' });
    expect(deal).toMatchObject({ probability: 50, contactIds: [ada.id], amount: 1_250_000, currency: 'EUR', lostReason: '' });
    const detail = await db.read((tx) => getDealDetail(tx, DealId.parse(deal.id)));
    expect(detail.stage).toMatchObject({ id: 'proposal', name: 'Proposal' });
    expect(detail.account?.id).toBe(account.id);
    expect(detail.contacts.map((c) => c.id)).toEqual([ada.id]);
    expect(await ids({ filter: { contactId: ada.id } })).toEqual([deal.id]);

    const explicit = await addDeal({ name: 'Sure thing', probability: 90 });
    expect(explicit.probability).toBe(90);
  });

  it('refuses an unknown stage, contact or account with BAD_INPUT on the field, and writes nothing', async () => {
    const before = { deals: await db.count('deals'), outbox: await db.count('outbox') };
    const unknown = '0190a5d0-ac96-774b-bcce-b302099a8057';
    expect(await failure(addDeal({ name: 'x', stageId: 'nowhere' }))).toEqual({ code: 'BAD_INPUT', message: 'Invalid input (stageId: Unknown pipeline stage)' });
    expect(await failure(addDeal({ name: 'x', contactIds: [unknown] }))).toEqual({ code: 'BAD_INPUT', message: 'Invalid input (contactIds.0: No such contact)' });
    expect(await failure(addDeal({ name: 'x', accountId: unknown }))).toEqual({ code: 'BAD_INPUT', message: 'Invalid input (accountId: No such account)' });
    const deal = await addDeal({ name: 'ok' });
    await expect(db.write((tx, now) => updateDeal(tx, DealId.parse(deal.id), DealPatch.parse({ stageId: 'nowhere' }), now))).rejects.toMatchObject({ code: 'BAD_INPUT' });
    expect(await db.count('deals')).toBe(before.deals + 1);
    expect(await db.count('outbox')).toBe(before.outbox + 1);
  });

  it('refuses impossible dates, negative and fractional amounts and bad currencies in the shared schema', () => {
    const base = { name: 'x', stageId: 'lead', currency: 'EUR', expectedCloseDate: '2026-03-15' };
    const message = (input: object) => DealDraft.safeParse({ ...base, ...input }).error?.issues[0]?.message;
    expect(message({ expectedCloseDate: '2026-02-30' })).toBe('Not a real date (use YYYY-MM-DD)');
    expect(message({ expectedCloseDate: '2025-02-29' })).toBe('Not a real date (use YYYY-MM-DD)');
    expect(DealDraft.safeParse({ ...base, expectedCloseDate: '2028-02-29' }).success).toBe(true);
    expect(message({ amount: -1 })).toBe('The amount cannot be negative');
    expect(message({ amount: 10.5 })).toBe('Give the amount in minor units (whole cents)');
    expect(message({ currency: 'euro' })).toBe('Use a three-letter currency code such as EUR');
    expect(message({ probability: 101 })).toBe('A probability cannot exceed 100 %');
  });

  it('keeps an amount\'s face value when only the currency changes, and takes both when both are given', async () => {
    const deal = await addDeal({ name: 'Robots', amount: 12_537, currency: 'USD' });
    const update = (patch: z.input<typeof DealPatch>) => db.write((tx, now) => updateDeal(tx, DealId.parse(deal.id), DealPatch.parse(patch), now));
    // 125.37 USD: as yen 125 (yen have no minor unit), as dinars 125.370 (three digits), back in euros 125.37.
    expect(await update({ currency: 'JPY' })).toMatchObject({ currency: 'JPY', amount: 125 });
    expect(await update({ currency: 'KWD' })).toMatchObject({ currency: 'KWD', amount: 125_000 });
    expect(await update({ currency: 'EUR' })).toMatchObject({ currency: 'EUR', amount: 12_500 });
    expect(await update({ currency: 'GBP', amount: 99_999 })).toMatchObject({ currency: 'GBP', amount: 99_999 });
  });

  it('refuses a currency change that rescales the amount out of range with BAD_INPUT on currency, changing nothing', async () => {
    const deal = await addDeal({ name: 'Huge', amount: 9_000_000_000_000_000, currency: 'JPY' });
    const id = DealId.parse(deal.id);
    const outbox = await db.count('outbox');
    // 9e15 yen as dinars is 9e18 fils (three digits), past the largest safe integer.
    expect(await failure(db.write((tx, now) => updateDeal(tx, id, DealPatch.parse({ currency: 'KWD' }), now)))).toEqual({
      code: 'BAD_INPUT',
      message: 'Invalid input (currency: The amount is too large in this currency)',
    });
    expect((await db.read((tx) => getDealDetail(tx, id))).deal).toEqual(deal);
    expect(await db.count('outbox')).toBe(outbox);
  });

  it('moves a deal across stages with the stage probability and a lost reason, recording only what changed', async () => {
    const deal = await addDeal({ name: 'Engines', amount: 100 });
    const id = DealId.parse(deal.id);
    const moved = await db.write((tx, now) => moveDealStage(tx, DealMoveStage.parse({ id, stageId: 'negotiation' }), now));
    expect(moved).toMatchObject({ stageId: 'negotiation', probability: 75 });
    expect(Object.keys((await db.outbox()).at(-1)?.fields ?? {}).sort()).toEqual(['probability', 'stageId', 'updatedAt', 'updatedBy']);
    const lost = await db.write((tx, now) => moveDealStage(tx, DealMoveStage.parse({ id, stageId: 'lost', lostReason: 'Budget cut' }), now));
    expect(lost).toMatchObject({ stageId: 'lost', probability: 0, lostReason: 'Budget cut' });
    await expect(db.write((tx, now) => moveDealStage(tx, DealMoveStage.parse({ id, stageId: 'nope' }), now))).rejects.toMatchObject({ code: 'BAD_INPUT' });

    await db.write((tx, now) => deleteDeal(tx, id, now));
    await expect(db.write((tx, now) => moveDealStage(tx, DealMoveStage.parse({ id, stageId: 'won' }), now))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await db.write((tx, now) => restoreDeal(tx, id, now))).deletedAt).toBeNull();
  });

  it('dates a move into Won or Lost the day of the move (or the day it gives); other moves and edits keep the date', async () => {
    const deal = await addDeal({ name: 'Engines', stageId: 'proposal', amount: 100_000, expectedCloseDate: '2026-02-20' });
    const id = DealId.parse(deal.id);
    const move = (stageId: string, closeDate?: string) => db.write((tx, now) => moveDealStage(tx, DealMoveStage.parse({ id, stageId, closeDate }), now));
    // The renderer sends the user's local day: the forecast files the won deal under that month, in full.
    expect(await move('won', '2026-04-07')).toMatchObject({ stageId: 'won', expectedCloseDate: '2026-04-07' });
    expect(Object.keys((await db.outbox()).at(-1)?.fields ?? {}).sort()).toEqual(['expectedCloseDate', 'probability', 'stageId', 'updatedAt', 'updatedBy']);
    const { months } = await db.read((tx) => forecast(tx, ForecastQuery.parse({ fromMonth: '2026-01', toMonth: '2026-06' })));
    expect(months.map((month) => [month.month, month.weightedAmount])).toEqual([['2026-04', 100_000]]);
    // Back to an open stage: the date stays.
    expect(await move('negotiation')).toMatchObject({ stageId: 'negotiation', expectedCloseDate: '2026-04-07' });
    // Without a date, the local day of the move here.
    let at = 0;
    const lost = await db.write((tx, now) => {
      at = now;
      return moveDealStage(tx, DealMoveStage.parse({ id, stageId: 'lost', lostReason: 'Price' }), now);
    });
    const day = new Date(at);
    const local = [day.getFullYear(), day.getMonth() + 1, day.getDate()].map((part, index) => String(part).padStart(index === 0 ? 4 : 2, '0')).join('-');
    expect(lost).toMatchObject({ stageId: 'lost', expectedCloseDate: local });
    // A move to the stage the deal is in is none and keeps the date; an edit into another closed stage dates it today.
    expect(await move('lost', '2026-05-01')).toMatchObject({ expectedCloseDate: local });
    expect(await db.write((tx, now) => updateDeal(tx, id, DealPatch.parse({ stageId: 'won' }), now))).toMatchObject({ stageId: 'won', expectedCloseDate: local });
  });

  it('fixes a closed deal\'s probability at its outcome: entering Won or Lost sets it, an edit to another value is refused', async () => {
    const won = await addDeal({ name: 'won at once', stageId: 'won', probability: 30 });
    expect(won.probability).toBe(100);
    const id = DealId.parse((await addDeal({ name: 'Engines', stageId: 'proposal' })).id);
    expect(await db.write((tx, now) => updateDeal(tx, id, DealPatch.parse({ stageId: 'won', probability: 40 }), now))).toMatchObject({ probability: 100 });

    const outbox = (await db.outbox()).length;
    await expect(db.write((tx, now) => updateDeal(tx, id, DealPatch.parse({ probability: 30 }), now))).rejects.toMatchObject({
      code: 'BAD_INPUT',
      message: 'Invalid input (probability: A won deal’s probability is 100 %. To change it, move the deal back to an open stage.)',
      reason: { code: 'probability_fixed_by_stage', kind: 'won' },
    });
    expect((await db.outbox()).length).toBe(outbox);
    expect((await db.read((tx) => getDealDetail(tx, id))).deal.probability).toBe(100);
    // The stored value sent back with other fields (a whole form) is no edit.
    expect(await db.write((tx, now) => updateDeal(tx, id, DealPatch.parse({ probability: 100, name: 'Engines II' }), now))).toMatchObject({ probability: 100 });

    await db.write((tx, now) => moveDealStage(tx, DealMoveStage.parse({ id, stageId: 'lost' }), now));
    await expect(db.write((tx, now) => updateDeal(tx, id, DealPatch.parse({ probability: 10 }), now))).rejects.toMatchObject({
      reason: { code: 'probability_fixed_by_stage', kind: 'lost' },
    });
    // Back in an open stage, the rep sets it again.
    expect(await db.write((tx, now) => updateDeal(tx, id, DealPatch.parse({ stageId: 'negotiation', probability: 60 }), now))).toMatchObject({ probability: 60 });
  });

  it('shows, totals and forecasts a synced Won at 0 % as won, and a write to it stores 100 %', async () => {
    const deal = await addDeal({ name: 'Engines', amount: 6_000, stageId: 'won', expectedCloseDate: '2026-03-10' });
    const lost = await addDeal({ name: 'Pumps', amount: 4_000, stageId: 'lost', expectedCloseDate: '2026-03-11' });
    const id = DealId.parse(deal.id);
    // What a conflict settled field by field leaves (stage from one side, probability from the other).
    await db.write((tx) => tx.run('UPDATE deals SET probability = 0 WHERE id = ?', [deal.id]));
    await db.write((tx) => tx.run('UPDATE deals SET probability = 75 WHERE id = ?', [lost.id]));

    expect((await db.read((tx) => getDealDetail(tx, id))).deal.probability).toBe(100);
    const listed = await db.read((tx) => listDeals(tx, DealListQuery.parse({})));
    expect(listed.items.map((item) => [item.name, item.probability])).toEqual([['Engines', 100], ['Pumps', 0]]);
    const totals = (await db.read((tx) => getPipeline(tx))).totals;
    expect(totals.find((total) => total.stageId === 'won')).toMatchObject({ amount: 6_000, weightedAmount: 6_000 });
    expect(totals.find((total) => total.stageId === 'lost')).toMatchObject({ amount: 4_000, weightedAmount: 0 });
    const months = await db.read((tx) => forecast(tx, ForecastQuery.parse({ fromMonth: '2026-03', toMonth: '2026-03' })));
    expect(months.months).toEqual([{ month: '2026-03', currency: 'EUR', dealCount: 1, amount: 6_000, weightedAmount: 6_000 }]);

    await db.write((tx, now) => updateDeal(tx, id, DealPatch.parse({ name: 'Engines II' }), now));
    expect((await db.outbox()).at(-1)?.fields).toMatchObject({ name: { value: 'Engines II' }, probability: { value: 100 } });
  });

  it('lists by stage, close date range, currency and territory, sorted by amount or close date, paged', async () => {
    const north = await db.write((tx, now) => createAccount(tx, AccountDraft.parse({ name: 'N', territory: 'North' }), now));
    const d1 = await addDeal({ name: 'one', amount: 300, expectedCloseDate: '2026-01-31', accountId: north.id });
    const d2 = await addDeal({ name: 'two', amount: 100, expectedCloseDate: '2026-02-01', stageId: 'won', currency: 'USD' });
    const d3 = await addDeal({ name: 'three', amount: 200, expectedCloseDate: '2026-02-28' });
    expect(await ids({})).toEqual([d1.id, d2.id, d3.id]);
    // By amount: grouped by currency in code order (EUR before USD) either way, the largest first when descending.
    expect(await ids({ sort: { field: 'amount', direction: 'desc' } })).toEqual([d1.id, d3.id, d2.id]);
    expect(await ids({ filter: { stageIds: ['won'] } })).toEqual([d2.id]);
    expect(await ids({ filter: { stageIds: ['lead', 'won'] } })).toEqual([d1.id, d2.id, d3.id]);
    expect(await ids({ filter: { expectedCloseDate: { from: '2026-02-01', to: '2026-02-28' } } })).toEqual([d2.id, d3.id]);
    expect(await ids({ filter: { currency: 'USD' } })).toEqual([d2.id]);
    expect(await ids({ filter: { territory: 'North' } })).toEqual([d1.id]);
    const page = await db.read((tx) => listDeals(tx, DealListQuery.parse({ limit: 2, sort: { field: 'amount', direction: 'desc' } })));
    const rest = await db.read((tx) => listDeals(tx, DealListQuery.parse({ limit: 2, sort: { field: 'amount', direction: 'desc' }, after: page.next ?? undefined })));
    expect([...page.items, ...rest.items].map((d) => d.id)).toEqual([d1.id, d3.id, d2.id]);
    expect(DealListQuery.safeParse({ filter: { expectedCloseDate: { from: '2026-03-01', to: '2026-02-01' } } }).success).toBe(false);
  });

  it('sorts by amount within each currency, the currencies in code order, paging across their bounds', async () => {
    const deals = [
      { name: 'yen', amount: 2_128_000, currency: 'JPY' },
      { name: 'euro small', amount: 950_000, currency: 'EUR' },
      { name: 'dollar', amount: 2_190_000, currency: 'USD' },
      { name: 'euro', amount: 1_960_000, currency: 'EUR' },
      { name: 'dollar small', amount: 930_000, currency: 'USD' },
      { name: 'yen big', amount: 28_576_000, currency: 'JPY' },
    ];
    for (const deal of deals) await addDeal(deal);
    const names = async (direction: 'asc' | 'desc') => {
      const seen: string[] = [];
      let after: string | undefined;
      do {
        const page = await db.read((tx) => listDeals(tx, DealListQuery.parse({ sort: { field: 'amount', direction }, limit: 2, after })));
        seen.push(...page.items.map((deal) => deal.name));
        after = page.next ?? undefined;
      } while (after !== undefined);
      return seen;
    };
    expect(await names('asc')).toEqual(['euro small', 'euro', 'yen', 'yen big', 'dollar small', 'dollar']);
    expect(await names('desc')).toEqual(['euro', 'euro small', 'yen big', 'yen', 'dollar', 'dollar small']);
  });

  it('totals the board per stage and currency, and forecasts weighted amounts by close month without lost deals', async () => {
    await addDeal({ name: 'a', amount: 1_000, stageId: 'proposal', expectedCloseDate: '2026-03-01' }); // 50 %
    await addDeal({ name: 'b', amount: 3_333, stageId: 'negotiation', expectedCloseDate: '2026-03-31' }); // 75 %
    await addDeal({ name: 'c', amount: 500, stageId: 'won', expectedCloseDate: '2026-04-10', currency: 'USD' });
    await addDeal({ name: 'd', amount: 9_999, stageId: 'lost', expectedCloseDate: '2026-03-10' });
    await addDeal({ name: 'e', amount: 7_000, stageId: 'lead', expectedCloseDate: '2026-06-01' });
    const trashed = await addDeal({ name: 'f', amount: 123, stageId: 'lead', expectedCloseDate: '2026-03-02' });
    await db.write((tx, now) => deleteDeal(tx, DealId.parse(trashed.id), now));

    const pipeline = await db.read((tx) => getPipeline(tx));
    expect(pipeline.stages.map((s) => s.id)).toEqual(['lead', 'qualified', 'proposal', 'negotiation', 'won', 'lost']);
    expect(pipeline.totals).toEqual([
      { stageId: 'lead', currency: 'EUR', dealCount: 1, amount: 7_000, weightedAmount: 700 },
      { stageId: 'lost', currency: 'EUR', dealCount: 1, amount: 9_999, weightedAmount: 0 },
      { stageId: 'negotiation', currency: 'EUR', dealCount: 1, amount: 3_333, weightedAmount: 2_500 },
      { stageId: 'proposal', currency: 'EUR', dealCount: 1, amount: 1_000, weightedAmount: 500 },
      { stageId: 'won', currency: 'USD', dealCount: 1, amount: 500, weightedAmount: 500 },
    ]);

    const result = await db.read((tx) => forecast(tx, ForecastQuery.parse({ fromMonth: '2026-03', toMonth: '2026-05' })));
    expect(result.months).toEqual([
      { month: '2026-03', currency: 'EUR', dealCount: 2, amount: 4_333, weightedAmount: 3_000 },
      { month: '2026-04', currency: 'USD', dealCount: 1, amount: 500, weightedAmount: 500 },
    ]);
    // From April on, the open March deals are overdue: said apart (no month shows them), the won and lost ones not.
    const later = await db.read((tx) => forecast(tx, ForecastQuery.parse({ fromMonth: '2026-04', toMonth: '2026-06' })));
    expect(later.overdue).toEqual([{ currency: 'EUR', dealCount: 2, amount: 4_333, weightedAmount: 3_000 }]);
    expect(result.overdue).toEqual([]);
    expect(ForecastQuery.safeParse({ fromMonth: '2026-01', toMonth: '2029-01' }).success).toBe(false);
    expect(ForecastQuery.safeParse({ fromMonth: '2026-13', toMonth: '2026-12' }).success).toBe(false);
  });

  it('reconfigures the pipeline but refuses to drop a stage that holds deals, trashed ones too', async () => {
    const deal = await addDeal({ name: 'a', stageId: 'qualified' });
    await db.write((tx, now) => deleteDeal(tx, DealId.parse(deal.id), now));
    const without = PipelineUpdate.parse({
      stages: [
        { id: 'lead', name: 'Lead', probability: 10, kind: 'open' },
        { id: 'won', name: 'Won', probability: 100, kind: 'won' },
      ],
    });
    await expect(db.write((tx, now) => updatePipeline(tx, without, now))).rejects.toMatchObject({ code: 'BAD_INPUT' });
    expect((await db.read((tx) => getPipeline(tx))).stages).toHaveLength(6);

    const renamed = await db.write((tx, now) =>
      updatePipeline(tx, PipelineUpdate.parse({ stages: [...without.stages, { id: 'qualified', name: 'Discovery ✓', probability: 30, kind: 'open' }] }), now),
    );
    expect(renamed.stages.map((s) => [s.id, s.position])).toEqual([['lead', 0], ['won', 1], ['qualified', 2]]);
    await expect(addDeal({ name: 'b', stageId: StageId.parse('proposal') })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    expect(PipelineUpdate.safeParse({ stages: [without.stages[0], without.stages[0]] }).success).toBe(false);
    // A closed stage's probability is its outcome's.
    for (const closed of [{ id: 'won', name: 'Won', probability: 90, kind: 'won' }, { id: 'lost', name: 'Lost', probability: 5, kind: 'lost' }]) {
      expect(PipelineUpdate.safeParse({ stages: [without.stages[0], closed] }).error?.issues[0]?.path).toEqual(['stages', 1, 'probability']);
    }
  });

  it('walks a live-row index for each sort and for stage, owner and account filters', async () => {
    const cases: z.input<typeof DealListQuery>[] = [
      {},
      { sort: { field: 'name', direction: 'asc' } },
      { sort: { field: 'amount', direction: 'desc' } },
      { sort: { field: 'updatedAt', direction: 'desc' } },
      { filter: { stageIds: ['lead'] } },
      { filter: { stageKinds: ['open'] } },
      { filter: { ownerId: 'local-owner' } },
      { filter: { accountId: '0190a5d0-ac96-774b-bcce-b302099a8057' } },
    ];
    for (const input of cases) {
      const { broad } = await db.listPlans(dealTable, dealListRequest(DealListQuery.parse(input)));
      expect(broad, JSON.stringify(input)).toMatch(/(SCAN|SEARCH) deals USING (COVERING )?INDEX deals_live_/);
      expect(broad, JSON.stringify(input)).not.toMatch(/TEMP B-TREE/);
    }
  });
});
