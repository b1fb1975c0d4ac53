// Replays parked values (parked.ts) once this vault can hold them: after an
// unlock, when any pending migration has added columns (or an update made a
// refused value valid). Each record's parked fields that now have a column,
// with a value this release takes, leave the parking table and are applied as a
// remote upsert (same last-writer-wins rule, same conflict rule, against the
// field's own version only: the record's creation stamped the parked value
// too); a record still incomplete is parked again by that same path.
import { isValidValue } from '../../src-shared/sync/field-values';
import type { ServerChange } from '../../src-shared/sync/protocol';
import type { WriteTx } from '../vault/connection';
import { applyChanges } from './apply-changes';
import { ChangedRecords } from './changed-records';
import { parkedRecords, unparkFields } from './parked';
import type { SyncSession } from './session';
import { mergeRemoteStamps } from './sync-state';

/** Returns the records that changed; a value this release still refuses stays parked. */
export async function replayParked(tx: WriteTx, session: Pick<SyncSession, 'columns' | 'applyContext' | 'log'>): Promise<ChangedRecords> {
  const changes: ServerChange[] = [];
  for (const group of await parkedRecords(tx)) {
    const fields: ServerChange['fields'] = {};
    let commitSeq = 0;
    for (const item of group.fields) {
      if (!(await session.columns.knows(tx, group.entity, item.field)) || !isValidValue(group.entity, item.field, item.change.value)) continue;
      fields[item.field] = item.change;
      commitSeq = Math.max(commitSeq, item.commitSeq);
    }
    const names = Object.keys(fields);
    if (names.length === 0) continue;
    await unparkFields(tx, group.entity, group.recordId, names);
    changes.push({ commitSeq, entity: group.entity, recordId: group.recordId, kind: 'upsert', fields });
  }
  if (changes.length === 0) return new ChangedRecords();
  const ctx = await session.applyContext(tx);
  const outcome = await applyChanges(tx, ctx, changes, new Map(), new Set(changes));
  // By this device's clock alone, with no server time to bound them (none is heard before the session's first
  // cycle): the pull page or push answer that parked these values merged their stamps already, in the same
  // transaction and up to the server's time then (mergeRemoteStamps), so a clock behind holds them. What this
  // merge adds is a stamp that was beyond reach then and is within it now.
  await mergeRemoteStamps(tx, changes.flatMap((change) => Object.values(change.fields).map((field) => field.hlc)), ctx.now);
  session.log.log('info', 'sync.parkedReplayed', { records: changes.length });
  return outcome.touched;
}
