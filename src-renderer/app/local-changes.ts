// Records this window wrote away from the page that shows them (a reminder
// snoozed from its toast, and its Undo), said to the pages that show them
// the way a sync's changes are (records/useDetail.ts reloads a page the
// change concerns). Before, Today went on showing the reminder's old time
// and place until something else read it again. Only this window's own
// writes: another window's, and a sync's, come as sync.didApplyChanges;
// onRecordChanges hears both.
import type { EventPayload } from '../../src-shared/ipc/events';
import type { FieldVaultApi } from '../api/bridge-client';

export type LocalChange = EventPayload<'sync.didApplyChanges'>;

const listeners = new Set<(change: LocalChange) => void>();

/** Tells the pages listening that these records changed. */
export function announceLocalChange(change: LocalChange): void {
  for (const listener of [...listeners]) listener(change);
}

/** Calls `listener` on each change announced until the returned function is called. */
export function onLocalChange(listener: (change: LocalChange) => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/** Calls `listener` on a sync's changes and on this window's own announced ones, until the returned function is called. */
export function onRecordChanges(api: Pick<FieldVaultApi, 'on'>, listener: (change: LocalChange) => void): () => void {
  const offSync = api.on('sync.didApplyChanges', listener);
  const offLocal = onLocalChange(listener);
  return () => {
    offSync();
    offLocal();
  };
}
