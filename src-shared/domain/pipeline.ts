// The sales pipeline: ordered stages with a default win probability. The
// stages live in the vault (table pipeline_stages) so an organisation can
// change them; these are the stages a new vault starts with.
import { z } from 'zod';
import { CurrencyCode, rangeOrderRule, requiredText, YearMonth } from './common';
import { StageId, UserId } from './ids';

export const stageKinds = ['open', 'won', 'lost'] as const;
export const StageKind = z.enum(stageKinds);
export type StageKind = z.infer<typeof StageKind>;

export const Probability = z
  .number({ error: 'Expected a percentage' })
  // The bounds before .int(), whose own safe-integer bounds otherwise come first (a form shows a field's first issue).
  .min(0, 'A probability cannot be below 0 %')
  .max(100, 'A probability cannot exceed 100 %')
  .int('Use a whole percentage');

/**
 * The probability a closed stage fixes, whatever a deal stores or its stage
 * definition says: a won deal is certain (100 %), a lost one is gone (0 %).
 * Null for an open stage, whose deals keep the probability a rep sets.
 */
export function closedProbability(kind: StageKind): number | null {
  return kind === 'won' ? 100 : kind === 'lost' ? 0 : null;
}

/** closedProbability in SQL, for a deal's probability column and its stage's kind column (a deal of no known stage keeps its own). */
export function effectiveProbabilitySql(probability: string, kind: string): string {
  return `CASE ${kind} WHEN 'won' THEN 100 WHEN 'lost' THEN 0 ELSE ${probability} END`;
}

export const PipelineStage = z.object({
  id: StageId,
  name: requiredText(100, 'The stage name'),
  /** The win probability (percent) a deal takes when it enters this stage. */
  probability: Probability,
  kind: StageKind,
  /** 0-based order on the board. */
  position: z.number().int().nonnegative(),
});
export type PipelineStage = z.infer<typeof PipelineStage>;

export const defaultPipelineStages: readonly PipelineStage[] = [
  { id: StageId.parse('lead'), name: 'Lead', probability: 10, kind: 'open', position: 0 },
  { id: StageId.parse('qualified'), name: 'Qualified', probability: 25, kind: 'open', position: 1 },
  { id: StageId.parse('proposal'), name: 'Proposal', probability: 50, kind: 'open', position: 2 },
  { id: StageId.parse('negotiation'), name: 'Negotiation', probability: 75, kind: 'open', position: 3 },
  { id: StageId.parse('won'), name: 'Won', probability: 100, kind: 'won', position: 4 },
  { id: StageId.parse('lost'), name: 'Lost', probability: 0, kind: 'lost', position: 5 },
];

/** Deal totals of one stage in one currency (amounts never mix currencies). */
export const StageTotal = z.object({
  stageId: StageId,
  currency: CurrencyCode,
  dealCount: z.number().int().nonnegative(),
  /** Minor units; whole numbers, exact up to 2^53. */
  amount: z.number().nonnegative(),
  /** Σ amount × probability / 100, rounded to the minor unit; a closed stage weighs by its outcome (closedProbability). */
  weightedAmount: z.number().nonnegative(),
});
export type StageTotal = z.infer<typeof StageTotal>;

export const Pipeline = z.object({ stages: z.array(PipelineStage), totals: z.array(StageTotal) });
export type Pipeline = z.infer<typeof Pipeline>;

export const PipelineQuery = z.object({ ownerId: UserId.optional() }).strict();

/** Replaces the stage list. A stage that still holds deals cannot be removed. */
export const PipelineUpdate = z
  .object({
    stages: z
      .array(PipelineStage.omit({ position: true }).strict())
      .min(2, 'A pipeline needs at least two stages')
      .max(30, 'Use at most 30 stages'),
  })
  .strict()
  .superRefine((value, context) => {
    const ids = new Set<string>();
    value.stages.forEach((stage, index) => {
      if (ids.has(stage.id)) context.addIssue({ code: 'custom', message: 'Stage ids must be unique', path: ['stages', index, 'id'] });
      ids.add(stage.id);
      // A closed stage's probability is its outcome's (closedProbability), which its deals take whatever it says.
      const fixed = closedProbability(stage.kind);
      if (fixed !== null && stage.probability !== fixed) {
        context.addIssue({ code: 'custom', message: `A ${stage.kind} stage's probability is ${String(fixed)} %`, path: ['stages', index, 'probability'] });
      }
    });
    if (!value.stages.some((stage) => stage.kind === 'open')) {
      context.addIssue({ code: 'custom', message: 'A pipeline needs at least one open stage', path: ['stages'] });
    }
  });
export type PipelineUpdate = z.infer<typeof PipelineUpdate>;

export const maxForecastMonths = 36;
/** The forecast's longest range as the rule a longer one breaks; `params` lets a screen word it in its own language. */
export const forecastLengthRule = {
  message: `Forecast at most ${maxForecastMonths} months`,
  params: { rule: 'too_many_months', max: maxForecastMonths },
} as const;
export const ForecastQuery = z
  .object({ fromMonth: YearMonth, toMonth: YearMonth, ownerId: UserId.optional() })
  .strict()
  .refine((query) => query.fromMonth <= query.toMonth, { ...rangeOrderRule, path: ['toMonth'] })
  .refine((query) => monthsBetween(query.fromMonth, query.toMonth) < maxForecastMonths, { ...forecastLengthRule, path: ['toMonth'] });
export type ForecastQuery = z.infer<typeof ForecastQuery>;

export function monthsBetween(from: string, to: string): number {
  const [fromYear = 0, fromMonth = 0] = from.split('-').map(Number);
  const [toYear = 0, toMonth = 0] = to.split('-').map(Number);
  return (toYear - fromYear) * 12 + (toMonth - fromMonth);
}

/** Open and won deals expected to close in one month, in one currency. */
export const ForecastMonth = z.object({
  month: YearMonth,
  currency: CurrencyCode,
  dealCount: z.number().int().nonnegative(),
  /** Minor units; whole numbers, exact up to 2^53. */
  amount: z.number().nonnegative(),
  weightedAmount: z.number().nonnegative(),
});
/**
 * Open deals whose expected close date is before the range's first month, in one currency: no month of the
 * range shows them, and left out without a word the forecast understated the open pipeline.
 */
export const ForecastOverdue = z.object({
  currency: CurrencyCode,
  dealCount: z.number().int().positive(),
  amount: z.number().nonnegative(),
  weightedAmount: z.number().nonnegative(),
});
export const Forecast = z.object({ months: z.array(ForecastMonth), overdue: z.array(ForecastOverdue).default([]) });
export type Forecast = z.infer<typeof Forecast>;
