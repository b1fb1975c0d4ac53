// The setting of the sync engine's end-to-end suites: the real sync server on
// loopback, a fault proxy in front of it, a real desktop core (SQLCipher vault,
// OS keychain) as the client, and a rep with a second device speaking the
// protocol. Fresh for every test (useSyncEngineSetup registers the hooks).
import { afterEach, beforeEach } from 'vitest';
import { startSyncClient, type SyncClient } from './sync-client';
import { startFaultProxy, type FaultProxy } from './fault-proxy';
import { enrolmentCode, protocolDevice, startTestServer, type TestDevice, type TestServer } from './sync-server';

export interface SyncEngineSetup {
  readonly server: TestServer;
  /** Between the client and the server: `proxy.url` is the address the client enrols with. */
  readonly proxy: FaultProxy;
  readonly client: SyncClient;
  readonly userId: string;
  /** The rep's other device, speaking the protocol directly. */
  readonly laptop2: TestDevice;
  /** Enrols the client as the rep's device, through the proxy, and waits for its first sync (enrol answers once that has started); the enrol answer. */
  readonly enrol: () => Promise<unknown>;
}

export function useSyncEngineSetup(): SyncEngineSetup {
  let current: { server: TestServer; proxy: FaultProxy; client: SyncClient; userId: string; laptop2: TestDevice } | undefined;

  beforeEach(async () => {
    const server = await startTestServer();
    const { certPem, keyPem } = server.org.certificate;
    const proxy = await startFaultProxy({ certPem, keyPem, caPem: server.caPem, targetPort: server.server.port });
    const client = await startSyncClient();
    const userId = await server.createUser('Rep');
    current = { server, proxy, client, userId, laptop2: await protocolDevice(server, userId) };
  });

  afterEach(async () => {
    const done = current;
    current = undefined;
    if (done === undefined) return;
    await done.client.dispose();
    await done.proxy.close();
    await done.server.close();
  });

  const get = () => {
    if (current === undefined) throw new Error('The server and client exist only inside a test');
    return current;
  };

  return {
    get server() {
      return get().server;
    },
    get proxy() {
      return get().proxy;
    },
    get client() {
      return get().client;
    },
    get userId() {
      return get().userId;
    },
    get laptop2() {
      return get().laptop2;
    },
    enrol: async () => {
      const { client, proxy, server, userId } = get();
      const status = await client.call('sync.enrol', { serverUrl: proxy.url, caCertificatePem: server.caPem, enrolmentCode: await enrolmentCode(server, userId), organisationName: 'Test Org' });
      await client.core.sync.idle();
      return status;
    },
  };
}
