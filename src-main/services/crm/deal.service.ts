// Deals: create, detail (stage, account, contacts, timeline, open tasks),
// list, patch, stage moves and their undo, soft delete and restore. The stage must exist in
// the vault's pipeline (else BAD_INPUT on stageId); a deal entering a stage
// takes that stage's probability unless the same call sets one.
//
// A closed stage fixes the probability (closedProbability: won 100 %, lost
// 0 %): a deal entering one takes it whatever the call says, a write to a
// closed deal stores it, and a probability edit that contradicts it is
// refused (probability_fixed_by_stage) rather than kept. Reads show it too, so
// a pair synced from elsewhere that contradicts its stage (Won at 0 % after
// a conflict settled field by field) reads right.
import { z } from 'zod';
import { type BulkDeleted, type BulkRestored, type Deleted, MinorUnits, rescaleMinorUnits } from '../../../src-shared/domain/common';
import {
  Deal,
  lostReasonsOffered,
  type DealDraft,
  type DealListQuery,
  type DealMoved,
  type DealMoveMany,
  type DealMovesMade,
  type DealMoveStage,
  type DealPage,
  type DealPatch,
  type DealStageFields,
  type DealUndoMove,
  type DealUndoMoveMany,
  type LostReasons,
} from '../../../src-shared/domain/deal';
import type { DealDetail } from '../../../src-shared/domain/details';
import type { DealId } from '../../../src-shared/domain/ids';
import { closedProbability, type PipelineStage } from '../../../src-shared/domain/pipeline';
import { BadInputError, NotFoundError } from '../../../src-shared/ipc/errors';
import type { ReadTx, WriteTx } from '../../vault/connection';
import { uuid7 } from '../../vault/uuid7';
import { dealListRequest, dealTable, writeDealContacts } from './deal.repo';
import { findRecord } from './entity-table';
import { requireLink, requireLinks, requireRestorableLinks, restorableLinks } from './links';
import { countList, fieldError, listPage } from './list-query';
import { listStages, requireStage } from './pipeline.repo';
import { restoreRecords, SelectionGoneError, trashRecords, type BulkMoveOptions } from './bulk-writes';
import { insertRecord, requireLiveRecord, restoreRecord, saveChanges, trashRecord } from './record-writes';
import { contactsOfDeal, liveAccount, openTasksOf, timelineOf, trashedAccount, trashedContactsOfDeal } from './related';
import { countOpenTasksOf, countPast } from './related-counts';
import { mostUsed } from './most-used';
import { writeContext } from './write-context';
import { requireOwnRecords, teammateMark } from './record-owners';

export async function createDeal(tx: WriteTx, draft: DealDraft, now: number): Promise<Deal> {
  const { userId } = await writeContext(tx, now);
  const stage = await requireStage(tx, draft.stageId);
  await requireLink(tx, 'accounts', draft.accountId, 'accountId');
  await requireLinks(tx, 'contacts', draft.contactIds, 'contactIds');
  const deal = Deal.parse({
    ...draft,
    id: uuid7(now),
    probability: closedProbability(stage.kind) ?? draft.probability ?? stage.probability,
    ownerId: draft.ownerId ?? userId,
    createdAt: now,
    createdBy: userId,
    updatedAt: now,
    updatedBy: userId,
    deletedAt: null,
  });
  await insertRecord(tx, dealTable, deal, now);
  await writeDealContacts(tx, deal);
  return deal;
}

export async function getDealDetail(tx: ReadTx, id: DealId): Promise<DealDetail> {
  const deal = await findRecord(tx, dealTable, id);
  if (deal === null) throw new NotFoundError(dealTable.label);
  const stage = (await listStages(tx)).find((candidate) => candidate.id === deal.stageId) ?? null;
  const tasks = await openTasksOf(tx, 'deal_id', id);
  return {
    deal: stage === null ? deal : withStageOutcome(deal, [stage]),
    ...(await teammateMark(tx, 'deals', id)),
    stage,
    account: await liveAccount(tx, deal.accountId),
    trashedAccount: await trashedAccount(tx, deal.accountId),
    contacts: await contactsOfDeal(tx, deal),
    trashedContacts: await trashedContactsOfDeal(tx, deal),
    ...(await timelineOf(tx, 'dealId', id)),
    tasks,
    counts: { tasks: await countPast(tasks, () => countOpenTasksOf(tx, { dealId: id })) },
  };
}

/** The deal with the probability its stage fixes when that stage is closed (a synced pair may contradict it). */
function withStageOutcome(deal: Deal, stages: readonly PipelineStage[]): Deal {
  const stage = stages.find((candidate) => candidate.id === deal.stageId);
  const fixed = stage === undefined ? null : closedProbability(stage.kind);
  return fixed === null || fixed === deal.probability ? deal : { ...deal, probability: fixed };
}

export async function listDeals(tx: ReadTx, query: DealListQuery): Promise<DealPage> {
  const page = await listPage(tx, dealTable, dealListRequest(query));
  const stages = await listStages(tx);
  return { ...page, items: page.items.map((deal) => withStageOutcome(deal, stages)) };
}

/** How many deals the list query matches (filters and trash side), counting no further than upTo. */
export function countDeals(tx: ReadTx, query: DealListQuery, upTo: number, ids?: readonly string[]): Promise<number> {
  return countList(tx, dealTable, dealListRequest(query), upTo, ids);
}

/**
 * deals.update (the deal's fields, inline or in a form). An edit that moves the deal into a closed stage (won,
 * lost) dates it as a move does (moveDealStage): its close date becomes the local date of `now`, unless the same
 * edit changes the close date itself (a form sends every field, the stored date among them: that one is not the
 * user's choice). An edit that leaves the stage as it is keeps the date.
 */
export function updateDeal(tx: WriteTx, id: DealId, patch: DealPatch, now: number): Promise<Deal> {
  return writeDeal(tx, id, patch, now, true);
}

/**
 * The write behind updateDeal, the moves and their Undo. `dateClosing`: a move into a closed stage without a close
 * date of the call's own takes today's (updateDeal); a move and its Undo give the date they mean themselves.
 */
async function writeDeal(tx: WriteTx, id: DealId, patch: DealPatch, now: number, dateClosing: boolean): Promise<Deal> {
  const before = await requireLiveRecord(tx, dealTable, id);
  const next = { ...before, ...patch };
  // A new currency alone keeps the amount's face value: the amount is stored in minor units, and 12500 cents
  // of USD (125.00) would otherwise become 12,500 JPY.
  if (patch.currency !== undefined && patch.currency !== before.currency && patch.amount === undefined) {
    next.amount = rescaleMinorUnits(before.amount, before.currency, patch.currency);
    // More digits multiply the amount (1,000 for JPY to KWD), which can leave the range an amount may hold.
    if (!MinorUnits.safeParse(next.amount).success) throw fieldError('currency', 'The amount is too large in this currency', { code: 'amount_too_large_for_currency' });
  }
  const moved = patch.stageId !== undefined && patch.stageId !== before.stageId;
  const stage = moved ? await requireStage(tx, next.stageId) : (await listStages(tx)).find((candidate) => candidate.id === next.stageId);
  const fixed = stage === undefined ? null : closedProbability(stage.kind);
  if (fixed !== null) {
    // A closed deal's probability is its outcome's. Entering the stage sets it whatever else the call
    // says; on a deal already closed, only a change to another value is refused (a form that sends
    // every field sends the stored one back, which may be a synced contradiction this write heals).
    if (!moved && patch.probability !== undefined && patch.probability !== before.probability && patch.probability !== fixed) {
      const kind = fixed === 100 ? 'won' : 'lost';
      // The same sentence as the renderer's English for the reason (errors.reasons.probabilityFixedByStage).
      const message = `A ${kind} deal’s probability is ${String(fixed)} %. To change it, move the deal back to an open stage.`;
      throw fieldError('probability', message, { code: 'probability_fixed_by_stage', kind });
    }
    next.probability = fixed;
  } else if (moved && stage !== undefined) {
    next.probability = patch.probability ?? stage.probability;
  }
  // A deal that leaves Lost leaves its reason there: an open or won deal has none (the board would show
  // "Lost: Price" on a won card, an export would list it, and deals.lostReasons would count it). The move
  // keeps the reason in its `before`, so its Undo puts it back.
  if (moved && stage !== undefined && stage.kind !== 'lost') next.lostReason = '';
  const datedHere = patch.expectedCloseDate !== undefined && patch.expectedCloseDate !== before.expectedCloseDate;
  if (dateClosing && moved && fixed !== null && !datedHere) next.expectedCloseDate = localIsoDate(now);
  if (patch.accountId !== undefined && patch.accountId !== before.accountId) {
    await requireLink(tx, 'accounts', patch.accountId, 'accountId');
  }
  if (patch.contactIds !== undefined) {
    const added = patch.contactIds.filter((contactId) => !before.contactIds.includes(contactId));
    await requireLinks(tx, 'contacts', added, 'contactIds');
  }
  const saved = await saveChanges(tx, dealTable, before, Deal.parse(next), await writeContext(tx, now));
  if (saved !== before && patch.contactIds !== undefined) await writeDealContacts(tx, saved);
  return saved;
}

/**
 * A drag on the board: the new stage and its probability, and the lost reason when one is given. A move into a
 * closed stage (won, lost) also sets the close date, to the move's `closeDate` (the user's local day, sent by the
 * renderer) or else the local date of `now` here: the forecast files a closed deal under its close month, and a
 * deal won today belongs to this month, not to the one it was once expected in. A move to an open stage, or to the
 * stage the deal is in, keeps the date; so do writes that are not moves (sync, an edit that keeps the stage).
 */
export async function moveDealStage(tx: WriteTx, move: DealMoveStage, now: number): Promise<Deal> {
  const before = await requireLiveRecord(tx, dealTable, move.id);
  const patch: DealPatch = { stageId: move.stageId, ...(move.lostReason === undefined ? {} : { lostReason: move.lostReason }) };
  if (move.stageId !== before.stageId && (await requireStage(tx, move.stageId)).kind !== 'open') patch.expectedCloseDate = move.closeDate ?? localIsoDate(now);
  return writeDeal(tx, move.id, patch, now, false);
}

/** The date of `now` in this process's time zone, YYYY-MM-DD (the renderer's todayIso). */
function localIsoDate(now: number): string {
  const date = new Date(now);
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1, 2)}-${pad(date.getDate(), 2)}`;
}

/** deals.moveStage: the move, with the deal's stage fields as the move found them (what its Undo puts back). */
export async function moveDealStageAnswered(tx: WriteTx, move: DealMoveStage, now: number): Promise<DealMoved> {
  const before = stageFieldsOf(await requireLiveRecord(tx, dealTable, move.id));
  return { deal: await moveDealStage(tx, move, now), before };
}

/**
 * Undo of a stage move (the moved toast's Undo): the stage, probability and lost reason the deal had
 * before, and its close date when the move set one, in one write (one outbox entry, through writeDeal).
 * Only while the deal still holds them as the move left them: if any changed since (moved again, its
 * probability, reason or the close date the move set edited, here or by a sync), Undo is refused with
 * stage_move_overtaken and nothing is written, rather than overwrite the newer value or put back a mix the
 * user never saw (an edited reason on a deal back in Negotiation). Edits of other fields since the move
 * (name, amount, tags, a date the move left alone) stay: Undo does not touch them.
 */
export async function undoDealMove(tx: WriteTx, undo: DealUndoMove, now: number): Promise<Deal> {
  const current = await requireLiveRecord(tx, dealTable, undo.id);
  const { after, before } = undo;
  const dated = before.expectedCloseDate !== after.expectedCloseDate;
  if (
    current.stageId !== after.stageId ||
    current.probability !== after.probability ||
    current.lostReason !== after.lostReason ||
    (dated && current.expectedCloseDate !== after.expectedCloseDate)
  ) {
    // The same sentence as the renderer's English for the reason (errors.reasons.stageMoveOvertaken).
    throw new BadInputError('The deal has changed since it was moved, so Undo left it as it is now.', { code: 'stage_move_overtaken' });
  }
  const date = dated ? { expectedCloseDate: before.expectedCloseDate } : {};
  return writeDeal(tx, undo.id, { stageId: before.stageId, probability: before.probability, lostReason: before.lostReason, ...date }, now, false);
}

function stageFieldsOf({ stageId, probability, lostReason, expectedCloseDate }: Deal): DealStageFields {
  return { stageId, probability, lostReason, expectedCloseDate };
}

/**
 * A list's selection moved to one stage ("Stage…"), each deal as a single
 * move moves it (moveDealStage: the stage's probability, the lost reason for a
 * lost stage, the close date for a closed one), all in the caller's transaction: an unknown stage, or a deal
 * gone or in the trash (selection_gone), refuses the whole call. A deal
 * already there is left as it is, its lost reason too, and is not among the
 * moves (before, "Lost" with a reason rewrote the reason of every deal
 * already lost). A selection holding teammates' deals (one already in the
 * stage too, as the other bulk edits count every selected record) refuses
 * whole with the bulk not_owner, counting them. Answers each moved deal's
 * fields before and after.
 */
export async function moveDealStages(tx: WriteTx, move: DealMoveMany, now: number): Promise<DealMovesMade> {
  const items: DealMovesMade['items'] = [];
  const ids = [...new Set(move.ids)];
  // Teammates' deals refuse the whole move, counted as every bulk refusal is ("2 of the selected deals…", bulk-writes.ts),
  // before any is read; left to each move's saveChanges, the first one refused with the single-deal words.
  await requireOwnRecords(tx, 'deals', ids, (await writeContext(tx, now)).userId, true);
  for (const id of ids) {
    const before = await findRecord(tx, dealTable, id);
    if (before === null || before.deletedAt !== null) throw new SelectionGoneError('deals');
    if (before.stageId === move.stageId) continue;
    const { lostReason, closeDate } = move;
    const after = await moveDealStage(tx, { id, stageId: move.stageId, ...(lostReason === undefined ? {} : { lostReason }), ...(closeDate === undefined ? {} : { closeDate }) }, now);
    items.push({ id, before: stageFieldsOf(before), after: stageFieldsOf(after) });
  }
  return { items };
}

/**
 * Undo of moveDealStages: each deal as undoDealMove puts it back, all or nothing (one overtaken deal refuses
 * the whole Undo). A deal gone or trashed since stays as it is; the others go back.
 */
export async function undoDealMoves(tx: WriteTx, undo: DealUndoMoveMany, now: number): Promise<DealMovesMade> {
  const items: DealMovesMade['items'] = [];
  for (const item of undo.items) {
    const current = await findRecord(tx, dealTable, item.id);
    if (current === null || current.deletedAt !== null) continue;
    const back = await undoDealMove(tx, item, now);
    items.push({ id: item.id, before: item.after, after: stageFieldsOf(back) });
  }
  return { items };
}

export async function deleteDeal(tx: WriteTx, id: DealId, now: number): Promise<Deleted> {
  return trashRecord(tx, dealTable, id, await writeContext(tx, now));
}

export async function restoreDeal(tx: WriteTx, id: DealId, now: number): Promise<Deal> {
  return restoreRecord(tx, dealTable, id, await writeContext(tx, now), (record) => requireRestorableLinks(tx, record));
}

/** Trashes the selection in the caller's transaction, all or nothing but for an Undo's `skipGone` (bulk-writes.ts). */
export async function deleteDeals(tx: WriteTx, ids: readonly DealId[], now: number, options: BulkMoveOptions = {}): Promise<BulkDeleted> {
  return trashRecords(tx, dealTable, ids, await writeContext(tx, now), options);
}

/** Restores the selection (undo of deleteDeals), all or nothing but for an Undo's `skipGone`. */
export async function restoreDeals(tx: WriteTx, ids: readonly DealId[], now: number, options: BulkMoveOptions = {}): Promise<BulkRestored> {
  return restoreRecords(tx, dealTable, ids, await writeContext(tx, now), restorableLinks(tx), options);
}

const ReasonRow = z.object({ value: z.string(), uses: z.number().int() });

/**
 * The lost reasons most often given on live deals, most used first, each
 * once whatever its case (in its most used spelling): the reasons the team
 * already uses, offered when a deal is lost. Spellings are counted in SQL
 * and folded here (mostUsed), where lower-casing knows more than ASCII.
 */
export async function lostReasons(tx: ReadTx): Promise<LostReasons> {
  const rows = z
    .array(ReasonRow)
    .parse(await tx.all(`SELECT lost_reason AS value, count(*) AS uses FROM deals WHERE deleted_at IS NULL AND lost_reason <> '' GROUP BY lost_reason`));
  return { reasons: mostUsed(rows, lostReasonsOffered) };
}
