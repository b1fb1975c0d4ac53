// A laptop whose clock is 15 minutes slow, on a real SQLCipher vault. The
// sync API is a stand-in for the network only. Another device changed a
// contact's title in those minutes; the pull page (or a push answer's
// compensation) brings it with the server's time. Before, the stamps were
// "beyond reach" of the slow clock and not merged, so the rep's edit of the
// title was stamped below the value on screen, and the server refused it
// (and "Keep mine" again) until the wall clock caught up.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeHlc } from '../../src-shared/sync/hlc';
import type { PullResponse, PushResponse, ServerChange } from '../../src-shared/sync/protocol';
import { uuid7 } from '../vault/uuid7';
import { recordChange } from './change-recorder';
import { readOutbox } from './outbox';
import { pullAll } from './pull';
import { pushOutbox } from './push';
import { SyncSession } from './session';
import type { SyncApi } from './sync-api';
import { maxClockDriftMs, maxServerLeadMs } from './sync-state';
import { contactFields, countingHooks, createSyncTestVault, type SyncTestVault } from './testing/sync-vault';

const start = 1_700_000_000_000;
const behindMs = 15 * 60_000;
const otherDevice = 'otherdevice000000000001';
const stamp = (millis: number) => encodeHlc({ millis, counter: 0, deviceId: otherDevice });

let vault: SyncTestVault;
beforeEach(async () => {
  vault = await createSyncTestVault();
});
afterEach(() => vault.dispose());

/** A server holding `history`, whose clock reads `serverTime` (undefined: a server from before serverTime). */
function server(history: ServerChange[], serverTime: number | undefined, answer: PushResponse | null = null) {
  const refuse = () => Promise.reject(new Error('not used here'));
  const time = serverTime === undefined ? {} : { serverTime };
  const api: SyncApi = {
    pull: (cursor, resume) => {
      const changes = history.filter((change) => change.commitSeq > cursor);
      const page: PullResponse = { from: { cursor, resume }, changes, cursor: changes.at(-1)?.commitSeq ?? cursor, resume: null, hasMore: false, directoryVersion: null, total: null, ...time };
      return Promise.resolve(page);
    },
    push: () => (answer === null ? refuse() : Promise.resolve({ ...answer, ...time })),
    ack: refuse,
    poke: refuse,
    users: refuse,
    close: () => undefined,
  };
  return new SyncSession({ api, connection: () => vault.connection, hooks: countingHooks(), log: vault.log, now: () => start });
}

/** The stamp the rep's edit of the title gets now (a second after the slow clock's `start`). */
async function editTitle(recordId: string): Promise<string> {
  return vault.connection.write(async (tx) => {
    await recordChange(tx, { entity: 'contacts', recordId, kind: 'upsert', fields: { title: 'Head of Buying' } }, start + 1_000);
    const row = await tx.get<{ hlc: string }>('SELECT hlc FROM outbox ORDER BY seq DESC LIMIT 1');
    return row?.hlc ?? '';
  });
}

describe('a device clock behind the server', () => {
  it('stamps an edit after a pulled change the server stamped 15 minutes past its clock', async () => {
    const recordId = uuid7(start);
    const pulled = stamp(start + behindMs);
    const session = server([{ commitSeq: 1, entity: 'contacts', recordId, kind: 'upsert', fields: contactFields(pulled, { title: 'Director' }) }], start + behindMs + 5_000);
    await pullAll(session, new AbortController().signal);
    expect(await editTitle(recordId) > pulled).toBe(true);
  });

  it('takes the stamp of a value it parks (a field this vault has no column for yet) with the pull page, by the same bound', async () => {
    // Replaying parked values after a migration merges their stamps by this device's clock alone (parked-replay.ts):
    // enough, because the page that parked them merged them already, up to the server's time.
    const recordId = uuid7(start);
    const parked = stamp(start + behindMs);
    const history: ServerChange[] = [
      { commitSeq: 1, entity: 'contacts', recordId, kind: 'upsert', fields: contactFields(stamp(start - 60_000), { title: 'Analyst' }) },
      { commitSeq: 2, entity: 'contacts', recordId, kind: 'upsert', fields: { nickname: { value: 'Countess', hlc: parked } } },
    ];
    await pullAll(server(history, start + behindMs + 5_000), new AbortController().signal);
    expect(await vault.connection.read((tx) => tx.all('SELECT field FROM sync_parked'))).toEqual([{ field: 'nickname' }]);
    expect(await editTitle(recordId) > parked).toBe(true);
  });

  it("stamps the rep's edit again after the compensation of a refused push (Keep mine)", async () => {
    const recordId = uuid7(start);
    const created = stamp(start - 60_000);
    const winning = stamp(start + behindMs);
    await pullAll(server([{ commitSeq: 1, entity: 'contacts', recordId, kind: 'upsert', fields: contactFields(created, { title: 'Analyst' }) }], start), new AbortController().signal);
    await editTitle(recordId);
    const [operation] = await vault.connection.read((tx) => readOutbox(tx, 10));
    if (operation === undefined) throw new Error('the edit is in the outbox');
    const compensation: ServerChange = { commitSeq: 2, entity: 'contacts', recordId, kind: 'upsert', fields: { title: { value: 'Director', hlc: winning } } };
    const answer: PushResponse = {
      appliedThroughSeq: operation.seq,
      rejected: [{ seq: operation.seq, code: 'conflict', message: 'A newer value won', fields: ['title'], compensation }],
      commitSeq: null,
      overwritten: [],
    };
    await pushOutbox(server([], start + behindMs + 5_000, answer), new AbortController().signal);
    expect(await editTitle(recordId) > winning).toBe(true);
  });

  it('still keeps the clock from stamps beyond reach: of a server from before serverTime, past its time, or of one far ahead', async () => {
    const cases: { readonly serverTime: number | undefined; readonly at: number }[] = [
      { serverTime: undefined, at: start + behindMs },
      { serverTime: start + behindMs, at: start + behindMs + maxClockDriftMs + 60_000 },
      { serverTime: start + maxServerLeadMs + 60_000, at: start + maxServerLeadMs + 60_000 },
    ];
    for (const [index, example] of cases.entries()) {
      const recordId = uuid7(start + index);
      const far = stamp(example.at);
      const session = server([{ commitSeq: index + 1, entity: 'contacts', recordId, kind: 'upsert', fields: contactFields(far, { title: 'Director' }) }], example.serverTime);
      await pullAll(session, new AbortController().signal);
      expect(await editTitle(recordId) < far).toBe(true);
    }
  });
});
