// Deals: an opportunity with an account, its contacts, an amount in one
// currency and a stage of the pipeline. The stage id is checked against the
// vault's pipeline by the service (an unknown stage is BAD_INPUT there).
import { z } from 'zod';
import {
  bulkMax,
  commonFilter,
  CurrencyCode,
  DateRange,
  Deleted,
  emptyPatchMessage,
  IsoDate,
  listQueryShape,
  metaSensitivity,
  MinorUnits,
  nonEmptyPatch,
  pageOf,
  recordMeta,
  requiredText,
  Tags,
  text,
  type Sensitivity,
} from './common';
import { AccountId, ContactId, DealId, StageId, UserId } from './ids';
import { Probability, StageKind, stageKinds } from './pipeline';

export const maxDealContacts = 50;

const DealContactIds = z
  .array(ContactId)
  .max(maxDealContacts, `Link at most ${maxDealContacts} contacts`)
  .transform((ids) => [...new Set(ids)]);

/** The editable fields, without defaults: a patch takes any subset of them. */
const dealFields = {
  name: requiredText(200, 'Name'),
  accountId: AccountId.nullable(),
  contactIds: DealContactIds,
  amount: MinorUnits,
  currency: CurrencyCode,
  stageId: StageId,
  /** Win probability in percent; a new deal or a stage move takes the stage's default. */
  probability: Probability,
  expectedCloseDate: IsoDate,
  lostReason: text(500),
  tags: Tags,
  ownerId: UserId,
};

export const DealDraft = z
  .object({
    ...dealFields,
    accountId: dealFields.accountId.default(null),
    contactIds: DealContactIds.default([]),
    amount: MinorUnits.default(0),
    /** Defaults to the stage's probability. */
    probability: Probability.optional(),
    lostReason: dealFields.lostReason.default(''),
    tags: Tags.default([]),
    /** Defaults to the signed-in user. */
    ownerId: UserId.optional(),
  })
  .strict();
export type DealDraft = z.infer<typeof DealDraft>;

export const DealPatch = z.object(dealFields).partial().strict().refine(nonEmptyPatch, emptyPatchMessage);
export type DealPatch = z.infer<typeof DealPatch>;

export const Deal = z.object({
  id: DealId,
  name: z.string(),
  accountId: AccountId.nullable(),
  contactIds: z.array(ContactId),
  amount: z.number().int().nonnegative(),
  currency: z.string(),
  stageId: StageId,
  probability: z.number().int().min(0).max(100),
  expectedCloseDate: z.string(),
  lostReason: z.string(),
  tags: z.array(z.string()),
  ...recordMeta,
});
export type Deal = z.infer<typeof Deal>;

export const dealSensitivity = {
  name: 'internal',
  accountId: 'internal',
  contactIds: 'internal',
  amount: 'internal',
  currency: 'internal',
  stageId: 'internal',
  probability: 'internal',
  expectedCloseDate: 'internal',
  lostReason: 'internal',
  tags: 'internal',
  ...metaSensitivity,
} as const satisfies Record<Exclude<keyof Deal, 'id'>, Sensitivity>;

export const dealSortFields = ['name', 'amount', 'expectedCloseDate', 'createdAt', 'updatedAt'] as const;
export const DealFilter = z
  .object({
    ...commonFilter,
    stageIds: z.array(StageId).min(1).max(30).optional(),
    /** Deals in a stage of these kinds (open, won, lost) as the vault's pipeline sets them now: "Open deals" is ['open']. */
    stageKinds: z.array(StageKind).min(1).max(stageKinds.length).optional(),
    accountId: AccountId.optional(),
    contactId: ContactId.optional(),
    /** Deals whose account is in this territory. */
    territory: text(100).optional(),
    expectedCloseDate: DateRange.optional(),
    currency: CurrencyCode.optional(),
  })
  .strict();
export const DealListQuery = z
  .object({
    ...listQueryShape(dealSortFields, { field: 'expectedCloseDate', direction: 'asc' }),
    filter: DealFilter.prefault({}),
  })
  .strict();
export type DealListQuery = z.infer<typeof DealListQuery>;

export const DealPage = pageOf(Deal);
export type DealPage = z.infer<typeof DealPage>;

export const DealUpdate = z.object({ id: DealId, patch: DealPatch }).strict();
export const DealRef = z.object({ id: DealId }).strict();
export const DealDeleted = Deleted;

/**
 * The day a move into a closed stage (won, lost) gives the deal as its close date: the user's local date, sent by
 * the renderer (the dialog offers today, editable). Without it the main process's local date at the move is taken.
 */
const MoveCloseDate = IsoDate.optional();

/** Drag on the board: moves the deal and sets its probability to the new stage's default. */
export const DealMoveStage = z
  .object({ id: DealId, stageId: StageId, lostReason: text(500).optional(), closeDate: MoveCloseDate })
  .strict();
export type DealMoveStage = z.infer<typeof DealMoveStage>;

/** How many lost reasons `deals.lostReasons` offers. */
export const lostReasonsOffered = 8;
/** The lost reasons most often given on this device's live deals, most used first (each once, whatever its case): offered when a deal is lost. */
export const LostReasons = z.object({ reasons: z.array(z.string()).max(lostReasonsOffered) });
export type LostReasons = z.infer<typeof LostReasons>;

/** The fields a stage move sets: the stage, its probability, the lost reason, and the close date (a move into a closed stage sets it). */
export const DealStageFields = z.object({ stageId: StageId, probability: Probability, lostReason: text(500), expectedCloseDate: IsoDate }).strict();
export type DealStageFields = z.infer<typeof DealStageFields>;

/**
 * A stage move's answer: the deal as the move left it, and its stage fields as the move found them in the vault
 * (not as the caller last saw them: a sync may have changed them meanwhile), which its Undo puts back.
 */
export const DealMoved = z.object({ deal: Deal, before: DealStageFields });
export type DealMoved = z.infer<typeof DealMoved>;

/**
 * Undo of a stage move: `before` is what the deal held before the move, `after` what the move left.
 * The deal is put back only while it still holds `after` (deal.service.ts undoDealMove).
 */
export const DealUndoMove = z.object({ id: DealId, before: DealStageFields, after: DealStageFields }).strict();
export type DealUndoMove = z.infer<typeof DealUndoMove>;

/** A list's selection of deals moved to one stage ("Stage…"), with the lost reason for a lost stage and the close date for a closed one. */
export const DealMoveMany = z
  .object({ ids: z.array(DealId).min(1).max(bulkMax), stageId: StageId, lostReason: text(500).optional(), closeDate: MoveCloseDate })
  .strict();
export type DealMoveMany = z.infer<typeof DealMoveMany>;
/** Undo of a bulk move: each deal's move, put back only while every deal still holds what its move left. */
export const DealUndoMoveMany = z.object({ items: z.array(DealUndoMove).min(1).max(bulkMax) }).strict();
export type DealUndoMoveMany = z.infer<typeof DealUndoMoveMany>;
/** What a bulk move (or its Undo) did to each deal: the fields `before` it and `after`; sent back as they are, they undo it. */
export const DealMovesMade = z.object({ items: z.array(z.object({ id: z.string().uuid(), before: DealStageFields, after: DealStageFields })) });
export type DealMovesMade = z.infer<typeof DealMovesMade>;
