// The errors a user meets while enrolling, resolving a conflict, editing the
// pipeline or importing carry a typed reason in the IPC error, so the renderer
// words them in the user's language instead of a generic sentence for the
// code ("FieldVault 正忙"). Each goes through the real core's registry: a real
// vault and keychain, and for enrolment the real sync server over TLS.
import { createServer, type AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestCa } from '../../src-main/sync/testing/test-pki';
import { recordConflict } from '../../src-main/sync/conflict-recording';
import type { WireError } from '../../src-shared/ipc/errors';
import type { Channel, ChannelInput } from '../../src-shared/ipc/contract';
import { startSyncClient, type SyncClient } from '../support/sync-client';
import { enrolmentCode, startTestServer, type TestServer } from '../support/sync-server';
import { testSender } from '../support/temp-core';

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe('the reasons of errors a user meets', () => {
  let client: SyncClient;

  beforeEach(async () => {
    client = await startSyncClient();
  });

  afterEach(async () => {
    await client.dispose();
  });

  /** The call's error as it crosses IPC. */
  async function wireError<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<WireError> {
    const result = await client.core.registry.dispatch(testSender, channel, input);
    if (result.ok) throw new Error(`${channel} succeeded`);
    return result.error;
  }

  describe('enrolment', () => {
    let server: TestServer;
    let userId: string;

    beforeEach(async () => {
      server = await startTestServer();
      userId = await server.createUser('Rep');
    });

    afterEach(async () => {
      await server.close();
    });

    it('says which part of the bundle, the code or the server is wrong', async () => {
      const rogueCa = await createTestCa('Rogue CA');
      const { certPem: serverCertPem } = server.org.certificate;
      const bundle = { serverUrl: server.url, caCertificatePem: server.caPem, enrolmentCode: await enrolmentCode(server, userId) };
      const problemOf = async (input: ChannelInput<'sync.enrol'>) => {
        const error = await wireError('sync.enrol', input);
        return { code: error.code, reason: error.reason };
      };

      expect(await problemOf({ ...bundle, caCertificatePem: '-----BEGIN CERTIFICATE-----\nnot one\n-----END CERTIFICATE-----' })).toEqual({
        code: 'BAD_INPUT',
        reason: { code: 'enrol_failed', problem: 'certificate_unreadable' },
      });
      // The server's own certificate pasted where the organisation's CA belongs.
      expect(await problemOf({ ...bundle, caCertificatePem: serverCertPem })).toEqual({ code: 'BAD_INPUT', reason: { code: 'enrol_failed', problem: 'certificate_not_ca' } });
      expect(await problemOf({ ...bundle, caCertificatePem: rogueCa.certPem })).toEqual({
        code: 'SYNC_UNAVAILABLE',
        reason: { code: 'enrol_failed', problem: 'certificate_mismatch' },
      });
      expect(await problemOf({ ...bundle, serverUrl: `https://127.0.0.1:${await closedPort()}` })).toEqual({
        code: 'SYNC_UNAVAILABLE',
        reason: { code: 'enrol_failed', problem: 'server_unreachable' },
      });
      expect(await problemOf({ ...bundle, enrolmentCode: 'ZZZZ-ZZZZ-ZZZZ-ZZZZ' })).toEqual({ code: 'SYNC_FAILED', reason: { code: 'enrol_failed', problem: 'code_invalid' } });
      // A code that cannot be one by its form is refused before any connection.
      expect(await problemOf({ ...bundle, serverUrl: `https://127.0.0.1:${await closedPort()}`, enrolmentCode: 'z7x2 ymje' })).toEqual({
        code: 'BAD_INPUT',
        reason: { code: 'invalid_request', path: 'enrolmentCode', rule: { code: 'invalid' } },
      });

      // The right bundle enrols; the same code again, or any bundle now, is refused for what it is.
      expect(await client.call('sync.enrol', bundle)).toMatchObject({ enrolled: true });
      expect(await problemOf(bundle)).toEqual({ code: 'BAD_INPUT', reason: { code: 'enrol_failed', problem: 'already_enrolled' } });
    });

    it('calls a used code invalid on a second device', async () => {
      const bundle = { serverUrl: server.url, caCertificatePem: server.caPem, enrolmentCode: await enrolmentCode(server, userId) };
      expect(await client.call('sync.enrol', bundle)).toMatchObject({ enrolled: true });
      const second = await startSyncClient();
      try {
        const result = await second.core.registry.dispatch(testSender, 'sync.enrol', bundle);
        expect(result).toMatchObject({ ok: false, error: { reason: { code: 'enrol_failed', problem: 'code_invalid' } } });
        // Customer-free: the message names the code's state, never the code.
        expect(JSON.stringify(result)).not.toContain(bundle.enrolmentCode);
      } finally {
        await second.dispose();
      }
    });
  });

  it('says a conflict value that is gone is gone', async () => {
    const contact = await client.call('contacts.create', { name: 'Ada', title: 'Analyst' });
    await client.core.vault.connection().write((tx) =>
      recordConflict(tx, { entity: 'contacts', recordId: contact.id, field: 'title', reason: 'concurrent', localValue: null, localHlc: 'a', remoteValue: 'Theirs', remoteHlc: 'b' }, Date.now()),
    );
    const [conflict] = (await client.call('sync.conflicts.list', {})).items;
    if (conflict === undefined) throw new Error('no conflict');
    expect(await wireError('sync.conflicts.resolve', { id: conflict.id, keep: 'local' })).toMatchObject({ code: 'BAD_INPUT', reason: { code: 'conflict_value_gone' } });
  });

  it('says a pipeline stage that still holds deals cannot be removed', async () => {
    await client.call('deals.create', { name: 'Renewal', stageId: 'proposal', currency: 'EUR', expectedCloseDate: '2026-03-01' });
    const stages = (await client.call('pipeline.get', {})).stages.filter((stage) => stage.id !== 'proposal').map(({ id, name, probability, kind }) => ({ id, name, probability, kind }));
    expect(await wireError('pipeline.update', { stages })).toMatchObject({ code: 'BAD_INPUT', reason: { code: 'stage_has_deals' } });
  });

  it('says another import is running, not that FieldVault is busy', async () => {
    const csv = ['Name', ...Array.from({ length: 20_000 }, (_, index) => `Busy ${index}`)].join('\n');
    const upload = async () => (await client.call('import.upload', { chunk: Buffer.from(csv).toString('base64'), last: true })).uploadId;
    const run = { format: 'csv', entity: 'contacts', duplicates: 'import', createAccounts: false, dryRun: false } as const;
    const first = await client.call('import.run', { ...run, uploadId: await upload() });
    try {
      expect(await wireError('import.run', { ...run, uploadId: await upload() })).toMatchObject({ code: 'BUSY', reason: { code: 'import_running' } });
    } finally {
      await client.call('import.cancel', { jobId: first.jobId });
    }
  });
});
