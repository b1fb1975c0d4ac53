// Push: sends the outbox in seq order, in batches of at most 500 operations
// and 1 MiB (less on a link too slow for that: push-pace.ts), and settles each answer in one local transaction: entries up to
// appliedThroughSeq leave the outbox, every refused operation becomes a
// conflict entry, and its compensating change (the server's state of the
// record) is applied locally without an outbox entry. A dropped answer is
// harmless: the entries are still there, and the server dedupes a resent
// batch by (device, seq) and returns the refusals it kept. A new record the
// server refuses whole stays on the device as unsent (unsent.ts): its next
// operation carries the whole record. A push names the cursor this device has
// pulled through, so the server reports the values of other devices it
// overwrote that this device never saw; each becomes a 'concurrent' conflict
// in the same transaction (this device's value is current, the replaced one
// is the other device's edit to review).
import { maxPushOperations, type ConcurrentOverwrite, type Operation, type PushResponse, type RecordKey, type RejectedOperation, type ServerChange } from '../../src-shared/sync/protocol';
import type { WriteTx } from '../vault/connection';
import { applyChanges, type ApplyContext, type ApplyOutcome, type Forced } from './apply-changes';
import { ChangedRecords } from './changed-records';
import { closeAcceptedRefusals, recordConflict } from './conflict-recording';
import { pendingFieldsOf, readOutbox, removeAcknowledged, renumberIfBehind } from './outbox';
import { batchBytes, firstBatch } from './push-batch';
import { readFields } from './record-rows';
import { isRateLimited, requestedWaitMs, SyncServerError } from './errors';
import type { SyncSession } from './session';
import { mergeRemoteStamps, readPullPosition, restampFutureOutbox } from './sync-state';
import { asCreates, refusedWhole, settleUnsent } from './unsent';

export interface PushResult {
  readonly sent: number;
  readonly rejected: number;
  readonly outcome: ApplyOutcome;
}

async function recordRejection(tx: WriteTx, operation: Operation, rejection: RejectedOperation, now: number): Promise<void> {
  const compensation = rejection.compensation;
  // A record the device may not hold (evicted) or that was erased keeps no values here.
  const keepsValues = compensation === null || compensation.kind === 'upsert';
  const fields = rejection.fields.length > 0 ? rejection.fields : Object.keys(operation.fields);
  for (const field of fields.length > 0 ? fields : ['*']) {
    const local = operation.fields[field];
    // A field the operation no longer carries: a pull took it out since the batch first went (a newer value of
    // another device's won it, and that clash is the field's entry). The server's refusal of it is a replay of the
    // one it kept; recording it would write an empty "yours" over that entry. (A new record refused whole names
    // fields it lacks: those are its entries.)
    if (local === undefined && rejection.fields.length > 0 && !refusedWhole(rejection)) continue;
    const remote = compensation?.kind === 'upsert' ? compensation.fields[field] : undefined;
    // The server holds the value this device sent (another device made the same change): nothing was lost.
    if (local !== undefined && remote !== undefined && JSON.stringify(local.value) === JSON.stringify(remote.value)) continue;
    await recordConflict(
      tx,
      {
        entity: operation.entity,
        recordId: operation.recordId,
        field,
        reason: rejection.code,
        localValue: keepsValues ? (local?.value ?? null) : null,
        localKept: keepsValues && local !== undefined,
        localHlc: local?.hlc ?? operation.hlc,
        remoteValue: remote?.value ?? null,
        remoteHlc: remote?.hlc ?? '',
      },
      now,
    );
  }
}

/**
 * Keeps an overwritten value of another device (ConcurrentOverwrite) for review:
 * this device's value, as the record holds it now, against the replaced one.
 */
async function recordOverwrite(tx: WriteTx, ctx: ApplyContext, batch: readonly Operation[], overwrite: ConcurrentOverwrite): Promise<void> {
  const { entity, recordId, field, replaced } = overwrite;
  const sent = batch.findLast((operation) => operation.entity === entity && operation.recordId === recordId && operation.fields[field] !== undefined);
  const localHlc = sent?.fields[field]?.hlc;
  if (localHlc === undefined) return; // not a field this batch set: nothing of ours to compare
  const current = await readFields(tx, ctx.columns, entity, recordId, [field]);
  const localValue = current?.[field];
  if (localValue === undefined || JSON.stringify(localValue) === JSON.stringify(replaced.value)) return;
  await recordConflict(tx, { entity, recordId, field, reason: 'concurrent', localValue, localKept: true, localHlc, remoteValue: replaced.value, remoteHlc: replaced.hlc }, ctx.now);
}

/** The fields of the batch the server applied: operations it answers for, less what it refused of them. */
function acceptedFields(batch: readonly Operation[], response: PushResponse): (RecordKey & { field: string })[] {
  const refused = new Map<number, readonly string[]>();
  for (const rejection of response.rejected) refused.set(rejection.seq, rejection.fields);
  const accepted: (RecordKey & { field: string })[] = [];
  for (const operation of batch) {
    if (operation.seq > response.appliedThroughSeq) break;
    const fields = refused.get(operation.seq);
    // A refusal naming no field refused the whole operation.
    if (fields !== undefined && fields.length === 0) continue;
    for (const field of Object.keys(operation.fields)) {
      if (fields?.includes(field) !== true) accepted.push({ entity: operation.entity, recordId: operation.recordId, field });
    }
  }
  return accepted;
}

/** Settles one push answer locally; returns what the compensations changed. */
export async function settlePush(tx: WriteTx, session: SyncSession, batch: readonly Operation[], response: PushResponse): Promise<ApplyOutcome> {
  // A compensation is the server's state of a record at the commit it names. One older than what this
  // device has already pulled comes from a replayed answer: applying it would undo newer changes (evict a
  // record that has since come back into this device's buckets) that no later pull sends again. Settling
  // nothing and resending is safe: the server answers a resent batch with the refusals it kept, as of now.
  const { cursor } = await readPullPosition(tx);
  if (response.rejected.some((rejection) => rejection.compensation !== null && rejection.compensation.commitSeq < cursor)) {
    throw new SyncServerError(200, 'wrong_page', true, 'The sync server sent an answer to another request. Sync will try again.');
  }
  const ctx = await session.applyContext(tx);
  const bySeq = new Map(batch.map((operation) => [operation.seq, operation]));
  if (await renumberIfBehind(tx, response.appliedThroughSeq)) {
    // A copied or restored vault: nothing of the batch was applied; it goes again under new numbers.
    ctx.log.log('warn', 'sync.outboxRenumbered', { appliedThroughSeq: response.appliedThroughSeq });
    return { purged: [], removed: 0, touched: new ChangedRecords() };
  }
  // Never past what this batch carried: entries written since (or left out of a batch cut shorter on a resend)
  // were not sent, whatever the server counts as applied.
  await removeAcknowledged(tx, Math.min(response.appliedThroughSeq, batch.at(-1)?.seq ?? 0));
  await settleUnsent(tx, batch, response.rejected, ctx.now);
  await closeAcceptedRefusals(tx, acceptedFields(batch, response), ctx.now);
  const compensations: ServerChange[] = [];
  const forced = new Map<ServerChange, Forced>();
  for (const rejection of response.rejected) {
    const operation = bySeq.get(rejection.seq);
    if (operation === undefined) continue;
    await recordRejection(tx, operation, rejection, ctx.now);
    if (rejection.compensation === null) continue;
    // Fields that a later, still pending operation changes again stay as they are: that one is still to be sent.
    const later = await pendingFieldsOf(tx, rejection.compensation.entity, rejection.compensation.recordId);
    compensations.push(rejection.compensation);
    forced.set(rejection.compensation, { keepLocal: new Set(later.keys()) });
  }
  const outcome = await applyChanges(tx, ctx, compensations, forced);
  // Only an answer to this batch (a late one to an earlier batch acknowledges less) says what this batch overwrote.
  const answersBatch = batch[0] !== undefined && response.appliedThroughSeq >= batch[0].seq;
  if (answersBatch) for (const overwrite of response.overwritten) await recordOverwrite(tx, ctx, batch, overwrite);
  const stamps = compensations.flatMap((change) => Object.values(change.fields).map((field) => field.hlc));
  await mergeRemoteStamps(tx, stamps, ctx.now, response.serverTime);
  return outcome;
}

/**
 * Pushes until the outbox is empty (or holds only what was written during the push). `applied`, the cycle's:
 * each batch's settled changes are added as the batch commits, so a later batch that fails leaves them said.
 */
export async function pushOutbox(session: SyncSession, signal: AbortSignal, applied?: ChangedRecords): Promise<PushResult> {
  let sent = 0;
  let rejected = 0;
  const outcome: ApplyOutcome = { purged: [], removed: 0, touched: new ChangedRecords() };
  for (;;) {
    const { pending, position } = await session.connection().read(async (tx) => ({
      pending: await asCreates(tx, session.columns, await readOutbox(tx, maxPushOperations)),
      position: await readPullPosition(tx),
    }));
    const batch = firstBatch(pending, { maxOperations: maxPushOperations, maxBytes: session.pushPace.budget });
    const first = batch[0];
    if (first === undefined) break;
    const sentAt = session.now();
    // Mid-way through a paged step (a snapshot, a backfill) the cursor does not say what this device has seen.
    const response = await session.api.push(batch, signal, position.resume === null ? position.cursor : null).catch((error: unknown) => {
      if (session.pushPace.failed(batchBytes(batch), error)) session.log.log('info', 'sync.pushBatchShrunk', { bytes: session.pushPace.budget });
      throw error;
    });
    session.pushPace.answered(session.now() - sentAt, batch.length < pending.length);
    session.heardServerTime(response.serverTime);
    const settled = await session.connection().write((tx) => settlePush(tx, session, batch, response));
    outcome.purged.push(...settled.purged);
    outcome.removed += settled.removed;
    outcome.touched.addAll(settled.touched);
    applied?.addAll(settled.touched);
    sent += batch.length;
    rejected += response.rejected.length;
    session.onProgress();
    // The server acknowledges through the batch's last seq; anything less would resend forever.
    if (response.appliedThroughSeq < first.seq) throw new SyncServerError(200, 'no_progress', true, 'The sync server did not accept the changes. FieldVault will try again.');
  }
  return { sent, rejected, outcome };
}

/**
 * Server answers to a push that refuse this device or ask it to slow down (a
 * 429, or any answer naming a wait: a maintenance window, a busy store): a
 * pull would be refused the same way, so they end the cycle at once. Any
 * other answer of the server's refusing the push (what it carries, a server
 * failure on it, a busy store) lets the pull go ahead: its evictions and
 * erasure purges must reach this device whatever its outbox holds (before,
 * only `forbidden`, `too_large` and `clock_skew` did, and a push the server
 * failed on at every cycle kept an erased record on the device for good).
 */
const endsTheCycle: ReadonlySet<string> = new Set(['unauthenticated', 'rate_limited']);

/**
 * Pushes; a push the server refuses as a whole is held back (`blocked`) so
 * the pull still runs: `forbidden` (it names a record this device may no
 * longer write, e.g. one reassigned to someone else while the device was
 * offline) until the pull has evicted that record and dropped its pending
 * operations; anything else until the pull is done, when the cycle reports it.
 * No answer at all (the network) ends the cycle: the pull would get none.
 */
export async function pushFirst(
  session: SyncSession,
  signal: AbortSignal,
  applied?: ChangedRecords,
  restamped = false,
): Promise<PushResult & { blocked: SyncServerError | null }> {
  try {
    return { ...(await pushOutbox(session, signal, applied)), blocked: null };
  } catch (error) {
    if (!(error instanceof SyncServerError) || endsTheCycle.has(error.serverCode) || isRateLimited(error) || requestedWaitMs(error) !== undefined) throw error;
    // Stamped while the device clock ran ahead, since set right: stamped anew, pushed again (once; with the clock
    // still ahead nothing is beyond it, and the refusal is reported after the pull, as before).
    if (error.serverCode === 'clock_skew' && !restamped && (await session.connection().write((tx) => restampFutureOutbox(tx, session.now()))) > 0) {
      return pushFirst(session, signal, applied, true);
    }
    return { sent: 0, rejected: 0, outcome: { purged: [], removed: 0, touched: new ChangedRecords() }, blocked: error };
  }
}
