// The pipeline board and the forecast: stages with deal totals per stage and
// currency, replacing the stage list, and the weighted amount of open and won
// deals by expected close month. Amounts never mix currencies. Sums use
// SQLite's total() (a double), so a sum past 2^53 minor units loses cents
// instead of failing with an integer overflow. A deal in a closed stage is
// weighted by the stage's outcome (won 100 %, lost 0 %), not by the
// probability it stores: a synced pair can contradict it (Won at 0 % after a
// conflict settled field by field), and a won deal is won.
import { z } from 'zod';
import type { UserId } from '../../../src-shared/domain/ids';
import { effectiveProbabilitySql, Forecast, StageTotal, type ForecastQuery, type Pipeline, type PipelineUpdate } from '../../../src-shared/domain/pipeline';
import { BadInputError, VaultCorruptError } from '../../../src-shared/ipc/errors';
import type { ReadTx, SqlValue, WriteTx } from '../../vault/connection';
import { fieldError } from './list-query';
import { listStages, replaceStages } from './pipeline.repo';
import { writeContext } from './write-context';

const TotalRow = z.object({
  stage_id: z.string(),
  currency: z.string(),
  deal_count: z.number(),
  amount: z.number(),
  weighted: z.number(),
});

function ownerCondition(ownerId: UserId | undefined, column: string): { sql: string; params: SqlValue[] } {
  return ownerId === undefined ? { sql: '', params: [] } : { sql: ` AND ${column} = ?`, params: [ownerId] };
}

/** A deal's weight in percent: its stage's outcome when closed, else its probability. */
const weight = effectiveProbabilitySql('d.probability', 's.kind');

export async function getPipeline(tx: ReadTx, ownerId?: UserId): Promise<Pipeline> {
  const owner = ownerCondition(ownerId, 'd.owner_id');
  const rows = await tx.all(
    `SELECT d.stage_id, d.currency, count(*) AS deal_count, total(d.amount) AS amount, total(d.amount * ${weight}) / 100.0 AS weighted
       FROM deals d LEFT JOIN pipeline_stages s ON s.id = d.stage_id
      WHERE d.deleted_at IS NULL${owner.sql}
      GROUP BY d.stage_id, d.currency ORDER BY d.stage_id, d.currency`,
    owner.params,
  );
  const parsed = z.array(TotalRow).safeParse(rows);
  if (!parsed.success) throw new VaultCorruptError('the deal totals are unreadable');
  const totals = parsed.data.map((row) =>
    StageTotal.parse({
      stageId: row.stage_id,
      currency: row.currency,
      dealCount: row.deal_count,
      amount: Math.round(row.amount),
      weightedAmount: Math.round(row.weighted),
    }),
  );
  return { stages: await listStages(tx), totals };
}

const StageUseRow = z.object({ stage_id: z.string(), live: z.number().int(), trashed: z.number().int() });

/**
 * Replaces the stage list. A stage that still holds deals cannot be removed, trashed ones included: a deal
 * restored from the trash must land in a stage the pipeline has. When only trashed deals hold the removed
 * stages, the refusal says so and how many, since the board and the lists show none of them. A stage that holds
 * live deals keeps its kind (open, won, lost): stage_kind_has_deals.
 */
export async function updatePipeline(tx: WriteTx, update: PipelineUpdate, now: number): Promise<Pipeline> {
  const kept = new Set<string>(update.stages.map((stage) => stage.id));
  const used = z
    .array(StageUseRow)
    .parse(await tx.all('SELECT stage_id, total(deleted_at IS NULL) AS live, total(deleted_at IS NOT NULL) AS trashed FROM deals GROUP BY stage_id'));
  const removed = used.filter((row) => !kept.has(row.stage_id));
  if (removed.some((row) => row.live > 0)) throw fieldError('stages', 'A stage that still holds deals cannot be removed; move its deals first', { code: 'stage_has_deals' });
  // A deal's probability and lost reason follow its stage's kind (moveDealStage): a Lost stage turned open left its
  // deals open at 0 % with a lost reason, a stage turned Won left them won at their old odds.
  const kinds = new Map((await listStages(tx)).map((stage) => [stage.id, stage.kind]));
  const held = new Set(used.filter((row) => row.live > 0).map((row) => row.stage_id));
  if (update.stages.some((stage) => held.has(stage.id) && kinds.has(stage.id) && kinds.get(stage.id) !== stage.kind)) {
    // The same sentence as the renderer's English for the reason (errors.reasons.stageKindHasDeals).
    throw fieldError('stages', 'A stage that still holds deals cannot change between open, won and lost; move its deals first', { code: 'stage_kind_has_deals' });
  }
  const trashed = removed.reduce((sum, row) => sum + row.trashed, 0);
  if (trashed > 0) {
    // Worded as errors.reasons.stageHasTrashedDeals in English: the English window shows this message.
    const held = trashed === 1 ? '1 deal in the trash is' : `${trashed} deals in the trash are`;
    const them = trashed === 1 ? 'the deal from the trash and move it' : 'the deals from the trash and move them';
    throw new BadInputError(`${held} still in this stage, so it cannot be removed. To remove the stage, restore ${them} to another stage first.`, {
      code: 'stage_has_trashed_deals',
      count: trashed,
    });
  }
  const { userId } = await writeContext(tx, now);
  await replaceStages(tx, update.stages, userId, now);
  return getPipeline(tx);
}

const ForecastRow = z.object({ month: z.string(), currency: z.string(), deal_count: z.number(), amount: z.number(), weighted: z.number() });

/** Open and won deals (lost ones count for nothing) by expected close month and currency. */
export async function forecast(tx: ReadTx, query: ForecastQuery): Promise<Forecast> {
  const owner = ownerCondition(query.ownerId, 'd.owner_id');
  // Dates compare as text: every date of a month lies between YYYY-MM-01 and YYYY-MM-31.
  const rows = await tx.all(
    `SELECT substr(d.expected_close_date, 1, 7) AS month, d.currency, count(*) AS deal_count,
            total(d.amount) AS amount, total(d.amount * ${weight}) / 100.0 AS weighted
       FROM deals d LEFT JOIN pipeline_stages s ON s.id = d.stage_id
      WHERE d.deleted_at IS NULL AND d.expected_close_date BETWEEN ? AND ?
        AND (s.kind IS NULL OR s.kind <> 'lost')${owner.sql}
      GROUP BY month, d.currency ORDER BY month, d.currency`,
    [`${query.fromMonth}-01`, `${query.toMonth}-31`, ...owner.params],
  );
  // Open deals (a stage of no known kind counts as open) that were expected to close before the range.
  const overdueRows = await tx.all(
    `SELECT d.currency, count(*) AS deal_count, total(d.amount) AS amount, total(d.amount * ${weight}) / 100.0 AS weighted
       FROM deals d LEFT JOIN pipeline_stages s ON s.id = d.stage_id
      WHERE d.deleted_at IS NULL AND d.expected_close_date < ? AND (s.kind IS NULL OR s.kind = 'open')${owner.sql}
      GROUP BY d.currency ORDER BY d.currency`,
    [`${query.fromMonth}-01`, ...owner.params],
  );
  const parsed = z.array(ForecastRow).safeParse(rows);
  const overdue = z.array(ForecastRow.omit({ month: true })).safeParse(overdueRows);
  if (!parsed.success || !overdue.success) throw new VaultCorruptError('the forecast is unreadable');
  const figures = (row: z.infer<typeof ForecastRow> | Omit<z.infer<typeof ForecastRow>, 'month'>) => ({
    currency: row.currency,
    dealCount: row.deal_count,
    amount: Math.round(row.amount),
    weightedAmount: Math.round(row.weighted),
  });
  return Forecast.parse({
    months: parsed.data.map((row) => ({ month: row.month, ...figures(row) })),
    overdue: overdue.data.map(figures),
  });
}
