// A malformed operation on a record outside the pushing user's buckets is
// refused as any operation on such a record is: 403, nothing written, the
// device's seq not moved on. Checked before the operation's shape, a delete
// carrying fields (or an upsert without one) was answered 200 with an
// 'invalid' refusal kept, which told its sender the record existed. Over the
// real HTTPS API, on both stores.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncErrorBody, type Operation } from '../../src-shared/sync/protocol';
import { bothStores } from '../testing/both-stores';
import { startTestServer, type TestServer } from '../testing/test-server';
import { TestDevice } from '../testing/test-device';

const stores = bothStores('outside_buckets');

describe.each(stores)('a malformed operation on a record outside the caller’s buckets (%s)', (_name, choose) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ store: await choose() });
  });
  afterAll(async () => {
    await server.close();
  });

  it('a delete with fields, or an upsert without any: 403 forbidden, nothing kept, lastAppliedSeq unchanged', async () => {
    const owner = new TestDevice(server.client, await server.enrolDevice(await server.createUser('Owner')));
    const stranger = new TestDevice(server.client, await server.enrolDevice(await server.createUser('Stranger')));
    const id = randomUUID();
    await owner.push([owner.upsert('contacts', id, { name: 'Kept Private' })]);
    // A first honest push, so the seq the refusals must leave alone is not 0.
    const own = stranger.upsert('contacts', randomUUID(), { name: 'Own' });
    await stranger.push([own]);

    const deleteWithFields: Operation = { ...stranger.remove('contacts', id), fields: { name: { value: 'x', hlc: stranger.stamp() } } };
    const emptyUpsert = stranger.rawUpsert('contacts', id, {});
    for (const operation of [deleteWithFields, emptyUpsert]) {
      const answer = await stranger.rawPush([operation]);
      expect({ status: answer.status, code: SyncErrorBody.safeParse(answer.json).data?.error.code }).toEqual({ status: 403, code: 'forbidden' });
      const stored = await server.org.store.read((tx) => tx.getDevice(stranger.enrolled.deviceId));
      expect(stored?.lastAppliedSeq).toBe(own.seq);
    }
  });
});
