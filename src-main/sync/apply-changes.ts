// Applies server changes to the vault inside the caller's write transaction
// (a pull page together with its cursor, or a push's compensations), never
// writing to the outbox. The merge rule (ARCHITECTURE.md "Sync"):
//   - per field, last writer wins by HLC against field_versions: a remote
//     value older than the local version is ignored, an equal stamp is the
//     same write seen again;
//   - a concurrent edit is kept as a conflict for review. A remote value is
//     concurrent with a local edit when this device had not seen it: either
//     it loses to our edit (had we seen it, our cursor would be past it), or
//     it beats an edit of ours still in the outbox (the other device cannot
//     have seen that one). The losing field leaves the outbox then: the
//     server would only refuse it;
//   - delete, evict and purge remove the record outright (deletes win); a
//     trash (deletedAt) over edits of ours the server may not have held
//     before it is kept as one conflict for review (trashed-elsewhere.ts);
//   - fields this vault has no column for are parked (parked.ts);
//   - a deal's stage move of ours that a newer stage beats stays whole in the
//     outbox when it also set a close date or lost reason (outOfStaleMove):
//     the server refuses it whole and its compensation brings those back;
//   - a compensation (the server's state after refusing our operation) is
//     applied as it is, whatever our stamps say, except for fields a later
//     pending operation of ours changes again.
import { isValidValue } from '../../src-shared/sync/field-values';
import { compareHlc, decodeHlc } from '../../src-shared/sync/hlc';
import type { FieldChange, RecordKey, ServerChange, SyncedEntity } from '../../src-shared/sync/protocol';
import type { Logger } from '../log/logger';
import type { SqlValue, WriteTx } from '../vault/connection';
import { wholeRecordField } from './change-recorder';
import { followServerValue, recordConflict, recordsWithServerSides } from './conflict-recording';
import { stripPendingField } from './outbox';
import { PageState } from './page-state';
import { recordLinks } from './record-links';
import { dropSupersededParked, mergeNewest, parkedOf, parkField, recordsWithParked, unparkFields } from './parked';
import type { RecordHooks } from './record-hooks';
import { completesRow, readFields, sqlValue, type TableColumns, type TableShape } from './record-rows';
import { removeRecord } from './remove-record';
import { trashedOverOwnEdits } from './trashed-elsewhere';
import { laterTurn } from './event-loop';
import { oweCheckpoint } from './sync-state';
import { WriteBuffer, type Refused } from './write-buffer';
import { columnOf } from '../vault/column-names';
import { ChangedRecords } from './changed-records';

export interface ApplyContext {
  readonly columns: TableColumns;
  readonly hooks: RecordHooks;
  /** The device id this vault's own stamps carry (sync_state device_id). */
  readonly localDeviceId: string;
  readonly now: number;
  readonly log: Logger;
}

export interface ApplyOutcome {
  /** Records erased by this batch; acknowledged after the WAL checkpoint. */
  readonly purged: RecordKey[];
  /** Records evicted or erased: their old page images must leave the WAL. */
  removed: number;
  /** Records written or removed (deleted, evicted, erased). */
  readonly touched: ChangedRecords;
}

/** How a compensation is applied: forced, except for these fields. */
export interface Forced {
  readonly keepLocal: ReadonlySet<string>;
}

const deviceOf = (stamp: string): string => decodeHlc(stamp).deviceId;

/**
 * Changes applied between two turns of the event loop. Applying a 5,000-change
 * page is JavaScript on the main process (checking values, comparing stamps,
 * buffering rows) and held the loop 115–235 ms at a time during a first sync.
 */
const changesPerTurn = 1_000;

export async function applyChanges(
  tx: WriteTx,
  ctx: ApplyContext,
  changes: readonly ServerChange[],
  forced: ReadonlyMap<ServerChange, Forced> = new Map(),
  replayed: ReadonlySet<ServerChange> = new Set(),
): Promise<ApplyOutcome> {
  const outcome: ApplyOutcome = { purged: [], removed: 0, touched: new ChangedRecords() };
  // Most pages meet an empty parking table; then no record needs a look there.
  const parking = (await tx.get('SELECT 1 AS found FROM sync_parked LIMIT 1')) !== undefined;
  const page: Page = {
    state: await PageState.load(tx, changes),
    writes: new WriteBuffer(),
    parking,
    parkedHere: parking ? await recordsWithParked(tx, changes) : new Set(),
    // And few records have conflicts open: only theirs look at the conflict list.
    conflicted: await recordsWithServerSides(tx),
  };
  let removals = 0;
  for (const [index, change] of changes.entries()) {
    if (index > 0 && index % changesPerTurn === 0) await laterTurn();
    // A record waiting in the write buffer must be written before anything else reads or removes it.
    if (page.writes.has(change.entity, change.recordId)) await flushWrites(tx, ctx, page);
    if (change.kind === 'upsert') {
      await applyUpsert(tx, ctx, page, change, forced.get(change) ?? null, replayed.has(change), outcome);
    } else {
      const state = page.state;
      await removeRecord(tx, ctx.hooks, change.entity, change.recordId, change.kind);
      state.removed(change.entity, change.recordId);
      outcome.touched.add(change.entity, change.recordId);
      if (change.kind === 'purge') outcome.purged.push({ entity: change.entity, recordId: change.recordId });
      if (change.kind !== 'delete') outcome.removed += 1;
      removals += 1;
    }
  }
  await flushWrites(tx, ctx, page);
  if (removals > 0) await ctx.hooks.afterRemovals(tx, outcome.purged.length > 0);
  await recordLinks(tx, outcome.touched);
  // Committed with the removals: the checkpoint that takes their values out of the WAL is owed until done.
  if (outcome.removed > 0) await oweCheckpoint(tx);
  return outcome;
}

interface Page {
  readonly state: PageState;
  readonly writes: WriteBuffer;
  parking: boolean;
  /** The page's records with parked values, as `entity/id`: only theirs are checked for values a write replaces. */
  readonly parkedHere: Set<string>;
  /** Records with an open conflict whose server side a newer pulled value replaces, as `entity/id` (those the page records join). */
  readonly conflicted: Set<string>;
}

/**
 * Writes the buffered rows. A record the vault refused is read again, so the rest of the page sees it as it is
 * (a refused insert left no row: a later edit of it in the page must not write versions for a row that is not there).
 */
async function flushWrites(tx: WriteTx, ctx: ApplyContext, page: Page): Promise<Refused> {
  const refused = await page.writes.flush(tx, ctx.hooks, ctx.log);
  if (refused.size > 0) await page.state.reread(tx, [...refused.values()]);
  return refused;
}

/** The table's shape, from the session's cache after the first read. */
async function shapeOf(tx: WriteTx, ctx: ApplyContext, entity: SyncedEntity): Promise<TableShape> {
  return ctx.columns.cached(entity) ?? (await ctx.columns.shape(tx, entity));
}

/**
 * Splits the change's fields into those this vault can hold (valid values) and parks the rest: a field it has no
 * column for, and a value its domain schema refuses, which a newer release may accept (an activity kind it added,
 * say): replayed after an update (parked-replay.ts), and dropped once a value stamped later is written.
 */
async function storableFields(tx: WriteTx, ctx: ApplyContext, page: Page, change: ServerChange, shape: TableShape): Promise<Record<string, FieldChange>> {
  const known: Record<string, FieldChange> = {};
  let waiting: [string, FieldChange][] | null = null;
  for (const field in change.fields) {
    const fieldChange = change.fields[field];
    if (fieldChange === undefined) continue;
    if (field === 'id') {
      // The id is the record's key, never a field a change may set.
      ctx.log.log('warn', 'sync.remoteValueRefused', { entity: change.entity, field });
    } else if (!shape.types.has(columnOf(field))) {
      (waiting ??= []).push([field, fieldChange]);
    } else if (!isValidValue(change.entity, field, fieldChange.value)) {
      // Names the field only; the value may be customer data.
      ctx.log.log('warn', 'sync.remoteValueRefused', { entity: change.entity, field });
      (waiting ??= []).push([field, fieldChange]);
    } else {
      known[field] = fieldChange;
    }
  }
  if (waiting !== null) {
    for (const [field, fieldChange] of waiting) await parkField(tx, change.entity, change.recordId, { field, change: fieldChange, commitSeq: change.commitSeq });
    page.parking = true;
    page.parkedHere.add(`${change.entity}/${change.recordId}`);
  }
  return known;
}

interface Concurrent {
  readonly field: string;
  readonly localHlc: string;
  readonly remote: FieldChange;
}

async function applyUpsert(
  tx: WriteTx,
  ctx: ApplyContext,
  page: Page,
  change: ServerChange,
  forced: Forced | null,
  replayed: boolean,
  outcome: ApplyOutcome,
): Promise<void> {
  const { entity, recordId } = change;
  const state = page.state;
  const shape = await shapeOf(tx, ctx, entity);
  let incoming = await storableFields(tx, ctx, page, change, shape);
  const exists = state.exists(entity, recordId);
  let fromParking: string[] = [];
  if (!exists && page.parking) {
    // Values parked while the record was incomplete join the first write that can create it.
    const parked = [];
    for (const item of await parkedOf(tx, entity, recordId)) {
      if ((await ctx.columns.knows(tx, entity, item.field)) && isValidValue(entity, item.field, item.change.value)) parked.push(item);
    }
    incoming = mergeNewest(incoming, parked);
    fromParking = parked.map((item) => item.field);
  }

  const toWrite = new Map<string, FieldChange>();
  const concurrent: Concurrent[] = [];
  // Pending fields of ours a newer remote value replaces: they leave the outbox once that value is written.
  const superseded: string[] = [];
  // Values parked (replayParked: for want of a column, or refused by this release) never had a local value:
  // only a field's own version row, written since, is older or newer than them; the record's '*' row (its
  // creation, which stamped them too) is not, or a value parked since the record came would never be applied.
  const versionOf = replayed ? state.ownVersionsOf(entity, recordId) : state.versionsOf(entity, recordId);
  for (const field in incoming) {
    const remote = incoming[field];
    if (remote === undefined) continue;
    const local = versionOf(field);
    if (forced !== null) {
      if (!forced.keepLocal.has(field)) toWrite.set(field, remote);
      continue;
    }
    if (local === null) {
      toWrite.set(field, remote);
      continue;
    }
    const order = compareHlc(remote.hlc, local);
    if (order === 0) continue;
    const remoteIsOurs = deviceOf(remote.hlc) === ctx.localDeviceId;
    const localIsOurs = deviceOf(local) === ctx.localDeviceId;
    if (order > 0) {
      toWrite.set(field, remote);
      if (!remoteIsOurs && localIsOurs && state.isPending(entity, recordId, field)) {
        concurrent.push({ field, localHlc: local, remote });
        superseded.push(field);
      }
    } else if (!remoteIsOurs && localIsOurs) {
      concurrent.push({ field, localHlc: local, remote });
    }
  }

  const stripped = entity === 'deals' ? outOfStaleMove(state, recordId, versionOf, superseded) : superseded;

  const columns: string[] = [];
  const values: SqlValue[] = [];
  for (const [field, fieldChange] of toWrite) {
    const column = columnOf(field);
    columns.push(column);
    values.push(sqlValue(fieldChange.value, shape.types.get(column) ?? 'TEXT'));
  }
  const key = `${entity}/${recordId}`;
  const writes = toWrite.size > 0 && (exists || completesRow(shape, columns));
  const trashed = forced === null && exists ? await trashedOverOwnEdits(tx, ctx, state, change, toWrite) : null;
  // What changes beside the row (the outbox, the conflict list, parked values) must not outlive a row the vault
  // refuses: such a record is written on its own, inside a savepoint its refusal rolls back to.
  const guarded =
    writes && (concurrent.length > 0 || trashed !== null || fromParking.length > 0 || page.parkedHere.has(key) || page.conflicted.has(key));
  if (guarded) {
    await flushWrites(tx, ctx, page);
    await tx.exec('SAVEPOINT sync_record_apply');
  }
  for (const field of stripped) await stripPendingField(tx, entity, recordId, field);
  if (concurrent.length > 0 && exists) {
    const current = (await readFields(tx, ctx.columns, entity, recordId, concurrent.map((item) => item.field))) ?? {};
    for (const item of concurrent) {
      const localValue = current[item.field] ?? null;
      if (JSON.stringify(localValue) === JSON.stringify(item.remote.value)) continue;
      await recordConflict(
        tx,
        { entity, recordId, field: item.field, reason: 'concurrent', localValue, localKept: item.field in current, localHlc: item.localHlc, remoteValue: item.remote.value, remoteHlc: item.remote.hlc },
        ctx.now,
      );
      page.conflicted.add(key);
    }
  }
  if (trashed !== null) await recordConflict(tx, trashed, ctx.now);
  if (toWrite.size === 0) {
    for (const field of stripped) state.unpend(entity, recordId, field);
    return;
  }
  if (forced === null && exists && page.conflicted.has(key)) {
    for (const [field, fieldChange] of toWrite) {
      if (deviceOf(fieldChange.hlc) !== ctx.localDeviceId) await followServerValue(tx, { entity, recordId }, field, fieldChange.value, fieldChange.hlc);
    }
  }

  const applied = new Map<string, string>();
  for (const [field, fieldChange] of toWrite) applied.set(field, fieldChange.hlc);
  if (!writes) {
    // Not creatable yet: wait in the parking table for the rest of the record.
    for (const [field, fieldChange] of toWrite) await parkField(tx, entity, recordId, { field, change: fieldChange, commitSeq: change.commitSeq });
    page.parking = true;
    page.parkedHere.add(key);
    return;
  }
  if (exists) page.writes.update(entity, columns, { id: recordId, values, versions: [...applied] });
  else page.writes.insert(entity, columns, { id: recordId, values, versions: newRecordVersions(applied) });
  if (fromParking.length > 0) await unparkFields(tx, entity, recordId, fromParking);
  // One DELETE per field written, so only for a record with parked values (an initial sync may meet a parking
  // table that is not empty, and then every record of every page would pay it).
  if (page.parkedHere.has(key)) await dropSupersededParked(tx, entity, recordId, applied);
  if (guarded) {
    const refused = await page.writes.flush(tx, ctx.hooks, ctx.log);
    if (refused.has(key)) {
      // Refused: the pending edits, parked values and conflict list stay as they were.
      await tx.exec('ROLLBACK TO sync_record_apply');
      await tx.exec('RELEASE sync_record_apply');
      await state.reread(tx, [{ entity, recordId }]);
      return;
    }
    await tx.exec('RELEASE sync_record_apply');
  }
  for (const field of stripped) state.unpend(entity, recordId, field);
  state.wrote(entity, recordId, applied);
  outcome.touched.add(entity, recordId);
}

/** What a deal's stage move sets besides its stage and probability, when the move's own edit sets it (one stamp). */
const setByMove = ['lostReason', 'expectedCloseDate'];

/**
 * The superseded fields of a deal that leave the outbox. A stage move of ours that a newer pulled stage beats stays
 * whole there when it also set a lost reason or a close date (a move into Won or Lost dates the deal, deal.service.ts)
 * that this change does not replace: the server refuses the move whole, as it refuses an older stage with what the
 * same edit set (src-server/sync/push.ts `moveLost`), and its compensation brings back the reason and date the move
 * replaced, which this device no longer holds. Before, only the stage and probability left the outbox, and the push
 * then sent the move's reason and date alone, which the server took: an open deal with "Lost reason: Price", or one
 * closing the day of a move that lost. A date or reason edited apart has a stamp of its own and is not the move's.
 */
function outOfStaleMove(state: PageState, recordId: string, versionOf: (field: string) => string | null, superseded: readonly string[]): readonly string[] {
  if (!superseded.includes('stageId')) return superseded;
  const move = versionOf('stageId');
  const setMore = setByMove.some((field) => !superseded.includes(field) && state.isPending('deals', recordId, field) && versionOf(field) === move);
  return setMore ? superseded.filter((field) => versionOf(field) !== move) : superseded;
}

/**
 * The version rows of a record new to this device: one '*' row with its
 * oldest stamp plus a row per field stamped later (usually none: a record
 * created and not yet edited is one row, as 0002 intends), so every field
 * reads back exactly the stamp it was sent with.
 */
function newRecordVersions(applied: ReadonlyMap<string, string>): [string, string][] {
  let base: string | null = null;
  for (const hlc of applied.values()) if (base === null || hlc < base) base = hlc;
  if (base === null) return [];
  const rows: [string, string][] = [[wholeRecordField, base]];
  for (const [field, hlc] of applied) if (hlc !== base) rows.push([field, hlc]);
  return rows;
}
