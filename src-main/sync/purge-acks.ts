// Acknowledging erasures: once purged rows have left the vault's pages, the
// WAL is checkpointed (TRUNCATE) so no older page image holding them stays in
// the -wal file, and only then is the server told. Evictions get the same
// checkpoint, without an acknowledgement. Both debts are stored in the vault
// by the transaction that removed the records: the queue of pending
// acknowledgements (0004) and the `checkpoint_owed` mark (sync-state.ts), so a
// cycle that fails after the removal committed, or a crash, leaves them to the
// next attempt instead of forgetting them.
import type { Logger } from '../log/logger';
import { isRateLimited, requestedWaitMs, SyncServerError } from './errors';
import type { SyncSession } from './session';
import { clearAcks, pendingAcks } from './remove-record';
import { checkpointOwed, clearCheckpointOwed } from './sync-state';

/** The server accepts at most this many keys per acknowledgement. */
const maxKeysPerAck = 5000;

/**
 * Checkpoints if an eviction or purge committed since the last checkpoint
 * (or purges wait for acknowledgement, which a checkpoint must precede), then
 * clears the mark. Returns whether it checkpointed. The engine calls it at the
 * end of every cycle, the failed ones included.
 */
export async function checkpointRemovals(session: SyncSession): Promise<boolean> {
  const connection = session.connection();
  const [owed, acks] = await connection.read(async (tx) => [await checkpointOwed(tx), await pendingAcks(tx, 1)] as const);
  if (!owed && acks.length === 0) return false;
  await connection.checkpoint();
  // The mark goes only once the checkpoint is done; clearing it writes a page of sync_state alone to the WAL.
  if (owed) await connection.write(clearCheckpointOwed);
  return true;
}

/** Checkpoints what removals owe (checkpointRemovals), then sends the acknowledgements that wait. */
export async function acknowledgePurges(session: SyncSession, signal: AbortSignal): Promise<number> {
  let acknowledged = 0;
  await checkpointRemovals(session);
  for (;;) {
    const keys = await session.connection().read((tx) => pendingAcks(tx, maxKeysPerAck));
    if (keys.length === 0) return acknowledged;
    await session.api.ack(keys, signal);
    await session.connection().write((tx) => clearAcks(tx, keys));
    acknowledged += keys.length;
  }
}

/**
 * After a cycle that failed once the server had answered (a later pull page, a push held back), and after its
 * checkpoint: the purges done are acknowledged now, not after the next cycle that ends well (for a device failing
 * at every cycle, never: its erasures stayed outstanding). Not after no answer at all, nor a request to slow down:
 * the acknowledgement would wait or be refused too. A failure here is logged and left to the next cycle.
 */
export async function acknowledgeAfterFailure(session: SyncSession, error: unknown, signal: AbortSignal, log: Logger): Promise<void> {
  if (!(error instanceof SyncServerError) || isRateLimited(error) || requestedWaitMs(error) !== undefined) return;
  await acknowledgePurges(session, signal).catch((ackError: unknown) =>
    log.log('warn', 'sync.acknowledgeFailed', { error: ackError instanceof Error ? ackError.name : 'unknown' }),
  );
}
