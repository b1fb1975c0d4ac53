// Conformance: an enrolment code keeps the admin device that issued it (null
// for the server's console), and cancelEnrolmentCodes cancels, by
// user or by code hash, exactly the codes that could still enrol a device:
// unused, not cancelled, not expired; by issuing device, every unused code not
// yet cancelled, expired or not (an enrolment that read it before it expired
// may still be waiting to write). A cancelled code never enrols.
import { describe, expect, it } from 'vitest';
import type { EnrolmentCodeRow } from '../store';
import { now, user, type MakeStore } from './fixtures';
import { useFreshStore } from './fresh-store';

export function describeEnrolmentCodes(makeStore: MakeStore): void {
  describe('enrolment code issuers and cancellation', () => {
    const current = useFreshStore(makeStore);

    const code = (letter: string, userId: string, issuedByDeviceId: string | null, over: Partial<EnrolmentCodeRow> = {}): EnrolmentCodeRow => {
      const at = now();
      return { codeHash: letter.repeat(64), userId, createdAt: at, expiresAt: at + 3_600_000, usedAt: null, deviceId: null, issuedByDeviceId, cancelledAt: null, ...over };
    };

    it('keeps who issued a code, and cancels the unused codes the revoked device issued, expired ones too', async () => {
      const { store } = current();
      const rep = user();
      const other = user();
      const fromLaptop = code('a', rep.id, 'devlaptop1');
      const newAdminsCode = code('b', other.id, 'devlaptop1');
      const usedFromLaptop = code('c', rep.id, 'devlaptop1', { usedAt: now(), deviceId: 'devenrolled' });
      const expiredFromLaptop = code('d', rep.id, 'devlaptop1', { expiresAt: now() });
      const fromOtherAdmin = code('e', rep.id, 'devdesktop1');
      const fromConsole = code('f', rep.id, null);
      const all = [fromLaptop, newAdminsCode, usedFromLaptop, expiredFromLaptop, fromOtherAdmin, fromConsole];
      await store.transaction(async (tx) => {
        for (const row of [rep, other]) await tx.insertUser(row);
        for (const row of all) await tx.insertEnrolmentCode(row);
      });
      expect(await store.read((tx) => tx.getEnrolmentCode(fromLaptop.codeHash))).toEqual(fromLaptop);
      expect(await store.read((tx) => tx.getEnrolmentCode(fromConsole.codeHash))).toEqual(fromConsole);

      const at = now();
      expect(await store.transaction((tx) => tx.cancelEnrolmentCodes({ issuedByDeviceId: 'devlaptop1' }, at))).toBe(3);
      await store.read(async (tx) => {
        expect(await tx.getEnrolmentCode(fromLaptop.codeHash)).toEqual({ ...fromLaptop, cancelledAt: at });
        expect(await tx.getEnrolmentCode(newAdminsCode.codeHash)).toEqual({ ...newAdminsCode, cancelledAt: at });
        expect(await tx.getEnrolmentCode(expiredFromLaptop.codeHash)).toEqual({ ...expiredFromLaptop, cancelledAt: at });
        for (const untouched of [usedFromLaptop, fromOtherAdmin, fromConsole]) expect(await tx.getEnrolmentCode(untouched.codeHash)).toEqual(untouched);
      });
      // Cancelled before it expired, it still never enrols; the others do.
      expect(await store.transaction((tx) => tx.consumeEnrolmentCode(fromLaptop.codeHash, 'devthief01', at + 1))).toBe(false);
      expect(await store.transaction((tx) => tx.consumeEnrolmentCode(fromConsole.codeHash, 'devrep0001', at + 1))).toBe(true);
      // Nothing is cancelled twice.
      expect(await store.transaction((tx) => tx.cancelEnrolmentCodes({ issuedByDeviceId: 'devlaptop1' }, now()))).toBe(0);
    });

    it("cancels a user's usable codes whoever issued them, and leaves other users' alone", async () => {
      const { store } = current();
      const rep = user();
      const other = user();
      const fromAdmin = code('a', rep.id, 'devdesktop1');
      const fromConsole = code('b', rep.id, null);
      const used = code('c', rep.id, null, { usedAt: now(), deviceId: 'devrep0001' });
      const othersCode = code('d', other.id, 'devdesktop1');
      await store.transaction(async (tx) => {
        for (const row of [rep, other]) await tx.insertUser(row);
        for (const row of [fromAdmin, fromConsole, used, othersCode]) await tx.insertEnrolmentCode(row);
      });
      const at = now();
      expect(await store.transaction((tx) => tx.cancelEnrolmentCodes({ userId: rep.id }, at))).toBe(2);
      await store.read(async (tx) => {
        expect(await tx.getEnrolmentCode(fromAdmin.codeHash)).toEqual({ ...fromAdmin, cancelledAt: at });
        expect(await tx.getEnrolmentCode(fromConsole.codeHash)).toEqual({ ...fromConsole, cancelledAt: at });
        expect(await tx.getEnrolmentCode(used.codeHash)).toEqual(used);
        expect(await tx.getEnrolmentCode(othersCode.codeHash)).toEqual(othersCode);
      });
      expect(await store.transaction((tx) => tx.consumeEnrolmentCode(fromConsole.codeHash, 'devthief01', at + 1))).toBe(false);
      // A cancellation rolled back with its transaction cancels nothing.
      await expect(
        store.transaction(async (tx) => {
          await tx.cancelEnrolmentCodes({ userId: other.id }, now());
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      expect(await store.read((tx) => tx.getEnrolmentCode(othersCode.codeHash))).toEqual(othersCode);
    });

    it('cancels one code by its hash and leaves the user\'s other codes usable', async () => {
      const { store } = current();
      const rep = user();
      const unsent = code('a', rep.id, null);
      const handedOut = code('b', rep.id, null);
      await store.transaction(async (tx) => {
        await tx.insertUser(rep);
        for (const row of [unsent, handedOut]) await tx.insertEnrolmentCode(row);
      });
      const at = now();
      expect(await store.transaction((tx) => tx.cancelEnrolmentCodes({ codeHash: unsent.codeHash }, at))).toBe(1);
      expect(await store.read((tx) => tx.getEnrolmentCode(unsent.codeHash))).toEqual({ ...unsent, cancelledAt: at });
      expect(await store.read((tx) => tx.getEnrolmentCode(handedOut.codeHash))).toEqual(handedOut);
      expect(await store.transaction((tx) => tx.consumeEnrolmentCode(unsent.codeHash, 'devthief01', at + 1))).toBe(false);
      expect(await store.transaction((tx) => tx.consumeEnrolmentCode(handedOut.codeHash, 'devrep0001', at + 1))).toBe(true);
      expect(await store.transaction((tx) => tx.cancelEnrolmentCodes({ codeHash: unsent.codeHash }, now()))).toBe(0);
    });
  });
}
