// A pull page is applied only at the position it answers. An answer to
// another request (replayed by a caching proxy, or a page asked for ahead and
// delivered in the wrong place) would move the device's cursor past changes it
// never applied: found by the sync model test (seed 638591608), where a stale
// answer skipped an erasure's purge and the device kept the erased record.
import { afterEach, expect, it } from 'vitest';
import { pullAll } from '../../src-main/sync/pull';
import { SyncServerError } from '../../src-main/sync/errors';
import { readPullPosition } from '../../src-main/sync/sync-state';
import type { PullResponse } from '../../src-shared/sync/protocol';
import { runCommand } from '../property/sync-model/commands';
import { quiesce } from '../property/sync-model/quiescence';
import { contactSyncSetup, type World } from '../property/sync-model/world';

let world: World | null = null;
afterEach(async () => {
  await world?.dispose();
  world = null;
});

it('refuses a pull answer that names another position, applies nothing, and recovers on the next pull', async () => {
  world = await contactSyncSetup(3);
  const [writer, reader] = world.devices;
  if (writer === undefined || reader === undefined) throw new Error('the world has three devices');
  await runCommand(world, { kind: 'create', device: 0 });
  await quiesce(world);
  const countContacts = () => reader.connection.read(async (tx) => (await tx.get<{ n: number }>('SELECT count(*) AS n FROM contacts'))?.n);
  const held = await countContacts();
  expect(held).toBe(1);

  // Two more contacts reach the server; the reader's next pull would bring them.
  await runCommand(world, { kind: 'create', device: 0 });
  await runCommand(world, { kind: 'create', device: 0 });
  await runCommand(world, { kind: 'push', device: 0, fault: 'none' });
  const before = await reader.connection.read(readPullPosition);
  expect(before.cursor).toBeGreaterThan(0);

  // The answer the server gives to a request from cursor 0 (a genuine page, for another position).
  const elsewhere: PullResponse = await reader.link.pull(0, null, 7);
  expect(elsewhere.from).toEqual({ cursor: 0, resume: null });
  const genuine = reader.link.pull.bind(reader.link);
  reader.link.pull = () => Promise.resolve(elsewhere);
  const refused = await pullAll(reader.session, new AbortController().signal).catch((error: unknown) => error);
  reader.link.pull = genuine;

  expect(refused).toBeInstanceOf(SyncServerError);
  expect(refused).toMatchObject({ serverCode: 'wrong_page', retryable: true });
  expect(await reader.connection.read(readPullPosition)).toEqual(before);
  expect(await countContacts()).toBe(1);

  const pulled = await pullAll(reader.session, new AbortController().signal);
  expect(pulled.changes).toBeGreaterThanOrEqual(2);
  expect(await countContacts()).toBe(3);
  expect((await reader.connection.read(readPullPosition)).cursor).toBeGreaterThan(before.cursor);
});
