// Erasure (GDPR Art. 17) over the real API: the record, its field state and
// history are hard-deleted, an id-only ledger entry stays, every device that
// may hold it is sent a purge (also one whose buckets no longer include it),
// acknowledgements are tracked per device, and the id can never be written
// again.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EraseRecordResponse, ErasureStatusResponse } from '../../src-shared/sync/admin-protocol';
import { AckResponse, protocolVersion } from '../../src-shared/sync/protocol';
import { startTestServer, type TestServer } from '../testing/test-server';
import { TestDevice } from '../testing/test-device';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

const admin = (path: string, body: unknown) => server.client.request('POST', path, { token: server.admin.token, body });

describe('erasure', () => {
  it('hard-deletes, purges every device that may hold the record, tracks acks, and refuses resurrection', async () => {
    const owner = await server.createUser('Owner');
    const colleague = await server.createUser('Colleague');
    for (const userId of [owner, colleague]) expect((await admin('/v1/admin/memberships', { userId, teamIds: ['erasure-team'], territoryIds: [] })).status).toBe(200);
    const laptop = new TestDevice(server.client, await server.enrolDevice(owner));
    const colleagueLaptop = new TestDevice(server.client, await server.enrolDevice(colleague));
    const id = randomUUID();
    const key = { entity: 'contacts' as const, recordId: id };
    await laptop.push([laptop.upsert('contacts', id, { name: 'Forget Me', emails: ['forget@example.com'] })]);
    await laptop.push([laptop.upsert('contacts', id, { title: 'Buyer' })]);
    await colleagueLaptop.pullAll();
    expect(colleagueLaptop.replica.has(`contacts/${id}`)).toBe(true);
    // The colleague leaves the team before the erasure: it must still be purged from their laptop.
    expect((await admin('/v1/admin/memberships', { userId: colleague, teamIds: [], territoryIds: [] })).status).toBe(200);

    const erased = await admin('/v1/admin/erase', { record: key });
    expect(erased.status).toBe(200);
    expect(erased.json).toMatchObject({ existed: true, alreadyErased: false });

    const left = await server.org.store.read(async (tx) => ({
      records: await tx.getRecords([key]),
      fields: await tx.getFieldStates([key]),
      history: await tx.listChangeLog(key),
      index: await tx.findByBlindIndex('contacts', 'emails', 'any'),
      ledger: await tx.findErasures([key]),
    }));
    expect(left.records).toEqual([]);
    expect(left.fields).toEqual([]);
    expect(left.history).toEqual([]);
    expect(left.ledger).toHaveLength(1);
    expect(Object.keys(left.ledger[0] ?? {}).sort()).toEqual(['commitSeq', 'entity', 'erasedAt', 'erasedByUserId', 'recordId']);
    expect(left.ledger[0]).toMatchObject({ ...key, erasedByUserId: server.admin.userId });

    for (const device of [laptop, colleagueLaptop]) {
      await device.pullAll();
      expect(device.purged).toContainEqual(key);
      expect(device.replica.has(`contacts/${id}`)).toBe(false);
    }

    const statusBefore = ErasureStatusResponse.parse((await admin('/v1/admin/erasures/status', { record: key })).json);
    expect(statusBefore.outstanding).toEqual(expect.arrayContaining([laptop.enrolled.deviceId, colleagueLaptop.enrolled.deviceId]));
    const ack = await server.client.request('POST', '/v1/acks', {
      token: laptop.enrolled.token,
      body: { protocolVersion, schemaVersion: 1, deviceId: laptop.enrolled.deviceId, purged: [key, { entity: 'contacts', recordId: randomUUID() }] },
    });
    expect(AckResponse.parse(ack.json)).toEqual({ acknowledged: 1 });
    const statusAfter = ErasureStatusResponse.parse((await admin('/v1/admin/erasures/status', { record: key })).json);
    expect(statusAfter.acknowledgedBy).toEqual([laptop.enrolled.deviceId]);
    expect(statusAfter.outstanding).toContain(colleagueLaptop.enrolled.deviceId);
    expect(statusAfter.outstanding).not.toContain(laptop.enrolled.deviceId);

    // A device that was offline with an edit cannot bring the record back.
    const stale = await laptop.push([laptop.upsert('contacts', id, { name: 'Forget Me (edited offline)' })]);
    expect(stale.rejected).toHaveLength(1);
    expect(stale.rejected[0]).toMatchObject({ code: 'erased', compensation: { kind: 'purge', recordId: id } });
    expect(await server.org.store.read((tx) => tx.getRecords([key]))).toEqual([]);

    // Erasing again is idempotent.
    expect((await admin('/v1/admin/erase', { record: key })).json).toMatchObject({ existed: false, alreadyErased: true, commitSeq: statusAfter.commitSeq });
  });

  it('tells an id never stored from one already erased, and takes an upper-case spelling of an erased id as that id', async () => {
    const key = { entity: 'contacts' as const, recordId: randomUUID() };
    const first = EraseRecordResponse.parse((await admin('/v1/admin/erase', { record: key })).json);
    expect(first).toMatchObject({ existed: false, alreadyErased: false });
    expect(EraseRecordResponse.parse((await admin('/v1/admin/erase', { record: key })).json)).toEqual({ commitSeq: first.commitSeq, existed: false, alreadyErased: true });
    // Keys compare byte for byte: the server finds the spelling it holds, so an upper-case one is no other id.
    const upper = await admin('/v1/admin/erase', { record: { ...key, recordId: key.recordId.toUpperCase() } });
    expect(EraseRecordResponse.parse(upper.json)).toEqual({ commitSeq: first.commitSeq, existed: false, alreadyErased: true });
    expect(await server.org.store.read((tx) => tx.findErasures([{ ...key, recordId: key.recordId.toUpperCase() }]))).toEqual([]);
  });

  it('sends the purge to a device enrolled before the erasure even if it never synced, and never waits on a later device', async () => {
    const userId = await server.createUser();
    const writer = new TestDevice(server.client, await server.enrolDevice(userId));
    const idle = new TestDevice(server.client, await server.enrolDevice(userId));
    const id = randomUUID();
    const key = { entity: 'tasks' as const, recordId: id };
    await writer.push([writer.upsert('tasks', id, { title: 'Short-lived' })]);
    expect((await admin('/v1/admin/erase', { record: key })).status).toBe(200);
    const newcomer = new TestDevice(server.client, await server.enrolDevice(userId));
    await idle.pullAll();
    await newcomer.pullAll();
    expect(idle.purged).toContainEqual(key);
    expect(newcomer.purged).toEqual([]);
    expect(newcomer.replica.has(`tasks/${id}`)).toBe(false);
    const status = ErasureStatusResponse.parse((await admin('/v1/admin/erasures/status', { record: key })).json);
    expect(status.outstanding).toEqual(expect.arrayContaining([writer.enrolled.deviceId, idle.enrolled.deviceId]));
    expect(status.outstanding).not.toContain(newcomer.enrolled.deviceId);
  });
});
