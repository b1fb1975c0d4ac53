// The commands of the sync property test and how each runs against the world:
// local writes through the real CRM services, push and pull steps of the
// real engine with a link or crash fault, restarts, and admin changes
// (reassign, team membership, erasure). Each command that reaches the server
// is then replayed into the model in the order the server saw it.
import fc from 'fast-check';
import { randomBytes } from 'node:crypto';
import { ContactDraft } from '../../../src-shared/domain/contact';
import type { ContactId } from '../../../src-shared/domain/ids';
import type { JsonValue } from '../../../src-shared/sync/protocol';
import { createContact, deleteContact, restoreContact, updateContact } from '../../../src-main/services/crm/contact.service';
import { pullAll } from '../../../src-main/sync/pull';
import { acknowledgePurges } from '../../../src-main/sync/purge-acks';
import { pushOutbox } from '../../../src-main/sync/push';
import type { LinkFault } from '../../support/lossy-link';
import { authoredWrite, expectNoOutboxAdded, outboxMark } from './checks';
import type { ModelDevice, World } from './world';

export type Fault = LinkFault | 'crash-before-commit' | 'crash-after-commit';

export type Command =
  | { readonly kind: 'create'; readonly device: number }
  | { readonly kind: 'edit'; readonly device: number; readonly record: number; readonly field: 'title' | 'notes' | 'tags' }
  | { readonly kind: 'trash' | 'restore'; readonly device: number; readonly record: number }
  | { readonly kind: 'push' | 'pull'; readonly device: number; readonly fault: Fault }
  | { readonly kind: 'crash'; readonly device: number }
  | { readonly kind: 'reassign'; readonly record: number; readonly owner: number; readonly team: boolean }
  | { readonly kind: 'team'; readonly user: number; readonly member: boolean }
  | { readonly kind: 'erase'; readonly record: number };

const device = fc.nat(9);
const record = fc.nat(99);
const fault = fc.constantFrom<Fault>('none', 'none', 'none', 'drop-request', 'drop-answer', 'duplicate', 'stale-answer', 'crash-before-commit', 'crash-after-commit');

export const commandArbitrary: fc.Arbitrary<Command> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('create' as const), device }) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('edit' as const), device, record, field: fc.constantFrom('title' as const, 'notes' as const, 'tags' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom('trash' as const, 'restore' as const), device, record }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('push' as const), device, fault }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('pull' as const), device, fault }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('crash' as const), device }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('reassign' as const), record, owner: fc.nat(2), team: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('team' as const), user: fc.nat(1), member: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('erase' as const), record }) },
);

/** Text that a raw scan can find again: 'mk' + random base36, unique per write. */
function marker(): string {
  return `mk${BigInt(`0x${randomBytes(8).toString('hex')}`).toString(36)}`;
}

async function heldIds(target: ModelDevice): Promise<string[]> {
  return target.connection.read(async (tx) => (await tx.all<{ id: string }>('SELECT id FROM contacts ORDER BY id')).map((row) => row.id));
}

async function localWrite(world: World, target: ModelDevice, command: Command): Promise<void> {
  const now = Date.now();
  const conn = target.connection.inner;
  if (command.kind === 'create') {
    const name = `Contact ${marker()}`;
    const notes = `Notes ${marker()}`;
    await authoredWrite(target, async () => {
      const created = await conn.write((tx) => createContact(tx, ContactDraft.parse({ name, notes }), now));
      world.model.noteMarkers(created.id, [name, notes]);
    });
    return;
  }
  if (command.kind !== 'edit' && command.kind !== 'trash' && command.kind !== 'restore') return;
  const ids = await heldIds(target);
  const id = ids[command.record % Math.max(ids.length, 1)] as ContactId | undefined;
  if (id === undefined) return;
  try {
    if (command.kind === 'edit') {
      const value: JsonValue = command.field === 'tags' ? [marker()] : `${command.field} ${marker()}`;
      world.model.noteMarkers(id, [value]);
      await authoredWrite(target, () => conn.write((tx) => updateContact(tx, id, { [command.field]: value }, now)));
    } else if (command.kind === 'trash') await authoredWrite(target, () => conn.write((tx) => deleteContact(tx, id, now)));
    else await authoredWrite(target, () => conn.write((tx) => restoreContact(tx, id, now)));
  } catch (error) {
    // Editing a trashed record or trashing it twice is refused locally, as in the app, and so is a change to a
    // record whose known owner is another user (services/crm/record-owners.ts).
    if (!(error instanceof Error) || (error.name !== 'NotFoundError' && error.name !== 'NotOwnerError')) throw error;
  }
}

async function syncStep(target: ModelDevice, command: { kind: 'push' | 'pull'; fault: Fault }): Promise<void> {
  const signal = new AbortController().signal;
  const before = await outboxMark(target);
  if (command.fault === 'crash-before-commit' || command.fault === 'crash-after-commit') {
    const point = command.fault === 'crash-before-commit' ? 'before-commit' : 'after-commit';
    target.link.onAnswer = () => {
      target.connection.armed = point;
      target.link.onAnswer = () => undefined;
    };
  } else {
    target.link.nextFault = command.fault;
  }
  try {
    if (command.kind === 'push') await pushOutbox(target.session, signal);
    else {
      await pullAll(target.session, signal);
      await acknowledgePurges(target.session, signal);
    }
  } catch (error) {
    if (error instanceof Error && error.name === 'CrashError') await target.restart();
    // Other failures (lost exchanges, a refused push) are what the step is for; the next steps recover.
  } finally {
    target.link.onAnswer = () => undefined;
    target.link.nextFault = 'none';
    target.connection.armed = null;
  }
  // A pull, and the evictions and purges it applies, never queues anything to send (a push may not either).
  expectNoOutboxAdded(target, before, await outboxMark(target), command.kind);
}

async function adminChange(world: World, command: Command): Promise<void> {
  const known = [...world.model.records.values()].filter((item) => !item.erased).map((item) => item.id).sort();
  if (command.kind === 'team') {
    const user = world.users[command.user % 2] ?? world.users[0];
    const teams = command.member ? [world.team] : [];
    const answer = await world.admin('/v1/admin/memberships', { userId: user, teamIds: teams, territoryIds: [] });
    if (answer.status !== 200) throw new Error(`memberships answered ${answer.status}`);
    world.model.setTeams(user, teams);
    return;
  }
  if (command.kind !== 'reassign' && command.kind !== 'erase') return;
  const recordId = known[command.record % Math.max(known.length, 1)];
  if (recordId === undefined) return;
  const key = { entity: 'contacts', recordId };
  if (command.kind === 'erase') {
    const answer = await world.admin('/v1/admin/erase', { record: key });
    if (answer.status !== 200) throw new Error(`erase answered ${answer.status}`);
    world.model.erase(recordId);
    return;
  }
  const owners = [world.users[0], world.users[1], world.server.admin.userId];
  const owner = owners[command.owner % 3] ?? world.users[0];
  const team = command.team ? world.team : null;
  const answer = await world.admin('/v1/admin/records/reassign', { record: key, ownerUserId: owner, teamId: team, territoryId: null });
  if (answer.status !== 200) throw new Error(`reassign answered ${answer.status}`);
  world.model.reassign(recordId, owner, team);
}

export async function runCommand(world: World, command: Command): Promise<void> {
  const target = 'device' in command ? world.devices[command.device % world.devices.length] : undefined;
  switch (command.kind) {
    case 'create':
    case 'edit':
    case 'trash':
    case 'restore':
      if (target !== undefined) await localWrite(world, target, command);
      break;
    case 'push':
    case 'pull':
      if (target !== undefined) await syncStep(target, command);
      break;
    case 'crash':
      if (target !== undefined) await target.restart();
      break;
    default:
      await adminChange(world, command);
  }
  world.absorbExchanges();
}
