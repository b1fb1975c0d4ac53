// The working set of one push: every record the request names, loaded once
// at the start of the transaction and opened (its sealed fields carry each
// field's value and HLC), then changed in memory operation by operation (so
// two operations on one record in a batch see each other), and finally
// written back as one commit. Also builds the compensating changes a
// rejected operation returns, from the state after the push.
import type { ServerChange } from '../../src-shared/sync/protocol';
import type { RecordFields } from '../crypto/record-seal';
import type { Keyring } from '../crypto/keyring';
import type { Buckets, ErasureRow, RecordBuckets, RecordKey, RecordRow, StoredRejection } from '../store/rows';
import type { StoreTx } from '../store/store';
import { isVisible, recordKeyString } from './buckets';
import { deleteChange, ensureKeys, evictChange, fieldsOf, pickFields, purgeChange } from './record-state';

export interface WorkingRecord {
  readonly key: RecordKey;
  /** The row as stored before this push; null for a record this push creates (or that never existed). */
  readonly stored: RecordRow | null;
  readonly erasure: ErasureRow | null;
  buckets: RecordBuckets | null;
  /** Deleted before this push (tombstone) or by it. */
  deleted: boolean;
  /** Set when this push deletes it. */
  deleteHlc: string | null;
  /** Current fields (value + HLC), updated as operations apply. */
  readonly fields: RecordFields;
  /** Field → HLC of each field this push wrote. */
  readonly applied: Map<string, string>;
  /** Field → the commit that wrote its stored value; loaded only for a push that names its cursor (PushHeaders). */
  readonly storedCommits: ReadonlyMap<string, number>;
  created: boolean;
}

export class PushState {
  readonly records = new Map<string, WorkingRecord>();

  /** `withCommits`: also load the commit of each stored field value (WorkingRecord.storedCommits). */
  static async load(tx: StoreTx, keyring: Keyring, keys: readonly RecordKey[], withCommits = false): Promise<PushState> {
    const state = new PushState();
    const unique = [...new Map(keys.map((key) => [recordKeyString(key.entity, key.recordId), key])).values()];
    const [rows, erasures, fieldStates] = await Promise.all([tx.getRecords(unique), tx.findErasures(unique), withCommits ? tx.getFieldStates(unique) : []]);
    await ensureKeys(tx, keyring, rows);
    const rowByKey = new Map(rows.map((row) => [recordKeyString(row.entity, row.recordId), row]));
    const erasureByKey = new Map(erasures.map((row) => [recordKeyString(row.entity, row.recordId), row]));
    const commitsByKey = new Map<string, Map<string, number>>();
    for (const row of fieldStates) {
      const id = recordKeyString(row.entity, row.recordId);
      const commits = commitsByKey.get(id) ?? new Map<string, number>();
      commits.set(row.field, row.commitSeq);
      commitsByKey.set(id, commits);
    }
    for (const key of unique) {
      const id = recordKeyString(key.entity, key.recordId);
      const stored = rowByKey.get(id) ?? null;
      state.records.set(id, {
        key,
        stored,
        erasure: erasureByKey.get(id) ?? null,
        buckets: stored === null ? null : { ownerUserId: stored.ownerUserId, teamId: stored.teamId, territoryId: stored.territoryId },
        deleted: stored !== null && stored.deletedSeq !== null,
        deleteHlc: null,
        fields: stored === null ? {} : { ...fieldsOf(keyring, stored) },
        applied: new Map(),
        storedCommits: commitsByKey.get(id) ?? new Map(),
        created: false,
      });
    }
    return state;
  }

  get(key: RecordKey): WorkingRecord {
    const record = this.records.get(recordKeyString(key.entity, key.recordId));
    if (record === undefined) throw new Error('A push touched a record it did not load');
    return record;
  }

  dirty(): WorkingRecord[] {
    return [...this.records.values()].filter((record) => record.created || record.applied.size > 0 || record.deleteHlc !== null);
  }

  /**
   * What the device should apply locally instead of its rejected operation:
   * the record's state after this push, as far as the device may see it.
   */
  compensation(rejection: StoredRejection, key: RecordKey, buckets: Buckets, commitSeq: number): ServerChange | null {
    if (rejection.code === 'unknown_field') return null;
    const record = this.get(key);
    if (record.erasure !== null) return purgeChange(key, record.erasure.commitSeq);
    // A new record refused as invalid: the server holds nothing of it, and the device keeps its copy for the user to see.
    if (rejection.code === 'invalid' && record.buckets === null) return null;
    if (record.buckets === null || !isVisible(record.buckets, buckets)) return evictChange(key, commitSeq);
    if (record.deleted) return deleteChange(key, commitSeq);
    const fields = pickFields(record.fields, rejection.fields.length > 0 ? rejection.fields : undefined);
    return { commitSeq, entity: key.entity, recordId: key.recordId, kind: 'upsert', fields };
  }
}
