// The deals list by stage kind ("Open deals": deals in open stages of the
// vault's pipeline, whatever the stages are called), on a real vault: the
// rows, the kinds read from the pipeline at query time, and the plans the
// filter takes with few and with many open deals.
import type { z } from 'zod';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DealDraft, DealListQuery, type Deal } from '../../../src-shared/domain/deal';
import { PipelineUpdate } from '../../../src-shared/domain/pipeline';
import { dealListRequest, dealTable } from './deal.repo';
import { countDeals, createDeal, listDeals } from './deal.service';
import { decodeRow } from './entity-table';
import { buildListQuery, chooseConditionPlans } from './list-query';
import { updatePipeline } from './pipeline.service';
import { CrmTestVault } from './testing/crm-test-vault';

describe('deals by stage kind (real vault)', () => {
  let db: CrmTestVault;
  beforeEach(async () => {
    db = await CrmTestVault.create();
  });
  afterEach(async () => {
    await db.dispose();
  });

  /** Creates deals in one transaction: `stages[i]` closing on day `i` of some month. */
  const addDeals = (stages: readonly string[], name = (index: number) => `Deal ${index}`) =>
    db.write(async (tx, now) => {
      const made: Deal[] = [];
      for (const [index, stageId] of stages.entries()) {
        const day = String(1 + ((index * 7) % 28)).padStart(2, '0');
        const month = String(1 + ((index * 5) % 12)).padStart(2, '0');
        made.push(await createDeal(tx, DealDraft.parse({ name: name(index), stageId, currency: 'EUR', expectedCloseDate: `2026-${month}-${day}` }), now));
      }
      return made;
    });
  const ids = async (input: z.input<typeof DealListQuery>) => (await db.read((tx) => listDeals(tx, DealListQuery.parse(input)))).items.map((deal) => deal.id);
  /** The deals in the close-date order the list uses (date, then id). */
  const byClose = (deals: readonly Deal[]) =>
    [...deals]
      .sort((a, b) => (a.expectedCloseDate < b.expectedCloseDate ? -1 : a.expectedCloseDate > b.expectedCloseDate ? 1 : a.id < b.id ? -1 : 1))
      .map((deal) => deal.id);

  it('lists the deals of open stages only, by close date, and the closed ones apart', async () => {
    const deals = await addDeals(['lead', 'won', 'proposal', 'lost', 'negotiation', 'won', 'qualified', 'lost']);
    const open = deals.filter((deal) => ['lead', 'qualified', 'proposal', 'negotiation'].includes(deal.stageId));
    expect(await ids({ filter: { stageKinds: ['open'] } })).toEqual(byClose(open));
    expect(await ids({ filter: { stageKinds: ['won', 'lost'] } })).toEqual(byClose(deals.filter((deal) => !open.includes(deal))));
    // Beside a stage filter, both hold.
    expect(await ids({ filter: { stageKinds: ['open'], stageIds: ['proposal', 'won'] } })).toEqual(byClose(deals.filter((deal) => deal.stageId === 'proposal')));
    // The kinds are the shared StageKind values: anything else is refused by the schema.
    expect(DealListQuery.safeParse({ filter: { stageKinds: ['closed'] } }).success).toBe(false);
    expect(DealListQuery.safeParse({ filter: { stageKinds: [] } }).success).toBe(false);
  });

  it('follows the pipeline as it is now: a deal in a stage that became a won stage is not among the open deals', async () => {
    const [first, second] = await addDeals(['lead', 'lead']);
    if (first === undefined || second === undefined) throw new Error('no deals');
    const stages = (pilotKind: 'open' | 'won') =>
      PipelineUpdate.parse({
        stages: [
          { id: 'lead', name: 'Lead', probability: 10, kind: 'open' },
          // A won stage's probability is 100 % (closedProbability).
          { id: 'pilot', name: 'Pilot', probability: pilotKind === 'won' ? 100 : 90, kind: pilotKind },
          { id: 'won', name: 'Won', probability: 100, kind: 'won' },
          { id: 'lost', name: 'Lost', probability: 0, kind: 'lost' },
        ],
      });
    await db.write((tx, now) => updatePipeline(tx, stages('open'), now));
    const pilot = await db.write((tx, now) => createDeal(tx, DealDraft.parse({ name: 'Pilot deal', stageId: 'pilot', currency: 'EUR', expectedCloseDate: '2026-01-01' }), now));
    expect(await ids({ filter: { stageKinds: ['open'] } })).toHaveLength(3);
    // A stage that holds live deals keeps its kind (stage_kind_has_deals): the stage turns won while empty, and the
    // deal comes back into it as a teammate's synced move would bring it (stages do not sync).
    await db.write((tx) => tx.run("UPDATE deals SET stage_id = 'lead' WHERE id = ?", [pilot.id]));
    await db.write((tx, now) => updatePipeline(tx, stages('won'), now));
    await db.write((tx) => tx.run("UPDATE deals SET stage_id = 'pilot' WHERE id = ?", [pilot.id]));
    expect(await ids({ filter: { stageKinds: ['open'] } })).toEqual(byClose([first, second]));
    expect(await ids({ filter: { stageKinds: ['won'] } })).toEqual([pilot.id]);
  });

  it('counts a deal in a stage the pipeline no longer has as open, as the board and forecast do', async () => {
    // A teammate's deal synced in still in a stage removed here: the vault holds a stage id the pipeline lacks.
    const [lead, won, removed] = await addDeals(['lead', 'won', 'lead']);
    if (lead === undefined || won === undefined || removed === undefined) throw new Error('no deals');
    await db.write((tx) => tx.run("UPDATE deals SET stage_id = 'retired' WHERE id = ?", [removed.id]));
    const count = (input: z.input<typeof DealListQuery>) => db.read((tx) => countDeals(tx, DealListQuery.parse(input), 100));
    expect(await ids({ filter: { stageKinds: ['open'] } })).toEqual(byClose([lead, removed]));
    expect(await count({ filter: { stageKinds: ['open'] } })).toBe(2);
    expect(await ids({ filter: { stageKinds: ['won'] } })).toEqual([won.id]);
    expect(await count({ filter: { stageKinds: ['won', 'lost'] } })).toBe(1);
    // The walk form (many open deals, by close date) keeps it too.
    const request = DealListQuery.parse({ filter: { stageKinds: ['open'] } });
    const walked = await db.read((tx) => {
      const conditions = dealListRequest(request).conditions.map((condition) => ({ sql: condition.broad?.sql ?? condition.sql, params: condition.params }));
      const built = buildListQuery(dealTable, { ...dealListRequest(request), conditions });
      return tx.all<unknown>(built.sql, built.params);
    });
    expect(walked.map((row) => decodeRow(dealTable, row).id)).toEqual(byClose([lead, removed]));
  });

  it('drives a few open deals from the stage index and walks the close-date index for many, with the same rows as a full sort', async () => {
    // 1,200 deals, one in forty open: few enough to drive from deals_live_stage and sort on its entries.
    const mostlyClosed = await addDeals(Array.from({ length: 1_200 }, (_, index) => (index % 40 === 0 ? 'proposal' : index % 2 === 0 ? 'won' : 'lost')));
    const planOf = async (input: z.input<typeof DealListQuery>) => {
      const request = await db.read((tx) => chooseConditionPlans(tx, dealListRequest(DealListQuery.parse(input)), 'deals'));
      const built = buildListQuery(dealTable, request);
      return { sql: built.sql, plan: await db.plan(built.sql, built.params) };
    };
    const few = await planOf({ filter: { stageKinds: ['open'] } });
    expect(few.sql).toMatch(/WHERE rowid IN \(SELECT rowid FROM deals WHERE deleted_at IS NULL AND stage_id IN \(WITH RECURSIVE held.* SELECT id FROM pipeline_stages WHERE kind IN \(\?\) UNION ALL SELECT id FROM held /);
    expect(few.plan).toMatch(/SEARCH deals USING (COVERING )?INDEX deals_live_stage \(stage_id=\?\)/);
    expect(await ids({ filter: { stageKinds: ['open'] }, limit: 100 })).toEqual(byClose(mostlyClosed.filter((deal) => deal.stageId === 'proposal')));

    // 2,000 more, all open: now most deals are open, and the close-date index is walked with no sort step.
    const open = [...mostlyClosed.filter((deal) => deal.stageId === 'proposal'), ...(await addDeals(Array.from({ length: 2_000 }, () => 'lead')))];
    const many = await planOf({ filter: { stageKinds: ['open'] } });
    expect(many.sql).toMatch(/\+stage_id IN \(WITH RECURSIVE held.* SELECT id FROM pipeline_stages WHERE kind IN \(\?\) UNION ALL SELECT id FROM held /);
    expect(many.sql).not.toMatch(/rowid IN/);
    expect(many.plan).toMatch(/SCAN deals USING INDEX deals_live_close/);
    expect(many.plan).not.toMatch(/TEMP B-TREE/);
    // Followed to its end through cursors, the walk finds every open deal in order.
    const seen: string[] = [];
    let after: string | undefined;
    do {
      const page = await db.read((tx) => listDeals(tx, DealListQuery.parse({ filter: { stageKinds: ['open'] }, limit: 200, after })));
      seen.push(...page.items.map((deal) => deal.id));
      after = page.next ?? undefined;
    } while (after !== undefined);
    expect(seen).toEqual(byClose(open));
  }, 120_000);
});
