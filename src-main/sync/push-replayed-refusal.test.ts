// A replayed refusal of a field a pull has since taken out of the pending
// operation, on a real SQLCipher vault. The sync API is a stand-in for the
// network only: the push commits on the server but its answer is lost (a 504
// from a gateway); the pull brings another laptop's newer title, which keeps
// the rep's title as a 'concurrent' entry and takes `title` out of the pending
// operation; the resent batch is a replay, answered with the `conflict`
// refusal the server kept, naming `title`. Before, that refusal was recorded
// over the entry with an empty "yours": the rep's title was lost.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { encodeHlc } from '../../src-shared/sync/hlc';
import type { Operation, PullResponse, PushResponse, ServerChange } from '../../src-shared/sync/protocol';
import { uuid7 } from '../vault/uuid7';
import { recordChange } from './change-recorder';
import { SyncServerError } from './errors';
import { readOutbox } from './outbox';
import { pullAll } from './pull';
import { pushFirst, pushOutbox } from './push';
import { SyncSession } from './session';
import type { SyncApi } from './sync-api';
import { contactFields, countingHooks, createSyncTestVault, type SyncTestVault } from './testing/sync-vault';

const start = 1_700_000_000_000;
const otherDevice = 'otherdevice000000000001';
const stamp = (millis: number) => encodeHlc({ millis, counter: 0, deviceId: otherDevice });

let vault: SyncTestVault;
beforeEach(async () => {
  vault = await createSyncTestVault();
});
afterEach(() => vault.dispose());

it("keeps the rep's value in the entry when a resent batch's replayed refusal names a field the pull took out of it", async () => {
  const clock = { now: start };
  const recordId = uuid7(start);
  const created: ServerChange = { commitSeq: 1, entity: 'contacts', recordId, kind: 'upsert', fields: contactFields(stamp(start - 60_000), { title: 'Analyst' }) };
  // The other laptop's edit: newer than the rep's, on the server before the rep's push.
  const director = { value: 'Director', hlc: stamp(start + 60_000) };
  const edited: ServerChange = { commitSeq: 2, entity: 'contacts', recordId, kind: 'upsert', fields: { title: director, updatedAt: { value: start + 60_000, hlc: director.hlc } } };
  let history: ServerChange[] = [created];
  const sent: Operation[][] = [];
  let answer: (batch: readonly Operation[]) => Promise<PushResponse> = () => Promise.reject(new Error('no push expected'));
  const refuse = () => Promise.reject(new Error('not used here'));
  const api: SyncApi = {
    push: (operations) => {
      sent.push([...operations]);
      return answer(operations);
    },
    pull: (cursor, resume) => {
      const changes = history.filter((change) => change.commitSeq > cursor);
      const last = changes.at(-1)?.commitSeq ?? cursor;
      const page: PullResponse = { from: { cursor, resume }, changes, cursor: last, resume: null, hasMore: false, directoryVersion: null, total: null };
      return Promise.resolve(page);
    },
    ack: refuse,
    poke: refuse,
    users: refuse,
    close: () => undefined,
  };
  const session = new SyncSession({ api, connection: () => vault.connection, hooks: countingHooks(), log: vault.log, now: () => clock.now });
  const signal = new AbortController().signal;
  await pullAll(session, signal);

  // The rep changes the title and the notes in one save.
  clock.now = start + 1_000;
  await vault.connection.write(async (tx) => {
    await tx.run("UPDATE contacts SET title = 'Head of Buying', notes = 'Call after 3' WHERE id = ?", [recordId]);
    await recordChange(tx, { entity: 'contacts', recordId, kind: 'upsert', fields: { title: 'Head of Buying', notes: 'Call after 3' } }, clock.now);
  });
  const [operation] = await vault.connection.read((tx) => readOutbox(tx, 10));
  if (operation === undefined) throw new Error('the edit is in the outbox');

  // The server commits the push (the title refused: the other laptop's is newer), and a gateway loses the answer.
  history = [created, edited, { commitSeq: 3, entity: 'contacts', recordId, kind: 'upsert', fields: { notes: { value: 'Call after 3', hlc: operation.hlc } } }];
  answer = () => Promise.reject(new SyncServerError(504, 'unreadable', true, 'The sync server sent an unreadable answer.'));
  expect((await pushFirst(session, signal)).blocked?.status).toBe(504);

  // The pull brings the other laptop's title: the rep's is kept for review and leaves the pending operation.
  await pullAll(session, signal);
  const open = () => vault.connection.read((tx) => tx.all('SELECT field, reason, local_value, remote_value FROM conflicts WHERE resolved_at IS NULL'));
  const kept = [{ field: 'title', reason: 'concurrent', local_value: '"Head of Buying"', remote_value: '"Director"' }];
  expect(await open()).toEqual(kept);
  expect((await vault.connection.read((tx) => readOutbox(tx, 10))).map((pending) => Object.keys(pending.fields))).toEqual([['notes']]);

  // The resend is a replay: the server answers with the refusal it kept, naming the title.
  answer = (batch) =>
    Promise.resolve({
      appliedThroughSeq: operation.seq,
      commitSeq: null,
      overwritten: [],
      rejected: [
        {
          seq: operation.seq,
          code: 'conflict',
          message: 'A newer value is on the server',
          fields: ['title'],
          compensation: { commitSeq: 3, entity: 'contacts', recordId, kind: 'upsert', fields: { title: director } },
        },
      ],
    } satisfies PushResponse).then((response) => (batch.length === 1 ? response : Promise.reject(new Error('one operation resent'))));
  await pushOutbox(session, signal);
  expect(sent.at(-1)?.map((resent) => Object.keys(resent.fields))).toEqual([['notes']]);

  expect(await open()).toEqual(kept);
  expect(await vault.connection.read((tx) => tx.get('SELECT title, notes FROM contacts WHERE id = ?', [recordId]))).toEqual({ title: 'Director', notes: 'Call after 3' });
  expect(await vault.connection.read((tx) => readOutbox(tx, 10))).toEqual([]);
});
