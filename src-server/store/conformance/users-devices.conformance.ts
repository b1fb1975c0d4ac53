// Conformance: users, bucket memberships and their history, enrolment codes,
// devices (token lookup, revocation, last-applied seq and cursor that never
// move backwards) and kept push rejections (several per operation, one per code).
import { describe, expect, it } from 'vitest';
import type { MembershipChangeRow } from '../store';
import { commit, device, now, user, type MakeStore } from './fixtures';
import { useFreshStore } from './fresh-store';

export function describeUsersAndDevices(makeStore: MakeStore): void {
  describe('users and memberships', () => {
    const current = useFreshStore(makeStore);

    it('stores users and lists them by creation', async () => {
      const { store } = current();
      const admin = user({ isAdmin: true, displayName: 'Admin' });
      const rep = user();
      await store.transaction(async (tx) => {
        await tx.insertUser(admin);
        await tx.insertUser(rep);
      });
      await store.read(async (tx) => {
        expect(await tx.getUser(rep.id)).toEqual(rep);
        expect(await tx.getUser('user-missing')).toBeNull();
        expect(await tx.listUsers()).toEqual([admin, rep]);
      });
    });

    it('sets and clears a user’s admin flag, false for no such user, and leaves the directory generation', async () => {
      const { store } = current();
      const admin = user({ isAdmin: true, displayName: 'Admin' });
      const rep = user();
      await store.transaction(async (tx) => {
        await tx.insertUser(admin);
        await tx.insertUser(rep);
      });
      const generation = await store.read((tx) => tx.directoryGeneration());
      await store.transaction(async (tx) => {
        expect(await tx.setUserAdmin(admin.id, false)).toBe(true);
        expect(await tx.setUserAdmin(rep.id, true)).toBe(true);
        expect(await tx.setUserAdmin('user-missing', true)).toBe(false);
      });
      await store.read(async (tx) => {
        expect(await tx.listUsers()).toEqual([{ ...admin, isAdmin: false }, { ...rep, isAdmin: true }]);
        expect(await tx.getUser('user-missing')).toBeNull();
        expect(await tx.directoryGeneration()).toBe(generation);
      });
      // Setting the flag it already has still finds the user; a rolled-back change leaves it.
      expect(await store.transaction((tx) => tx.setUserAdmin(rep.id, true))).toBe(true);
      await expect(
        store.transaction(async (tx) => {
          await tx.setUserAdmin(rep.id, false);
          throw new Error('roll back');
        }),
      ).rejects.toThrow('roll back');
      expect((await store.read((tx) => tx.getUser(rep.id)))?.isAdmin).toBe(true);
    });

    it('applies membership changes in order, records them, and keeps the bucket history', async () => {
      const { store } = current();
      const rep = user();
      await store.transaction((tx) => tx.insertUser(rep));
      const change = (commitSeq: number, kind: 'team' | 'territory', bucketId: string, what: 'added' | 'removed'): MembershipChangeRow => ({
        commitSeq,
        userId: rep.id,
        kind,
        bucketId,
        change: what,
      });
      const first = await store.transaction(async (tx) => {
        const seq = await commit(tx, 'membership');
        await tx.applyMembershipChanges([change(seq, 'team', 'team-b', 'added'), change(seq, 'team', 'team-a', 'added'), change(seq, 'territory', 'north', 'added')]);
        return seq;
      });
      const second = await store.transaction(async (tx) => {
        const seq = await commit(tx, 'membership');
        await tx.applyMembershipChanges([change(seq, 'team', 'team-a', 'removed'), change(seq, 'territory', 'south', 'added')]);
        return seq;
      });
      await store.read(async (tx) => {
        expect(await tx.getMemberships(rep.id)).toEqual({ teamIds: ['team-b'], territoryIds: ['north', 'south'] });
        expect(await tx.getBucketHistory(rep.id)).toEqual({ teamIds: ['team-a', 'team-b'], territoryIds: ['north', 'south'] });
        expect(await tx.getMemberships('user-missing')).toEqual({ teamIds: [], territoryIds: [] });
        expect(await tx.listMembershipChanges(rep.id, { afterSeq: 0, throughSeq: second })).toEqual([
          change(first, 'team', 'team-a', 'added'),
          change(first, 'team', 'team-b', 'added'),
          change(first, 'territory', 'north', 'added'),
          change(second, 'team', 'team-a', 'removed'),
          change(second, 'territory', 'south', 'added'),
        ]);
        // The range is (afterSeq, throughSeq].
        expect(await tx.listMembershipChanges(rep.id, { afterSeq: first, throughSeq: second })).toHaveLength(2);
        expect(await tx.listMembershipChanges(rep.id, { afterSeq: 0, throughSeq: first })).toHaveLength(3);
        expect(await tx.listMembershipChanges('user-other', { afterSeq: 0, throughSeq: second })).toEqual([]);
      });
    });

    it('adding a membership twice keeps one; removing an absent one is harmless', async () => {
      const { store } = current();
      const rep = user();
      await store.transaction(async (tx) => {
        await tx.insertUser(rep);
        const seq = await commit(tx, 'membership');
        await tx.applyMembershipChanges([{ commitSeq: seq, userId: rep.id, kind: 'team', bucketId: 't1', change: 'added' }]);
      });
      await store.transaction(async (tx) => {
        const seq = await commit(tx, 'membership');
        await tx.applyMembershipChanges([
          { commitSeq: seq, userId: rep.id, kind: 'team', bucketId: 't1', change: 'added' },
          { commitSeq: seq, userId: rep.id, kind: 'territory', bucketId: 'x', change: 'removed' },
        ]);
      });
      expect(await store.read((tx) => tx.getMemberships(rep.id))).toEqual({ teamIds: ['t1'], territoryIds: [] });
    });
    it('lists a user’s directory: itself and whoever shares a current team or territory, by id, with renames', async () => {
      const { store } = current();
      const [me, teammate, territoryMate, stranger, leaver] = [user({ id: 'user-c' }), user({ id: 'user-a' }), user({ id: 'user-e' }), user({ id: 'user-b' }), user({ id: 'user-d' })];
      await store.transaction(async (tx) => {
        for (const row of [me, teammate, territoryMate, stranger, leaver]) await tx.insertUser(row);
        const seq = await commit(tx, 'membership');
        const add = (userId: string, kind: 'team' | 'territory', bucketId: string): MembershipChangeRow => ({ commitSeq: seq, userId, kind, bucketId, change: 'added' });
        await tx.applyMembershipChanges([
          add(me.id, 'team', 'team-1'),
          add(me.id, 'territory', 'north'),
          add(teammate.id, 'team', 'team-1'),
          add(territoryMate.id, 'territory', 'north'),
          add(leaver.id, 'team', 'team-1'),
          // Same bucket id, other kind: not shared.
          add(stranger.id, 'territory', 'team-1'),
          add(stranger.id, 'team', 'team-2'),
        ]);
      });
      expect(await store.read((tx) => tx.listDirectory(me.id))).toEqual([teammate, me, leaver, territoryMate]);
      expect(await store.read((tx) => tx.listDirectory(stranger.id))).toEqual([stranger]);
      expect(await store.read((tx) => tx.listDirectory('user-missing'))).toEqual([]);

      await store.transaction(async (tx) => {
        const seq = await commit(tx, 'membership');
        await tx.applyMembershipChanges([{ commitSeq: seq, userId: leaver.id, kind: 'team', bucketId: 'team-1', change: 'removed' }]);
        expect(await tx.renameUser(teammate.id, 'Rep One Renamed')).toBe(true);
        expect(await tx.renameUser('user-missing', 'Nobody')).toBe(false);
      });
      expect(await store.read((tx) => tx.listDirectory(me.id))).toEqual([{ ...teammate, displayName: 'Rep One Renamed' }, me, territoryMate]);
      expect(await store.read((tx) => tx.getUser(teammate.id))).toEqual({ ...teammate, displayName: 'Rep One Renamed' });
    });

    it('pages a user’s directory by id: keyset pages in byte order, each at most the limit, that add up to the whole list', async () => {
      const { store } = current();
      // Upper case sorts before lower case in byte order (not in a locale's).
      const ids = ['page-B', 'page-a', 'page-c', 'page-Z', 'page-d'];
      const users = ids.map((id) => user({ id }));
      await store.transaction(async (tx) => {
        for (const row of users) await tx.insertUser(row);
        const seq = await commit(tx, 'membership');
        await tx.applyMembershipChanges(ids.map((userId) => ({ commitSeq: seq, userId, kind: 'team', bucketId: 'team-paged', change: 'added' })));
      });
      const whole = await store.read((tx) => tx.listDirectory('page-c'));
      expect(whole.map((row) => row.id)).toEqual(['page-B', 'page-Z', 'page-a', 'page-c', 'page-d']);
      const pages: string[][] = [];
      let after: string | null = null;
      for (let request = 0; request < 10; request += 1) {
        const page = await store.read((tx) => tx.listDirectory('page-c', { after, limit: 2 }));
        pages.push(page.map((row) => row.id));
        const last = page.at(-1);
        if (last === undefined) break;
        after = last.id;
      }
      expect(pages).toEqual([['page-B', 'page-Z'], ['page-a', 'page-c'], ['page-d'], []]);
      expect(await store.read((tx) => tx.listDirectory('page-c', { after: null, limit: 10 }))).toEqual(whole);
      expect(await store.read((tx) => tx.listDirectory('page-c', { after: 'page-Z', limit: 1 }))).toEqual([users[1]]);
    });

    it('moves the directory generation with every write that can change a directory, in its transaction, and only then', async () => {
      const { store, openSibling } = current();
      const generation = () => store.read((tx) => tx.directoryGeneration());
      const rep = user();
      const start = await generation();

      await store.transaction((tx) => tx.insertUser(rep));
      const added = await generation();
      expect(added).toBeGreaterThan(start);

      await store.transaction(async (tx) => {
        expect(await tx.renameUser('user-missing', 'Nobody')).toBe(false);
        await tx.applyMembershipChanges([]);
        await commit(tx);
      });
      expect(await generation()).toBe(added);

      await store.transaction((tx) => tx.renameUser(rep.id, 'Renamed'));
      const renamed = await generation();
      expect(renamed).toBeGreaterThan(added);

      // A rolled-back rename leaves it where it was.
      await expect(
        store.transaction(async (tx) => {
          await tx.renameUser(rep.id, 'Rolled back');
          throw new Error('roll back');
        }),
      ).rejects.toThrow('roll back');
      expect(await generation()).toBe(renamed);

      // Read in one snapshot with the memberships it covers: a reader that began before the change sees neither.
      let releaseReader = (): void => undefined;
      const readerMayFinish = new Promise<void>((resolve) => {
        releaseReader = resolve;
      });
      let readerStarted = (): void => undefined;
      const readerRunning = new Promise<void>((resolve) => {
        readerStarted = resolve;
      });
      const before = store.read(async (tx) => {
        const first = await tx.directoryGeneration();
        readerStarted();
        await readerMayFinish;
        return { first, again: await tx.directoryGeneration(), memberships: await tx.getMemberships(rep.id) };
      });
      await readerRunning;
      await store.transaction(async (tx) => {
        const seq = await commit(tx, 'membership');
        await tx.applyMembershipChanges([{ commitSeq: seq, userId: rep.id, kind: 'team', bucketId: 'team-g', change: 'added' }]);
      });
      releaseReader();
      expect(await before).toEqual({ first: renamed, again: renamed, memberships: { teamIds: [], territoryIds: [] } });
      const joined = await generation();
      expect(joined).toBeGreaterThan(renamed);

      // Another server process on the same database reads the same counter.
      if (openSibling !== undefined) {
        const sibling = await openSibling();
        try {
          expect(await sibling.read((tx) => tx.directoryGeneration())).toBe(joined);
          await sibling.transaction((tx) => tx.renameUser(rep.id, 'Renamed elsewhere'));
          expect(await generation()).toBeGreaterThan(joined);
        } finally {
          await sibling.close();
        }
      }
    });
  });

  describe('enrolment and devices', () => {
    const current = useFreshStore(makeStore);

    it('consumes an enrolment code once, and never after it expired', async () => {
      const { store } = current();
      const rep = user();
      const at = now();
      const code = { codeHash: 'a'.repeat(64), userId: rep.id, createdAt: at, expiresAt: at + 60_000, usedAt: null, deviceId: null, issuedByDeviceId: null, cancelledAt: null };
      const expired = { ...code, codeHash: 'b'.repeat(64), expiresAt: at + 10 };
      await store.transaction(async (tx) => {
        await tx.insertUser(rep);
        await tx.insertEnrolmentCode(code);
        await tx.insertEnrolmentCode(expired);
      });
      expect(await store.read((tx) => tx.getEnrolmentCode(code.codeHash))).toEqual(code);
      expect(await store.transaction((tx) => tx.consumeEnrolmentCode(expired.codeHash, 'device-1', at + 1000))).toBe(false);
      expect(await store.transaction((tx) => tx.consumeEnrolmentCode(code.codeHash, 'device-1', at + 1000))).toBe(true);
      expect(await store.transaction((tx) => tx.consumeEnrolmentCode(code.codeHash, 'device-2', at + 2000))).toBe(false);
      expect(await store.transaction((tx) => tx.consumeEnrolmentCode('c'.repeat(64), 'device-3', at))).toBe(false);
      await store.read(async (tx) => {
        expect(await tx.getEnrolmentCode(code.codeHash)).toEqual({ ...code, usedAt: at + 1000, deviceId: 'device-1' });
        expect(await tx.getEnrolmentCode(expired.codeHash)).toEqual(expired);
        expect(await tx.getEnrolmentCode('c'.repeat(64))).toBeNull();
      });
    });

    it('finds devices by id and token hash and lists them by creation, per user', async () => {
      const { store } = current();
      const a = user();
      const b = user();
      const a1 = device(a.id);
      const b1 = device(b.id);
      const a2 = device(a.id);
      await store.transaction(async (tx) => {
        for (const row of [a, b]) await tx.insertUser(row);
        for (const row of [a1, b1, a2]) await tx.insertDevice(row);
      });
      await store.read(async (tx) => {
        expect(await tx.getDevice(b1.id)).toEqual(b1);
        expect(await tx.getDeviceByTokenHash(a2.tokenHash)).toEqual(a2);
        expect(await tx.getDeviceByTokenHash('f'.repeat(64))).toBeNull();
        expect(await tx.getDevice('devmissing')).toBeNull();
        expect(await tx.listDevices()).toEqual([a1, b1, a2]);
        expect(await tx.listDevices(a.id)).toEqual([a1, a2]);
        expect(await tx.listDevices('user-none')).toEqual([]);
      });
    });

    it('gives a device not revoked a new token, and a revoked or unknown one none', async () => {
      const { store } = current();
      const rep = user();
      const live = device(rep.id);
      const revoked = device(rep.id);
      await store.transaction(async (tx) => {
        await tx.insertUser(rep);
        await tx.insertDevice(live);
        await tx.insertDevice(revoked);
        await tx.revokeDevice(revoked.id, now());
      });
      expect(await store.transaction((tx) => tx.replaceDeviceToken(live.id, 'd'.repeat(64)))).toBe(true);
      expect(await store.transaction((tx) => tx.replaceDeviceToken(revoked.id, 'e'.repeat(64)))).toBe(false);
      expect(await store.transaction((tx) => tx.replaceDeviceToken('devmissing', 'e'.repeat(64)))).toBe(false);
      await store.read(async (tx) => {
        expect(await tx.getDeviceByTokenHash('d'.repeat(64))).toEqual({ ...live, tokenHash: 'd'.repeat(64) });
        expect(await tx.getDeviceByTokenHash(live.tokenHash)).toBeNull();
        expect(await tx.getDeviceByTokenHash('e'.repeat(64))).toBeNull();
      });
    });

    it('refuses a second device with the same token hash, and writes nothing of that transaction', async () => {
      const { store } = current();
      const rep = user();
      const first = device(rep.id);
      await store.transaction(async (tx) => {
        await tx.insertUser(rep);
        await tx.insertDevice(first);
      });
      const clash = device(rep.id, { tokenHash: first.tokenHash });
      await expect(
        store.transaction(async (tx) => {
          await commit(tx);
          await tx.insertDevice(clash);
        }),
      ).rejects.toThrow();
      await store.read(async (tx) => {
        expect(await tx.getDevice(clash.id)).toBeNull();
        expect(await tx.head()).toBe(0);
      });
    });

    it('revokes once: a second revocation keeps the first time', async () => {
      const { store } = current();
      const rep = user();
      const row = device(rep.id);
      await store.transaction(async (tx) => {
        await tx.insertUser(rep);
        await tx.insertDevice(row);
      });
      await store.transaction((tx) => tx.revokeDevice(row.id, 5000));
      await store.transaction((tx) => tx.revokeDevice(row.id, 9000));
      expect((await store.read((tx) => tx.getDevice(row.id)))?.revokedAt).toBe(5000);
    });

    it('moves last-applied seq and cursor only forwards, and updates only the fields given', async () => {
      const { store } = current();
      const rep = user();
      const row = device(rep.id);
      await store.transaction(async (tx) => {
        await tx.insertUser(rep);
        await tx.insertDevice(row);
      });
      const progress = async () => {
        const found = await store.read((tx) => tx.getDevice(row.id));
        return [found?.lastAppliedSeq, found?.lastCursor, found?.lastSeenAt];
      };
      await store.transaction((tx) => tx.updateDeviceProgress(row.id, { lastAppliedSeq: 7, lastCursor: 40, lastSeenAt: 100 }));
      expect(await progress()).toEqual([7, 40, 100]);
      await store.transaction((tx) => tx.updateDeviceProgress(row.id, { lastAppliedSeq: 3, lastCursor: 12 }));
      expect(await progress()).toEqual([7, 40, 100]);
      await store.transaction((tx) => tx.updateDeviceProgress(row.id, { lastCursor: 41 }));
      expect(await progress()).toEqual([7, 41, 100]);
      await store.transaction((tx) => tx.updateDeviceProgress(row.id, { lastAppliedSeq: 8, lastSeenAt: 200 }));
      expect(await progress()).toEqual([8, 41, 200]);
      await store.transaction((tx) => tx.updateDeviceProgress(row.id, {}));
      expect(await progress()).toEqual([8, 41, 200]);
    });

    it('keeps the latest push rejections per device, by seq, and replaces them wholesale', async () => {
      const { store } = current();
      const rep = user();
      const one = device(rep.id);
      const two = device(rep.id);
      await store.transaction(async (tx) => {
        await tx.insertUser(rep);
        await tx.insertDevice(one);
        await tx.insertDevice(two);
      });
      const rejections = [
        { seq: 9, code: 'forbidden' as const, message: 'Not in your buckets.', fields: [] },
        { seq: 4, code: 'unknown_field' as const, message: 'Unknown field.', fields: ['shoeSize', 'favouriteColour'] },
      ];
      await store.transaction(async (tx) => {
        await tx.replaceRejections(one.id, rejections);
        await tx.replaceRejections(two.id, [{ seq: 1, code: 'erased', message: 'Erased.', fields: [] }]);
      });
      expect(await store.read((tx) => tx.listRejections(one.id))).toEqual([rejections[1], rejections[0]]);
      await store.transaction((tx) => tx.replaceRejections(one.id, [{ seq: 12, code: 'conflict', message: 'Conflict.', fields: ['name'] }]));
      expect(await store.read((tx) => tx.listRejections(one.id))).toEqual([{ seq: 12, code: 'conflict', message: 'Conflict.', fields: ['name'] }]);
      await store.transaction((tx) => tx.replaceRejections(one.id, []));
      await store.read(async (tx) => {
        expect(await tx.listRejections(one.id)).toEqual([]);
        expect(await tx.listRejections(two.id)).toHaveLength(1);
      });
    });

    it('keeps every rejection of one operation: an unknown field and a lost field of one seq', async () => {
      const { store } = current();
      const rep = user();
      const one = device(rep.id);
      await store.transaction(async (tx) => {
        await tx.insertUser(rep);
        await tx.insertDevice(one);
      });
      const conflict = { seq: 7, code: 'conflict' as const, message: 'A newer change of name is already on the server', fields: ['name'] };
      const unknown = { seq: 7, code: 'unknown_field' as const, message: 'Fields this server does not know: favouriteColour', fields: ['favouriteColour'] };
      const later = { seq: 8, code: 'invalid' as const, message: 'An upsert needs at least one field', fields: [] };
      await store.transaction((tx) => tx.replaceRejections(one.id, [unknown, conflict, later]));
      // By seq, then code: the order push.ts answers in, so a replay answers the same.
      expect(await store.read((tx) => tx.listRejections(one.id))).toEqual([conflict, unknown, later]);
    });
  });
}
