// Acknowledging erasures: once purged rows have left the vault's pages, the
// WAL is checkpointed (TRUNCATE) so no older page image holding them stays in
// the -wal file, and only then is the server told. Evictions get the same
// checkpoint, without an acknowledgement. The queue of pending
// acknowledgements lives in the vault (0004), so a crash or a network failure
// between purge and acknowledgement just repeats the acknowledgement later.
import type { SyncSession } from './session';
import { clearAcks, pendingAcks } from './remove-record';

/** The server accepts at most this many keys per acknowledgement. */
const maxKeysPerAck = 5000;

/**
 * Checkpoints when this cycle evicted or erased anything (removedRecords > 0)
 * or when purges wait for acknowledgement, then sends those acknowledgements.
 */
export async function acknowledgePurges(session: SyncSession, signal: AbortSignal, removedRecords: number): Promise<number> {
  let acknowledged = 0;
  let checkpointed = false;
  if (removedRecords > 0) {
    await session.connection().checkpoint();
    checkpointed = true;
  }
  for (;;) {
    const keys = await session.connection().read((tx) => pendingAcks(tx, maxKeysPerAck));
    if (keys.length === 0) return acknowledged;
    if (!checkpointed) {
      await session.connection().checkpoint();
      checkpointed = true;
    }
    await session.api.ack(keys, signal);
    await session.connection().write((tx) => clearAcks(tx, keys));
    acknowledged += keys.length;
  }
}
