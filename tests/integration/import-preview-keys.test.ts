// The import preview marks a row that matches a contact already in the vault.
// It keeps the vault's duplicate keys between previews (a mapping screen
// previews again and again), and must drop them as soon as contacts are
// written: created, edited or deleted by hand, or applied by sync. Before,
// they were kept for a minute whatever happened. A real desktop core (vault,
// keychain) and the real sync server over TLS; no clock is moved.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { uuid7 } from '../../src-main/vault/uuid7';
import { startSyncClient, type SyncClient } from '../support/sync-client';
import { contactValues, enrolmentCode, protocolDevice, startTestServer, type TestDevice, type TestServer } from '../support/sync-server';

describe("the import preview's duplicate keys", () => {
  let server: TestServer;
  let client: SyncClient;
  let laptop2: TestDevice;
  let userId: string;

  beforeEach(async () => {
    server = await startTestServer();
    client = await startSyncClient();
    userId = await server.createUser('Rep');
    laptop2 = await protocolDevice(server, userId);
  });

  afterEach(async () => {
    await client.dispose();
    await server.close();
  });

  /** The preview's problem codes for each row of a contacts CSV. */
  async function problems(csv: string): Promise<string[][]> {
    const { uploadId } = await client.call('import.upload', { chunk: Buffer.from(csv).toString('base64'), last: true });
    const preview = await client.call('import.preview', { uploadId, format: 'csv', entity: 'contacts', rows: 10 });
    return preview.rows.map((row) => row.problems.map((problem) => problem.code));
  }

  const file = 'Name,Email\nAda Lovelace,ada@example.org\nGrace Hopper,grace@example.org\n';

  it('sees contacts created, edited and deleted by hand at the next preview', async () => {
    expect(await problems(file)).toEqual([[], []]);
    const ada = await client.call('contacts.create', { name: 'Ada L.', emails: ['ada@example.org'] });
    expect(await problems(file)).toEqual([['duplicate_in_vault'], []]);
    await client.call('contacts.update', { id: ada.id, patch: { emails: ['grace@example.org'] } });
    expect(await problems(file)).toEqual([[], ['duplicate_in_vault']]);
    await client.call('contacts.delete', { id: ada.id });
    expect(await problems(file)).toEqual([[], []]);
    await client.call('contacts.restore', { id: ada.id });
    expect(await problems(file)).toEqual([[], ['duplicate_in_vault']]);
  });

  it('sees contacts sync applied at the next preview', async () => {
    await client.call('sync.enrol', { serverUrl: server.url, caCertificatePem: server.caPem, enrolmentCode: await enrolmentCode(server, userId) });
    await client.core.sync.idle(); // enrol answers once the first sync has started
    expect(await problems(file)).toEqual([[], []]);
    const id = uuid7();
    await laptop2.push([laptop2.upsert('contacts', id, contactValues(userId, { name: 'Grace B. Hopper', emails: ['grace@example.org'] }))]);
    await client.call('sync.now', {});
    expect(await problems(file)).toEqual([[], ['duplicate_in_vault']]);
    await laptop2.push([laptop2.upsert('contacts', id, { emails: ['ada@example.org'] })]);
    await client.call('sync.now', {});
    expect(await problems(file)).toEqual([['duplicate_in_vault'], []]);
  });
});
