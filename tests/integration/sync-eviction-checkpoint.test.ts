// An eviction that committed must leave the WAL even when the cycle fails
// afterwards: the page images of the evicted record's values stay readable in
// the -wal file until a TRUNCATE checkpoint. Real engine, real SQLCipher
// vaults and the real server (the sync model's world); the files are read by
// decrypting every page of the vault file and its WAL with the vault key.
import { afterEach, expect, it } from 'vitest';
import { updateContact } from '../../src-main/services/crm/contact.service';
import { vaultPagesContain } from '../../src-main/services/search/raw-vault-scan';
import { SyncNetworkError } from '../../src-main/sync/errors';
import { pullAll } from '../../src-main/sync/pull';
import type { ContactId } from '../../src-shared/domain/ids';
import { authoredWrite } from '../property/sync-model/checks';
import { runCommand } from '../property/sync-model/commands';
import { quiesce } from '../property/sync-model/quiescence';
import { contactSyncSetup, type ModelDevice, type World } from '../property/sync-model/world';

let world: World | null = null;
afterEach(async () => {
  await world?.dispose();
  world = null;
});

const heldIds = (device: ModelDevice) =>
  device.connection.read(async (tx) => (await tx.all<{ id: string }>('SELECT id FROM contacts ORDER BY id')).map((row) => row.id));

/**
 * Two devices of two team members; the reader holds one contact of its own (the writer's team sees it), edited there
 * with a marker. Its own: a teammate's contact the reader may not edit (services/crm/record-owners.ts).
 */
async function sharedContact(): Promise<{ world: World; writer: ModelDevice; reader: ModelDevice; id: string; marker: string }> {
  const setup = await contactSyncSetup(2);
  world = setup;
  const [writer, reader] = setup.devices;
  if (writer === undefined || reader === undefined) throw new Error('the world has two devices');
  await runCommand(setup, { kind: 'create', device: 1 });
  await quiesce(setup);
  const [id] = await heldIds(reader);
  if (id === undefined) throw new Error('the reader holds the contact');
  const marker = `wal${Date.now().toString(36)}`;
  // As the model's own writes: the push check (checks.ts expectAuthored) knows the operations a local write queued.
  await authoredWrite(reader, () => reader.connection.inner.write((tx) => updateContact(tx, id as ContactId, { notes: `Notes ${marker}` }, Date.now())));
  expect(await vaultPagesContain(reader.file, reader.key, marker)).toBe(true);
  return { world: setup, writer, reader, id, marker };
}

/** Moves the contact out of every bucket the reader's user has (another owner, no team). */
async function moveAway(setup: World, id: string): Promise<void> {
  const answer = await setup.admin('/v1/admin/records/reassign', { record: { entity: 'contacts', recordId: id }, ownerUserId: setup.server.admin.userId, teamId: null, territoryId: null });
  expect(answer.status).toBe(200);
}

/** The network goes away (at once, or once the first answer on `afterPath` arrived): every later request fails, retries too. */
function networkDown(device: ModelDevice, afterPath: string | null = null): void {
  const link = device.link;
  let down = afterPath === null;
  link.onAnswer = (answered) => {
    if (answered === afterPath) down = true;
  };
  const unreachable = () => Promise.reject(new SyncNetworkError('unreachable'));
  const [push, pull, ack] = [link.push.bind(link), link.pull.bind(link), link.ack.bind(link)];
  link.push = (...args) => (down ? unreachable() : push(...args));
  link.pull = (...args) => (down ? unreachable() : pull(...args));
  link.ack = (...args) => (down ? unreachable() : ack(...args));
}

it('checkpoints after a push whose compensation evicted, when the pull that follows fails', async () => {
  const { world: setup, reader, id, marker } = await sharedContact();
  await moveAway(setup, id);

  // The push is refused with an evict; the pull after it never reaches the server.
  networkDown(reader, '/v1/push');
  const status = await reader.engine.syncNow();
  await reader.engine.stop();
  expect(status.state).toBe('offline');

  expect(await heldIds(reader)).toEqual([]);
  expect(await vaultPagesContain(reader.file, reader.key, marker)).toBe(false);
});

it('checkpoints after a pull page that evicted, when the request for the next page fails', async () => {
  const { world: setup, reader, id, marker } = await sharedContact();
  // The reader's edit reaches the server first, so the eviction comes from the pull.
  await runCommand(setup, { kind: 'push', device: 1, fault: 'none' });
  await moveAway(setup, id);
  // More changes than one page (7 in this world) after the move.
  for (let index = 0; index < 8; index += 1) await runCommand(setup, { kind: 'create', device: 0 });
  await runCommand(setup, { kind: 'push', device: 0, fault: 'none' });

  networkDown(reader, '/v1/pull');
  const status = await reader.engine.syncNow();
  await reader.engine.stop();
  expect(status.state).toBe('offline');

  expect(await heldIds(reader)).not.toContain(id);
  expect(await vaultPagesContain(reader.file, reader.key, marker)).toBe(false);
});

/** The reader pulls the eviction of the moved contact and stops before any checkpoint (as a process that died there). */
async function evictedWithoutCheckpoint(): Promise<{ reader: ModelDevice; id: string; marker: string }> {
  const { world: setup, reader, id, marker } = await sharedContact();
  await runCommand(setup, { kind: 'push', device: 1, fault: 'none' });
  await moveAway(setup, id);
  const pulled = await pullAll(reader.session, new AbortController().signal);
  expect(pulled.removed).toBe(1);
  expect(await heldIds(reader)).not.toContain(id);
  expect(await vaultPagesContain(reader.file, reader.key, marker)).toBe(true);
  return { reader, id, marker };
}

it('checkpoints an eviction left unchecked by an earlier run at the end of the next cycle, even a failed one', async () => {
  const { reader, marker } = await evictedWithoutCheckpoint();
  networkDown(reader);
  const status = await reader.engine.syncNow();
  await reader.engine.stop();
  expect(status.state).toBe('offline');
  expect(await vaultPagesContain(reader.file, reader.key, marker)).toBe(false);
});

it('leaves no evicted value in the files once the vault is closed (lock)', async () => {
  const { reader, marker } = await evictedWithoutCheckpoint();
  await reader.connection.inner.close();
  expect(await vaultPagesContain(reader.file, reader.key, marker)).toBe(false);
});
