// A real sync server over TLS, a rep on it with a second device, and an
// in-process SQLCipher vault for a SyncEngine under test: fresh for every test
// (the beforeEach/afterEach hooks are registered by useEngineOnVault).
import { afterEach, beforeEach } from 'vitest';
import { SyncEngine } from '../../src-main/sync/engine';
import type { EngineOptions } from '../../src-main/sync/engine-options';
import { countingHooks, createSyncTestVault, type SyncTestVault } from '../../src-main/sync/testing/sync-vault';
import { enrolmentCode, protocolDevice, startTestServer, type TestDevice, type TestServer } from './sync-server';

export interface EngineOnVault {
  readonly server: TestServer;
  readonly vault: SyncTestVault;
  readonly userId: string;
  /** The rep's other device, speaking the protocol directly. */
  readonly laptop2: TestDevice;
  /** An engine on the vault: no poke, no timer, counting hooks unless given others. */
  engine(options?: Pick<Partial<EngineOptions>, 'hooks' | 'pullLimit' | 'onStatus' | 'progressIntervalMs'>): SyncEngine;
  /** Enrols the engine as the rep's device and waits for its first sync (enrol answers once that has started); the enrol answer. */
  enrol(engine: SyncEngine): Promise<unknown>;
}

export function useEngineOnVault(): EngineOnVault {
  let current: { readonly server: TestServer; readonly vault: SyncTestVault; readonly userId: string; readonly laptop2: TestDevice } | undefined;
  beforeEach(async () => {
    const server = await startTestServer();
    const vault = await createSyncTestVault();
    const userId = await server.createUser('Rep');
    current = { server, vault, userId, laptop2: await protocolDevice(server, userId) };
  });
  afterEach(async () => {
    const done = current;
    current = undefined;
    if (done === undefined) return;
    await done.vault.dispose();
    await done.server.close();
  });
  const get = () => {
    if (current === undefined) throw new Error('The server and vault exist only inside a test');
    return current;
  };
  return {
    get server() {
      return get().server;
    },
    get vault() {
      return get().vault;
    },
    get userId() {
      return get().userId;
    },
    get laptop2() {
      return get().laptop2;
    },
    engine(options = {}) {
      const { vault } = get();
      return new SyncEngine({
        vault: { connection: () => vault.connection, isUnlocked: () => !vault.connection.isClosed },
        hooks: options.hooks ?? countingHooks(),
        log: vault.log,
        onStatus: options.onStatus ?? (() => undefined),
        onRevoked: () => Promise.resolve(),
        poke: false,
        intervalMs: 0,
        ...(options.pullLimit === undefined ? {} : { pullLimit: options.pullLimit }),
        ...(options.progressIntervalMs === undefined ? {} : { progressIntervalMs: options.progressIntervalMs }),
      });
    },
    async enrol(engine) {
      const { server, userId } = get();
      const status = await engine.enrol({ serverUrl: server.url, caCertificatePem: server.caPem, enrolmentCode: await enrolmentCode(server, userId), organisationName: '' });
      await engine.idle();
      return status;
    },
  };
}
