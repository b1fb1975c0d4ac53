// An erasure's status over the real API on both stores: devices that may
// still hold the record are told apart from those that cannot, a revoked
// device that never confirmed (a stolen laptop) is listed on its own rather
// than left out, and a device that never pushed nor pulled (an enrolment
// whose answer was lost) is not waited on for ever. A record a server took
// before new ids had to be lower case (push.ts) is erased by its id in any
// case: the push rule is switched off here to store one, as such a server did.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { EraseRecordResponse, ErasureStatusResponse } from '../../src-shared/sync/admin-protocol';
import { AckResponse, protocolVersion } from '../../src-shared/sync/protocol';
import type * as RecordIdModule from '../../src-shared/sync/record-id';
import { bothStores } from '../testing/both-stores';
import { startTestServer, type TestServer } from '../testing/test-server';
import { TestDevice } from '../testing/test-device';

const oldServer = vi.hoisted(() => ({ takesAnyCase: false }));
vi.mock('../../src-shared/sync/record-id', async (importOriginal) => {
  const actual = await importOriginal<typeof RecordIdModule>();
  return { ...actual, isLowerCaseRecordId: (id: string) => oldServer.takesAnyCase || actual.isLowerCaseRecordId(id) };
});

const stores = bothStores('erasure_status');
const sorted = (ids: readonly string[]): string[] => [...ids].sort();

describe.each(stores)('an erasure’s status (%s)', (_name, choose) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ store: await choose() });
  }, 120_000);
  afterAll(async () => {
    await server.close();
  });

  const admin = (path: string, body: unknown) => server.client.request('POST', path, { token: server.admin.token, body });
  const status = async (record: { entity: 'contacts'; recordId: string }) => {
    const answer = await admin('/v1/admin/erasures/status', { record });
    expect(answer.status, JSON.stringify(answer.json)).toBe(200);
    return ErasureStatusResponse.parse(answer.json);
  };

  it('lists revoked devices that never confirmed and devices that never synced apart from the outstanding ones', async () => {
    const userId = await server.createUser();
    const device = async () => new TestDevice(server.client, await server.enrolDevice(userId));
    const [writer, reader, stolen, idle, acker] = [await device(), await device(), await device(), await device(), await device()];
    const id = randomUUID();
    const key = { entity: 'contacts' as const, recordId: id };
    await writer.push([writer.upsert('contacts', id, { name: 'Forget Me' })]);
    // A snapshot pulled and nothing pushed: the device holds the record.
    for (const holder of [reader, stolen, acker]) {
      await holder.pullAll();
      expect(holder.replica.has(`contacts/${id}`)).toBe(true);
    }
    expect((await admin('/v1/admin/devices/revoke', { deviceId: stolen.enrolled.deviceId })).status).toBe(200);
    expect((await admin('/v1/admin/erase', { record: key })).status).toBe(200);
    await acker.pullAll();
    const ack = await server.client.request('POST', '/v1/acks', {
      token: acker.enrolled.token,
      body: { protocolVersion, schemaVersion: 1, deviceId: acker.enrolled.deviceId, purged: [key] },
    });
    expect(AckResponse.parse(ack.json)).toEqual({ acknowledged: 1 });
    const newcomer = await device();

    const answer = await status(key);
    expect(answer.acknowledgedBy).toEqual([acker.enrolled.deviceId]);
    expect(sorted(answer.outstanding)).toEqual(sorted([writer.enrolled.deviceId, reader.enrolled.deviceId]));
    expect(answer.revokedUnconfirmed).toEqual([stolen.enrolled.deviceId]);
    // The admin's device only made admin requests: it never pulled, so it holds no record either.
    expect(sorted(answer.neverSynced)).toEqual(sorted([idle.enrolled.deviceId, server.admin.deviceId]));
    const listed = [...answer.acknowledgedBy, ...answer.outstanding, ...answer.revokedUnconfirmed, ...answer.neverSynced];
    expect(listed).not.toContain(newcomer.enrolled.deviceId);

    // Once the idle device syncs it holds data and is waited on like any other (here its first sync acknowledged it).
    await idle.pullAll();
    const after = await status(key);
    expect(after.neverSynced).not.toContain(idle.enrolled.deviceId);
    expect([...after.acknowledgedBy, ...after.outstanding]).toContain(idle.enrolled.deviceId);
  }, 120_000);

  it('erases a record stored under an upper-case id by its id in either case', async () => {
    const userId = await server.createUser();
    const writer = new TestDevice(server.client, await server.enrolDevice(userId));
    const reader = new TestDevice(server.client, await server.enrolDevice(userId));
    const upper = randomUUID().toUpperCase();
    oldServer.takesAnyCase = true;
    try {
      await writer.push([writer.upsert('contacts', upper, { name: 'Old Spelling' })]);
    } finally {
      oldServer.takesAnyCase = false;
    }
    await reader.pullAll();
    expect(reader.replica.has(`contacts/${upper}`)).toBe(true);

    const lower = { entity: 'contacts' as const, recordId: upper.toLowerCase() };
    const erased = EraseRecordResponse.parse((await admin('/v1/admin/erase', { record: lower })).json);
    expect(erased).toMatchObject({ existed: true, alreadyErased: false });
    const stored = { entity: 'contacts' as const, recordId: upper };
    expect(await server.org.store.read((tx) => tx.getRecords([stored]))).toEqual([]);
    expect(await server.org.store.read((tx) => tx.findErasures([lower]))).toEqual([]);
    expect(await server.org.store.read((tx) => tx.findErasures([stored]))).toHaveLength(1);
    await reader.pullAll();
    expect(reader.purged).toContainEqual(stored);

    expect(EraseRecordResponse.parse((await admin('/v1/admin/erase', { record: stored })).json)).toEqual({ commitSeq: erased.commitSeq, existed: false, alreadyErased: true });
    expect((await status(lower)).commitSeq).toBe(erased.commitSeq);
    const again = await writer.push([writer.upsert('contacts', upper, { name: 'Old Spelling' })]);
    expect(again.rejected[0]).toMatchObject({ code: 'erased' });
  }, 120_000);
});
