// Conformance: keyset record pages (snapshot, backfill, eviction) and erasure
// (hard delete, id-only ledger, idempotence, acknowledgements).
import { describe, expect, it } from 'vitest';
import type { RecordKey, RecordRow } from '../store';
import { buckets, commit, compareKeys, createRecord, entities, fieldState, hlc, keyOf, now, record, type MakeStore } from './fixtures';
import { useFreshStore } from './fresh-store';

export function describePagingAndErasure(makeStore: MakeStore): void {
  describe('keyset record pages', () => {
    const current = useFreshStore(makeStore);

    it('walks every visible live record exactly once, in (entity, id) byte order, whatever the page size', async () => {
      const { store } = current();
      const created: RecordRow[] = [];
      await store.transaction(async (tx) => {
        const seq = await commit(tx);
        for (let index = 0; index < 60; index += 1) {
          const owner = index % 3 === 0 ? 'other' : 'me';
          const row = record(seq, { entity: entities[index % entities.length], ownerUserId: owner, teamId: index % 10 === 0 ? 'team-1' : null });
          await tx.insertRecord(row);
          created.push(row);
        }
      });
      const visibleTo = buckets({ userIds: ['me'], teamIds: ['team-1'] });
      const expected = created
        .filter((row) => row.ownerUserId === 'me' || row.teamId === 'team-1')
        .map(keyOf)
        .sort(compareKeys);
      for (const pageSize of [1, 7, 100]) {
        const seen: RecordKey[] = [];
        let after: RecordKey | null = null;
        for (;;) {
          const page: RecordRow[] = await store.read((tx) => tx.listRecordPage(visibleTo, null, after, pageSize));
          expect(page.length).toBeLessThanOrEqual(pageSize);
          if (page.length === 0) break;
          seen.push(...page.map(keyOf));
          const last = page.at(-1);
          after = last === undefined ? null : keyOf(last);
        }
        expect(seen).toEqual(expected);
      }
    });

    it('counts the live records visible to some buckets once each, whichever buckets show them, leaving tombstones out', async () => {
      const { store } = current();
      const mine = await createRecord(store, { ownerUserId: 'me', teamId: 'team-1', territoryId: 'north' });
      await createRecord(store, { ownerUserId: 'x', teamId: 'team-1' });
      await createRecord(store, { ownerUserId: 'x', territoryId: 'north' });
      await createRecord(store, { ownerUserId: 'x', teamId: 'team-2' });
      const gone = await createRecord(store, { ownerUserId: 'me', teamId: 'team-1' });
      await store.transaction(async (tx) => tx.markRecordDeleted(keyOf(gone), await commit(tx), hlc(9)));
      const everything = buckets({ userIds: ['me'], teamIds: ['team-1'], territoryIds: ['north'] });
      await store.read(async (tx) => {
        // What a snapshot over those buckets pages through: three live records, the one in all three buckets once.
        expect(await tx.countRecords(everything)).toBe(3);
        expect((await tx.listRecordPage(everything, null, null, 10)).length).toBe(3);
        expect(await tx.countRecords(buckets({ userIds: ['me'] }))).toBe(1);
        expect(await tx.countRecords(buckets({ teamIds: ['team-1', 'team-2'] }))).toBe(3);
        expect(await tx.countRecords(buckets({ userIds: ['nobody'] }))).toBe(0);
        expect(await tx.countRecords(buckets({}))).toBe(0);
      });
      // Visible through other buckets than its owner's: deleting it takes it out of every count.
      await store.transaction(async (tx) => tx.markRecordDeleted(keyOf(mine), await commit(tx), hlc(10)));
      expect(await store.read((tx) => tx.countRecords(everything))).toBe(2);
    });

    it('lists records visible to the new buckets but not the old ones (backfill) and the reverse (eviction)', async () => {
      const { store } = current();
      const stays = await createRecord(store, { ownerUserId: 'me' });
      const leaves = await createRecord(store, { ownerUserId: 'x', teamId: 'team-old' });
      const arrives = await createRecord(store, { ownerUserId: 'x', territoryId: 'north' });
      const both = await createRecord(store, { ownerUserId: 'x', teamId: 'team-old', territoryId: 'north' });
      const before = buckets({ userIds: ['me'], teamIds: ['team-old'] });
      const after = buckets({ userIds: ['me'], territoryIds: ['north'] });
      await store.read(async (tx) => {
        const backfill = await tx.listRecordPage(after, before, null, 10);
        expect(backfill.map(keyOf)).toEqual([keyOf(arrives)]);
        const evict = await tx.listRecordPage(before, after, null, 10);
        expect(evict.map(keyOf)).toEqual([keyOf(leaves)]);
        const everything = await tx.listRecordPage(buckets({ userIds: ['me', 'x'] }), null, null, 10);
        expect(everything.map(keyOf)).toEqual([stays, leaves, arrives, both].map(keyOf).sort(compareKeys));
      });
    });

    it('lists, with liveAt, the records live at that sequence: tombstones deleted after it too, not those deleted at or before it', async () => {
      const { store } = current();
      const early = await createRecord(store, { ownerUserId: 'x', teamId: 'team-old' });
      const late = await createRecord(store, { ownerUserId: 'x', teamId: 'team-old' });
      const live = await createRecord(store, { ownerUserId: 'x', teamId: 'team-old' });
      const earlySeq = await store.transaction(async (tx) => {
        const seq = await commit(tx);
        await tx.markRecordDeleted(keyOf(early), seq, hlc(11));
        return seq;
      });
      // The membership change (nothing else in its commit).
      const atSeq = await store.transaction((tx) => commit(tx));
      await store.transaction(async (tx) => tx.markRecordDeleted(keyOf(late), await commit(tx), hlc(12)));
      const old = buckets({ teamIds: ['team-old'] });
      await store.read(async (tx) => {
        expect((await tx.listRecordPage(old, null, null, 10)).map(keyOf)).toEqual([keyOf(live)]);
        expect((await tx.listRecordPage(old, null, null, 10, atSeq)).map(keyOf)).toEqual([late, live].map(keyOf).sort(compareKeys));
        expect((await tx.listRecordPage(old, null, null, 10, earlySeq - 1)).map(keyOf)).toEqual([early, late, live].map(keyOf).sort(compareKeys));
      });
    });

    it('walks the live records of one entity, whatever their buckets, by id after a key, leaving tombstones and other entities out', async () => {
      const { store } = current();
      const tasks: RecordRow[] = [];
      for (let index = 0; index < 5; index += 1) tasks.push(await createRecord(store, { entity: 'tasks', ownerUserId: `u${index}`, teamId: index % 2 === 0 ? 'team-1' : null }));
      await createRecord(store, { entity: 'contacts' });
      const [gone] = tasks.splice(2, 1);
      if (gone === undefined) throw new Error('No task to delete');
      await store.transaction(async (tx) => tx.markRecordDeleted(keyOf(gone), await commit(tx), hlc(9)));
      const expected = tasks.map((row) => row.recordId).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      const seen: string[] = [];
      let after: string | null = null;
      for (;;) {
        const from = after;
        const page: RecordRow[] = await store.read((tx) => tx.listLiveRecords('tasks', from, 3));
        expect(page.every((row) => row.entity === 'tasks')).toBe(true);
        seen.push(...page.map((row) => row.recordId));
        const last = page.at(-1);
        if (last === undefined || page.length < 3) break;
        after = last.recordId;
      }
      expect(seen).toEqual(expected);
    });

    it('records a one-time server step once, keeping its first time', async () => {
      const { store } = current();
      expect(await store.read((tx) => tx.serverStepDoneAt('step-a'))).toBeNull();
      await store.transaction((tx) => tx.recordServerStep('step-a', 1_000));
      await store.transaction((tx) => tx.recordServerStep('step-a', 2_000));
      expect(await store.read((tx) => tx.serverStepDoneAt('step-a'))).toBe(1_000);
      expect(await store.read((tx) => tx.serverStepDoneAt('step-b'))).toBeNull();
      await store.transaction((tx) => tx.forgetServerStep('step-a'));
      expect(await store.read((tx) => tx.serverStepDoneAt('step-a'))).toBeNull();
      await store.transaction((tx) => tx.recordServerStep('step-a', 3_000));
      expect(await store.read((tx) => tx.serverStepDoneAt('step-a'))).toBe(3_000);
    });
  });

  describe('erasure', () => {
    const current = useFreshStore(makeStore);

    async function erase(store: ReturnType<typeof current>['store'], key: RecordKey): Promise<{ seq: number; existed: boolean }> {
      return store.transaction(async (tx) => {
        const seq = await commit(tx, 'erase', 'admin-1');
        const existed = await tx.eraseRecord({ ...key, commitSeq: seq, erasedAt: 1000 + seq, erasedByUserId: 'admin-1' });
        return { seq, existed };
      });
    }

    it('hard-deletes the record, its field state, history and index rows, and keeps an id-only ledger entry', async () => {
      const { store } = current();
      const target = await createRecord(store, { ownerUserId: 'me' }, ['name', 'email']);
      const bystander = await createRecord(store, { ownerUserId: 'me' }, ['name']);
      await store.transaction(async (tx) => {
        const seq = await commit(tx);
        await tx.upsertFieldStates([fieldState(target, 'name', seq, hlc(seq))]);
        await tx.appendChangeLog([{ ...keyOf(target), commitSeq: seq, kind: 'upsert', deviceId: null, fields: [{ field: 'name', hlc: hlc(seq) }], previousBuckets: null }]);
        await tx.replaceBlindIndex(keyOf(target), 'emails', ['digest-1']);
      });
      const { seq, existed } = await erase(store, keyOf(target));
      expect(existed).toBe(true);
      await store.read(async (tx) => {
        expect(await tx.getRecords([keyOf(target)])).toEqual([]);
        expect(await tx.getFieldStates([keyOf(target)])).toEqual([]);
        expect(await tx.listChangeLog(keyOf(target))).toEqual([]);
        expect(await tx.findByBlindIndex('contacts', 'emails', 'digest-1')).toEqual([]);
        expect(await tx.listChangedFields({ afterSeq: 0, throughSeq: seq }, buckets({ userIds: ['me'] }), 100)).toEqual([fieldState(bystander, 'name', bystander.createdSeq)]);
        expect(await tx.listDeletions({ afterSeq: 0, throughSeq: seq }, buckets({ userIds: ['me'] }), 10)).toEqual([]);
        expect(await tx.findErasures([keyOf(target), keyOf(bystander)])).toEqual([{ ...keyOf(target), commitSeq: seq, erasedAt: 1000 + seq, erasedByUserId: 'admin-1' }]);
        expect(await tx.getRecords([keyOf(bystander)])).toHaveLength(1);
      });
    });

    it('is idempotent: a second erasure of the same key returns false and writes nothing', async () => {
      const { store } = current();
      const target = await createRecord(store);
      const first = await erase(store, keyOf(target));
      const again = await erase(store, keyOf(target));
      expect(again.existed).toBe(false);
      const ledger = await store.read((tx) => tx.findErasures([keyOf(target)]));
      expect(ledger.map((row) => row.commitSeq)).toEqual([first.seq]);
      expect(await store.read((tx) => tx.listErasures({ afterSeq: first.seq, throughSeq: again.seq }, 10))).toEqual([]);
    });

    it('records an erasure of a key the server never held (a device may still hold it)', async () => {
      const { store } = current();
      const key: RecordKey = { entity: 'deals', recordId: record(0).recordId };
      const { seq, existed } = await erase(store, key);
      expect(existed).toBe(false);
      expect(await store.read((tx) => tx.findErasures([key]))).toEqual([{ ...key, commitSeq: seq, erasedAt: 1000 + seq, erasedByUserId: 'admin-1' }]);
    });

    it('lists ledger entries by commit within a range and up to a limit', async () => {
      const { store } = current();
      const erased: { key: RecordKey; seq: number }[] = [];
      for (let index = 0; index < 4; index += 1) {
        const target = await createRecord(store);
        erased.push({ key: keyOf(target), seq: (await erase(store, keyOf(target))).seq });
      }
      const head = await store.read((tx) => tx.head());
      await store.read(async (tx) => {
        expect((await tx.listErasures({ afterSeq: 0, throughSeq: head }, 10)).map((row) => row.commitSeq)).toEqual(erased.map((row) => row.seq));
        expect((await tx.listErasures({ afterSeq: 0, throughSeq: head }, 2)).map((row) => row.commitSeq)).toEqual(erased.slice(0, 2).map((row) => row.seq));
        const [, second, third] = erased;
        expect((await tx.listErasures({ afterSeq: second?.seq ?? 0, throughSeq: third?.seq ?? 0 }, 10)).map((row) => row.recordId)).toEqual([third?.key.recordId]);
        // Only those erased at or after a time (the fixture stamps an erasure at 1000 + its seq), the filter and the limit both applied.
        const since = 1000 + (third?.seq ?? 0);
        expect((await tx.listErasures({ afterSeq: 0, throughSeq: head }, 10, since)).map((row) => row.commitSeq)).toEqual(erased.slice(2).map((row) => row.seq));
        expect((await tx.listErasures({ afterSeq: 0, throughSeq: head }, 1, since)).map((row) => row.commitSeq)).toEqual([third?.seq]);
        expect(await tx.listErasures({ afterSeq: 0, throughSeq: second?.seq ?? 0 }, 10, since)).toEqual([]);
        expect(await tx.findErasures([])).toEqual([]);
      });
    });

    it('tracks purge acknowledgements per device and ignores repeats', async () => {
      const { store } = current();
      const first = await erase(store, keyOf(await createRecord(store)));
      const second = await erase(store, keyOf(await createRecord(store)));
      const at = now();
      await store.transaction((tx) =>
        tx.insertPurgeAcks([
          { erasureSeq: first.seq, deviceId: 'dev-b', ackedAt: at },
          { erasureSeq: first.seq, deviceId: 'dev-a', ackedAt: at + 1 },
          { erasureSeq: second.seq, deviceId: 'dev-a', ackedAt: at + 2 },
        ]),
      );
      await store.transaction((tx) => tx.insertPurgeAcks([{ erasureSeq: first.seq, deviceId: 'dev-a', ackedAt: at + 99 }]));
      await store.read(async (tx) => {
        expect(await tx.listPurgeAcks(first.seq)).toEqual([
          { erasureSeq: first.seq, deviceId: 'dev-a', ackedAt: at + 1 },
          { erasureSeq: first.seq, deviceId: 'dev-b', ackedAt: at },
        ]);
        expect(await tx.listPurgeAcks(second.seq)).toEqual([{ erasureSeq: second.seq, deviceId: 'dev-a', ackedAt: at + 2 }]);
        expect(await tx.listPurgeAcks(second.seq + 100)).toEqual([]);
      });
    });

    it('records thousands of acknowledgements in one call; of repeats within it the first stays', async () => {
      const { store } = current();
      const erased = await erase(store, keyOf(await createRecord(store)));
      const at = now();
      // A device coming back after a long time acknowledges every erasure it missed at once.
      const acks = Array.from({ length: 5_000 }, (_, index) => ({ erasureSeq: erased.seq, deviceId: `dev-${String(index).padStart(4, '0')}`, ackedAt: at }));
      await store.transaction((tx) => tx.insertPurgeAcks([...acks, { erasureSeq: erased.seq, deviceId: 'dev-0007', ackedAt: at + 5 }]));
      await store.transaction((tx) => tx.insertPurgeAcks([]));
      const stored = await store.read((tx) => tx.listPurgeAcks(erased.seq));
      expect(stored).toHaveLength(acks.length);
      expect(stored).toEqual(acks);
    });
  });
}
