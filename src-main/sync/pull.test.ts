// Pull pages on a slow link, into a real SQLCipher vault. The sync API is a
// stand-in for the network only (the server is not under test here): it
// serves contacts by commit and, as a 1 Mbit/s link with long notes does,
// cannot deliver a page of more than 50 rows before the transport's timeout.
// Its clock says how long each page took, so the pace sees a slow link or a
// fast one without the test waiting on anything.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeHlc } from '../../src-shared/sync/hlc';
import type { PullResponse, ServerChange } from '../../src-shared/sync/protocol';
import { uuid7 } from '../vault/uuid7';
import { SyncNetworkError } from './errors';
import { pullAll } from './pull';
import { pageFloor } from './pull-pace';
import { SyncSession } from './session';
import type { SyncApi } from './sync-api';
import { readPullPosition } from './sync-state';
import { contactFields, countingHooks, createSyncTestVault, type SyncTestVault } from './testing/sync-vault';

const start = 1_700_000_000_000;
const otherDevice = 'otherdevice000000000001';

/** A server's history of `count` contacts, one commit each, after `from`. */
function contacts(from: number, count: number): ServerChange[] {
  return Array.from({ length: count }, (_, index) => {
    const commitSeq = from + index + 1;
    return { commitSeq, entity: 'contacts', recordId: uuid7(start + commitSeq), kind: 'upsert', fields: contactFields(encodeHlc({ millis: start + commitSeq, counter: 0, deviceId: otherDevice })) };
  });
}

/** A link to a server holding `history`: pages above `deliverable()` rows time out; each page that arrives takes `pageMs()` on `clock`. */
function slowLink(history: ServerChange[], clock: { now: number }, deliverable: () => number, pageMs: () => number) {
  const asked: number[] = [];
  const refuse = () => Promise.reject(new Error('not used by a pull'));
  const api: SyncApi = {
    pull: (cursor, resume, limit) => {
      asked.push(limit);
      clock.now += 30_000;
      if (limit > deliverable()) return Promise.reject(new SyncNetworkError('timeout'));
      clock.now += pageMs() - 30_000;
      const changes = history.filter((change) => change.commitSeq > cursor).slice(0, limit);
      const last = changes.at(-1)?.commitSeq ?? cursor;
      const page: PullResponse = { from: { cursor, resume }, changes, cursor: last, resume: null, hasMore: last < (history.at(-1)?.commitSeq ?? 0), directoryVersion: null, total: null };
      return Promise.resolve(page);
    },
    push: refuse,
    ack: refuse,
    poke: refuse,
    users: refuse,
    close: () => undefined,
  };
  return { api, asked };
}

describe('pull pages on a slow link', () => {
  let vault: SyncTestVault;

  beforeEach(async () => {
    vault = await createSyncTestVault();
  });

  afterEach(async () => {
    await vault.dispose();
  });

  const cursor = async () => (await vault.connection.read(readPullPosition)).cursor;
  const contactCount = () => vault.connection.read(async (tx) => (await tx.get<{ n: number }>('SELECT count(*) AS n FROM contacts'))?.n);

  /** Pulls as the engine's retries would, until one reaches the head: the pulls that timed out first. */
  async function pullUntilDone(session: SyncSession, tries: number): Promise<number> {
    for (let timedOut = 0; timedOut < tries; timedOut += 1) {
      try {
        await pullAll(session, new AbortController().signal);
        return timedOut;
      } catch (error) {
        expect(error).toMatchObject({ failure: 'timeout' });
      }
    }
    throw new Error(`no pull reached the head in ${tries} tries`);
  }

  it('asks for fewer rows after each page that timed out, reaches the head, and keeps asking for that few in the session', async () => {
    const clock = { now: start };
    const history = contacts(0, 300);
    // Each page that arrives takes 20 s: well within the timeout, too long to grow the page again.
    const link = slowLink(history, clock, () => 50, () => 20_000);
    const session = new SyncSession({ api: link.api, connection: () => vault.connection, hooks: countingHooks(), log: vault.log, now: () => clock.now });

    // 500 rows time out, then 250, 125 and 62; 31 arrive.
    expect(await pullUntilDone(session, 8)).toBe(4);
    expect(link.asked.slice(0, 5)).toEqual([500, 250, 125, 62, 31]);
    expect(await cursor()).toBe(300);
    expect(await contactCount()).toBe(300);
    expect(Math.max(...link.asked.slice(4))).toBe(31);

    // A later cycle of the same session starts at what arrived, not at 500 again.
    history.push(...contacts(300, 40));
    link.asked.length = 0;
    expect(await pullUntilDone(session, 1)).toBe(0);
    expect(link.asked).toEqual([31, 31]);
    expect(await cursor()).toBe(340);
    expect(vault.log.lines.some((line) => line.includes('"event":"sync.pullPageShrunk"'))).toBe(true);
  });

  it('shrinks no further than the floor, and grows back to the session limit once pages arrive quickly', async () => {
    const clock = { now: start };
    const history = contacts(0, 30);
    let deliverable = 5;
    let pageMs = 20_000;
    const link = slowLink(history, clock, () => deliverable, () => pageMs);
    const session = new SyncSession({ api: link.api, connection: () => vault.connection, hooks: countingHooks(), log: vault.log, now: () => clock.now, pullLimit: 200 });

    // Not even the floor arrives in time: the pulls keep failing, at the floor.
    await expect(pullUntilDone(session, 6)).rejects.toThrow('no pull reached the head');
    expect(link.asked).toEqual([200, 100, 50, 25, 12, pageFloor]);
    expect(session.pullPace.ceiling).toBe(pageFloor);

    // The link gets faster: a second a page. Full pages at the ceiling grow it by a quarter, to the session's limit.
    deliverable = Number.POSITIVE_INFINITY;
    pageMs = 1_000;
    history.push(...contacts(30, 1_500));
    link.asked.length = 0;
    expect(await pullUntilDone(session, 1)).toBe(0);
    expect(link.asked.slice(0, 12)).toEqual([10, 12, 15, 18, 22, 27, 33, 41, 51, 63, 78, 97]);
    expect(session.pullPace.ceiling).toBe(200);
    expect(await cursor()).toBe(1_530);
    expect(await contactCount()).toBe(1_530);
  });
});
