// The port through which the engine keeps data derived from a record in step
// when it writes or removes the record for a remote change: the tag table,
// link tables and the search index belong to services, which sync may not
// import, so the composition root (src-main/app) injects these functions.
// Both run inside the engine's write transaction.
import type { SyncedEntity } from '../../src-shared/sync/protocol';
import type { WriteTx } from '../vault/connection';

export interface RecordHooks {
  /** After remote values were written into an existing record's row. */
  afterWrite(tx: WriteTx, entity: SyncedEntity, recordId: string): Promise<void>;
  /** After rows for records new to this device were inserted in bulk (an initial sync brings thousands per page). */
  afterCreate(tx: WriteTx, entity: SyncedEntity, recordIds: readonly string[]): Promise<void>;
  /** Before the record's row is deleted (remote delete, eviction, erasure): remove every derived entry, search index included. */
  beforeRemove(tx: WriteTx, entity: SyncedEntity, recordId: string): Promise<void>;
}
