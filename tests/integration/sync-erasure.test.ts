// Eviction, erasure and revocation reach the device: a real desktop core
// against the real sync server. What must be gone is checked by decrypting
// every page of the vault file and its WAL with the vault's key, bypassing
// SQLite, so deleted-but-still-on-disk counts as not gone.
import { readdir } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { uuid7 } from '../../src-main/vault/uuid7';
import { readEnrolment } from '../../src-main/sync/enrolment';
import { readHeader } from '../../src-main/vault/vault-header';
import { startSyncClient, type SyncClient } from '../support/sync-client';
import {
  contactValues,
  enrolmentCode,
  erase,
  erasureStatus,
  protocolDevice,
  reassign,
  revoke,
  startTestServer,
  type TestDevice,
  type TestServer,
} from '../support/sync-server';

describe('eviction, erasure and revocation on a device', () => {
  let server: TestServer;
  let client: SyncClient;
  let userId: string;
  let laptop2: TestDevice;

  beforeEach(async () => {
    server = await startTestServer();
    client = await startSyncClient();
    userId = await server.createUser('Rep');
    laptop2 = await protocolDevice(server, userId);
    await client.call('sync.enrol', { serverUrl: server.url, caCertificatePem: server.caPem, enrolmentCode: await enrolmentCode(server, userId) });
    await client.core.sync.idle(); // enrol answers once the first sync has started
  });

  afterEach(async () => {
    await client.dispose();
    await server.close();
  });

  const serverDeviceId = async () => {
    const enrolment = await client.core.vault.connection().read(readEnrolment);
    if (enrolment === null) throw new Error('not enrolled');
    return enrolment.deviceId;
  };

  const changesSince = (from: number) => client.events.slice(from).filter((event) => event.name === 'sync.didApplyChanges').map((event) => event.payload);

  /** A contact whose every text field carries a unique marker, synced to the device and edited there. */
  async function syncedContact(marker: string): Promise<string> {
    const id = uuid7();
    await laptop2.push([
      laptop2.upsert('contacts', id, contactValues(userId, { name: `Name ${marker}`, emails: [`${marker}@example.org`], notes: `Notes ${marker}`, tags: [`tag${marker}`] })),
    ]);
    await client.call('sync.now', {});
    // A local edit too, so the outbox, field versions and search index all held it.
    await client.call('contacts.update', { id, patch: { title: `Title ${marker}` } });
    await client.call('sync.now', {});
    expect(await client.rawContains(marker)).toBe(true);
    return id;
  }

  it('evicts a record that left the device buckets: no row, no trace in the files, nothing sent back', async () => {
    const marker = `evict${Date.now().toString(36)}`;
    const keep = `keep${Date.now().toString(36)}`;
    const id = await syncedContact(marker);
    await syncedContact(keep);

    await reassign(server, { entity: 'contacts', recordId: id }, server.admin.userId);
    const before = client.events.length;
    const status = await client.call('sync.now', {});
    expect(status).toMatchObject({ state: 'online', pendingCount: 0 });
    // An open page of the record reacts as to any change of it (it finds the record gone).
    expect(changesSince(before)).toEqual([{ entities: ['contacts'], ids: { contacts: [id] }, links: { contacts: { [id]: [] } } }]);

    expect(await client.callError('contacts.get', { id })).toBe('NOT_FOUND');
    expect((await client.call('search.query', { text: marker })).hits).toEqual([]);
    expect(await client.rawContains(marker)).toBe(false);
    expect(await client.rawContains(keep)).toBe(true);
    // Eviction is local: the server still holds the record for its new owner.
    await laptop2.pullAll();
    expect(laptop2.replica.has(`contacts/${id}`)).toBe(false);
  });

  it('purges an erased record, checkpoints, and acknowledges to the server', async () => {
    const marker = `erase${Date.now().toString(36)}`;
    const id = await syncedContact(marker);
    // A pending local edit of the record, so the outbox holds its values when the purge arrives.
    await client.call('contacts.update', { id, patch: { notes: `Pending ${marker}` } });

    const erased = await erase(server, { entity: 'contacts', recordId: id });
    expect(erased.existed).toBe(true);
    const before = client.events.length;
    const status = await client.call('sync.now', {});
    expect(status).toMatchObject({ state: 'online', pendingCount: 0 });
    expect(changesSince(before)).toEqual([{ entities: ['contacts'], ids: { contacts: [id] }, links: { contacts: { [id]: [] } } }]);

    expect(await client.callError('contacts.get', { id })).toBe('NOT_FOUND');
    expect(await client.rawContains(marker)).toBe(false);
    const deviceId = await serverDeviceId();
    const ack = await erasureStatus(server, { entity: 'contacts', recordId: id });
    expect(ack.acknowledgedBy).toContain(deviceId);
    expect(ack.outstanding).not.toContain(deviceId);
    const pendingAcks = await client.core.vault.connection().read((tx) => tx.all('SELECT * FROM sync_pending_acks'));
    expect(pendingAcks).toEqual([]);
  });

  it('crypto-shreds and deletes the vault when the server answers device_revoked', async () => {
    const deviceId = await serverDeviceId();
    const vaultId = (await readHeader(client.dataDir))?.vaultId ?? '';
    expect(await client.keyStore.get(vaultId)).not.toBeNull();

    await revoke(server, deviceId);
    const status = await client.call('sync.now', {});
    expect(status.lastError).toMatch(/removed from your organisation/);

    expect(await client.keyStore.get(vaultId)).toBeNull();
    expect((await readdir(client.dataDir)).filter((name) => name.startsWith('vault'))).toEqual([]);
    expect((await client.call('vault.status', {})).state).toBe('none');
    expect(client.events).toContainEqual({ name: 'vault.didLock', payload: { reason: 'revoked' } });
  });
});
