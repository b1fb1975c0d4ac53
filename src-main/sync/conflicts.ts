// The conflict list (0002 `conflicts`, 0004 `reason`, 0024 every reason of
// ConflictReason, `deleted_elsewhere` included): concurrent edits of
// one field that merge decided, and operations the server refused, kept for
// the user to review. One open entry per (record, field): a newer conflict
// on the same field replaces the values of the open one. Values of a record
// the device may no longer hold (evicted, erased) are never kept. An entry of
// a record the server refused whole says so (`unsent`, unsent.ts). A deal's
// stage moved on both sides is one entry with the probability each move set
// (`stageMove`), the close date a move to Won or Lost set (`moveDate`) and
// the reason a move to Lost set (`moveReason`): the stored entries are listed,
// counted and resolved as one, so a choice never leaves one side's stage with
// the other's probability, date or lost reason.
// Sync writes its entries through conflict-recording.ts.
import { z } from 'zod';
import type { ConflictPage, ConflictQuery, ConflictResolution, ConflictView } from '../../src-shared/sync/client-api';
import { bothSides, ConflictView as ConflictViewSchema, keepsBoth, takesEmptyServerValue } from '../../src-shared/sync/client-api';
import { isWritableValue } from '../../src-shared/sync/field-values';
import { NotFoundError, BadInputError } from '../../src-shared/ipc/errors';
import { decodeHlc, HlcString } from '../../src-shared/sync/hlc';
import { JsonValue, type RecordKey } from '../../src-shared/sync/protocol';
import type { ReadTx, WriteTx } from '../vault/connection';
import { recordChange } from './change-recorder';
import { stripPendingField } from './outbox';
import { assignedToMe, NotOwnerError, ownedByTeammate } from './record-owners';
import { emptyValue, readFields, writeFields, type TableColumns } from './record-rows';
import type { RecordHooks } from './record-hooks';
import { restoreWithChanges } from './trashed-elsewhere';
import { discardUnsent, resendUnsent } from './unsent';

/** Open entries `s` (a deal's stage moved on both sides, see `stageMove`) and `e`: the same reason, and this side's value set in the same edit. */
const sameMove = (s: string, e: string): string =>
  `${s}.entity = 'deals' AND ${s}.field = 'stageId' AND ${s}.reason IN ('concurrent', 'conflict') AND ${s}.resolved_at IS NULL
   AND ${e}.entity = ${s}.entity AND ${e}.record_id = ${s}.record_id AND ${e}.reason = ${s}.reason
   AND ${e}.local_hlc = ${s}.local_hlc AND ${e}.resolved_at IS NULL`;

/**
 * Open entries `s` and `p` are a deal's stage and the probability that the
 * same two moves set: moving a stage writes its probability in the same edit,
 * so each side's two values carry one stamp, and both entries have the same
 * reason (a clash found by merge or push, `concurrent`, or an older edit the
 * server refused, `conflict`) and the same two stamps. A probability changed
 * apart from the stage has a stamp of its own: an entry of its own.
 */
const stageMove = (s: string, p: string): string => `${sameMove(s, p)} AND ${p}.field = 'probability' AND ${p}.remote_hlc = ${s}.remote_hlc`;

/**
 * Open entry `d` is the close date that this device's stage move `s` set: a move into Won or Lost dates the deal
 * in the same edit (one stamp). The other side's date may be older than its stage (a server that refused the move
 * holds the date the deal had, the compensation brings it back): its stamp is not compared.
 */
const moveDate = (s: string, d: string): string => `${sameMove(s, d)} AND ${d}.field = 'expectedCloseDate'`;

/**
 * Open entry `r` is the lost reason that this device's stage move `s` set: a move into Lost writes its reason in the
 * same edit (one stamp), and the server refuses it with the stage (push.ts `moveLost`). The other side's reason is
 * older than its stage as the date may be (the one the deal had): its stamp is not compared.
 */
const moveReason = (s: string, r: string): string => `${sameMove(s, r)} AND ${r}.field = 'lostReason'`;

/** Open entry `e` goes with the stage entry `s`: the probability, close date or lost reason of the same move. */
const ofStage = (s: string, e: string): string => `(${stageMove(s, e)}) OR (${moveDate(s, e)}) OR (${moveReason(s, e)})`;

/** An open entry of the list's own: not the probability, close date or lost reason of a stage move, which go with its stage's. */
const listedOwn = `resolved_at IS NULL AND NOT EXISTS (SELECT 1 FROM conflicts s WHERE ${ofStage('s', 'conflicts')})`;

export async function openConflictCount(tx: ReadTx): Promise<number> {
  const row = await tx.get<{ n: unknown }>(`SELECT count(*) AS n FROM conflicts WHERE ${listedOwn}`);
  return typeof row?.n === 'number' ? row.n : 0;
}

const ConflictRow = z.object({
  id: z.number().int(),
  entity: z.string(),
  record_id: z.string(),
  field: z.string(),
  reason: z.string(),
  local_value: z.string().nullable(),
  local_hlc: z.string(),
  remote_value: z.string().nullable(),
  remote_hlc: z.string(),
  unsent: z.number().int(),
  created_at: z.number().int(),
});

/** A conflict as stored, without what the vault's columns add to its view (`emptyValue`). */
const StoredConflict = ConflictViewSchema.omit({ emptyValue: true, stageProbability: true });
type StoredConflict = z.infer<typeof StoredConflict>;

/** When a side's value was written, from its clock stamp; null without one (a refusal keeps '' then). */
function stampedAt(hlc: string): number | null {
  return HlcString.safeParse(hlc).success ? decodeHlc(hlc).millis : null;
}

function toStored(row: unknown): StoredConflict {
  const parsed = ConflictRow.parse(row);
  const json = (text: string | null) => (text === null ? null : JsonValue.parse(JSON.parse(text)));
  return StoredConflict.parse({
    id: parsed.id,
    entity: parsed.entity,
    recordId: parsed.record_id,
    field: parsed.field,
    reason: parsed.reason,
    localValue: json(parsed.local_value),
    localKept: parsed.local_value !== null,
    remoteValue: json(parsed.remote_value),
    unsent: parsed.unsent === 1,
    createdAt: parsed.created_at,
    localAt: stampedAt(parsed.local_hlc),
    remoteAt: stampedAt(parsed.remote_hlc),
  });
}

const columns =
  'id, entity, record_id, field, reason, local_value, local_hlc, remote_value, remote_hlc, created_at, EXISTS (SELECT 1 FROM sync_unsent u WHERE u.entity = conflicts.entity AND u.record_id = conflicts.record_id) AS unsent';

/** Whether taking the server's side writes the field's empty value here alone: the server holds no value of it. */
const serverHoldsNone = (conflict: StoredConflict): boolean => takesEmptyServerValue(conflict) && conflict.reason !== 'concurrent';

export async function listConflicts(tx: ReadTx, tableColumns: TableColumns, query: ConflictQuery): Promise<ConflictPage> {
  const rows = await tx.all(
    `SELECT ${columns} FROM conflicts WHERE ${listedOwn} AND id > ? AND (? IS NULL OR record_id = ?) ORDER BY id LIMIT ?`,
    [query.after ?? 0, query.recordId ?? null, query.recordId ?? null, query.limit + 1],
  );
  const items: ConflictView[] = [];
  for (const row of rows.slice(0, query.limit)) {
    const conflict = toStored(row);
    const empty = serverHoldsNone(conflict) ? await emptyValue(tx, tableColumns, conflict.entity, conflict.field) : null;
    const probability = await probabilityOfStage(tx, conflict.id);
    const stageProbability = probability === null ? null : { id: probability.id, localValue: probability.localValue, remoteValue: probability.remoteValue };
    items.push(ConflictViewSchema.parse({ ...conflict, emptyValue: empty ?? null, stageProbability }));
  }
  const last = items.at(-1);
  return { items, next: rows.length > query.limit && last !== undefined ? last.id : null };
}

/** The probability entry that goes with a stage's (`stageMove`), or null. */
async function probabilityOfStage(tx: ReadTx, stageEntryId: number): Promise<StoredConflict | null> {
  const row = await tx.get(`SELECT ${columns} FROM conflicts WHERE id = (SELECT p.id FROM conflicts s JOIN conflicts p ON ${stageMove('s', 'p')} WHERE s.id = ?)`, [stageEntryId]);
  return row === undefined ? null : toStored(row);
}

/** The close date or lost reason entry (`moveDate`, `moveReason`: `of`) that goes with a stage's, or null. */
async function movedWithStage(tx: ReadTx, stageEntryId: number, of: (s: string, e: string) => string): Promise<StoredConflict | null> {
  const row = await tx.get(`SELECT ${columns} FROM conflicts WHERE id = (SELECT e.id FROM conflicts s JOIN conflicts e ON ${of('s', 'e')} WHERE s.id = ?)`, [stageEntryId]);
  return row === undefined ? null : toStored(row);
}

/** The id of the stage entry a probability, close date or lost reason entry goes with (`ofStage`), or null. */
async function stageOfEntry(tx: ReadTx, entryId: number): Promise<number | null> {
  const row = await tx.get<{ id: number }>(`SELECT s.id AS id FROM conflicts e JOIN conflicts s ON ${ofStage('s', 'e')} WHERE e.id = ?`, [entryId]);
  return row?.id ?? null;
}

const closeEntries = (tx: WriteTx, now: number, ids: readonly number[]) =>
  tx.run(`UPDATE conflicts SET resolved_at = ? WHERE id IN (${ids.map(() => '?').join(', ')})`, [now, ...ids]);

export interface ResolveContext {
  readonly columns: TableColumns;
  readonly hooks: RecordHooks;
  readonly now: number;
}

/** Whether the stored entry is the version the review showed: its stamps as they were then. */
function isAsShown(conflict: StoredConflict, shown: NonNullable<ConflictResolution['shown']>): boolean {
  return conflict.createdAt === shown.createdAt && conflict.reason === shown.reason && conflict.localAt === shown.localAt && conflict.remoteAt === shown.remoteAt;
}

/**
 * Closes an open conflict. Keeping `local` or `remote` writes that value as a
 * new local edit (outbox entry included, so it syncs and, being newest, wins);
 * `local` of an emptied field (`localKept`: an account unlinked, a date
 * cleared, a record restored) writes the empty value where the field may hold
 * it. Of a record the server holds nothing of (`unsent`), `remote` discards the
 * device's copy and `local` sends the record again, whole. `remote` of a
 * field the server refused this device's value of and holds none of
 * (`takesEmptyServerValue`: a new record it took in part) gives the field
 * the value other devices hold, its empty one, as a compensation would,
 * without an outbox entry: the server holds it already, and one whose
 * refusal was `forbidden` would only be refused again. `both` (tags whose
 * sides each hold one the other lacks, `keepsBoth`) writes the record's
 * tags, then the sides' missing ones (`bothSides`), as a new local edit
 * like `local`; a union the field may not hold (more than 50 tags) is
 * refused (`conflict_both_invalid`), nothing written. A deal's stage moved
 * on both sides (`stageMove`) is settled with its probability's entry and
 * the close date's and lost reason's the move set (`moveDate`, `moveReason`),
 * whichever id is named: `local` or `remote` writes that side's stage,
 * probability, date and reason as one new local edit. A side kept on a record
 * now in this device's trash is refused (`conflict_record_trashed`, nothing
 * written, the entry stays open): written into the trashed record, it would
 * stay out of sight. `current` still closes such an entry, and the entries
 * of the trash itself (`deletedAt`: a trash against a restore; and
 * `deleted_elsewhere`, `resolveTrashed`) are answered as before. Of a record
 * now known to be a teammate's (record-owners.ts), `local` and `both` are
 * refused (NotOwnerError, `not_owner`; nothing written, the entry stays
 * open): the server would refuse them again; `remote` is written here alone.
 * A task's status or reminder assigned to this user is kept (its assignee's).
 * An entry a sync rewrote since the review showed it (`shown`: its stamps then)
 * is refused (`conflict_changed`, nothing written, the entry stays open).
 * Answers the record it changed (wrote or removed), or null.
 */
export async function resolveConflict(
  tx: WriteTx,
  ctx: ResolveContext,
  id: number,
  keep: ConflictResolution['keep'],
  recordId?: string,
  shown?: ConflictResolution['shown'],
): Promise<RecordKey | null> {
  const row = await tx.get(`SELECT ${columns} FROM conflicts WHERE id = ? AND resolved_at IS NULL`, [id]);
  if (row === undefined) throw new NotFoundError('The conflict');
  const conflict = toStored(row);
  // Its id taken by another record's entry since the review read it (the row went with an evicted record).
  if (recordId !== undefined && conflict.recordId !== recordId) throw new NotFoundError('The conflict');
  // Rewritten in place by a sync since the review showed it (recordConflict, followServerValue): the choice was
  // made on other values, or for another reason.
  if (shown !== undefined && !isAsShown(conflict, shown)) {
    throw new BadInputError('This conflict changed while you were looking at it. Check the values shown now and choose again.', { code: 'conflict_changed' });
  }
  // A teammate's record (record-owners.ts): the server refuses this device's side again, so it is not kept; the
  // server's side is written here alone (the server holds it already), not sent to be refused in turn.
  const teammates = await ownedByTeammate(tx, conflict.entity, conflict.recordId);
  // But a task's status or reminder that its assignee, this user, keeps: the server takes those (assignedToMe).
  const mine = keep === 'local' || keep === 'both';
  if (teammates && mine && (conflict.unsent || !(await assignedToMe(tx, ctx.columns, conflict.entity, conflict.recordId, [conflict.field])))) {
    throw new NotOwnerError(conflict.entity, [conflict.recordId], false);
  }
  const stageEntryId = await stageOfEntry(tx, id);
  if (stageEntryId !== null) return resolveConflict(tx, ctx, stageEntryId, keep);
  if (conflict.reason === 'deleted_elsewhere') return resolveTrashed(tx, ctx, conflict, keep);
  const move = { probability: await probabilityOfStage(tx, id), date: await movedWithStage(tx, id, moveDate), reason: await movedWithStage(tx, id, moveReason) };
  if (move.probability !== null || move.date !== null || move.reason !== null) return resolveStageMove(tx, ctx, conflict, move, keep, teammates);
  if (conflict.unsent && keep === 'remote') {
    await discardUnsent(tx, conflict.entity, conflict.recordId, ctx.hooks);
    return { entity: conflict.entity, recordId: conflict.recordId };
  }
  let changed = false;
  if (conflict.unsent && keep === 'local') {
    await resendUnsent(tx, ctx, conflict.entity, conflict.recordId);
  } else if (keep !== 'current') {
    if (keep === 'both' && !keepsBoth(conflict)) throw new BadInputError('Only a set of tags whose sides each hold a tag the other lacks can keep both sides.');
    // The server's empty: a null it holds (sent as an edit like any value), or no value at all (written here alone).
    const empty = keep === 'remote' && takesEmptyServerValue(conflict);
    const writtenHereAlone = keep === 'remote' && serverHoldsNone(conflict);
    const hereAlone = writtenHereAlone || (keep === 'remote' && teammates);
    const chosen = keep === 'local' ? conflict.localValue : conflict.remoteValue;
    const current = await readFields(tx, ctx.columns, conflict.entity, conflict.recordId, [conflict.field, 'updatedBy', 'deletedAt']);
    if (current !== null) refuseInTrash(conflict.field, current);
    const value = writtenHereAlone
      ? await emptyValue(tx, ctx.columns, conflict.entity, conflict.field)
      : keep === 'both' && current !== null
        ? bothSides(current[conflict.field], conflict)
        : chosen;
    // This device's empty value, kept (`localKept`): an unlink, a cleared date or a restore is kept like any value.
    const keptEmpty = keep === 'local' && conflict.localKept && current !== null && isWritableValue(conflict.entity, conflict.field, null);
    if (value === undefined || (value === null && !empty && !keptEmpty) || conflict.field === '*') throw new BadInputError('That value is no longer available; keep the current one.', { code: 'conflict_value_gone' });
    if (current === null) throw new NotFoundError('The record');
    // The union of two valid sides may still not be a value the field may hold (more tags than a record keeps).
    if (keep === 'both' && !isWritableValue(conflict.entity, conflict.field, value)) {
      throw new BadInputError('Both sides together are more than this field can hold (at most 50 tags). Choose one side, or keep it as it is now.', { code: 'conflict_both_invalid' });
    }
    // Keeping a refused value sends it again even where the record holds it still: the server does not, and a
    // second refusal brings the entry back rather than closing it with nothing sent.
    const resend = keep === 'local' && conflict.reason !== 'concurrent';
    changed = await writeChosen(tx, ctx, conflict, { [conflict.field]: value }, current, hereAlone, resend);
    if (keep === 'remote' && teammates) await dropQueued(tx, conflict, [conflict.field]);
  }
  await closeEntries(tx, ctx.now, [id]);
  return changed ? { entity: conflict.entity, recordId: conflict.recordId } : null;
}

/**
 * Refuses to keep a side of `field` on a record in the trash (its `deletedAt`
 * set): the value would be written where the user cannot see it. An entry of
 * `deletedAt` itself is the trash (or a restore) to review, so it passes.
 */
function refuseInTrash(field: string, current: Readonly<Record<string, JsonValue>>): void {
  const deletedAt = current['deletedAt'];
  if (field === 'deletedAt' || deletedAt === undefined || deletedAt === null) return;
  throw new BadInputError('This record is in the trash. Restore it first, or keep it as it is.', { code: 'conflict_record_trashed' });
}

/**
 * Writes the chosen values when the record holds another value of any of
 * them (or always, `resend`): all of them, as one new local edit that syncs
 * (outbox entry, `updatedAt` with them), or here alone (`hereAlone`: what the
 * server holds already). Answers whether it wrote.
 */
async function writeChosen(
  tx: WriteTx,
  ctx: ResolveContext,
  record: RecordKey,
  chosen: Readonly<Record<string, JsonValue>>,
  current: Readonly<Record<string, JsonValue>>,
  hereAlone: boolean,
  resend = false,
): Promise<boolean> {
  if (!resend && Object.entries(chosen).every(([field, value]) => JSON.stringify(current[field] ?? null) === JSON.stringify(value))) return false;
  const fields: Record<string, JsonValue> = { ...chosen };
  if (!hereAlone && 'updatedBy' in current) fields.updatedAt = ctx.now;
  await writeFields(tx, ctx.columns, record.entity, record.recordId, fields);
  if (!hereAlone) await recordChange(tx, { entity: record.entity, recordId: record.recordId, kind: 'upsert', fields }, ctx.now);
  await ctx.hooks.afterWrite(tx, record.entity, [record.recordId]);
  return true;
}

interface StageMoveEntries {
  readonly probability: StoredConflict | null;
  readonly date: StoredConflict | null;
  readonly reason: StoredConflict | null;
}

/**
 * A deal's stage moved on both sides (`stageMove`, `moveDate`, `moveReason`): `local` or `remote` keeps that side's
 * stage with its probability, close date and lost reason together; all the entries close. Before, the date a move
 * to Won set stayed with the other side's open stage (an open deal closing the day of a move that lost), and the
 * reason of a move to Lost was an entry apart: Keep mine wrote Lost without it.
 */
async function resolveStageMove(
  tx: WriteTx,
  ctx: ResolveContext,
  stage: StoredConflict,
  move: StageMoveEntries,
  keep: ConflictResolution['keep'],
  teammates: boolean,
): Promise<RecordKey | null> {
  if (keep === 'both') throw new BadInputError('Keep one side’s stage and probability, or keep the deal as it is now.');
  const record = { entity: stage.entity, recordId: stage.recordId };
  let changed = false;
  if (keep !== 'current') {
    const sideOf = (entry: StoredConflict | null) => (entry === null ? undefined : keep === 'local' ? entry.localValue : entry.remoteValue);
    const side = { stageId: sideOf(stage), probability: sideOf(move.probability), expectedCloseDate: sideOf(move.date), lostReason: sideOf(move.reason) };
    if (side.stageId === null || side.stageId === undefined || side.probability === null) {
      throw new BadInputError('That value is no longer available; keep the current one.', { code: 'conflict_value_gone' });
    }
    const current = await readFields(tx, ctx.columns, record.entity, record.recordId, ['stageId', 'probability', 'expectedCloseDate', 'lostReason', 'updatedBy', 'deletedAt']);
    if (current === null) throw new NotFoundError('The record');
    refuseInTrash('stageId', current);
    // A deal that leaves Lost leaves its reason there, as a move does (deal.service.ts updateDeal).
    const kind = typeof side.stageId === 'string' ? await tx.get<{ kind: unknown }>('SELECT kind FROM pipeline_stages WHERE id = ?', [side.stageId]) : undefined;
    const notLost = kind !== undefined && kind.kind !== 'lost';
    const leavesLost = notLost && typeof current.lostReason === 'string' && current.lostReason !== '';
    const chosen: Record<string, JsonValue> = { stageId: side.stageId };
    if (side.probability !== undefined) chosen.probability = side.probability;
    // A side without a date (none held): the deal keeps its own, a valid one.
    if (side.expectedCloseDate !== undefined && side.expectedCloseDate !== null) chosen.expectedCloseDate = side.expectedCloseDate;
    if (leavesLost) chosen.lostReason = '';
    // The side's move to Lost brings the reason it set.
    else if (!notLost && typeof side.lostReason === 'string') chosen.lostReason = side.lostReason;
    changed = await writeChosen(tx, ctx, record, chosen, current, teammates);
    if (keep === 'remote' && teammates) await dropQueued(tx, record, ['stageId', 'probability', 'expectedCloseDate', 'lostReason']);
  }
  await closeEntries(tx, ctx.now, [stage.id, ...[move.probability, move.date, move.reason].flatMap((entry) => (entry === null ? [] : [entry.id]))]);
  return changed ? record : null;
}

/** The server's side taken on a teammate's record: queued values of those fields go (sent, each was refused again). */
async function dropQueued(tx: WriteTx, record: RecordKey, fields: readonly string[]): Promise<void> {
  for (const field of fields) await stripPendingField(tx, record.entity, record.recordId, field);
}

/** Of a record trashed elsewhere over this device's edits: `local` restores it with them, `current` dismisses the entry. */
async function resolveTrashed(tx: WriteTx, ctx: ResolveContext, conflict: StoredConflict, keep: ConflictResolution['keep']): Promise<RecordKey | null> {
  if (keep !== 'local' && keep !== 'current') throw new BadInputError('Restore the record with your changes, or dismiss this.');
  const record = { entity: conflict.entity, recordId: conflict.recordId };
  const changed = keep === 'local' && (await restoreWithChanges(tx, ctx, record, conflict.localValue));
  await closeEntries(tx, ctx.now, [conflict.id]);
  return changed ? record : null;
}
