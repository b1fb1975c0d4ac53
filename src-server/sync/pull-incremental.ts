// One incremental pull page: the changes of whole commits after the cursor
// that the device may see. Four streams are read up to a limit each (field
// versions, deletions, bucket moves, erasures); the page ends before the
// first commit any stream could not finish, so no commit is split. A single
// commit larger than the limit is sent whole. Erasures reach every device
// (ids only), whatever its buckets, since every device may have held the record.
import type { ServerChange } from '../../src-shared/sync/protocol';
import type { Buckets, DeviceRow, FieldStateRow, RecordRow } from '../store/rows';
import type { SeqRange, StoreReadTx } from '../store/store';
import { bucketsOf, isVisible, recordKeyString } from './buckets';
import type { SyncContext } from './context';
import { deleteChange, ensureKeys, evictChange, fieldsOf, fullStates, pickFields, purgeChange } from './record-state';

export interface PullScope {
  readonly tx: StoreReadTx;
  readonly ctx: SyncContext;
  readonly device: DeviceRow;
  readonly buckets: Buckets;
  readonly head: number;
  readonly limit: number;
}

/** More rows than any one commit can hold (500 operations × every field of an entity). */
const wholeCommitLimit = 1_000_000;

interface Streams {
  readonly fields: FieldStateRow[];
  readonly deletions: RecordRow[];
  readonly rebuckets: Awaited<ReturnType<StoreReadTx['listRebuckets']>>;
  readonly erasures: Awaited<ReturnType<StoreReadTx['listErasures']>>;
}

async function readStreams(tx: StoreReadTx, range: SeqRange, buckets: Buckets, limit: number): Promise<Streams> {
  const [fields, deletions, rebuckets, erasures] = await Promise.all([
    tx.listChangedFields(range, buckets, limit),
    tx.listDeletions(range, buckets, limit),
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

export async function incrementalPage(scope: PullScope, range: SeqRange): Promise<{ changes: ServerChange[]; through: number }> {
  const { tx, ctx, buckets, limit } = scope;
  let streams = await readStreams(tx, range, buckets, limit + 1);
  let through = completeThrough(streams, range, limit);
  if (through <= range.afterSeq) {
    // The first commit alone is bigger than a page: send it whole.
    const firstSeqs = [streams.fields[0]?.commitSeq, streams.deletions[0]?.deletedSeq, streams.rebuckets[0]?.commitSeq, streams.erasures[0]?.commitSeq];
    through = Math.min(...firstSeqs.filter((seq): seq is number => typeof seq === 'number'));
    streams = await readStreams(tx, { afterSeq: range.afterSeq, throughSeq: through }, buckets, wholeCommitLimit);
  }

  const changes: ServerChange[] = [];
  const fields = streams.fields.filter((row) => row.commitSeq <= through);
  if (fields.length > 0) {
    // A page holds one row per changed field: read each record once.
    const keys = [...new Map(fields.map((row) => [recordKeyString(row.entity, row.recordId), row])).values()];
    const records = await tx.getRecords(keys);
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
    if (row.deletedSeq !== null && row.deletedSeq <= through) changes.push(deleteChange(row, row.deletedSeq));
  }
  const rebuckets = streams.rebuckets.filter((row) => row.commitSeq <= through);
  if (rebuckets.length > 0) {
    const history = bucketsOf(scope.device.userId, await tx.getBucketHistory(scope.device.userId));
    const current = new Map((await tx.getRecords(rebuckets)).map((record) => [recordKeyString(record.entity, record.recordId), record]));
    for (const row of rebuckets) {
      const record = current.get(recordKeyString(row.entity, row.recordId));
      if (record === undefined || record.deletedSeq !== null) continue; // erased or deleted: those streams tell the device
      if (isVisible(record, buckets)) changes.push(...(await fullStates(tx, ctx.keyring, [record], row.commitSeq)));
      else if (row.previousBuckets !== null && (isVisible(row.previousBuckets, buckets) || isVisible(row.previousBuckets, history))) {
        changes.push(evictChange(row, row.commitSeq));
      }
    }
  }
  for (const row of streams.erasures) {
    if (row.commitSeq <= through) changes.push(purgeChange(row, row.commitSeq));
  }
  changes.sort((a, b) => a.commitSeq - b.commitSeq);
  return { changes, through };
}
