// records.names on a real vault: the names of records of every entity, a
// trashed record's with `trashed`, null for a record not there and for every
// record of an entity the user may not read; and, through a real core's
// registry, the channel itself: wired, and refusing more than 200 refs.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccountDraft } from '../../../src-shared/domain/account';
import { ActivityDraft } from '../../../src-shared/domain/activity';
import { Contact, ContactDraft } from '../../../src-shared/domain/contact';
import { DealDraft } from '../../../src-shared/domain/deal';
import { recordNamesMax, RecordNames, type RecordNameRef } from '../../../src-shared/domain/record-names';
import { TaskDraft } from '../../../src-shared/domain/task';
import { NotPermittedError } from '../../../src-shared/ipc/errors';
import type { Permission } from '../../../src-shared/rbac/permissions';
import { syncedEntities } from '../../../src-shared/sync/protocol';
import { createCore, type Core } from '../../app/core';
import { createMemoryLogger } from '../../log/logger';
import type { AccessPolicy } from '../../policy/access.policy';
import { TestKeyStore } from '../../testing/test-key-store';
import { createAccount } from '../crm/account.service';
import { createActivity } from '../crm/activity.service';
import { createContact, deleteContact } from '../crm/contact.service';
import { createDeal } from '../crm/deal.service';
import { createTask, deleteTask } from '../crm/task.service';
import { CrmTestVault } from '../crm/testing/crm-test-vault';
import { recordNameHandlers } from './record-names';

function policyGranting(granted: readonly Permission[]): AccessPolicy {
  return {
    authorize(permission) {
      if (!granted.includes(permission)) throw new NotPermittedError(permission);
    },
  };
}

const everyRead = syncedEntities.map((entity): Permission => `${entity}:read`);
const context = { sender: { transport: 'test', origin: 'test://fieldvault' } } as const;

describe('records.names (real vault)', () => {
  let db: CrmTestVault;
  beforeEach(async () => {
    db = await CrmTestVault.create();
  });
  afterEach(async () => {
    await db.dispose();
  });

  const names = async (refs: readonly RecordNameRef[], granted: readonly Permission[] = everyRead) =>
    RecordNames.parse(await recordNameHandlers(db.vault, policyGranting(granted))['records.names']({ refs: [...refs] }, context)).names;

  /** One record of each entity, the contact and the task then trashed. */
  async function seed() {
    const account = await db.write((tx, now) => createAccount(tx, AccountDraft.parse({ name: 'Harbour Freight' }), now));
    const contact = await db.write((tx, now) => createContact(tx, ContactDraft.parse({ name: 'Ola Quay', accountId: account.id }), now));
    const deal = await db.write((tx, now) =>
      createDeal(tx, DealDraft.parse({ name: 'Fleet renewal', accountId: account.id, stageId: 'lead', currency: 'EUR', expectedCloseDate: '2026-12-31' }), now),
    );
    const activity = await db.write((tx, now) => createActivity(tx, ActivityDraft.parse({ kind: 'call', subject: 'Pricing call', contactId: contact.id, occurredAt: now }), now));
    const task = await db.write((tx, now) => createTask(tx, TaskDraft.parse({ title: 'Send the quote' }), now));
    const trashed = await db.write((tx, now) => createContact(tx, ContactDraft.parse({ name: 'Pim Pier' }), now));
    const trashedTask = await db.write((tx, now) => createTask(tx, TaskDraft.parse({ title: 'Old follow-up' }), now));
    await db.write(async (tx, now) => {
      await deleteContact(tx, trashed.id, now);
      await deleteTask(tx, trashedTask.id, now);
    });
    return { account, contact, deal, activity, task, trashed, trashedTask };
  }

  it('names records of every entity, a trashed one with `trashed`, and null for one not there, in the order asked, once each', async () => {
    const { account, contact, deal, activity, task, trashed, trashedTask } = await seed();
    const gone = randomUUID();
    const refs: RecordNameRef[] = [
      { entity: 'tasks', id: task.id },
      { entity: 'contacts', id: contact.id },
      { entity: 'accounts', id: account.id },
      { entity: 'deals', id: deal.id },
      { entity: 'activities', id: activity.id },
      { entity: 'contacts', id: trashed.id },
      { entity: 'tasks', id: trashedTask.id },
      { entity: 'contacts', id: gone },
      { entity: 'contacts', id: contact.id },
      // A record asked for as another entity is not there as that entity.
      { entity: 'deals', id: contact.id },
    ];
    expect(await names(refs)).toEqual([
      { entity: 'tasks', id: task.id, name: 'Send the quote' },
      { entity: 'contacts', id: contact.id, name: 'Ola Quay' },
      { entity: 'accounts', id: account.id, name: 'Harbour Freight' },
      { entity: 'deals', id: deal.id, name: 'Fleet renewal' },
      { entity: 'activities', id: activity.id, name: 'Pricing call' },
      { entity: 'contacts', id: trashed.id, name: 'Pim Pier', trashed: true },
      { entity: 'tasks', id: trashedTask.id, name: 'Old follow-up', trashed: true },
      { entity: 'contacts', id: gone, name: null },
      { entity: 'deals', id: contact.id, name: null },
    ]);
    expect(await names([])).toEqual([]);
  });

  it('names null every record of an entity the user may not read, trashed or not, and still names the others', async () => {
    const { account, contact, deal, trashed } = await seed();
    const refs: RecordNameRef[] = [
      { entity: 'contacts', id: contact.id },
      { entity: 'contacts', id: trashed.id },
      { entity: 'accounts', id: account.id },
      { entity: 'deals', id: deal.id },
    ];
    expect(await names(refs, ['accounts:read', 'deals:write', 'contacts:write'])).toEqual([
      { entity: 'contacts', id: contact.id, name: null },
      { entity: 'contacts', id: trashed.id, name: null },
      { entity: 'accounts', id: account.id, name: 'Harbour Freight' },
      { entity: 'deals', id: deal.id, name: null },
    ]);
    expect((await names(refs, [])).map((entry) => entry.name)).toEqual([null, null, null, null]);
  });
});

describe('the records.names channel (real core)', () => {
  let dataDir: string;
  let keyStore: TestKeyStore;
  let core: Core;

  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'fieldvault-record-names-'));
    keyStore = new TestKeyStore();
    core = createCore({ dataDir, keyStore, log: createMemoryLogger(), isTrustedSender: (sender) => sender.transport === 'test', idleLockMs: 0 });
  });
  afterEach(async () => {
    await core.close();
    await keyStore.cleanup();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('answers up to 200 refs in one call and refuses more with BAD_INPUT', async () => {
    const dispatch = (channel: string, input: unknown) => core.registry.dispatch(context.sender, channel, input);
    expect(await dispatch('records.names', { refs: [] })).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    expect(await dispatch('vault.create', { password: 'names without their records' })).toMatchObject({ ok: true });
    const created = await dispatch('contacts.create', { name: 'Ada Lovelace' });
    if (!created.ok) throw new Error(created.error.code);
    const { id } = Contact.parse(created.value);

    const refs = (count: number): RecordNameRef[] => [{ entity: 'contacts', id }, ...Array.from({ length: count - 1 }, () => ({ entity: 'deals' as const, id: randomUUID() }))];
    const answered = await dispatch('records.names', { refs: refs(recordNamesMax) });
    if (!answered.ok) throw new Error(answered.error.code);
    const { names } = RecordNames.parse(answered.value);
    expect(names).toHaveLength(recordNamesMax);
    expect(names[0]).toEqual({ entity: 'contacts', id, name: 'Ada Lovelace' });
    expect(names.slice(1).every((entry) => entry.name === null)).toBe(true);

    expect(await dispatch('records.names', { refs: refs(recordNamesMax + 1) })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(await dispatch('records.names', { refs: [{ entity: 'leads', id }] })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
  });
});
