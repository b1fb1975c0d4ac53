// Applies one push (ARCHITECTURE.md "Sync"): validates every operation,
// checks the device's rights (until roles land: a device writes only records
// its user owns, and the status and reminder of a task assigned to its user;
// a new record is owned by its creator), merges field by field
// with last-writer-wins by HLC where deletes win, and writes everything as
// one commit in one transaction. Idempotent by (device, seq): operations at
// or below the device's last applied seq are not applied again, and their
// kept rejections come back as they did the first time.
//
// A push that names the cursor its device has pulled through (PushHeaders)
// also learns which values it overwrote that the device had not seen: a
// field whose stored value another device committed after that cursor. The
// merge is the same (the later stamp wins); the replaced value comes back in
// `overwritten`, so the device keeps a conflict to review rather than the
// other device's edit disappearing unseen (ARCHITECTURE.md "Sync").
import { assigneeMayWrite } from '../../src-shared/domain/task';
import { blindIndexedFields, isSyncedField } from '../../src-shared/sync/entity-fields';
import { isStoredFormValue, requiredOnCreate } from '../../src-shared/sync/field-values';
import { compareHlc, decodeHlc } from '../../src-shared/sync/hlc';
import { isLowerCaseRecordId, type ConcurrentOverwrite, type FieldChange, type Operation, type PushRequest, type PushResponse, type RejectedOperation } from '../../src-shared/sync/protocol';
import { blindDigestsOf } from '../crypto/blind-index';
import { sealRecordFields } from '../crypto/record-seal';
import type { Buckets, ChangeLogRow, DeviceRow, FieldStateRow, RecordKey, RecordRow, SealedValue, StoredRejection } from '../store/rows';
import type { StoreTx } from '../store/store';
import { bucketsForNewRecord, bucketsOf, isVisible, recordKeyString } from './buckets';
import type { SyncContext } from './context';
import { badRequest, deviceRevoked, forbidden, SyncError } from './errors';
import { PushState, type WorkingRecord } from './push-state';
import { placeAssignedTasks, writeTaskMoves } from './task-placement';

/** Checks that need no store: order of seqs and clocks. Throws a 400 SyncError. */
export function validatePushShape(request: PushRequest, now: number, maxClockSkewMs: number): void {
  let previous = 0;
  for (const operation of request.operations) {
    if (operation.seq <= previous) throw badRequest('Operations must be sent in strictly increasing seq order');
    previous = operation.seq;
    // Usually every field carries the operation's own stamp: check each distinct stamp once.
    const stamps = new Set([operation.hlc, ...Object.values(operation.fields).map((change) => change.hlc)]);
    for (const stamp of stamps) {
      const ahead = decodeHlc(stamp).millis - now;
      if (ahead > maxClockSkewMs) {
        throw new SyncError('clock_skew', `Operation ${operation.seq} is stamped ${Math.round(ahead / 1000)} s ahead of the server clock; fix the device clock`);
      }
    }
  }
}

function reject(seq: number, code: StoredRejection['code'], message: string, fields: readonly string[] = []): StoredRejection {
  return { seq, code, message, fields };
}

/**
 * One operation's rejections in the order the store keeps them (by code), so
 * a replay answers in the same order. An operation can be refused twice
 * (`unknown_field` and `conflict`), never twice with one code.
 */
const byCode = (a: StoredRejection, b: StoredRejection): number => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

/** Decides one operation against the working state; returns its rejections (none when fully applied). */
interface Rights {
  readonly userId: string;
  readonly userBuckets: Buckets;
  readonly historyBuckets: Buckets;
  /** Records in no bucket the user has or had, but that once sat in one of them before an admin moved them. */
  readonly formerlyVisible: ReadonlySet<string>;
}

/** A stored value a push replaced that was committed after the device's cursor, and the commit that wrote it. */
interface Replaced {
  readonly overwrite: ConcurrentOverwrite;
  readonly key: RecordKey;
  readonly commitSeq: number;
}

/** What the pushing device had seen, when its push says (PushHeaders); values it replaced from after that are collected. */
interface Seen {
  readonly pulledThrough: number;
  readonly replaced: Replaced[];
}

/**
 * Notes the stored value of `field` this operation replaces when the device
 * may not have seen it: committed after the device's cursor (and not written
 * earlier in this push, which the device sent). Which device made that
 * commit is settled afterwards (`overwritesOfOthers`): HLC device ids are
 * the vault's own, not the server's device ids.
 */
function noteReplaced(record: WorkingRecord, field: string, replaced: FieldChange, seen: Seen): void {
  if (record.applied.has(field)) return;
  const commitSeq = record.storedCommits.get(field);
  if (commitSeq === undefined || commitSeq <= seen.pulledThrough) return;
  seen.replaced.push({ overwrite: { entity: record.key.entity, recordId: record.key.recordId, field, replaced }, key: record.key, commitSeq });
}

/** The replaced values that another device (or an admin) committed: the device's own were seen. */
async function overwritesOfOthers(tx: StoreTx, seen: Seen, deviceId: string): Promise<ConcurrentOverwrite[]> {
  const committer = new Map<string, string | null>();
  for (const key of new Map(seen.replaced.map((item) => [recordKeyString(item.key.entity, item.key.recordId), item.key])).values()) {
    for (const row of await tx.listChangeLog(key)) committer.set(`${recordKeyString(key.entity, key.recordId)}@${row.commitSeq}`, row.deviceId);
  }
  return seen.replaced
    .filter((item) => committer.get(`${recordKeyString(item.key.entity, item.key.recordId)}@${item.commitSeq}`) !== deviceId)
    .map((item) => item.overwrite);
}

/**
 * Records the user can no longer see but may still hold offline: moved away
 * by an admin from a bucket the user had. Their operations are refused one by
 * one (with an evict) rather than failing the whole push, so an honest
 * device's outbox never gets stuck.
 */
async function formerlyVisibleRecords(tx: StoreTx, state: PushState, userBuckets: Buckets, historyBuckets: Buckets): Promise<Set<string>> {
  const found = new Set<string>();
  for (const [id, record] of state.records) {
    if (record.buckets === null || isVisible(record.buckets, userBuckets) || isVisible(record.buckets, historyBuckets)) continue;
    const moves = (await tx.listChangeLog(record.key)).filter((row) => row.kind === 'rebucket');
    if (moves.some((row) => row.previousBuckets !== null && isVisible(row.previousBuckets, historyBuckets))) found.add(id);
  }
  return found;
}

/**
 * A task's assignee may mark it done or open and move its reminder though a teammate owns it: an edit of a stored
 * task assigned to the caller that writes only those fields (assigneeMayWrite). Anything else, and an edit mixing
 * them with another field, stays the owner's.
 */
function assigneeEdit(record: WorkingRecord, operation: Operation, userId: string): boolean {
  return (
    operation.entity === 'tasks' && operation.kind === 'upsert' && record.fields['assigneeId']?.value === userId && assigneeMayWrite(Object.keys(operation.fields))
  );
}

function applyOperation(state: PushState, operation: Operation, rights: Rights, seen: Seen | null): StoredRejection[] {
  const { userId, userBuckets, historyBuckets } = rights;
  const record = state.get(operation);
  const fieldNames = Object.keys(operation.fields);
  if (record.erasure !== null) return [reject(operation.seq, 'erased', 'This record was erased and cannot be written again')];
  // Before any check of the operation's shape: a malformed operation on a record outside the user's buckets was
  // answered 200 with an 'invalid' refusal kept and the seq moved on, which told its sender the record existed.
  if (record.buckets !== null && !isVisible(record.buckets, userBuckets) && !isVisible(record.buckets, historyBuckets)) {
    // A record this user never could see: no honest client knows its id.
    if (!rights.formerlyVisible.has(recordKeyString(operation.entity, operation.recordId))) {
      throw forbidden('The push names a record outside your buckets; nothing was written');
    }
    return [reject(operation.seq, 'forbidden', 'This record was moved out of your buckets', fieldNames)];
  }
  // A new record's id in lower case, as devices make them: keys compare byte for byte, so an upper-case copy of an
  // erased id was a new key the ledger did not know. Refused alone, so the rest of an honest outbox goes on.
  if (record.buckets === null && !isLowerCaseRecordId(operation.recordId)) return [reject(operation.seq, 'invalid', 'A new record id must be a lower-case UUID')];
  if (operation.kind === 'delete' && fieldNames.length > 0) return [reject(operation.seq, 'invalid', 'A delete carries no fields')];
  if (operation.kind === 'upsert' && fieldNames.length === 0) return [reject(operation.seq, 'invalid', 'An upsert needs at least one field')];

  if (record.buckets !== null && record.buckets.ownerUserId !== userId && !assigneeEdit(record, operation, userId)) {
    return [reject(operation.seq, 'forbidden', 'Only the owner may change this record', fieldNames)];
  }
  if (record.deleted) {
    return operation.kind === 'delete' ? [] : [reject(operation.seq, 'conflict', 'The record was deleted; deletes win over edits', fieldNames)];
  }
  if (operation.kind === 'delete') {
    if (record.buckets === null) return []; // never reached the server: nothing to delete
    record.deleted = true;
    record.deleteHlc = operation.hlc;
    return [];
  }

  const unknown = fieldNames.filter((field) => !isSyncedField(operation.entity, field));
  const known = fieldNames.filter((field) => isSyncedField(operation.entity, field));
  const rejections: StoredRejection[] = [];
  if (unknown.length > 0) {
    rejections.push(reject(operation.seq, 'unknown_field', `Fields this server does not know: ${unknown.join(', ')}`, unknown));
  }
  // Messages name fields only: a refused value may be customer data.
  const invalid = known.filter((field) => !isStoredFormValue(operation.entity, field, operation.fields[field]?.value ?? null));
  const writable = known.filter((field) => !invalid.includes(field));
  if (record.buckets === null) {
    const missing = requiredOnCreate[operation.entity].filter((field) => !writable.includes(field));
    if (missing.length > 0) {
      const named = [...new Set([...missing, ...invalid])];
      rejections.push(reject(operation.seq, 'invalid', `A new record needs valid values for: ${named.join(', ')}; nothing of it was written`, named));
      return rejections;
    }
  }
  if (invalid.length > 0) {
    rejections.push(reject(operation.seq, 'invalid', `Values not accepted for: ${invalid.join(', ')}`, invalid));
  }
  if (writable.length === 0) return rejections;
  if (record.buckets === null) {
    record.created = true;
    record.buckets = bucketsForNewRecord(userId, { teamIds: userBuckets.teamIds, territoryIds: userBuckets.territoryIds });
  }
  const lost: string[] = [];
  const orderOf = (field: string): number => {
    const change = operation.fields[field];
    const current = record.fields[field];
    return change === undefined ? 0 : current === undefined ? 1 : compareHlc(change.hlc, current.hlc);
  };
  // A deal's stage move carries the probability and lost reason it sets, and the close date a move to Won or Lost
  // sets (stamped as the stage is: the same edit): when a newer stage wins, the rest of the move loses with it.
  // Field by field, an older move to Lost left "0 %, Budget" on the newer open stage, and a move to Won its date.
  const moveLost = operation.entity === 'deals' && writable.includes('stageId') && orderOf('stageId') < 0;
  const ofMove = (field: string): boolean =>
    field === 'probability' || field === 'lostReason' || (field === 'expectedCloseDate' && operation.fields[field]?.hlc === operation.fields['stageId']?.hlc);
  for (const field of writable) {
    const change = operation.fields[field];
    if (change === undefined) continue;
    const current = record.fields[field];
    const order = moveLost && ofMove(field) ? -1 : orderOf(field);
    if (order > 0) {
      // Only the owner or the task's assignee writes (checked above): the replaced value is one this device may read.
      if (seen !== null && current !== undefined) noteReplaced(record, field, current, seen);
      record.fields[field] = change;
      record.applied.set(field, change.hlc);
    } else if (order < 0) {
      lost.push(field);
    }
  }
  if (lost.length > 0) {
    rejections.push(reject(operation.seq, 'conflict', `A newer change of ${lost.join(', ')} is already on the server`, lost));
  }
  return rejections;
}

interface CommitRows {
  readonly inserts: RecordRow[];
  readonly seals: { readonly key: RecordKey; readonly sealed: SealedValue }[];
  readonly blindIndex: { readonly key: RecordKey; readonly field: string; readonly digests: readonly string[] }[];
  readonly fieldStates: FieldStateRow[];
  readonly changeLog: ChangeLogRow[];
}

/** Collects one record's part of the commit for the batched writes; a deletion is written at once. */
async function writeRecord(ctx: SyncContext, tx: StoreTx, record: WorkingRecord, seq: number, deviceId: string, rows: CommitRows): Promise<void> {
  const { key } = record;
  const buckets = record.buckets;
  if (buckets === null) return;
  const sealed = record.applied.size > 0 ? sealRecordFields(ctx.keyring, key.entity, key.recordId, record.fields) : null;
  if (record.created) {
    rows.inserts.push({ ...key, ...buckets, createdSeq: seq, bucketSeq: seq, deletedSeq: null, deleteHlc: null, sealed });
  } else if (sealed !== null && record.deleteHlc === null) {
    rows.seals.push({ key, sealed });
  }
  if (record.applied.size > 0) {
    const fields = [...record.applied].map(([field, hlc]) => ({ field, hlc }));
    rows.changeLog.push({ ...key, commitSeq: seq, kind: 'upsert', deviceId, fields, previousBuckets: null });
    if (record.deleteHlc === null) {
      for (const { field, hlc } of fields) rows.fieldStates.push({ ...key, field, hlc, commitSeq: seq });
      for (const field of blindIndexedFields[key.entity] ?? []) {
        if (record.applied.has(field)) {
          rows.blindIndex.push({ key, field, digests: blindDigestsOf(ctx.keyring.blindIndexKey, key.entity, field, record.fields[field]?.value) });
        }
      }
    }
  }
  if (record.deleteHlc !== null) {
    // A record created and deleted in one push: its row must exist before it becomes a tombstone.
    await tx.insertRecords(rows.inserts.splice(0));
    await tx.markRecordDeleted(key, seq, record.deleteHlc);
    rows.changeLog.push({ ...key, commitSeq: seq, kind: 'delete', deviceId, fields: [], previousBuckets: null });
  }
}

/**
 * `signal`: aborted when the caller no longer waits for the answer; a push still queued for the write lock then fails as BUSY, unrun.
 * `pulledThrough`: the cursor the device has pulled through (PushHeaders), or null when it did not say.
 */
export async function push(ctx: SyncContext, device: DeviceRow, request: PushRequest, signal?: AbortSignal, pulledThrough: number | null = null): Promise<PushResponse> {
  const now = ctx.now();
  validatePushShape(request, now, ctx.policy.maxClockSkewMs);
  return ctx.store.transaction(async (tx) => {
    const current = await tx.getDevice(device.id);
    if (current === null) throw forbidden('Unknown device');
    if (current.revokedAt !== null) throw deviceRevoked();
    const [memberships, history, kept] = await Promise.all([tx.getMemberships(current.userId), tx.getBucketHistory(current.userId), tx.listRejections(current.id)]);
    const userBuckets = bucketsOf(current.userId, memberships);
    const historyBuckets = bucketsOf(current.userId, history);
    const state = await PushState.load(tx, ctx.keyring, request.operations, pulledThrough !== null);
    const seen: Seen | null = pulledThrough === null ? null : { pulledThrough, replaced: [] };

    const fresh = request.operations.filter((operation) => operation.seq > current.lastAppliedSeq);
    const replayedSeqs = new Set(request.operations.filter((operation) => operation.seq <= current.lastAppliedSeq).map((operation) => operation.seq));
    const rejections = kept.filter((rejection) => replayedSeqs.has(rejection.seq));
    const formerlyVisible = await formerlyVisibleRecords(tx, state, userBuckets, historyBuckets);
    const rights: Rights = { userId: current.userId, userBuckets, historyBuckets, formerlyVisible };
    for (const operation of fresh) rejections.push(...applyOperation(state, operation, rights, seen).sort(byCode));

    const overwritten = seen === null || seen.replaced.length === 0 ? [] : await overwritesOfOthers(tx, seen, current.id);
    const dirty = state.dirty();
    let commitSeq: number | null = null;
    if (dirty.length > 0) {
      // A task's team and territory follow its assignee (task-placement.ts).
      const taskMoves = await placeAssignedTasks(tx, state, current.userId, memberships);
      commitSeq = await tx.allocateCommit({ kind: 'push', deviceId: current.id, userId: current.userId, at: now });
      const rows: CommitRows = { inserts: [], seals: [], blindIndex: [], fieldStates: [], changeLog: [] };
      for (const record of dirty) await writeRecord(ctx, tx, record, commitSeq, current.id, rows);
      await tx.insertRecords(rows.inserts);
      await tx.updateRecordSeals(rows.seals);
      await tx.replaceBlindIndexes(rows.blindIndex);
      await tx.upsertFieldStates(rows.fieldStates);
      await tx.appendChangeLog(rows.changeLog);
      if (taskMoves.length > 0) await writeTaskMoves(tx, taskMoves, commitSeq, current.id);
    }
    const lastSeq = request.operations.at(-1)?.seq ?? 0;
    const appliedThroughSeq = Math.max(current.lastAppliedSeq, lastSeq);
    await tx.updateDeviceProgress(current.id, { lastAppliedSeq: appliedThroughSeq, lastSeenAt: now });
    if (fresh.length > 0) await tx.replaceRejections(current.id, rejections);

    const head = commitSeq ?? (await tx.head());
    const operationBySeq = new Map(request.operations.map((operation) => [operation.seq, operation]));
    const rejected: RejectedOperation[] = rejections.map((rejection) => {
      const operation = operationBySeq.get(rejection.seq);
      const compensation = operation === undefined ? null : state.compensation(rejection, operation, userBuckets, head);
      return { seq: rejection.seq, code: rejection.code, message: rejection.message, fields: [...rejection.fields], compensation };
    });
    return { appliedThroughSeq, rejected, commitSeq, overwritten };
  }, signal === undefined ? {} : { signal });
}
