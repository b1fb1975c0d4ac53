// A new record the server refuses as `invalid`, end to end: a real desktop
// core (SQLCipher vault, OS keychain) enrolled against the real sync server
// over TLS on loopback, through the fault proxy (split from
// sync-engine.test.ts, which has the same set-up).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ContactId } from '../../src-shared/domain/ids';
import { startSyncClient, type SyncClient } from '../support/sync-client';
import { enrolmentCode, protocolDevice, startTestServer, type TestDevice, type TestServer } from '../support/sync-server';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy';

let server: TestServer;
let proxy: FaultProxy;
let client: SyncClient;
let userId: string;
let laptop2: TestDevice;

beforeEach(async () => {
  server = await startTestServer();
  const { certPem, keyPem } = server.org.certificate;
  proxy = await startFaultProxy({ certPem, keyPem, caPem: server.caPem, targetPort: server.server.port });
  client = await startSyncClient();
  userId = await server.createUser('Rep');
  laptop2 = await protocolDevice(server, userId);
});

afterEach(async () => {
  await client.dispose();
  await proxy.close();
  await server.close();
});

/** Enrolled, and through the first sync (enrol answers once it has started). */
const enrol = async () => {
  await client.call('sync.enrol', { serverUrl: proxy.url, caCertificatePem: server.caPem, enrolmentCode: await enrolmentCode(server, userId), organisationName: 'Test Org' });
  await client.core.sync.idle();
};

// A new record the server refuses as `invalid` (it holds nothing of it). The device keeps the record and
// everything typed into it, lists the refusal as a conflict of an unsent record, sends the record again as
// a create once an edit makes it valid (or when the user asks), lets the user discard it, and never
// resends it by itself.
describe('a new record the server refuses as invalid', () => {
  // A name longer than the CRM's forms accept (200), as an older FieldVault let it through: the
  // vault holds it, the server refuses the record whole (a contact needs a valid name).
  const tooLongName = `Ada ${'L'.repeat(210)}`;
  const typedNotes = 'Met at the trade fair; call back about the pilot';

  /** A contact created on this device with a name the server refuses, not yet pushed. */
  async function refusableContact(): Promise<ContactId> {
    const created = await client.call('contacts.create', { name: 'Ada', notes: typedNotes });
    await client.core.vault.connection().write(async (tx) => {
      await tx.run('UPDATE contacts SET name = ? WHERE id = ?', [tooLongName, created.id]);
      await tx.run("UPDATE outbox SET fields_json = json_set(fields_json, '$.name', ?) WHERE record_id = ?", [tooLongName, created.id]);
    });
    return created.id;
  }

  const pushes = () => proxy.log.filter((entry) => entry.path === '/v1/push').length;
  const conflicts = async () => (await client.call('sync.conflicts.list', {})).items;
  beforeEach(async () => {
    await enrol();
  });

  it('keeps it on the device, lists it as unsent, and sends it as a create once an edit makes it valid', async () => {
    const id = await refusableContact();
    const status = await client.call('sync.now', {});
    // The outbox empties: nothing is left to send, and nothing is resent by itself.
    expect(status).toMatchObject({ state: 'online', pendingCount: 0, openConflicts: 1, unsentRecords: 1 });
    // The status push says so too (the sync pill follows the pushes).
    expect(client.events.filter((event) => event.name === 'sync.didChangeStatus').at(-1)?.payload).toMatchObject({ openConflicts: 1, unsentRecords: 1 });
    expect(await conflicts()).toMatchObject([{ entity: 'contacts', recordId: id, field: 'name', reason: 'invalid', localValue: tooLongName, remoteValue: null, unsent: true }]);
    const contact = (await client.call('contacts.get', { id })).contact;
    expect(contact).toMatchObject({ name: tooLongName, notes: typedNotes });
    const before = pushes();
    expect(await client.call('sync.now', {})).toMatchObject({ pendingCount: 0, unsentRecords: 1 });
    expect(pushes()).toBe(before);

    // An edit that leaves the name as it was: sent as the whole record again, refused for the name alone.
    await client.call('contacts.update', { id, patch: { title: 'Buyer' } });
    expect(await client.call('sync.now', {})).toMatchObject({ pendingCount: 0, openConflicts: 1, unsentRecords: 1 });
    expect(await conflicts()).toMatchObject([{ recordId: id, field: 'name', reason: 'invalid', localValue: tooLongName, unsent: true }]);

    // The user fixes the name: the record reaches the server whole (the first answer is lost on the way
    // back, and the resent batch gets the server's answer again), and the refusal is settled.
    await client.call('contacts.update', { id, patch: { name: 'Ada Lovelace' } });
    proxy.rule = (path) => (path === '/v1/push' ? 'drop-answer' : 'pass');
    expect(await client.call('sync.now', {})).toMatchObject({ pendingCount: 1, unsentRecords: 1 });
    proxy.rule = () => 'pass';
    expect(await client.call('sync.now', {})).toMatchObject({ state: 'online', pendingCount: 0, openConflicts: 0, unsentRecords: 0, lastError: null });
    expect(await conflicts()).toEqual([]);
    await laptop2.pullAll();
    const held = laptop2.replica.get(`contacts/${id}`);
    expect(held?.get('name')).toBe('Ada Lovelace');
    expect(held?.get('title')).toBe('Buyer');
    expect(held?.get('notes')).toBe(typedNotes);
    expect(held?.get('ownerId')).toBe(userId);

    // Later edits are plain edits again.
    await client.call('contacts.update', { id, patch: { title: 'Chief Buyer' } });
    expect(await client.call('sync.now', {})).toMatchObject({ pendingCount: 0, openConflicts: 0, unsentRecords: 0 });
    await laptop2.pullAll();
    expect(laptop2.replica.get(`contacts/${id}`)?.get('title')).toBe('Chief Buyer');
    // No value the user typed reached the log.
    expect(client.logLines.join('\n')).not.toMatch(/LLLL|trade fair|Lovelace/);
  });

  it('sends it as a create once fixed, also when the answer to an edit before the fix was lost', async () => {
    const id = await refusableContact();
    expect(await client.call('sync.now', {})).toMatchObject({ pendingCount: 0, unsentRecords: 1 });
    // An edit, sent as the whole record (still refused for its name); the answer never arrives.
    await client.call('contacts.update', { id, patch: { title: 'Buyer' } });
    proxy.rule = (path) => (path === '/v1/push' ? 'drop-answer' : 'pass');
    expect(await client.call('sync.now', {})).toMatchObject({ pendingCount: 1 });
    proxy.rule = () => 'pass';
    // The user fixes the name. The retry sends the edit again (a replay to the server, answered with its refusal)
    // and the fix: before, only the first of them carried the whole record, so the fix was refused as a new
    // record without its required fields, and the record stayed unsent.
    await client.call('contacts.update', { id, patch: { name: 'Ada Lovelace' } });
    expect(await client.call('sync.now', {})).toMatchObject({ pendingCount: 0, unsentRecords: 0 });
    await laptop2.pullAll();
    const held = laptop2.replica.get(`contacts/${id}`);
    expect([held?.get('name'), held?.get('title'), held?.get('notes')]).toEqual(['Ada Lovelace', 'Buyer', typedNotes]);
  });

  it('sends it again when the user asks, keeps it unsent when the entry is closed, and discards it when the user keeps the server’s state', async () => {
    const id = await refusableContact();
    await client.call('sync.now', {});
    const [refusal] = await conflicts();
    if (refusal === undefined) throw new Error('no conflict listed');

    // "Send again" as it is: one more push, refused again for the same reason, listed again.
    const before = pushes();
    await client.call('sync.conflicts.resolve', { id: refusal.id, keep: 'local' });
    expect(await client.call('sync.now', {})).toMatchObject({ pendingCount: 0, openConflicts: 1, unsentRecords: 1 });
    expect(pushes()).toBe(before + 1);
    const [again] = await conflicts();
    expect(again).toMatchObject({ recordId: id, field: 'name', reason: 'invalid', unsent: true });
    if (again === undefined) throw new Error('no conflict listed');

    // "Keep as it is" closes the entry; the record stays unsent, and is not sent by itself.
    await client.call('sync.conflicts.resolve', { id: again.id, keep: 'current' });
    expect(await client.call('sync.now', {})).toMatchObject({ pendingCount: 0, openConflicts: 0, unsentRecords: 1 });
    expect(pushes()).toBe(before + 1);
    // An edit sends it whole again; refused, it is listed again.
    await client.call('contacts.update', { id, patch: { tags: ['fair'] } });
    expect(await client.call('sync.now', {})).toMatchObject({ pendingCount: 0, openConflicts: 1, unsentRecords: 1 });
    const [third] = await conflicts();
    expect(third).toMatchObject({ recordId: id, field: 'name', reason: 'invalid', unsent: true });
    if (third === undefined) throw new Error('no conflict listed');

    // "Discard": the server holds nothing of it, so its state is no record; the device lets it go.
    await client.call('sync.conflicts.resolve', { id: third.id, keep: 'remote' });
    expect(await client.callError('contacts.get', { id })).toBe('NOT_FOUND');
    expect((await client.call('search.query', { text: 'trade fair' })).hits).toEqual([]);
    expect(await client.call('sync.now', {})).toMatchObject({ pendingCount: 0, openConflicts: 0, unsentRecords: 0 });
    await laptop2.pullAll();
    expect(laptop2.replica.has(`contacts/${id}`)).toBe(false);
  });
});

// A new record the server takes in part: it refuses one value as `invalid` and creates the record without
// it. The device lists the refusal (the server's side empty) and lets the user take the server's side: the
// field gets the value the other devices hold (its empty one), nothing is sent, and nothing is left to review.
describe('a new record the server takes in part', () => {
  // A title longer than the CRM's forms accept (200), as an older FieldVault let it through.
  const tooLongTitle = `Head of ${'R'.repeat(210)}`;

  beforeEach(async () => {
    await enrol();
  });

  it('lets the user leave the refused field empty, as the server holds it, without sending anything', async () => {
    const created = await client.call('contacts.create', { name: 'Grace Hopper', title: 'Admiral' });
    await client.core.vault.connection().write(async (tx) => {
      await tx.run('UPDATE contacts SET title = ? WHERE id = ?', [tooLongTitle, created.id]);
      await tx.run("UPDATE outbox SET fields_json = json_set(fields_json, '$.title', ?) WHERE record_id = ?", [tooLongTitle, created.id]);
    });
    expect(await client.call('sync.now', {})).toMatchObject({ pendingCount: 0, openConflicts: 1, unsentRecords: 0, lastError: null });
    await laptop2.pullAll();
    expect(laptop2.replica.get(`contacts/${created.id}`)?.get('name')).toBe('Grace Hopper');
    expect(laptop2.replica.get(`contacts/${created.id}`)?.has('title')).toBe(false);
    const [refusal] = (await client.call('sync.conflicts.list', {})).items;
    expect(refusal).toMatchObject({ recordId: created.id, field: 'title', reason: 'invalid', localValue: tooLongTitle, remoteValue: null, unsent: false, emptyValue: '' });
    if (refusal === undefined) throw new Error('no conflict listed');

    // Taking the server's side: the empty title other devices hold, written here alone.
    const before = proxy.log.filter((entry) => entry.path === '/v1/push').length;
    await client.call('sync.conflicts.resolve', { id: refusal.id, keep: 'remote' });
    expect((await client.call('contacts.get', { id: created.id })).contact).toMatchObject({ name: 'Grace Hopper', title: '' });
    expect(await client.call('sync.now', {})).toMatchObject({ pendingCount: 0, openConflicts: 0, unsentRecords: 0, lastError: null });
    expect(proxy.log.filter((entry) => entry.path === '/v1/push').length).toBe(before);
    expect((await client.call('sync.conflicts.list', {})).items).toEqual([]);

    // Later edits of the field are plain edits.
    await client.call('contacts.update', { id: created.id, patch: { title: 'Rear Admiral' } });
    expect(await client.call('sync.now', {})).toMatchObject({ pendingCount: 0, openConflicts: 0, lastError: null });
    await laptop2.pullAll();
    expect(laptop2.replica.get(`contacts/${created.id}`)?.get('title')).toBe('Rear Admiral');
    expect(client.logLines.join('\n')).not.toMatch(/RRRR|Grace|Hopper/);
  });
  /** A contact the server took without its too-long title; the refusal listed. */
  async function refusedTitle(): Promise<{ id: ContactId; entryId: number }> {
    const created = await client.call('contacts.create', { name: 'Grace Hopper', title: 'Admiral' });
    await client.core.vault.connection().write(async (tx) => {
      await tx.run('UPDATE contacts SET title = ? WHERE id = ?', [tooLongTitle, created.id]);
      await tx.run("UPDATE outbox SET fields_json = json_set(fields_json, '$.title', ?) WHERE record_id = ?", [tooLongTitle, created.id]);
    });
    expect(await client.call('sync.now', {})).toMatchObject({ pendingCount: 0, openConflicts: 1, unsentRecords: 0 });
    const [refusal] = (await client.call('sync.conflicts.list', {})).items;
    if (refusal === undefined) throw new Error('no conflict listed');
    return { id: created.id, entryId: refusal.id };
  }

  it('settles the refusal once the user’s fix of the field reaches the server', async () => {
    const { id } = await refusedTitle();
    // Fixed on the detail page and synced: the server holds the fix, nothing is left to review.
    await client.call('contacts.update', { id, patch: { title: 'Rear Admiral' } });
    expect(await client.call('sync.now', {})).toMatchObject({ pendingCount: 0, openConflicts: 0, lastError: null });
    expect((await client.call('sync.conflicts.list', {})).items).toEqual([]);
  });

  it('shows the server’s newer value of the refused field, and takes that one', async () => {
    const { id } = await refusedTitle();
    // Another laptop sets the title; this device pulls it.
    await laptop2.pullAll();
    await laptop2.push([laptop2.upsert('contacts', id, { title: 'Commodore' })]);
    expect(await client.call('sync.now', {})).toMatchObject({ openConflicts: 1, lastError: null });
    const [refusal] = (await client.call('sync.conflicts.list', {})).items;
    expect(refusal).toMatchObject({ recordId: id, field: 'title', reason: 'invalid', remoteValue: 'Commodore' });
    if (refusal === undefined) throw new Error('no conflict listed');
    // "Take the server's" keeps the other laptop's title: before, it wrote the empty title back over it.
    await client.call('sync.conflicts.resolve', { id: refusal.id, keep: 'remote' });
    expect(await client.call('sync.now', {})).toMatchObject({ pendingCount: 0, openConflicts: 0, lastError: null });
    await laptop2.pullAll();
    expect(laptop2.replica.get(`contacts/${id}`)?.get('title')).toBe('Commodore');
    expect((await client.call('contacts.get', { id })).contact.title).toBe('Commodore');
  });

  it('sends the refused value again when the user keeps it, and lists the refusal again', async () => {
    const { id, entryId } = await refusedTitle();
    const before = proxy.log.filter((entry) => entry.path === '/v1/push').length;
    // The record still holds the refused title: before, "Keep mine" closed the entry and sent nothing.
    await client.call('sync.conflicts.resolve', { id: entryId, keep: 'local' });
    expect(await client.call('sync.now', {})).toMatchObject({ pendingCount: 0, openConflicts: 1, lastError: null });
    expect(proxy.log.filter((entry) => entry.path === '/v1/push').length).toBe(before + 1);
    expect((await client.call('sync.conflicts.list', {})).items).toMatchObject([{ recordId: id, field: 'title', reason: 'invalid', localValue: tooLongTitle }]);
  });

  it('tells the review what taking the server’s side gives a field whose empty value is not blank', async () => {
    const created = await client.call('contacts.create', { name: 'Annie Easley', preferredChannel: 'email' });
    // A channel the server refuses, as an older FieldVault might have sent.
    await client.core.vault.connection().write(async (tx) => {
      await tx.run("UPDATE outbox SET fields_json = json_set(fields_json, '$.preferredChannel', 'pigeon') WHERE record_id = ?", [created.id]);
    });
    expect(await client.call('sync.now', {})).toMatchObject({ pendingCount: 0, openConflicts: 1, unsentRecords: 0, lastError: null });
    const [refusal] = (await client.call('sync.conflicts.list', {})).items;
    // The server holds no channel: the other devices hold the column's default, and so will this one once it is taken.
    expect(refusal).toMatchObject({ recordId: created.id, field: 'preferredChannel', reason: 'invalid', remoteValue: null, emptyValue: 'any' });
    if (refusal === undefined) throw new Error('no conflict listed');
    await client.call('sync.conflicts.resolve', { id: refusal.id, keep: 'remote' });
    expect((await client.call('contacts.get', { id: created.id })).contact.preferredChannel).toBe('any');
  });
});
