// Conformance: atomic transactions, commit sequence allocation and head,
// read snapshots, commit notifications and close.
import { describe, expect, it } from 'vitest';
import { buckets, commit, createRecord, device, fieldState, keyOf, now, record, recordId, sealed, user, type MakeStore } from './fixtures';
import { useFreshStore } from './fresh-store';

const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

export function describeTransactions(makeStore: MakeStore): void {
  describe('transactions and commit sequence', () => {
    const current = useFreshStore(makeStore);

    it('starts with head 0 and hands out strictly increasing seqs; head is the last committed one', async () => {
      const { store } = current();
      expect(await store.read((tx) => tx.head())).toBe(0);
      const seqs: number[] = [];
      for (let index = 0; index < 5; index += 1) seqs.push(await store.transaction((tx) => commit(tx)));
      const two = await store.transaction(async (tx) => [await commit(tx), await commit(tx)]);
      seqs.push(...two);
      expect(seqs[0]).toBeGreaterThan(0);
      for (let index = 1; index < seqs.length; index += 1) expect(seqs[index]).toBeGreaterThan(seqs[index - 1] ?? Infinity);
      expect(await store.read((tx) => tx.head())).toBe(seqs.at(-1));
      // A transaction that allocates nothing leaves the head alone.
      await store.transaction((tx) => tx.insertUser(user()));
      expect(await store.read((tx) => tx.head())).toBe(seqs.at(-1));
    });

    it('rolls back everything when fn throws, rethrows the same error, and never reuses a visible seq', async () => {
      const { store } = current();
      const rep = user();
      const existing = device(rep.id);
      const kept = await createRecord(store, { ownerUserId: rep.id });
      await store.transaction(async (tx) => {
        await tx.insertUser(rep);
        await tx.insertDevice(existing);
      });
      const headBefore = await store.read((tx) => tx.head());
      const failure = new Error('boom');
      const doomed = record(0, { ownerUserId: rep.id });
      const other = user();
      await expect(
        store.transaction(async (tx) => {
          const seq = await commit(tx);
          await tx.putOrganisation({ id: 'org', name: 'Org', caCertificatePem: 'CA', signingPublicKeyPem: 'K', createdAt: now() });
          await tx.insertDataKey({ id: 'key-z', wrappedKey: new Uint8Array([1, 2, 3]), masterKeyId: 'm', active: true, createdAt: now() });
          await tx.insertUser(other);
          await tx.applyMembershipChanges([{ commitSeq: seq, userId: rep.id, kind: 'team', bucketId: 'team-9', change: 'added' }]);
          await tx.insertEnrolmentCode({ codeHash: 'e'.repeat(64), userId: rep.id, createdAt: 1, expiresAt: 2, usedAt: null, deviceId: null, issuedByDeviceId: null, cancelledAt: null });
          await tx.insertDevice(device(rep.id));
          await tx.updateDeviceProgress(existing.id, { lastAppliedSeq: 50, lastCursor: 50 });
          await tx.revokeDevice(existing.id, 123);
          await tx.replaceRejections(existing.id, [{ seq: 1, code: 'invalid', message: 'x', fields: [] }]);
          await tx.insertRecord({ ...doomed, createdSeq: seq, bucketSeq: seq });
          await tx.upsertFieldStates([fieldState(doomed, 'name', seq), fieldState(kept, 'name', seq)]);
          await tx.updateRecordSeal(keyOf(kept), sealed('key-z'));
          await tx.appendChangeLog([{ ...keyOf(kept), commitSeq: seq, kind: 'upsert', deviceId: null, fields: [], previousBuckets: null }]);
          await tx.replaceBlindIndex(keyOf(kept), 'emails', ['dz']);
          await tx.insertPurgeAcks([{ erasureSeq: 1, deviceId: existing.id, ackedAt: 1 }]);
          throw failure;
        }),
      ).rejects.toBe(failure);

      await store.read(async (tx) => {
        expect(await tx.head()).toBe(headBefore);
        expect(await tx.getOrganisation()).toBeNull();
        expect(await tx.listDataKeys()).toEqual([]);
        expect(await tx.getUser(other.id)).toBeNull();
        expect(await tx.getMemberships(rep.id)).toEqual({ teamIds: [], territoryIds: [] });
        expect(await tx.getEnrolmentCode('e'.repeat(64))).toBeNull();
        expect(await tx.listDevices(rep.id)).toEqual([existing]);
        expect(await tx.listRejections(existing.id)).toEqual([]);
        expect(await tx.getRecords([keyOf(doomed)])).toEqual([]);
        expect(await tx.getFieldStates([keyOf(kept)])).toEqual([fieldState(kept, 'name', kept.createdSeq)]);
        expect((await tx.getRecords([keyOf(kept)]))[0]?.sealed?.keyId).toBe(kept.sealed?.keyId);
        expect(await tx.listChangeLog(keyOf(kept))).toEqual([]);
        expect(await tx.findByBlindIndex('contacts', 'emails', 'dz')).toEqual([]);
        expect(await tx.listPurgeAcks(1)).toEqual([]);
      });
      const next = await store.transaction((tx) => commit(tx));
      expect(next).toBeGreaterThan(headBefore);
      expect(await store.read((tx) => tx.head())).toBe(next);
    });

    it('reads from one snapshot: a commit that lands during a read is not seen by it', async () => {
      const { store } = current();
      const first = await createRecord(store, { ownerUserId: 'me' });
      const mine = buckets({ userIds: ['me'] });
      let second = record(0);
      const seenInside = await store.read(async (tx) => {
        const headBefore = await tx.head();
        const pageBefore = await tx.listRecordPage(mine, null, null, 10);
        second = await createRecord(store, { ownerUserId: 'me' });
        return { headBefore, headAfter: await tx.head(), pageBefore, pageAfter: await tx.listRecordPage(mine, null, null, 10) };
      });
      expect(seenInside.headAfter).toBe(seenInside.headBefore);
      expect(seenInside.pageAfter).toEqual(seenInside.pageBefore);
      expect(seenInside.pageBefore.map(keyOf)).toEqual([keyOf(first)]);
      await store.read(async (tx) => {
        expect(await tx.head()).toBe(second.createdSeq);
        expect(await tx.listRecordPage(mine, null, null, 10)).toHaveLength(2);
      });
    });

    it('tells commit listeners the new head once per commit, after it is readable, and stops on unsubscribe', async () => {
      const { store } = current();
      const heard: number[] = [];
      const readable: boolean[] = [];
      const unsubscribe = store.onCommit((head) => {
        heard.push(head);
        void store.read((tx) => tx.head()).then((seen) => readable.push(seen >= head));
      });
      const failing = store.onCommit(() => {
        throw new Error('listener failure');
      });
      const seqs: number[] = [];
      for (let index = 0; index < 3; index += 1) seqs.push(await store.transaction((tx) => commit(tx)));
      await store.transaction((tx) => tx.insertUser(user()));
      await expect(store.transaction(async (tx) => Promise.reject(new Error(`rolled back ${await commit(tx)}`)))).rejects.toThrow('rolled back');
      await settle();
      expect(heard).toEqual(seqs);
      expect(readable).toEqual([true, true, true]);
      unsubscribe();
      failing();
      await store.transaction((tx) => commit(tx));
      await settle();
      expect(heard).toEqual(seqs);
    });

    it('close lets pending transactions finish, then refuses new work', async () => {
      const { store } = current();
      let release = () => {};
      const gate = new Promise<void>((resolve) => (release = resolve));
      const pendingWrite = store.transaction(async (tx) => {
        await gate;
        const seq = await commit(tx);
        await tx.insertRecord(record(seq, { recordId: recordId() }));
        return seq;
      });
      const pendingRead = store.read(async (tx) => {
        await gate;
        return tx.head();
      });
      const closing = store.close();
      release();
      await expect(pendingWrite).resolves.toBeGreaterThan(0);
      await expect(pendingRead).resolves.toBeGreaterThanOrEqual(0);
      await closing;
      await expect(store.transaction((tx) => commit(tx))).rejects.toThrow();
      await expect(store.read((tx) => tx.head())).rejects.toThrow();
    });
  });
}
