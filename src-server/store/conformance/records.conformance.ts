// Conformance: records, field versions and what a pull reads from them —
// changed fields in a commit range filtered by buckets, deletions, rebuckets,
// per-record history and the blind index.
import { describe, expect, it } from 'vitest';
import type { ChangeLogRow, StoreTx } from '../store';
import { buckets, commit, createRecord, fieldState, hlc, keyOf, now, plain, record, recordId, sealed, type MakeStore } from './fixtures';
import { useFreshStore } from './fresh-store';

export function describeRecords(makeStore: MakeStore): void {
  describe('records and field state', () => {
    const current = useFreshStore(makeStore);

    it('stores records with their sealed values opaque, and returns only those that exist', async () => {
      const { store } = current();
      const a = await createRecord(store, { teamId: 'team-1', territoryId: 'north' });
      const b = await createRecord(store, { entity: 'deals' });
      const rows = await store.read((tx) => tx.getRecords([keyOf(a), keyOf(b), { entity: 'contacts', recordId: recordId() }, { entity: 'deals', recordId: a.recordId }]));
      const byId = new Map(rows.map((row) => [row.recordId, row]));
      expect(rows).toHaveLength(2);
      expect(plain(byId.get(a.recordId))).toEqual(plain(a));
      expect(plain(byId.get(b.recordId))).toEqual(plain(b));
      expect(await store.read((tx) => tx.getRecords([]))).toEqual([]);
      // A key asked for twice (a pull asks once per changed field) still gives one row.
      expect(await store.read((tx) => tx.getRecords([keyOf(a), keyOf(a), keyOf(b), keyOf(a)]))).toHaveLength(2);
    });

    it('writes records, seals and blind-index digests in batches exactly as one at a time', async () => {
      const { store } = current();
      const seq = await store.transaction((tx) => commit(tx));
      const a = record(seq, { teamId: 'team-1' });
      const b = record(seq, { entity: 'deals', sealed: null });
      await store.transaction((tx) => tx.insertRecords([a, b]));
      const resealed = sealed('key-2');
      const later = sealed('key-3');
      await store.transaction(async (tx) => {
        await tx.updateRecordSeals([{ key: keyOf(a), sealed: resealed }, { key: keyOf(a), sealed: later }]);
        await tx.replaceBlindIndexes([
          { key: keyOf(a), field: 'emails', digests: ['d1', 'd2', 'd2'] },
          { key: keyOf(b), field: 'emails', digests: ['d9'] },
          { key: keyOf(b), field: 'emails', digests: ['d3'] },
        ]);
      });
      const rows = await store.read((tx) => tx.getRecords([keyOf(a), keyOf(b)]));
      const byId = new Map(rows.map((row) => [row.recordId, row]));
      expect(plain(byId.get(a.recordId))).toEqual(plain({ ...a, sealed: later }));
      expect(plain(byId.get(b.recordId))).toEqual(plain(b));
      expect(await store.read((tx) => tx.findByBlindIndex('contacts', 'emails', 'd2'))).toEqual([keyOf(a)]);
      expect(await store.read((tx) => tx.findByBlindIndex('deals', 'emails', 'd9'))).toEqual([]);
      expect(await store.read((tx) => tx.findByBlindIndex('deals', 'emails', 'd3'))).toEqual([keyOf(b)]);
      await store.transaction(async (tx) => {
        await tx.insertRecords([]);
        await tx.updateRecordSeals([]);
        await tx.replaceBlindIndexes([{ key: keyOf(a), field: 'emails', digests: [] }]);
      });
      expect(await store.read((tx) => tx.findByBlindIndex('contacts', 'emails', 'd1'))).toEqual([]);
    });

    it('upserts field versions (last one wins) and returns them by entity, record, field', async () => {
      const { store } = current();
      const a = await createRecord(store, { entity: 'deals' }, ['title', 'amount']);
      const b = await createRecord(store, { entity: 'accounts' }, ['name']);
      const seq = await store.transaction(async (tx) => {
        const next = await commit(tx);
        await tx.upsertFieldStates([fieldState(a, 'amount', next, hlc(5)), fieldState(a, 'stage', next, hlc(6)), fieldState(a, 'amount', next, hlc(7))]);
        return next;
      });
      const states = await store.read((tx) => tx.getFieldStates([keyOf(a), keyOf(b)]));
      expect(states).toEqual([
        fieldState(b, 'name', b.createdSeq),
        fieldState(a, 'amount', seq, hlc(7)),
        fieldState(a, 'stage', seq, hlc(6)),
        fieldState(a, 'title', a.createdSeq),
      ]);
      expect(await store.read((tx) => tx.getFieldStates([]))).toEqual([]);
    });

    it('lists changed fields of live, visible records in a commit range, in order, up to a limit', async () => {
      const { store } = current();
      const mine = await createRecord(store, { ownerUserId: 'me' }, ['b', 'a']);
      const team = await createRecord(store, { ownerUserId: 'other', teamId: 'team-1' }, ['name']);
      const territory = await createRecord(store, { ownerUserId: 'other', territoryId: 'north' }, ['name']);
      const hidden = await createRecord(store, { ownerUserId: 'other', teamId: 'team-2', territoryId: 'south' }, ['name']);
      const gone = await createRecord(store, { ownerUserId: 'me' }, ['name']);
      await store.transaction(async (tx) => tx.markRecordDeleted(keyOf(gone), await commit(tx), hlc(99)));
      // Field state written for a tombstone or a record that does not exist is never listed.
      await store.transaction(async (tx) => {
        const seq = await commit(tx);
        await tx.upsertFieldStates([fieldState(gone, 'late', seq), { ...fieldState(gone, 'name', seq), recordId: recordId() }]);
      });
      const head = await store.read((tx) => tx.head());
      const visibleTo = buckets({ userIds: ['me'], teamIds: ['team-1'], territoryIds: ['north'] });

      const all = await store.read((tx) => tx.listChangedFields({ afterSeq: 0, throughSeq: head }, visibleTo, 100));
      expect(all).toEqual([
        fieldState(mine, 'a', mine.createdSeq),
        fieldState(mine, 'b', mine.createdSeq),
        fieldState(team, 'name', team.createdSeq),
        fieldState(territory, 'name', territory.createdSeq),
      ]);
      expect(all.some((row) => row.recordId === hidden.recordId || row.recordId === gone.recordId)).toBe(false);
      await store.read(async (tx) => {
        expect(await tx.listChangedFields({ afterSeq: 0, throughSeq: head }, visibleTo, 3)).toEqual(all.slice(0, 3));
        expect(await tx.listChangedFields({ afterSeq: mine.createdSeq, throughSeq: team.createdSeq }, visibleTo, 100)).toEqual([all[2]]);
        expect(await tx.listChangedFields({ afterSeq: 0, throughSeq: head }, buckets({}), 100)).toEqual([]);
      });
    });

    it('lists changed fields without those that commits of one device wrote, the limit counting the others only', async () => {
      const { store } = current();
      const pushBy = (tx: StoreTx, deviceId: string) => tx.allocateCommit({ kind: 'push', deviceId, userId: 'me', at: now() });
      const base = await store.read((tx) => tx.head());
      const [own, other] = await store.transaction(async (tx) => {
        const seq = await pushBy(tx, 'laptop');
        const rows = [record(seq, { ownerUserId: 'me' }), record(seq, { ownerUserId: 'me', teamId: 'team-1' })];
        await tx.insertRecords(rows);
        await tx.upsertFieldStates(rows.flatMap((row) => [fieldState(row, 'name', seq), fieldState(row, 'title', seq)]));
        return rows;
      });
      if (own === undefined || other === undefined) throw new Error('two records expected');
      // The tablet changes one field of each; then the laptop takes one of those back.
      const tablet = await store.transaction(async (tx) => {
        const seq = await pushBy(tx, 'tablet');
        await tx.upsertFieldStates([fieldState(own, 'title', seq), fieldState(other, 'name', seq)]);
        return seq;
      });
      const laptop = await store.transaction(async (tx) => {
        const seq = await pushBy(tx, 'laptop');
        await tx.upsertFieldStates([fieldState(other, 'name', seq)]);
        return seq;
      });
      const range = { afterSeq: base, throughSeq: laptop };
      const visibleTo = buckets({ userIds: ['me'], teamIds: ['team-1'] });
      await store.read(async (tx) => {
        expect(await tx.listChangedFields(range, visibleTo, 100, 'laptop')).toEqual([fieldState(own, 'title', tablet)]);
        expect(await tx.listChangedFields(range, buckets({ teamIds: ['team-1'] }), 100, 'laptop')).toEqual([]);
        const all = await tx.listChangedFields(range, visibleTo, 100);
        expect(all).toHaveLength(4);
        expect(await tx.listChangedFields(range, visibleTo, 100, 'tablet')).toEqual(all.filter((row) => row.commitSeq !== tablet));
        expect(await tx.listChangedFields(range, visibleTo, 1, 'tablet')).toEqual(all.slice(0, 1));
        expect(await tx.listChangedFields(range, visibleTo, 100, 'unknown-device')).toEqual(all);
      });
    });

    it('turns a deleted record into a tombstone without values, field state or index rows, and lists deletions', async () => {
      const { store } = current();
      const a = await createRecord(store, { ownerUserId: 'me' });
      const b = await createRecord(store, { ownerUserId: 'me', entity: 'tasks' });
      const c = await createRecord(store, { ownerUserId: 'other' });
      await store.transaction((tx) => tx.replaceBlindIndex(keyOf(a), 'emails', ['d1']));
      const deletions: number[] = [];
      for (const row of [b, a, c]) {
        deletions.push(await store.transaction(async (tx) => {
          const seq = await commit(tx);
          await tx.markRecordDeleted(keyOf(row), seq, hlc(seq, 1));
          return seq;
        }));
      }
      const [tombstone] = await store.read((tx) => tx.getRecords([keyOf(a)]));
      expect(tombstone).toMatchObject({ deletedSeq: deletions[1], deleteHlc: hlc(deletions[1] ?? 0, 1), sealed: null, createdSeq: a.createdSeq });
      await store.read(async (tx) => {
        expect(await tx.getFieldStates([keyOf(a)])).toEqual([]);
        expect(await tx.findByBlindIndex('contacts', 'emails', 'd1')).toEqual([]);
        const head = await tx.head();
        const mine = buckets({ userIds: ['me'] });
        const listed = await tx.listDeletions({ afterSeq: 0, throughSeq: head }, mine, 10);
        expect(listed.map((row) => [row.recordId, row.deletedSeq])).toEqual([
          [b.recordId, deletions[0]],
          [a.recordId, deletions[1]],
        ]);
        expect(await tx.listDeletions({ afterSeq: 0, throughSeq: head }, mine, 1)).toHaveLength(1);
        expect(await tx.listDeletions({ afterSeq: deletions[0] ?? 0, throughSeq: head }, mine, 10)).toHaveLength(1);
        expect(await tx.listDeletions({ afterSeq: 0, throughSeq: head }, buckets({ userIds: ['other'] }), 10)).toHaveLength(1);
        // A tombstone is not a live record: no page lists it.
        expect(await tx.listRecordPage(mine, null, null, 10)).toEqual([]);
      });
    });

    it('moves a record between buckets and lists rebucket history by commit, then entity and id', async () => {
      const { store } = current();
      const a = await createRecord(store, { ownerUserId: 'me', teamId: 'team-1' });
      const b = await createRecord(store, { ownerUserId: 'me', entity: 'accounts' });
      const seq = await store.transaction(async (tx) => {
        const next = await commit(tx, 'rebucket');
        const logs: ChangeLogRow[] = [];
        for (const row of [a, b]) {
          await tx.updateRecordBuckets(keyOf(row), { ownerUserId: 'you', teamId: null, territoryId: 'west' }, next);
          logs.push({ ...keyOf(row), commitSeq: next, kind: 'rebucket', deviceId: null, fields: [], previousBuckets: { ownerUserId: row.ownerUserId, teamId: row.teamId, territoryId: row.territoryId } });
        }
        await tx.appendChangeLog(logs);
        return next;
      });
      await store.read(async (tx) => {
        const [moved] = await tx.getRecords([keyOf(a)]);
        expect(moved).toMatchObject({ ownerUserId: 'you', teamId: null, territoryId: 'west', bucketSeq: seq, createdSeq: a.createdSeq });
        const rebuckets = await tx.listRebuckets({ afterSeq: 0, throughSeq: seq }, 10);
        expect(rebuckets.map((row) => [row.commitSeq, row.entity, row.recordId])).toEqual([
          [seq, 'accounts', b.recordId],
          [seq, 'contacts', a.recordId],
        ]);
        expect(rebuckets[1]?.previousBuckets).toEqual({ ownerUserId: 'me', teamId: 'team-1', territoryId: null });
        expect(await tx.listRebuckets({ afterSeq: 0, throughSeq: seq }, 1)).toHaveLength(1);
        expect(await tx.listRebuckets({ afterSeq: seq, throughSeq: seq + 5 }, 10)).toEqual([]);
        expect(await tx.listRecordPage(buckets({ userIds: ['me'] }), null, null, 10)).toEqual([]);
        expect(await tx.listRecordPage(buckets({ territoryIds: ['west'] }), null, null, 10)).toHaveLength(2);
        // Field state follows the record: found through its new buckets, no longer through its old ones.
        const everything = { afterSeq: 0, throughSeq: seq };
        expect(await tx.listChangedFields(everything, buckets({ userIds: ['me'], teamIds: ['team-1'] }), 10)).toEqual([]);
        expect(await tx.listChangedFields(everything, buckets({ territoryIds: ['west'] }), 10)).toEqual([fieldState(a, 'name', a.createdSeq), fieldState(b, 'name', b.createdSeq)]);
      });
      // Fields written after the move take the record's new buckets too.
      const later = await store.transaction(async (tx) => {
        const next = await commit(tx);
        await tx.upsertFieldStates([fieldState(a, 'title', next)]);
        return next;
      });
      expect(await store.read((tx) => tx.listChangedFields({ afterSeq: seq, throughSeq: later }, buckets({ userIds: ['you'] }), 10))).toEqual([fieldState(a, 'title', later)]);
    });

    it('lists a field visible through several of the buckets once, merged in commit order across buckets', async () => {
      const { store } = current();
      const both = await createRecord(store, { ownerUserId: 'me', teamId: 'team-1', territoryId: 'north' }, ['name', 'title']);
      const team = await createRecord(store, { ownerUserId: 'other', teamId: 'team-1' }, ['name']);
      const territory = await createRecord(store, { ownerUserId: 'other', territoryId: 'north' }, ['name']);
      const again = await store.transaction(async (tx) => {
        const next = await commit(tx);
        await tx.upsertFieldStates([fieldState(both, 'name', next)]);
        return next;
      });
      const visibleTo = buckets({ userIds: ['me'], teamIds: ['team-1'], territoryIds: ['north'] });
      const listed = await store.read((tx) => tx.listChangedFields({ afterSeq: 0, throughSeq: again }, visibleTo, 10));
      expect(listed).toEqual([
        fieldState(both, 'title', both.createdSeq),
        fieldState(team, 'name', team.createdSeq),
        fieldState(territory, 'name', territory.createdSeq),
        fieldState(both, 'name', again),
      ]);
      expect(await store.read((tx) => tx.listChangedFields({ afterSeq: 0, throughSeq: again }, visibleTo, 2))).toEqual(listed.slice(0, 2));
    });

    it('keeps per-record history by commit with field stamps only, one row per commit and kind', async () => {
      const { store } = current();
      const key = { entity: 'contacts' as const, recordId: recordId() };
      const first = await store.transaction(async (tx) => {
        const seq = await commit(tx);
        await tx.insertRecord(record(seq, key));
        await tx.appendChangeLog([{ ...key, commitSeq: seq, kind: 'upsert', deviceId: 'dev00001', fields: [{ field: 'name', hlc: hlc(1) }, { field: 'email', hlc: hlc(1) }], previousBuckets: null }]);
        return seq;
      });
      const second = await store.transaction(async (tx) => {
        const seq = await commit(tx);
        await tx.appendChangeLog([
          { ...key, commitSeq: seq, kind: 'upsert', deviceId: 'dev00002', fields: [{ field: 'name', hlc: hlc(2) }], previousBuckets: null },
          { ...key, commitSeq: seq, kind: 'rebucket', deviceId: null, fields: [], previousBuckets: { ownerUserId: 'owner-a', teamId: null, territoryId: null } },
        ]);
        return seq;
      });
      const history = await store.read((tx) => tx.listChangeLog(key));
      expect(history.map((row) => [row.commitSeq, row.kind, row.deviceId])).toEqual([
        [first, 'upsert', 'dev00001'],
        [second, 'rebucket', null],
        [second, 'upsert', 'dev00002'],
      ]);
      expect(history[0]?.fields).toEqual([{ field: 'name', hlc: hlc(1) }, { field: 'email', hlc: hlc(1) }]);
      await expect(
        store.transaction((tx) => tx.appendChangeLog([{ ...key, commitSeq: first, kind: 'upsert', deviceId: null, fields: [], previousBuckets: null }])),
      ).rejects.toThrow();
      expect(await store.read((tx) => tx.listChangeLog(key))).toHaveLength(3);
    });

    it('keeps several blind-index digests per field, replaces and removes them', async () => {
      const { store } = current();
      const a = await createRecord(store);
      const b = await createRecord(store);
      await store.transaction(async (tx) => {
        await tx.replaceBlindIndex(keyOf(a), 'emails', ['d1', 'd2', 'd2']);
        await tx.replaceBlindIndex(keyOf(b), 'emails', ['d2']);
        await tx.replaceBlindIndex(keyOf(b), 'phones', ['d1']);
      });
      const sortedIds = (ids: string[]) => [...ids].sort();
      await store.read(async (tx) => {
        expect(await tx.findByBlindIndex('contacts', 'emails', 'd1')).toEqual([keyOf(a)]);
        expect((await tx.findByBlindIndex('contacts', 'emails', 'd2')).map((key) => key.recordId)).toEqual(sortedIds([a.recordId, b.recordId]));
        expect(await tx.findByBlindIndex('contacts', 'phones', 'd1')).toEqual([keyOf(b)]);
        expect(await tx.findByBlindIndex('accounts', 'emails', 'd1')).toEqual([]);
      });
      await store.transaction(async (tx) => {
        await tx.replaceBlindIndex(keyOf(a), 'emails', ['d3']);
        await tx.replaceBlindIndex(keyOf(b), 'emails', []);
      });
      await store.read(async (tx) => {
        expect(await tx.findByBlindIndex('contacts', 'emails', 'd1')).toEqual([]);
        expect(await tx.findByBlindIndex('contacts', 'emails', 'd2')).toEqual([]);
        expect(await tx.findByBlindIndex('contacts', 'emails', 'd3')).toEqual([keyOf(a)]);
        expect(await tx.findByBlindIndex('contacts', 'phones', 'd1')).toEqual([keyOf(b)]);
      });
    });
  });
}
