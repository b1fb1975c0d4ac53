// Conformance: organisation, data keys (one active, rotation of wraps), and
// the records-by-key queries that drive data-key rotation.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { DataKeyRow } from '../store';
import { createRecord, hex, keyOf, now, plain, sealed, type MakeStore } from './fixtures';
import { useFreshStore } from './fresh-store';

const dataKey = (id: string, active: boolean): DataKeyRow => ({
  id,
  wrappedKey: new Uint8Array(randomBytes(60)),
  masterKeyId: 'master-1',
  active,
  createdAt: now(),
});

export function describeOrganisationAndKeys(makeStore: MakeStore): void {
  describe('organisation and data keys', () => {
    const current = useFreshStore(makeStore);

    it('stores one organisation and replaces it on a second put', async () => {
      const { store } = current();
      expect(await store.read((tx) => tx.getOrganisation())).toBeNull();
      const first = { id: 'org-1', name: 'Acme', caCertificatePem: 'CA1', signingPublicKeyPem: 'SPKI1', createdAt: now() };
      await store.transaction((tx) => tx.putOrganisation(first));
      expect(await store.read((tx) => tx.getOrganisation())).toEqual(first);
      const second = { ...first, name: 'Acme Ltd', caCertificatePem: 'CA2' };
      await store.transaction((tx) => tx.putOrganisation(second));
      expect(await store.read((tx) => tx.getOrganisation())).toEqual(second);
    });

    it('lists data keys in the order added, keeps wrapped bytes exactly, and keeps exactly one active', async () => {
      const { store } = current();
      const a = dataKey('key-a', true);
      const b = dataKey('key-b', false);
      await store.transaction(async (tx) => {
        await tx.insertDataKey(a);
        await tx.insertDataKey(b);
      });
      expect(plain(await store.read((tx) => tx.listDataKeys()))).toEqual(plain([a, b]));

      await store.transaction((tx) => tx.setActiveDataKey('key-b'));
      const afterSwitch = await store.read((tx) => tx.listDataKeys());
      expect(afterSwitch.map((key) => [key.id, key.active])).toEqual([
        ['key-a', false],
        ['key-b', true],
      ]);

      // Inserting a new active key takes over from the old one.
      const c = dataKey('key-c', true);
      await store.transaction((tx) => tx.insertDataKey(c));
      const afterInsert = await store.read((tx) => tx.listDataKeys());
      expect(afterInsert.filter((key) => key.active).map((key) => key.id)).toEqual(['key-c']);
    });

    it('lists data keys in the order they were added, whatever their createdAt says, after a deletion too', async () => {
      const { store } = current();
      // Added by processes whose clocks disagree: each later key is stamped earlier.
      const keys = [3_000, 2_000, 1_000].map((createdAt, index) => ({ ...dataKey(`key-${index}`, true), createdAt }));
      for (const key of keys) await store.transaction((tx) => tx.insertDataKey(key));
      await store.transaction((tx) => tx.deleteDataKey('key-0'));
      const late = { ...dataKey('key-late', true), createdAt: 500 };
      await store.transaction((tx) => tx.insertDataKey(late));
      const listed = await store.read((tx) => tx.listDataKeys());
      expect(listed.map((key) => [key.id, key.createdAt, key.active])).toEqual([
        ['key-1', 2_000, false],
        ['key-2', 1_000, false],
        ['key-late', 500, true],
      ]);
    });

    it('replaces a wrap on master-key rotation and deletes a retired key', async () => {
      const { store } = current();
      const a = dataKey('key-a', true);
      const b = dataKey('key-b', false);
      await store.transaction(async (tx) => {
        await tx.insertDataKey(a);
        await tx.insertDataKey(b);
      });
      const rewrapped = new Uint8Array(randomBytes(60));
      await store.transaction((tx) => tx.updateDataKeyWrap('key-a', rewrapped, 'master-2'));
      await store.transaction((tx) => tx.deleteDataKey('key-b'));
      const keys = await store.read((tx) => tx.listDataKeys());
      expect(keys).toHaveLength(1);
      expect(keys[0]?.id).toBe('key-a');
      expect(keys[0]?.masterKeyId).toBe('master-2');
      expect(hex(keys[0]?.wrappedKey ?? new Uint8Array())).toBe(hex(rewrapped));
      expect(keys[0]?.active).toBe(true);
    });

    it('counts and lists records by data key, and re-seals a record under another key', async () => {
      const { store } = current();
      const one = await createRecord(store, { sealed: sealed('key-old') });
      const two = await createRecord(store, { sealed: sealed('key-old') });
      const three = await createRecord(store, { sealed: sealed('key-new') });
      await store.read(async (tx) => {
        expect(await tx.countSealedByKey('key-old')).toBe(2);
        expect(await tx.countSealedByKey('key-new')).toBe(1);
        expect(await tx.countSealedByKey('key-none')).toBe(0);
        const listed = await tx.listSealedByKey('key-old', 10);
        expect(listed.map((row) => row.recordId).sort()).toEqual([one.recordId, two.recordId].sort());
        expect(await tx.listSealedByKey('key-old', 1)).toHaveLength(1);
      });

      const resealed = sealed('key-new');
      const headBefore = await store.read((tx) => tx.head());
      await store.transaction((tx) => tx.updateRecordSeal(keyOf(one), resealed));
      const [row] = await store.read((tx) => tx.getRecords([keyOf(one)]));
      expect(plain(row?.sealed)).toEqual(plain(resealed));
      // Re-sealing changes neither the record's seqs nor the commit head.
      expect(row?.createdSeq).toBe(one.createdSeq);
      expect(row?.bucketSeq).toBe(one.bucketSeq);
      expect(await store.read((tx) => tx.head())).toBe(headBefore);
      expect(await store.read((tx) => tx.countSealedByKey('key-old'))).toBe(1);
      expect(three.sealed?.keyId).toBe('key-new');
    });

    it('does not give a tombstone sealed values back when re-sealing', async () => {
      const { store } = current();
      const row = await createRecord(store);
      await store.transaction(async (tx) => tx.markRecordDeleted(keyOf(row), await tx.allocateCommit({ kind: 'push', deviceId: null, userId: null, at: now() }), 'h'));
      await store.transaction((tx) => tx.updateRecordSeal(keyOf(row), sealed('key-x')));
      const [tombstone] = await store.read((tx) => tx.getRecords([keyOf(row)]));
      expect(tombstone?.sealed).toBeNull();
      expect(await store.read((tx) => tx.countSealedByKey('key-x'))).toBe(0);
    });
  });
}
