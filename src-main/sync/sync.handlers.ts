// IPC handlers of the sync channels. Status and errors carry plain words only;
// the device token and the CA stay in the vault and never reach the renderer.
import type { Handlers } from '../ipc/registry';
import { ChangedRecords } from './changed-records';
import { listConflicts, resolveConflict } from './conflicts';
import type { SyncEngine } from './engine';
import type { VaultAccess } from './engine-options';
import type { RecordHooks } from './record-hooks';
import { TableColumns } from './record-rows';
import { listUnsent } from './unsent';

export type SyncChannels = 'sync.status' | 'sync.now' | 'sync.enrol' | 'sync.conflicts.list' | 'sync.conflicts.resolve' | 'sync.unsent.list';

export function syncHandlers(
  engine: SyncEngine,
  vault: VaultAccess,
  hooks: RecordHooks,
  now: () => number = Date.now,
): Pick<Handlers, SyncChannels> {
  return {
    'sync.status': () => engine.status(),
    'sync.now': () => engine.syncNow(),
    'sync.enrol': (input) => engine.enrol(input),
    'sync.conflicts.list': (query) => vault.connection().read((tx) => listConflicts(tx, new TableColumns(), query)),
    'sync.conflicts.resolve': async ({ id, keep, recordId, shown }) => {
      const changed = await vault
        .connection()
        .write((tx) => resolveConflict(tx, { columns: new TableColumns(), hooks, now: now() }, id, keep, recordId, shown));
      // The status push carries the counts the review and the sync pill show: before the answer.
      await engine.recount();
      // An open page of the record (a detail page, a list) reloads as after a sync that changed it.
      if (changed !== null) engine.recordsChanged(ChangedRecords.of(changed));
      // A kept value is a new local edit: send it.
      if (keep !== 'current') engine.notifyLocalChange();
      return { ok: true };
    },
    'sync.unsent.list': (query) => vault.connection().read((tx) => listUnsent(tx, query)),
  };
}
