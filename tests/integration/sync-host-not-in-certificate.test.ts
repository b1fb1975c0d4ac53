// An organisation initialised for one host name (`init --host localhost`),
// reached at an address its server certificate does not name (127.0.0.1):
// the certificate is the organisation's, the address is wrong. Enrolling and
// syncing say so, with the names the certificate carries, rather than that
// the certificate is not the organisation's (which sent people to check the
// certificate, or to sign in to a hotel Wi-Fi). A server from another CA is
// still refused as one. The real sync server over real TLS on loopback.
import { mkdtemp, rm } from 'node:fs/promises';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SyncNetworkError } from '../../src-main/sync/errors';
import { lastErrorOf } from '../../src-main/sync/status';
import { createTestCa } from '../../src-main/sync/testing/test-pki';
import { SyncTransport } from '../../src-main/sync/transport';
import type { WireError } from '../../src-shared/ipc/errors';
import type { ChannelInput } from '../../src-shared/ipc/contract';
import { startSyncServer, type RunningSyncServer } from '../../src-server/http/server';
import { initOrganisation, type InitResult } from '../../src-server/org/init';
import { openOrganisation, type OpenedOrganisation } from '../../src-server/org/open';
import { startSyncClient, type SyncClient } from '../support/sync-client';
import { testSender } from '../support/temp-core';

const wrongAddressMessage =
  "The sync server's address is not one its certificate names. The certificate names: localhost. Nothing was sent. Ask your administrator which address to use.";

describe('a sync server reached at an address its certificate does not name', () => {
  let dataDir: string;
  let init: InitResult;
  let org: OpenedOrganisation;
  let server: RunningSyncServer;
  let client: SyncClient;
  /** The server at the IP address it listens on, which its certificate (for localhost only) does not name. */
  let atIp: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'fieldvault-host-names-'));
    init = await initOrganisation({ dataDir, organisationName: 'Acme', adminName: 'Admin', hosts: ['localhost'], port: 0, store: { kind: 'sqlite' } });
    org = await openOrganisation(dataDir);
    server = await startSyncServer({ ctx: org.ctx, certificate: org.certificate, port: 0, enrolRateLimit: { capacity: 1000, refillPerSecond: 1000 } });
    atIp = `https://127.0.0.1:${new URL(server.url).port}`;
    client = await startSyncClient();
  });

  afterEach(async () => {
    await client.dispose();
    await server.close();
    await org.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function enrolError(input: ChannelInput<'sync.enrol'>): Promise<WireError> {
    const result = await client.core.registry.dispatch(testSender, 'sync.enrol', input);
    if (result.ok) throw new Error('sync.enrol succeeded');
    return result.error;
  }

  it('says so when enrolling, naming localhost; a certificate from another CA is still untrusted', async () => {
    const bundle = { serverUrl: atIp, caCertificatePem: init.caCertificatePem, enrolmentCode: init.enrolmentCode };
    expect(await enrolError(bundle)).toEqual({ code: 'SYNC_UNAVAILABLE', message: wrongAddressMessage, reason: { code: 'host_not_in_certificate', names: ['localhost'] } });

    // Another CA pinned, at the same wrong address: the chain fails first, and that is what is said.
    const rogueCa = await createTestCa('Rogue CA');
    const rogue = await enrolError({ ...bundle, caCertificatePem: rogueCa.certPem });
    expect(rogue.reason).toEqual({ code: 'enrol_failed', problem: 'certificate_mismatch' });

    // The certificate was right all along: at the name it carries, the same bundle enrols.
    expect(await client.call('sync.enrol', { ...bundle, serverUrl: `https://localhost:${new URL(server.url).port}` })).toMatchObject({ enrolled: true });
  });

  it('says so in the sync status; a server from another CA is still an untrusted certificate', async () => {
    const Ok = z.object({ ok: z.boolean() });
    const refusal = async (serverUrl: string, caPem: string): Promise<unknown> => {
      const transport = new SyncTransport({ serverUrl, caPem, protocolVersion: 1, schemaVersion: 1, deviceToken: 'token' });
      try {
        return await transport.request({ method: 'GET', path: '/v1/poke', response: Ok }).catch((error: unknown) => error);
      } finally {
        transport.close();
      }
    };

    const wrongAddress = await refusal(atIp, init.caCertificatePem);
    expect(wrongAddress).toBeInstanceOf(SyncNetworkError);
    expect(lastErrorOf(wrongAddress)).toEqual({ lastError: wrongAddressMessage, lastErrorReason: { code: 'host_not_in_certificate', names: ['localhost'] } });

    // A server whose certificate comes from another CA (it names 127.0.0.1 and localhost), the organisation CA pinned.
    const otherCa = await createTestCa('Another CA');
    const other = await otherCa.issueServer();
    const foreign = https.createServer({ cert: other.certPem, key: other.keyPem }, (_request, response) => response.end('{"ok":true}'));
    await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.1', resolve));
    try {
      const address = foreign.address();
      if (address === null || typeof address === 'string') throw new Error('no port');
      const untrusted = await refusal(`https://127.0.0.1:${address.port}`, init.caCertificatePem);
      expect(untrusted).toBeInstanceOf(SyncNetworkError);
      expect(lastErrorOf(untrusted).lastErrorReason).toEqual({ code: 'sync_network', failure: 'untrusted_certificate' });
    } finally {
      foreign.closeAllConnections();
      await new Promise<void>((resolve) => foreign.close(() => resolve()));
    }
  });
});
