// One incremental pull page: the changes of whole commits after the cursor
// that the device may see. Four streams are read up to a limit each (field
// versions, deletions, bucket moves, erasures); the page ends before the
// first commit any stream could not finish, so no commit is split. A single
// commit larger than the limit is sent whole. Erasures reach every device
// (ids only), whatever its buckets, since every device may have held the record.
// Deletions are read for the user's buckets and for the teams and territories
// taken from the user after the cursor: a record deleted in a team the user
// left later is no longer visible, yet a device that was away still holds
// it, so it is evicted (an `evict`, which also has the WAL checkpointed)
// instead of being left there for ever. A record moved out and then deleted
// is evicted by its move, whose former buckets are known.
//
// The field stream leaves out the field versions the pulling device itself
// pushed, which it holds already: sending them back doubled a reconnect after
// a week offline (6,439 pushed, 6,439 "received") and had an import's own rows
// compete with it for the vault's writer. A field is left out when its current,
// winning version on the server was written by a commit of this device's push
// (field state names the commit; commits name the device). That version is,
// stamp and value, the one the device sent: push.ts stores each field's
// value and HLC as the operation carried them (no normalisation), refuses a
// push stamped more than maxClockSkewMs ahead rather than clamping it (so a
// stored stamp never differs from the device's), and only push commits write
// field state. A device id is never reused by another vault or with an
// emptied one: enrolment makes a new random id, and the id and the cursor
// live in the same vault (sync_enrolment, sync_state), so a re-created or
// re-enrolled vault pulls a snapshot from cursor 0. A vault restored from a
// backup (or copied) keeps its id but not its later pushes: it asks from a
// cursor below one it was served before, and is then served its own
// versions too up to the head (pull.ts, `rewound`). Nothing else on the device
// needs the echo: an equal stamp is skipped by apply-changes.ts (no version,
// conflict, parking or outbox change), a stamp of its own is never merged
// into a conflict, its clock is past its own stamps already, compensations
// and overwritten values come in the push's answer, and a conflict of another
// device's edit still comes: that edit is another commit's field state, or
// (when ours replaced it) the push's `overwritten`. What the device may not
// hold is still sent whole: snapshots, backfills and bucket moves
// (fullStates) are not filtered, and neither are deletions (a device that
// deleted a record may have received it again from an edit pulled before its
// delete reached the server). A commit of the device's own therefore adds
// nothing to a page (the rest of every other commit stays whole) and the
// cursor moves past it; a page left empty is skipped (pull.ts).
import type { RecordOwners, ServerChange } from '../../src-shared/sync/protocol';
import type { Buckets, DeviceRow, FieldStateRow, RecordRow } from '../store/rows';
import type { SeqRange, StoreReadTx } from '../store/store';
import { bucketsOf, groupBuckets, isEmpty, isVisible, recordKeyString } from './buckets';
import type { SyncContext } from './context';
import { deleteChange, ensureKeys, evictChange, fieldsOf, fullStates, ownersOf, pickFields, purgeChange } from './record-state';

export interface PullScope {
  readonly tx: StoreReadTx;
  readonly ctx: SyncContext;
  readonly device: DeviceRow;
  readonly buckets: Buckets;
  readonly head: number;
  readonly limit: number;
  /**
   * Whether field versions this device pushed are left out (see above): not
   * while it pulls from below a cursor it was served before (pull.ts,
   * `rewound`), as a vault restored from a backup or copied does.
   */
  readonly leavesOutOwn: boolean;
}

/** More rows than any one commit can hold (500 operations × every field of an entity). */
const wholeCommitLimit = 1_000_000;

interface Streams {
  readonly fields: FieldStateRow[];
  readonly deletions: RecordRow[];
  readonly rebuckets: Awaited<ReturnType<StoreReadTx['listRebuckets']>>;
  readonly erasures: Awaited<ReturnType<StoreReadTx['listErasures']>>;
}

/** The scope's buckets for field changes (not its device's own); for deletions, also the buckets the user lost after the range began (`lost`). */
async function readStreams(scope: PullScope, range: SeqRange, lost: Buckets, limit: number): Promise<Streams> {
  const { tx, buckets } = scope;
  const [fields, deletions, rebuckets, erasures] = await Promise.all([
    tx.listChangedFields(range, buckets, limit, scope.leavesOutOwn ? scope.device.id : undefined),
    tx.listDeletions(range, isEmpty(lost) ? buckets : withGroups(buckets, lost), limit),
    tx.listRebuckets(range, limit),
    tx.listErasures(range, limit),
  ]);
  return { fields, deletions, rebuckets, erasures };
}

/** The last seq every stream covers completely. */
function completeThrough(streams: Streams, range: SeqRange, limit: number): number {
  const seqs = [
    streams.fields.map((row) => row.commitSeq),
    streams.deletions.map((row) => row.deletedSeq ?? 0),
    streams.rebuckets.map((row) => row.commitSeq),
    streams.erasures.map((row) => row.commitSeq),
  ];
  let through = range.throughSeq;
  for (const list of seqs) {
    const overflow = list[limit];
    if (overflow !== undefined) through = Math.min(through, overflow - 1);
  }
  return through;
}

/** The buckets plus the teams and territories of `more`. */
function withGroups(buckets: Buckets, more: Buckets): Buckets {
  return {
    userIds: buckets.userIds,
    teamIds: [...new Set([...buckets.teamIds, ...more.teamIds])],
    territoryIds: [...new Set([...buckets.territoryIds, ...more.territoryIds])],
  };
}

/**
 * Teams and territories taken from the user after the range began. A page
 * never spans a membership change (pull.ts serves those as steps of their
 * own), so each was taken after every deletion in the page: the user had it
 * then, unless it was also given only after the deletion (then the evict is
 * a no-op on the device).
 */
async function lostSince(scope: PullScope, range: SeqRange): Promise<Buckets> {
  const changes = await scope.tx.listMembershipChanges(scope.device.userId, { afterSeq: range.afterSeq, throughSeq: scope.head });
  const removed = (kind: 'team' | 'territory') => [...new Set(changes.filter((row) => row.kind === kind && row.change === 'removed').map((row) => row.bucketId))];
  return groupBuckets(removed('team'), removed('territory'));
}

export async function incrementalPage(scope: PullScope, range: SeqRange): Promise<{ changes: ServerChange[]; through: number; owners: RecordOwners[] }> {
  const { tx, ctx, buckets, limit } = scope;
  const lost = await lostSince(scope, range);
  let streams = await readStreams(scope, range, lost, limit + 1);
  let through = completeThrough(streams, range, limit);
  if (through <= range.afterSeq) {
    // The first commit alone is bigger than a page: send it whole.
    const firstSeqs = [streams.fields[0]?.commitSeq, streams.deletions[0]?.deletedSeq, streams.rebuckets[0]?.commitSeq, streams.erasures[0]?.commitSeq];
    through = Math.min(...firstSeqs.filter((seq): seq is number => typeof seq === 'number'));
    streams = await readStreams(scope, { afterSeq: range.afterSeq, throughSeq: through }, lost, wholeCommitLimit);
  }

  const changes: ServerChange[] = [];
  // The records whose state the page carries, for their owners (PullResponse.owners).
  const sent: RecordRow[] = [];
  const fields = streams.fields.filter((row) => row.commitSeq <= through);
  if (fields.length > 0) {
    // A page holds one row per changed field: read each record once.
    const keys = [...new Map(fields.map((row) => [recordKeyString(row.entity, row.recordId), row])).values()];
    const records = await tx.getRecords(keys);
    sent.push(...records);
    await ensureKeys(tx, ctx.keyring, records);
    const opened = new Map(records.map((record) => [recordKeyString(record.entity, record.recordId), fieldsOf(ctx.keyring, record)]));
    const groups = new Map<string, FieldStateRow[]>();
    for (const row of fields) {
      const group = `${row.commitSeq}/${recordKeyString(row.entity, row.recordId)}`;
      const list = groups.get(group);
      if (list === undefined) groups.set(group, [row]);
      else list.push(row);
    }
    for (const rows of groups.values()) {
      const first = rows[0];
      if (first === undefined) continue;
      const current = opened.get(recordKeyString(first.entity, first.recordId)) ?? {};
      const picked = pickFields(current, rows.map((row) => row.field));
      changes.push({ commitSeq: first.commitSeq, entity: first.entity, recordId: first.recordId, kind: 'upsert', fields: picked });
    }
  }
  for (const row of streams.deletions) {
    if (row.deletedSeq === null || row.deletedSeq > through) continue;
    if (isVisible(row, buckets)) changes.push(deleteChange(row, row.deletedSeq));
    // Deleted, then its team or territory was taken from the user: the device may still hold it, and may not keep it.
    else if (isVisible(row, lost)) changes.push(evictChange(row, row.deletedSeq));
  }
  const rebuckets = streams.rebuckets.filter((row) => row.commitSeq <= through);
  if (rebuckets.length > 0) {
    const history = bucketsOf(scope.device.userId, await tx.getBucketHistory(scope.device.userId));
    const current = new Map((await tx.getRecords(rebuckets)).map((record) => [recordKeyString(record.entity, record.recordId), record]));
    for (const row of rebuckets) {
      const record = current.get(recordKeyString(row.entity, row.recordId));
      if (record === undefined) continue; // erased: the erasure stream tells the device
      // A record deleted since the move may be a tombstone outside every bucket the user had: evict it
      // here, where its former buckets are known (a visible deletion also comes as a delete; both are no-ops twice).
      if (record.deletedSeq === null && isVisible(record, buckets)) {
        changes.push(...(await fullStates(tx, ctx.keyring, [record], row.commitSeq)));
        sent.push(record);
      } else if (row.previousBuckets !== null && (isVisible(row.previousBuckets, buckets) || isVisible(row.previousBuckets, history))) {
        changes.push(evictChange(row, row.commitSeq));
      }
    }
  }
  for (const row of streams.erasures) {
    if (row.commitSeq <= through) changes.push(purgeChange(row, row.commitSeq));
  }
  changes.sort((a, b) => a.commitSeq - b.commitSeq);
  return { changes, through, owners: ownersOf([...new Map(sent.map((record) => [recordKeyString(record.entity, record.recordId), record])).values()]) };
}
