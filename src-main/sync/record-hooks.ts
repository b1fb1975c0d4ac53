// The port through which the engine keeps data derived from a record in step
// when it writes or removes the record for a remote change: the tag table,
// link tables and the search index belong to services, which sync may not
// import, so the composition root (src-main/app) injects these functions.
// All run inside the engine's write transaction.
import type { SyncedEntity } from '../../src-shared/sync/protocol';
import type { SqlValue, WriteTx } from '../vault/connection';

/** A row sync just inserted: its id and the value of every column it named (as stored), id included. */
export interface CreatedRow {
  readonly id: string;
  readonly columns: Readonly<Record<string, SqlValue>>;
}

/** Columns the vault derives from a new row's own values (a name's sort key), written in the same INSERT. */
export interface DerivedInsertColumns {
  readonly columns: readonly string[];
  /** Their values for a row, from its values in the order of the inserted columns. */
  values(row: readonly SqlValue[]): SqlValue[];
}

/** Why sync removes a record: a remote delete, an eviction (its buckets left the user) or an erasure (purge). */
export type RemovalKind = 'delete' | 'evict' | 'purge';

export interface RecordHooks {
  /**
   * The derived columns an insert of these columns also writes, if any. The
   * rows then need no second write after afterCreate: an initial sync would
   * otherwise rewrite every new row and its index entries once more.
   */
  derivedOnInsert?(entity: SyncedEntity, columns: readonly string[]): DerivedInsertColumns | undefined;
  /** After remote values were written into existing records' rows (a pull page brings many at once). */
  afterWrite(tx: WriteTx, entity: SyncedEntity, recordIds: readonly string[]): Promise<void>;
  /**
   * After rows for records new to this device were inserted in bulk (an
   * initial sync brings thousands per page). The inserted values come along,
   * so a row that names every column need not be read back.
   */
  afterCreate(tx: WriteTx, entity: SyncedEntity, rows: readonly CreatedRow[]): Promise<void>;
  /**
   * Before the record's row is deleted (remote delete, eviction, erasure): remove every derived entry, search index
   * included. Its field versions are still there, so the hook can tell whether the record was edited on this device.
   */
  beforeRemove(tx: WriteTx, entity: SyncedEntity, recordId: string, kind: RemovalKind): Promise<void>;
  /**
   * After a batch of removals (beforeRemove was called for each), in the same
   * transaction: clear what removing entries one by one leaves behind (the
   * search index's page keys can hold a removed record's tokens). `erased`:
   * the batch erased records (purge), whose every value, also one edited away
   * before, must leave the file (an eviction of an edited record asks the same
   * of the hook through beforeRemove's kind).
   */
  afterRemovals(tx: WriteTx, erased: boolean): Promise<void>;
  /**
   * After a pull of several pages (an initial sync, a long catch-up) applied
   * `changes` changes, in a transaction of its own: tidy what the bulk left
   * fragmented (the search index's segments). A failure here loses nothing.
   */
  afterBulkApply(tx: WriteTx, changes: number): Promise<void>;
}
