// Test support: a real organisation in a temp folder (init), served over
// real TLS on loopback, with an enrolled admin device and helpers to create
// users and enrol more devices. Each call makes its own folder and port, so
// test files run in parallel; close() removes everything.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateEnrolmentCodeResponse, CreateUserResponse } from '../../src-shared/sync/admin-protocol';
import { EnrolResponse, protocolVersion } from '../../src-shared/sync/protocol';
import { startSyncServer, type RunningSyncServer, type ServerLog, type SyncServerOptions } from '../http/server';
import { initOrganisation } from '../org/init';
import { openOrganisation, type OpenedOrganisation } from '../org/open';
import type { StoreChoice } from '../org/open-store';
import type { SyncPolicy } from '../sync/context';
import { HttpsTestClient } from './https-client';

export interface EnrolledDevice {
  readonly deviceId: string;
  readonly token: string;
  readonly userId: string;
}

export interface TestServer {
  readonly dataDir: string;
  readonly url: string;
  readonly caPem: string;
  readonly client: HttpsTestClient;
  readonly org: OpenedOrganisation;
  readonly server: RunningSyncServer;
  readonly admin: EnrolledDevice;
  /** Test clock: server time = real time + offset. */
  advanceClock(ms: number): void;
  createUser(displayName?: string, isAdmin?: boolean): Promise<string>;
  enrolDevice(userId: string): Promise<EnrolledDevice>;
  close(): Promise<void>;
}

export interface TestServerOptions {
  /** Default: the embedded SQLite store in the temp folder. A PostgreSQL database must be empty. */
  readonly store?: StoreChoice;
  readonly policy?: Partial<SyncPolicy>;
  readonly log?: ServerLog;
  readonly rateLimits?: Pick<SyncServerOptions, 'deviceRateLimit' | 'enrolRateLimit'>;
}

function expectOk<T>(answer: { status: number; json: unknown }, parse: (value: unknown) => T): T {
  if (answer.status !== 200) throw new Error(`Expected 200, got ${answer.status}: ${JSON.stringify(answer.json)}`);
  return parse(answer.json);
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'fieldvault-server-test-'));
  let offset = 0;
  const now = () => Date.now() + offset;
  const init = await initOrganisation({
    dataDir,
    organisationName: 'Test Org',
    adminName: 'Admin',
    hosts: ['127.0.0.1', 'localhost'],
    port: 0,
    store: options.store ?? { kind: 'sqlite' },
  });
  const org = await openOrganisation(dataDir, { store: options.store ?? { kind: 'sqlite' }, policy: options.policy, now });
  const server = await startSyncServer({
    ctx: org.ctx,
    certificate: org.certificate,
    port: 0,
    ...(options.log === undefined ? {} : { log: options.log }),
    deviceRateLimit: options.rateLimits?.deviceRateLimit ?? { capacity: 100_000, refillPerSecond: 100_000 },
    enrolRateLimit: options.rateLimits?.enrolRateLimit ?? { capacity: 1000, refillPerSecond: 1000 },
  });
  const client = new HttpsTestClient(server.url, init.caCertificatePem);

  const enrolWithCode = async (code: string): Promise<EnrolledDevice> => {
    const answer = await client.request('POST', '/v1/enrol', { body: { protocolVersion, schemaVersion: 1, enrolmentCode: code } });
    const enrolled = expectOk(answer, (json) => EnrolResponse.parse(json));
    return { deviceId: enrolled.deviceId, token: enrolled.deviceToken, userId: enrolled.userId };
  };
  const admin = await enrolWithCode(init.enrolmentCode);

  return {
    dataDir,
    url: server.url,
    caPem: init.caCertificatePem,
    client,
    org,
    server,
    admin,
    advanceClock: (ms) => {
      offset += ms;
    },
    createUser: async (displayName = 'Rep', isAdmin = false) => {
      const answer = await client.request('POST', '/v1/admin/users', { token: admin.token, body: { displayName, isAdmin } });
      return expectOk(answer, (json) => CreateUserResponse.parse(json)).userId;
    },
    enrolDevice: async (userId) => {
      const answer = await client.request('POST', '/v1/admin/enrolment-codes', { token: admin.token, body: { userId } });
      return enrolWithCode(expectOk(answer, (json) => CreateEnrolmentCodeResponse.parse(json)).enrolmentCode);
    },
    close: async () => {
      client.close();
      await server.close();
      await org.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
