// Records that leave a device's buckets while trashed (soft-deleted) or
// deleted (a protocol tombstone) are evicted like any other: the device keeps
// no row, no field version, no outbox entry, no search entry, and no value in
// the vault file or its WAL (decrypted page by page, bypassing SQLite).
// A real desktop core (SQLCipher vault, OS keychain) against the real server.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { uuid7 } from '../../src-main/vault/uuid7';
import { startSyncClient, type SyncClient } from '../support/sync-client';
import {
  contactValues,
  enrolmentCode,
  protocolDevice,
  reassign,
  setMemberships,
  startTestServer,
  type TestDevice,
  type TestServer,
} from '../support/sync-server';

const team = 'team-north';

describe('eviction of trashed and deleted records', () => {
  let server: TestServer;
  let client: SyncClient;
  /** The user of the desktop client, in the team. */
  let rep: string;
  /** Another member of the team, who owns the shared records, with a protocol-level laptop. */
  let owner: string;
  let ownerLaptop: TestDevice;

  beforeEach(async () => {
    server = await startTestServer();
    client = await startSyncClient();
    rep = await server.createUser('Rep');
    owner = await server.createUser('Owner');
    await setMemberships(server, rep, [team]);
    await setMemberships(server, owner, [team]);
    ownerLaptop = await protocolDevice(server, owner);
    await client.call('sync.enrol', { serverUrl: server.url, caCertificatePem: server.caPem, enrolmentCode: await enrolmentCode(server, rep) });
    await client.core.sync.idle(); // enrol answers once the first sync has started
  });

  afterEach(async () => {
    await client.dispose();
    await server.close();
  });

  const unique = (prefix: string) => `${prefix}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

  /** Rows of the record anywhere in the vault: entity row, field versions, outbox, search index, conflicts, parked values. */
  async function traces(id: string): Promise<Record<string, number>> {
    return client.core.vault.connection().read(async (tx) => {
      const count = async (sql: string) => (await tx.get<{ n: number }>(sql, [id]))?.n ?? -1;
      return {
        row: await count('SELECT count(*) AS n FROM contacts WHERE id = ?'),
        versions: await count('SELECT count(*) AS n FROM field_versions WHERE record_id = ?'),
        outbox: await count('SELECT count(*) AS n FROM outbox WHERE record_id = ?'),
        search: await count('SELECT count(*) AS n FROM search_docs WHERE record_id = ?'),
        conflicts: await count('SELECT count(*) AS n FROM conflicts WHERE record_id = ?'),
        parked: await count('SELECT count(*) AS n FROM sync_parked WHERE record_id = ?'),
      };
    });
  }
  const none = { row: 0, versions: 0, outbox: 0, search: 0, conflicts: 0, parked: 0 };

  /** A contact of the owner in the team, every text field carrying the marker, synced to the client. */
  async function teamContact(marker: string): Promise<string> {
    const id = uuid7();
    await ownerLaptop.push([
      ownerLaptop.upsert('contacts', id, contactValues(owner, { name: `Name ${marker}`, emails: [`${marker}@example.org`], notes: `Notes ${marker}`, tags: [`tag${marker}`] })),
    ]);
    expect(await client.call('sync.now', {})).toMatchObject({ state: 'online' });
    expect((await traces(id)).row).toBe(1);
    expect(await client.rawContains(marker)).toBe(true);
    return id;
  }

  /** A contact the rep creates and trashes on the client; the trash reaches the server when `push` is set. */
  async function trashedOwnContact(marker: string, push: boolean): Promise<string> {
    const created = await client.call('contacts.create', { name: `Name ${marker}`, emails: [`${marker}@example.org`], notes: `Notes ${marker}`, tags: [`tag${marker}`] });
    await client.call('sync.now', {});
    await client.call('contacts.update', { id: created.id, patch: { title: `Title ${marker}` } });
    await client.call('contacts.delete', { id: created.id });
    if (push) expect(await client.call('sync.now', {})).toMatchObject({ state: 'online', pendingCount: 0 });
    const held = await client.core.vault.connection().read((tx) => tx.get<{ deleted_at: number | null }>('SELECT deleted_at FROM contacts WHERE id = ?', [created.id]));
    expect(held?.deleted_at).toEqual(expect.any(Number));
    expect(await client.rawContains(marker)).toBe(true);
    return created.id;
  }

  async function expectGone(id: string, marker: string, keep: string): Promise<void> {
    expect(await client.call('sync.now', {})).toMatchObject({ state: 'online', pendingCount: 0 });
    expect(await traces(id)).toEqual(none);
    expect((await client.call('search.query', { text: marker })).hits).toEqual([]);
    expect(await client.rawContains(marker)).toBe(false);
    expect(await client.rawContains(keep)).toBe(true);
  }

  it.each([
    { when: 'after its trash reached the server', pushed: true },
    { when: 'while its trash was still in the outbox', pushed: false },
  ])('evicts a record trashed on the device and then moved to another owner, $when', async ({ pushed }) => {
    const marker = unique('trashmove');
    const keep = unique('keep');
    await teamContact(keep);
    const id = await trashedOwnContact(marker, pushed);
    await reassign(server, { entity: 'contacts', recordId: id }, owner, null);
    await expectGone(id, marker, keep);
  });

  it('evicts a trashed team record when the user leaves the team', async () => {
    const marker = unique('trashleave');
    const keep = unique('keep');
    const id = await teamContact(marker);
    await ownerLaptop.push([ownerLaptop.upsert('contacts', id, { deletedAt: Date.now() })]);
    await client.call('sync.now', {});
    expect((await traces(id)).row).toBe(1);
    await setMemberships(server, rep, []);
    // A record the rep owns stays: the owner bucket is not the team's.
    const own = await client.call('contacts.create', { name: `Name ${keep}` });
    await client.call('sync.now', {});
    expect((await traces(own.id)).row).toBe(1);
    await expectGone(id, marker, keep);
  });

  it('removes a record deleted (tombstoned) in the team before the user left it', async () => {
    const marker = unique('tombleave');
    const keep = unique('keep');
    const id = await teamContact(marker);
    const own = await client.call('contacts.create', { name: `Name ${keep}` });
    await client.call('sync.now', {});
    // While the device is away: the owner deletes the record, then the rep leaves the team.
    await ownerLaptop.push([ownerLaptop.remove('contacts', id)]);
    await setMemberships(server, rep, []);
    await expectGone(id, marker, keep);
    expect((await traces(own.id)).row).toBe(1);
  });

  it('removes a record moved out of the team and then deleted (tombstoned) while the device was away', async () => {
    const marker = unique('movetomb');
    const keep = unique('keep');
    await teamContact(keep);
    const id = await teamContact(marker);
    // Into a team nobody is in yet, said on purpose: out of the device's reach.
    await reassign(server, { entity: 'contacts', recordId: id }, owner, 'team-south', null, true);
    await ownerLaptop.push([ownerLaptop.remove('contacts', id)]);
    await expectGone(id, marker, keep);
  });

  it('still deletes a tombstone the device may see', async () => {
    const marker = unique('tombvisible');
    const keep = unique('keep');
    await teamContact(keep);
    const id = await teamContact(marker);
    await ownerLaptop.push([ownerLaptop.remove('contacts', id)]);
    expect(await client.call('sync.now', {})).toMatchObject({ state: 'online', pendingCount: 0 });
    expect(await traces(id)).toEqual(none);
  });
});
