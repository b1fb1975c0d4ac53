// A push answer is settled only when it is not older than what the device has
// already pulled. A replayed answer (a caching proxy, or one delivered late)
// can carry a compensation from before a change the device has since pulled:
// found by the sync model test (seed 818158108), where a replayed answer's
// eviction removed a record that had come back into the device's buckets,
// and no later pull sent it again.
import { afterEach, expect, it } from 'vitest';
import { SyncServerError } from '../../src-main/sync/errors';
import { pendingCount, readOutbox } from '../../src-main/sync/outbox';
import { pullAll } from '../../src-main/sync/pull';
import { pushOutbox } from '../../src-main/sync/push';
import { readPullPosition } from '../../src-main/sync/sync-state';
import type { PushResponse } from '../../src-shared/sync/protocol';
import { runCommand } from '../property/sync-model/commands';
import { quiesce } from '../property/sync-model/quiescence';
import { contactSyncSetup, type World } from '../property/sync-model/world';

let world: World | null = null;
afterEach(async () => {
  await world?.dispose();
  world = null;
});

it('refuses a replayed push answer whose compensation is older than its pull cursor, keeps the record, and settles the resent batch', async () => {
  world = await contactSyncSetup(3);
  const current = world;
  const [, other, rep] = current.devices;
  if (other === undefined || rep === undefined) throw new Error('the world has three devices');
  const [repUser, otherUser] = current.users;
  expect(rep.userId).toBe(repUser);
  // A contact of the rep's, made on the rep's device (a teammate's the device would refuse to edit: record-owners.ts).
  await runCommand(current, { kind: 'create', device: 2 });
  await quiesce(current);
  const [recordId] = [...current.model.records.values()].filter((record) => record.owner === repUser).map((record) => record.id);
  if (recordId === undefined) throw new Error('the rep created a contact');
  const record = { entity: 'contacts', recordId };
  const holds = () => rep.connection.read(async (tx) => (await tx.get<{ n: number }>('SELECT count(*) AS n FROM contacts WHERE id = ?', [recordId]))?.n);
  const signal = new AbortController().signal;

  // The admin gives the contact to the other user, out of the rep's buckets; offline, the rep edits it.
  expect((await current.admin('/v1/admin/records/reassign', { record, ownerUserId: otherUser, teamId: null, territoryId: null })).status).toBe(200);
  await runCommand(current, { kind: 'edit', device: 2, record: 0, field: 'title' });
  const batch = await rep.connection.read((tx) => readOutbox(tx, 500));
  expect(batch.map((operation) => operation.recordId)).toContain(recordId);
  // The server refuses the edit and says: evict it. This answer is the one replayed later.
  const old: PushResponse = await rep.link.push(batch);
  expect(old.rejected.map((rejection) => rejection.compensation?.kind)).toEqual(['evict']);

  // The admin then gives the contact to the rep, and the rep's device pulls it back, past that answer.
  expect((await current.admin('/v1/admin/records/reassign', { record, ownerUserId: repUser, teamId: null, territoryId: null })).status).toBe(200);
  await pullAll(rep.session, signal);
  const before = await rep.connection.read(readPullPosition);
  expect(before.cursor).toBeGreaterThan(old.rejected[0]?.compensation?.commitSeq ?? Number.MAX_SAFE_INTEGER);
  expect(await holds()).toBe(1);

  const genuine = rep.link.push.bind(rep.link);
  rep.link.push = () => Promise.resolve(old);
  const refused = await pushOutbox(rep.session, signal).catch((error: unknown) => error);
  rep.link.push = genuine;
  expect(refused).toBeInstanceOf(SyncServerError);
  expect(refused).toMatchObject({ serverCode: 'wrong_page', retryable: true });
  expect(await holds()).toBe(1);
  expect(await rep.connection.read(pendingCount)).toBe(batch.length);

  // Resent, the batch gets the refusal the server kept, with the contact's state as of now: the rep keeps it.
  const settled = await pushOutbox(rep.session, signal);
  expect(settled.rejected).toBe(1);
  expect(await rep.connection.read(pendingCount)).toBe(0);
  expect(await holds()).toBe(1);
  await quiesce(current);
  expect(await holds()).toBe(1);
  const conflicts = await rep.connection.read(async (tx) => (await tx.get<{ n: number }>('SELECT count(*) AS n FROM conflicts WHERE record_id = ?', [recordId]))?.n);
  expect(conflicts).toBeGreaterThan(0);
});

it('keeps the values a push overwrote unseen as conflicts, but not from a replayed answer to an earlier batch', async () => {
  world = await contactSyncSetup(3);
  const current = world;
  const [laptop, , rep] = current.devices;
  if (laptop === undefined || rep === undefined) throw new Error('the world has three devices');
  expect(laptop.userId).toBe(rep.userId);
  const signal = new AbortController().signal;
  const openConflicts = () => rep.connection.read(async (tx) => (await tx.get<{ n: number }>('SELECT count(*) AS n FROM conflicts WHERE resolved_at IS NULL'))?.n);
  await runCommand(current, { kind: 'create', device: 2 });
  await quiesce(current);

  // The laptop edits the title and syncs first; the rep's device, which never pulled it, edits it later.
  await runCommand(current, { kind: 'edit', device: 0, record: 0, field: 'title' });
  await runCommand(current, { kind: 'push', device: 0, fault: 'none' });
  await new Promise((resolve) => setTimeout(resolve, 5));
  await runCommand(current, { kind: 'edit', device: 2, record: 0, field: 'title' });
  const answers: PushResponse[] = [];
  const genuine = rep.link.push.bind(rep.link);
  rep.link.push = async (...args) => {
    const answer = await genuine(...args);
    answers.push(answer);
    return answer;
  };
  await pushOutbox(rep.session, signal);
  const [first] = answers;
  if (first === undefined) throw new Error('the push was answered');
  // Bookkeeping fields come back too; the device keeps no conflict for them.
  expect(first.overwritten.map((overwrite) => overwrite.field).sort()).toEqual(['title', 'updatedAt', 'updatedBy']);
  expect(await openConflicts()).toBe(1);
  await rep.connection.inner.write((tx) => tx.run('UPDATE conflicts SET resolved_at = 1'));

  // The rep edits the title again; a late copy of the first answer arrives for the new batch: it says nothing of it.
  await runCommand(current, { kind: 'edit', device: 2, record: 0, field: 'title' });
  rep.link.push = () => Promise.resolve(first);
  const refused = await pushOutbox(rep.session, signal).catch((error: unknown) => error);
  rep.link.push = genuine;
  expect(refused).toBeInstanceOf(SyncServerError);
  expect(await openConflicts()).toBe(0);
  // The genuine answer to the new batch: the rep's own earlier value is no one else's edit.
  await pushOutbox(rep.session, signal);
  expect(await openConflicts()).toBe(0);
  expect(await rep.connection.read(pendingCount)).toBe(0);
});
