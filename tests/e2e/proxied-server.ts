// A real sync server over TLS on loopback, behind a fault proxy with the
// server's own certificate (a test can refuse or cut what the device sends),
// for the length of a suite. Call it before useApp: its hooks, registered
// first, start the server before the shell and stop it after.
import { z } from 'zod';
import { afterAll, beforeAll, expect } from 'vitest';
import { SyncStatus } from '../../src-shared/sync/client-api';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy';
import { enrolmentCode, startTestServer, type TestServer, type TestServerOptions } from '../support/sync-server';
import type { InjectingRoute } from './injecting-route';

export interface ProxiedServer {
  readonly server: TestServer;
  readonly proxy: FaultProxy;
}

export function useProxiedServer(options: TestServerOptions = {}): ProxiedServer {
  let started: ProxiedServer | null = null;
  beforeAll(async () => {
    const server = await startTestServer(options);
    const { certPem, keyPem } = server.org.certificate;
    started = { server, proxy: await startFaultProxy({ certPem, keyPem, caPem: server.caPem, targetPort: server.server.port }) };
  });
  afterAll(async () => {
    await started?.proxy.close();
    await started?.server.close();
  });
  const running = (): ProxiedServer => {
    if (started === null) throw new Error('The sync server is not running (outside the suite?)');
    return started;
  };
  return {
    get server() {
      return running().server;
    },
    get proxy() {
      return running().proxy;
    },
  };
}

/** The value of an IPC answer to a call the test made through the route, or a failure naming the channel. */
export async function call(route: InjectingRoute, channel: string, input: unknown): Promise<unknown> {
  const result = (await route.invoke(channel, input)) as { ok?: unknown; value?: unknown; error?: unknown };
  if (result.ok !== true) throw new Error(`${channel} failed: ${JSON.stringify(result.error)}`);
  return result.value;
}

/** The id of the record a `<entity>.create` call the test made through the route created. */
export async function createdId(route: InjectingRoute, channel: `${string}.create`, input: unknown): Promise<string> {
  return z.object({ id: z.string() }).parse(await call(route, channel, input)).id;
}

/** Enrols the page's device as `userId`'s through the fault proxy (its first sync starts; `untilSynced` waits for it). */
export async function enrolThroughProxy(route: InjectingRoute, sync: ProxiedServer, userId: string): Promise<unknown> {
  return call(route, 'sync.enrol', { serverUrl: sync.proxy.url, caCertificatePem: sync.server.caPem, enrolmentCode: await enrolmentCode(sync.server, userId) });
}

/** Waits until no sync runs and the last one went through: sync.enrol answers once the first sync has started, not when it ends. */
export async function untilSynced(route: InjectingRoute): Promise<void> {
  await expect.poll(async () => SyncStatus.parse(await call(route, 'sync.status', {})).state, { timeout: 30_000 }).toBe('online');
}
