// The main-process core shared by both shells (Electron and headless): vault,
// policy, handler registry, push events and the idle lock. Shells add only a
// transport and the OS integration around it.
import { contract, type Channel, type VaultStatus } from '../../src-shared/ipc/contract';
import type { Permission } from '../../src-shared/rbac/permissions';
import { defaultPreferences } from '../../src-shared/ipc/preferences';
import { SyncedEntity } from '../../src-shared/sync/protocol';
import type { KeyStore } from '../keychain/key-store';
import { EventBus } from '../ipc/event-bus';
import { IpcRegistry, type Handlers, type Sender } from '../ipc/registry';
import type { Logger } from '../log/logger';
import { LocalOwnerPolicy } from '../policy/access.policy';
import { crmHandlers } from '../services/crm/crm.handlers';
import { ReminderScheduler } from '../services/crm/reminders';
import { recordNameHandlers } from '../services/search/record-names';
import { accessLogHandlers } from '../services/access/access-log';
import { searchHandlers } from '../services/search/search.handlers';
import { createTransfer } from '../services/transfer/transfer.handlers';
import { SyncEngine } from '../sync/engine';
import type { EngineOptions } from '../sync/engine-options';
import type { SyncConnection } from '../sync/session';
import { NetworkWatch, type NetworkWatchOptions } from '../sync/network-watch';
import { syncHandlers } from '../sync/sync.handlers';
import { preferencesHandlers } from '../services/preferences/preferences.handlers';
import { PreferencesStore, readPreferencesSync } from '../services/preferences/preferences-store';
import { vaultHandlers } from '../services/vault/vault.handlers';
import { RecordGenerations } from '../vault/record-generations';
import type { UnlockPolicy } from '../vault/unlock-policy';
import type { Connection } from '../vault/connection';
import { Vault } from '../vault/vault';
import { IdleLock } from './idle-lock';
import { recordHooksMoving } from './sync-record-hooks';

export interface CoreOptions {
  readonly dataDir: string;
  readonly keyStore: KeyStore;
  readonly log: Logger;
  readonly isTrustedSender: (sender: Sender) => boolean;
  /**
   * Lock after this long without the user's input (0 disables). Given, it holds for the core's life (tests use
   * it); else the user's choice in Settings (preferences.json, 15 minutes by default) applies, and a new choice
   * at once.
   */
  readonly idleLockMs?: number;
  readonly unlockPolicy?: UnlockPolicy;
  /** Sync engine timing (tests shorten it; defaults suit a laptop). */
  readonly sync?: Pick<EngineOptions, 'backoff' | 'rateLimitedBackoff' | 'quickRetryCapMs' | 'intervalMs' | 'debounceMs' | 'debounceMaxMs' | 'poke'>;
  /** How the core notices a network being joined (sync then retries at once). */
  readonly network?: NetworkWatchOptions;
}

export interface Core {
  readonly registry: IpcRegistry;
  readonly events: EventBus;
  readonly vault: Vault;
  readonly sync: SyncEngine;
  /** The shell's page has gone (another document, a reload, a crash, its window closed): the exports it ran stop. */
  pageGone(): void;
  close(): Promise<void>;
}

const minuteMs = 60 * 1000;
export const defaultIdleLockMs = defaultPreferences.lockAfterMinutes * minuteMs;

/**
 * The entities whose records a call may have written: a CRM write (a channel of the entity that needs its write
 * or delete permission in the contract; one that needs only read, such as a count, writes nothing), a resolved
 * conflict (of any entity), or an enrolment, which hands the local owner's live tasks to the server's user
 * (enrolment.ts adoptLocalOwnerRecords): whose reminders are "mine" changes with it. A CRM write that failed
 * wrote nothing (one transaction); those two commit before a step that may still fail (the recount after a
 * resolve, the engine's start after an enrolment), so they count answered or not.
 */
function entitiesWrittenBy(channel: Channel, answered: boolean): readonly SyncedEntity[] {
  if (channel === 'sync.conflicts.resolve') return SyncedEntity.options;
  if (channel === 'sync.enrol') return ['tasks'];
  const entity = SyncedEntity.safeParse(channel.split('.')[0]);
  if (!answered || !entity.success) return [];
  const permission: Permission = contract[channel].permission;
  return permission === `${entity.data}:write` || permission === `${entity.data}:delete` ? [entity.data] : [];
}

/** The connection, its writes run through the reminders (ReminderScheduler.write). */
function remindingConnection(connection: Connection, reminders: ReminderScheduler): SyncConnection {
  return {
    read: (fn) => connection.read(fn),
    write: (fn) => reminders.write(fn),
    checkpoint: () => connection.checkpoint(),
    holdBulkCache: () => connection.holdBulkCache(),
  };
}

export function createCore(options: CoreOptions): Core {
  const events = new EventBus();
  const vault = new Vault({
    dataDir: options.dataDir,
    keyStore: options.keyStore,
    log: options.log,
    ...(options.unlockPolicy === undefined ? {} : { unlockPolicy: options.unlockPolicy }),
    onMigrating: (step) => events.emit('vault.didStartMigration', step),
  });
  // Moved by every committed record write; caches of what derives from records follow it.
  const generations = new RecordGenerations();
  const hooks = recordHooksMoving(generations);
  // Task reminders: armed while unlocked, checked again after anything that may change a task, and
  // held back while no page listens (checked again when one attaches, so none is pushed into nothing).
  const reminders = new ReminderScheduler({
    connection: () => vault.connection(),
    emit: (due) => events.emit('tasks.didRemind', due),
    listening: () => events.hasPage(),
    log: options.log,
  });
  const stopPageWatch = events.onPageAttached(() => void reminders.check());
  const sync = new SyncEngine({
    vault,
    hooks,
    log: options.log,
    onStatus: (status) => events.emit('sync.didChangeStatus', status),
    onChanges: (records) => {
      // A cycle the lock cut off says what its committed pages brought as it ends, after vault.didLock: the pages
      // are on the lock screen then, and read everything again at the next unlock.
      if (!vault.isUnlocked()) return;
      const entities = records.entities();
      generations.written(entities);
      // Links only where a pull gave them (a resolved conflict's record may link anywhere).
      const links = records.links();
      events.emit('sync.didApplyChanges', { entities, ids: records.named(), ...(Object.keys(links).length > 0 ? { links } : {}) });
      if (entities.includes('tasks')) void reminders.check();
    },
    onDirectoryChanged: () => {
      if (vault.isUnlocked()) events.emit('sync.didApplyChanges', { entities: [], ids: {}, people: true });
    },
    // device_revoked: the organisation removed this device; its vault is crypto-shredded.
    onRevoked: () => vault.remoteWipe(),
    ...options.sync,
  });
  const startSync = () => void sync.start().catch(() => options.log.log('warn', 'sync.startFailed', {}));
  // A network joined while the engine waits out its backoff: try now (a no-op while locked or not enrolled).
  const network = new NetworkWatch(() => sync.networkRestored(), options.network);
  network.start();
  const preferences = new PreferencesStore(options.dataDir, options.log);
  // Read at once, so the first unlock already waits the minutes the user chose at an earlier launch.
  const idleLockMs = options.idleLockMs ?? readPreferencesSync(options.dataDir, options.log).lockAfterMinutes * minuteMs;
  const idleLock = new IdleLock(idleLockMs, () => vault.lock('idle'));
  const stopLockEvents = vault.onLock((reason) => {
    idleLock.stop();
    reminders.stop();
    void sync.stop();
    events.emit('vault.didLock', { reason });
  });

  const policy = new LocalOwnerPolicy(vault);
  const transfer = createTransfer({
    vault,
    policy,
    log: options.log,
    onProgress: (progress) => {
      events.emit('transfer.didProgress', progress);
      // Imported rows are local changes like any other: let sync push them.
      sync.notifyLocalChange();
    },
    onUndoProgress: (progress) => {
      events.emit('import.didUndoProgress', progress);
      sync.notifyLocalChange();
    },
    onExportProgress: (progress) => events.emit('export.didProgress', progress),
    generations,
  });
  const handlers: Handlers = {
    ...vaultHandlers(vault),
    ...preferencesHandlers(preferences),
    // A task write (and a resolved conflict, which may write a task) takes what fell due in its own transaction
    // first, so the reminders' mark is the write's time (ReminderScheduler.write). In the same transaction: a check
    // awaited before it let a lock asked for meanwhile refuse the write, and the save was lost.
    ...crmHandlers(vault, Date.now, (fn) => reminders.write(fn)),
    ...searchHandlers(vault, policy),
    ...recordNameHandlers(vault, policy),
    ...accessLogHandlers(vault, policy, Date.now),
    ...transfer.handlers,
    ...syncHandlers(sync, { isUnlocked: () => vault.isUnlocked(), connection: () => remindingConnection(vault.connection(), reminders) }, hooks),
    // Only the user's own input (the renderer's activity beat) holds the idle lock off, not calls.
    'session.active': () => {
      if (vault.isUnlocked()) idleLock.touch();
      return Promise.resolve({});
    },
  };
  /**
   * After an unlock or create: a lock that landed meanwhile (the lid closed during a long migration, or during the
   * status read) may have closed the vault since the status was read: then nothing starts, and the answer says
   * locked, which a didLock sent before it could not.
   */
  const startSession = (status: VaultStatus): VaultStatus => {
    if (!vault.isUnlocked()) return { ...status, state: 'locked' as const };
    idleLock.start();
    events.emit('vault.didUnlock', {});
    startSync();
    void reminders.start();
    return status;
  };
  const registry = new IpcRegistry({
    handlers: {
      ...handlers,
      'vault.unlock': async (input, context) => startSession(await handlers['vault.unlock'](input, context)),
      // Another idle lock chosen in Settings takes effect at once, counted from now (not when an option fixed it).
      'preferences.set': async (patch, context) => {
        const stored = await handlers['preferences.set'](patch, context);
        if (patch.lockAfterMinutes !== undefined && options.idleLockMs === undefined) idleLock.setIdleMs(stored.lockAfterMinutes * minuteMs);
        return stored;
      },
      'vault.create': async (input, context) => startSession(await handlers['vault.create'](input, context)),
    },
    policy,
    isTrustedSender: options.isTrustedSender,
    log: options.log,
    // After the handler, so the count of changes waiting includes what it wrote, and a cache read while it wrote is stale.
    afterCall: (channel, answered) => {
      const written = entitiesWrittenBy(channel, answered);
      generations.written(written);
      sync.notifyLocalChange();
      if (written.includes('tasks')) void reminders.check();
    },
  });

  return {
    registry,
    events,
    vault,
    sync,
    pageGone: () => transfer.stopExports(),
    async close() {
      stopLockEvents();
      stopPageWatch();
      network.stop();
      transfer.close();
      idleLock.stop();
      reminders.stop();
      // close, not stop: the lock listener is gone, so a session a sync.now opened now would never end.
      await sync.close();
      await vault.lock('user');
    },
  };
}
