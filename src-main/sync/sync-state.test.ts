// Merging remote stamps into the device clock (real SQLCipher vault): the
// latest stamp within reach is merged even when a page also holds one from a
// clock far ahead, so the next local edit is stamped after what was seen.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeHlc } from '../../src-shared/sync/hlc';
import { recordChange } from './change-recorder';
import { maxClockDriftMs, mergeRemoteStamps } from './sync-state';
import { createSyncTestVault, type SyncTestVault } from './testing/sync-vault';

const other = 'otherdevice000000000001';
const now = 1_800_000_000_000;
const at = (millis: number, counter = 0) => encodeHlc({ millis, counter, deviceId: other });

describe('mergeRemoteStamps (real SQLCipher vault)', () => {
  let vault: SyncTestVault;

  beforeEach(async () => {
    vault = await createSyncTestVault();
  });
  afterEach(async () => {
    await vault.dispose();
  });

  /** The stamp a local edit made now gets. */
  const nextLocalStamp = async (): Promise<string> =>
    vault.connection.write(async (tx) => {
      await recordChange(tx, { entity: 'contacts', recordId: '0190a5d0-ac96-774b-bcce-b302099a8057', kind: 'upsert', fields: { title: 'Edited' } }, now);
      const row = await tx.get<{ hlc: string }>('SELECT hlc FROM outbox ORDER BY seq DESC LIMIT 1');
      return row?.hlc ?? '';
    });

  it('merges the latest stamp within reach, whatever lies beyond it', async () => {
    const ahead = at(now + 5 * 60_000, 7);
    const beyond = at(now + maxClockDriftMs + 60_000);
    const merged = await vault.connection.write((tx) => mergeRemoteStamps(tx, [at(now - 1_000), ahead, beyond, at(now + 2 * maxClockDriftMs)], now));
    expect(merged).toEqual({ refused: 2 });
    const local = await nextLocalStamp();
    expect(local > ahead).toBe(true);
    expect(local < beyond).toBe(true);
  });

  it('takes a stamp exactly at the limit and refuses one a millisecond past it', async () => {
    expect(await vault.connection.write((tx) => mergeRemoteStamps(tx, [at(now + maxClockDriftMs + 1)], now))).toEqual({ refused: 1 });
    expect(await vault.connection.write((tx) => mergeRemoteStamps(tx, [at(now + maxClockDriftMs, 3)], now))).toEqual({ refused: 0 });
    expect((await nextLocalStamp()) > at(now + maxClockDriftMs, 3)).toBe(true);
  });
});
