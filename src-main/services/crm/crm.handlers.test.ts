// The CRM channels end to end through the real registry, vault and keychain:
// bad input comes back as a typed BAD_INPUT naming the field and leaves
// nothing written; good input round-trips unchanged; no customer value
// reaches the log.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Contact } from '../../../src-shared/domain/contact';
import { ContactDetail } from '../../../src-shared/domain/details';
import type { Channel, ChannelInput } from '../../../src-shared/ipc/contract';
import { createCore, type Core } from '../../app/core';
import { createMemoryLogger } from '../../log/logger';
import { TestKeyStore } from '../../testing/test-key-store';

const sender = { transport: 'test', origin: 'test://fieldvault' } as const;
const canary = 'CANARY-Oriel-Vantablack-4412';

describe('CRM channels (registry, real vault and keychain)', () => {
  let dataDir: string;
  let keyStore: TestKeyStore;
  let core: Core;
  const log = createMemoryLogger();

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'fieldvault-crm-channels-'));
    keyStore = new TestKeyStore();
    core = createCore({ dataDir, keyStore, log, isTrustedSender: (s) => s.transport === 'test', idleLockMs: 0 });
    expect(await core.registry.dispatch(sender, 'vault.create', { password: 'correct horse battery staple' })).toMatchObject({ ok: true });
  });
  afterAll(async () => {
    await core.close();
    const header: unknown = JSON.parse(await readFile(path.join(dataDir, 'vault.json'), 'utf8'));
    keyStore.track(z.object({ vaultId: z.string() }).parse(header).vaultId);
    await keyStore.cleanup();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function call<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<unknown> {
    const result = await core.registry.dispatch(sender, channel, input);
    if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
    return result.value;
  }
  const counts = () =>
    core.vault.connection().read(async (tx) =>
      z
        .object({ records: z.number(), outbox: z.number() })
        .parse(
          await tx.get(
            `SELECT (SELECT count(*) FROM contacts) + (SELECT count(*) FROM deals) + (SELECT count(*) FROM activities)
                  + (SELECT count(*) FROM tasks) + (SELECT count(*) FROM accounts) AS records,
                    (SELECT count(*) FROM outbox) AS outbox`,
          ),
        ),
    );

  it('answers 10 MB notes, impossible dates, negative amounts and an unknown stage with BAD_INPUT and writes nothing', async () => {
    const before = await counts();
    const huge = 'n'.repeat(10 * 1024 * 1024);
    const cases: { channel: Channel; input: unknown; field: RegExp }[] = [
      { channel: 'contacts.create', input: { name: 'Ada', notes: huge }, field: /notes: Notes are limited to 1,000,000 characters/ },
      { channel: 'activities.create', input: { kind: 'note', occurredAt: 1, body: huge }, field: /body: Notes are limited/ },
      { channel: 'tasks.create', input: { title: 'x', notes: huge }, field: /notes: Notes are limited/ },
      { channel: 'deals.create', input: { name: 'x', stageId: 'lead', currency: 'EUR', expectedCloseDate: '2026-02-30' }, field: /expectedCloseDate: Not a real date/ },
      { channel: 'deals.create', input: { name: 'x', stageId: 'lead', currency: 'EUR', expectedCloseDate: '2026-03-01', amount: -100 }, field: /amount: The amount cannot be negative/ },
      { channel: 'deals.create', input: { name: 'x', stageId: 'space', currency: 'EUR', expectedCloseDate: '2026-03-01' }, field: /stageId: Unknown pipeline stage/ },
      { channel: 'tasks.create', input: { title: 'x', dueAt: -1 }, field: /dueAt: Times before 1970/ },
      { channel: 'contacts.create', input: { name: canary, emails: ['not-an-email'] }, field: /emails\.0: Not a valid email address/ },
      { channel: 'contacts.update', input: { id: '0190a5d0-ac96-774b-bcce-b302099a8057', patch: {} }, field: /patch: Change at least one field/ },
    ];
    for (const { channel, input, field } of cases) {
      const result = await core.registry.dispatch(sender, channel, input);
      expect(result, channel).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
      if (!result.ok) {
        expect(result.error.message).toMatch(field);
        expect(result.error.message.length).toBeLessThan(500);
        expect(result.error.message).not.toContain(canary);
      }
    }
    expect(await counts()).toEqual(before);
  });

  it('round-trips emoji and right-to-left text, updates, trashes and restores through the channels', async () => {
    const name = 'ليلى 🌍 Özdemir';
    const created = Contact.parse(await call('contacts.create', { name, emails: ['layla@example.org'], notes: `${canary} ‏مرحبا‏` }));
    const detail = ContactDetail.parse(await call('contacts.get', { id: created.id }));
    expect(detail.contact).toEqual(created);
    expect(detail.contact.name).toBe(name);

    const updated = Contact.parse(await call('contacts.update', { id: created.id, patch: { title: 'مديرة' } }));
    expect(updated).toMatchObject({ id: created.id, title: 'مديرة', name });
    const removed = z.object({ id: z.string(), deletedAt: z.number() }).parse(await call('contacts.delete', { id: created.id }));
    expect(removed.id).toBe(created.id);
    expect(await call('contacts.list', { filter: { tags: [] } })).toMatchObject({ items: [] });
    expect(await call('contacts.restore', { id: created.id })).toMatchObject({ id: created.id, deletedAt: null });
    expect(log.lines.join('\n')).not.toContain(canary);
    expect(log.lines.join('\n')).not.toContain('Özdemir');
  });

  it('drags a deal across the board and forecasts it', async () => {
    const deal = z.object({ id: z.string() }).parse(
      await call('deals.create', { name: 'Board', stageId: 'lead', currency: 'EUR', amount: 10_000, expectedCloseDate: '2026-07-15' }),
    );
    expect(await call('deals.moveStage', { id: deal.id, stageId: 'negotiation' })).toMatchObject({ deal: { stageId: 'negotiation', probability: 75 }, before: { stageId: 'lead', probability: 10 } });
    expect(await call('pipeline.forecast', { fromMonth: '2026-07', toMonth: '2026-07' })).toEqual({
      months: [{ month: '2026-07', currency: 'EUR', dealCount: 1, amount: 10_000, weightedAmount: 7_500 }],
      overdue: [],
    });
    expect(await call('pipeline.get', {})).toMatchObject({ totals: [{ stageId: 'negotiation', amount: 10_000 }] });
  });

  it('sends the reason of each refusal, for the renderer to word: a broken rule by path, a missing or trashed link, an unknown stage', async () => {
    const record = z.object({ id: z.string() });
    const account = record.parse(await call('accounts.create', { name: 'Harbour Ltd' }));
    const contact = record.parse(await call('contacts.create', { name: 'Ada', accountId: account.id }));
    await call('contacts.delete', { id: contact.id });
    await call('accounts.delete', { id: account.id });
    const cases: { channel: Channel; input: unknown; reason: unknown }[] = [
      { channel: 'contacts.create', input: { name: 'Ada', phones: ['+44 20\u0007'] }, reason: { code: 'invalid_request', path: 'phones.0', rule: { code: 'phone' } } },
      { channel: 'contacts.create', input: { name: canary, emails: ['not-an-email'] }, reason: { code: 'invalid_request', path: 'emails.0', rule: { code: 'email' } } },
      { channel: 'contacts.create', input: { name: 'Ada', accountId: '0190a5d0-ac96-774b-bcce-b302099a8057' }, reason: { code: 'link_missing', entity: 'accounts' } },
      { channel: 'contacts.restore', input: { id: contact.id }, reason: { code: 'link_trashed', entity: 'accounts' } },
      { channel: 'deals.create', input: { name: 'x', stageId: 'space', currency: 'EUR', expectedCloseDate: '2026-03-01' }, reason: { code: 'unknown_stage' } },
    ];
    for (const { channel, input, reason } of cases) {
      const result = await core.registry.dispatch(sender, channel, input);
      expect(result, channel).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', reason } });
      expect(JSON.stringify(result)).not.toContain(canary);
    }
  });

  it('saves, lists, renames and deletes saved views, refusing cursors and other users’ ids', async () => {
    const view = z
      .object({ id: z.string() })
      .parse(await call('views.save', { name: 'My VIPs', entity: 'contacts', query: { filter: { tags: ['vip'] }, sort: { field: 'updatedAt', direction: 'desc' } } }));
    await call('views.save', { name: 'Closing soon', entity: 'deals', query: { filter: { stageIds: ['negotiation'] } } });
    expect(await call('views.list', { entity: 'contacts' })).toMatchObject({
      items: [{ id: view.id, name: 'My VIPs', entity: 'contacts', query: { filter: { tags: ['vip'] }, limit: 50, deleted: 'exclude' } }],
    });
    expect(await call('views.save', { id: view.id, name: 'VIPs', entity: 'contacts', query: {} })).toMatchObject({ id: view.id, name: 'VIPs' });
    expect(z.object({ items: z.array(z.unknown()) }).parse(await call('views.list', {})).items).toHaveLength(2);
    const withCursor = await core.registry.dispatch(sender, 'views.save', { name: 'x', entity: 'contacts', query: { after: 'abc' } });
    expect(withCursor).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    const unknown = await core.registry.dispatch(sender, 'views.save', { id: '0190a5d0-ac96-774b-bcce-b302099a8057', name: 'x', entity: 'tasks', query: {} });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await call('views.delete', { id: view.id })).toMatchObject({ id: view.id });
    expect(z.object({ items: z.array(z.unknown()) }).parse(await call('views.list', {})).items).toHaveLength(1);
  });

  it('takes a bulk selection of up to 500 ids, refuses more or none before writing, and words a gone record as a reason', async () => {
    const record = z.object({ id: z.string() });
    const task = record.parse(await call('tasks.create', { title: 'Bulk one' }));
    const before = await counts();
    const many = Array.from({ length: 501 }, () => '0190a5d0-ac96-774b-bcce-b302099a8057');
    for (const channel of ['contacts.deleteMany', 'accounts.restoreMany', 'deals.deleteMany', 'activities.restoreMany', 'tasks.deleteMany'] as const) {
      expect(await core.registry.dispatch(sender, channel, { ids: many }), channel).toMatchObject({
        ok: false,
        error: { code: 'BAD_INPUT', reason: { code: 'invalid_request', path: 'ids', rule: { code: 'too_big', max: 500 } } },
      });
      expect(await core.registry.dispatch(sender, channel, { ids: [] }), channel).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    }
    const tooMany = many.map((id) => ({ id, status: 'done' }));
    expect(await core.registry.dispatch(sender, 'tasks.setStatusMany', { items: tooMany })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(await core.registry.dispatch(sender, 'tasks.setStatusMany', { items: [{ id: task.id, status: 'finished' }] })).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT' },
    });
    expect(await core.registry.dispatch(sender, 'tasks.deleteMany', { ids: [task.id, '0190a5d0-ac96-774b-bcce-b302099a8057'] })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', reason: { code: 'selection_gone', entity: 'tasks' } },
    });
    expect(await counts()).toEqual(before);
    expect(await call('tasks.setStatusMany', { items: [{ id: task.id, status: 'done' }] })).toEqual({ items: [{ id: task.id, status: 'open', after: 'done' }] });
    expect(await call('tasks.deleteMany', { ids: [task.id] })).toMatchObject({ ids: [task.id] });
    expect(await call('tasks.restoreMany', { ids: [task.id] })).toEqual({ ids: [task.id] });
  });

  it('refuses a view named as another view of its list, case, accents and spacing aside, with a typed reason', async () => {
    const first = z.object({ id: z.string() }).parse(await call('views.save', { name: 'Stalled négociations', entity: 'accounts', query: {} }));
    const before = await call('views.list', { entity: 'accounts' });
    for (const name of ['Stalled négociations', 'stalled NEGOCIATIONS', '  Stalled   négociations ']) {
      const result = await core.registry.dispatch(sender, 'views.save', { name, entity: 'accounts', query: { sort: { field: 'name', direction: 'asc' } } });
      expect(result, name).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', reason: { code: 'view_name_taken' } } });
      expect(JSON.stringify(result)).not.toContain('gociations');
    }
    // Renaming a second view to the first one's name is refused too.
    const second = z.object({ id: z.string() }).parse(await call('views.save', { name: 'Quiet accounts', entity: 'accounts', query: {} }));
    const renamed = await core.registry.dispatch(sender, 'views.save', { id: second.id, name: 'STALLED NÉGOCIATIONS', entity: 'accounts', query: {} });
    expect(renamed).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', reason: { code: 'view_name_taken' } } });
    // A view may keep (or recase) its own name, another list may have the name, and a deleted view frees it.
    expect(await call('views.save', { id: first.id, name: 'Stalled Négociations', entity: 'accounts', query: {} })).toMatchObject({ id: first.id, name: 'Stalled Négociations' });
    expect(await call('views.save', { name: 'Stalled négociations', entity: 'deals', query: {} })).toMatchObject({ name: 'Stalled négociations' });
    expect(z.object({ items: z.array(z.unknown()) }).parse(await call('views.list', { entity: 'accounts' })).items).toHaveLength(
      z.object({ items: z.array(z.unknown()) }).parse(before).items.length + 1,
    );
    await call('views.delete', { id: first.id });
    expect(await call('views.save', { id: second.id, name: 'Stalled négociations', entity: 'accounts', query: {} })).toMatchObject({ id: second.id, name: 'Stalled négociations' });
  });

  it('builds Today through the channel', async () => {
    const dayStart = Date.now() - 3_600_000;
    const task = z.object({ id: z.string() }).parse(await call('tasks.create', { title: 'Ring back', dueAt: dayStart + 60_000 }));
    expect(await call('today.get', { dayStart, dayEnd: dayStart + 86_400_000 })).toMatchObject({ dueToday: [{ id: task.id }] });
  });
});
