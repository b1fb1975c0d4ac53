// The main-process core shared by both shells (Electron and headless): vault,
// policy, handler registry, push events and the idle lock. Shells add only a
// transport and the OS integration around it.
import type { KeyStore } from '../keychain/key-store';
import { EventBus } from '../ipc/event-bus';
import { IpcRegistry, type Handlers, type Sender } from '../ipc/registry';
import type { Logger } from '../log/logger';
import { LocalOwnerPolicy } from '../policy/access.policy';
import { contactHandlers } from '../services/crm/contacts.handlers';
import { vaultHandlers } from '../services/vault/vault.handlers';
import type { UnlockPolicy } from '../vault/unlock-policy';
import { Vault } from '../vault/vault';
import { IdleLock } from './idle-lock';

export interface CoreOptions {
  readonly dataDir: string;
  readonly keyStore: KeyStore;
  readonly log: Logger;
  readonly isTrustedSender: (sender: Sender) => boolean;
  /** Lock after this long without a call (default 15 minutes; 0 disables). */
  readonly idleLockMs?: number;
  readonly unlockPolicy?: UnlockPolicy;
}

export interface Core {
  readonly registry: IpcRegistry;
  readonly events: EventBus;
  readonly vault: Vault;
  close(): Promise<void>;
}

export const defaultIdleLockMs = 15 * 60 * 1000;

export function createCore(options: CoreOptions): Core {
  const events = new EventBus();
  const vault = new Vault({
    dataDir: options.dataDir,
    keyStore: options.keyStore,
    log: options.log,
    ...(options.unlockPolicy === undefined ? {} : { unlockPolicy: options.unlockPolicy }),
  });
  const idleLock = new IdleLock(options.idleLockMs ?? defaultIdleLockMs, () => vault.lock('idle'));
  const stopLockEvents = vault.onLock((reason) => {
    idleLock.stop();
    events.emit('vault.didLock', { reason });
  });

  const handlers: Handlers = {
    ...vaultHandlers(vault),
    ...contactHandlers(vault),
  };
  const registry = new IpcRegistry({
    handlers: {
      ...handlers,
      'vault.unlock': async (input, context) => {
        const status = await handlers['vault.unlock'](input, context);
        idleLock.start();
        events.emit('vault.didUnlock', {});
        return status;
      },
      'vault.create': async (input, context) => {
        const status = await handlers['vault.create'](input, context);
        if (status.state === 'unlocked') {
          idleLock.start();
          events.emit('vault.didUnlock', {});
        }
        return status;
      },
    },
    policy: new LocalOwnerPolicy(vault),
    isTrustedSender: options.isTrustedSender,
    log: options.log,
    onActivity: () => {
      if (vault.isUnlocked()) idleLock.touch();
    },
  });

  return {
    registry,
    events,
    vault,
    async close() {
      stopLockEvents();
      idleLock.stop();
      await vault.lock('user');
    },
  };
}
