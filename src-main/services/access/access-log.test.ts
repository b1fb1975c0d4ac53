// records.reveal through a real core's registry and vault: "Show" on a hidden
// value appends exactly one access-log entry (who, when, record id, field
// name) and no customer value; a field that is not hidden, a record not
// there and a reader without '<entity>:reveal' are refused and log nothing.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Activity } from '../../../src-shared/domain/activity';
import { Contact } from '../../../src-shared/domain/contact';
import { NotPermittedError } from '../../../src-shared/ipc/errors';
import { createCore, type Core } from '../../app/core';
import { createMemoryLogger } from '../../log/logger';
import { TestKeyStore } from '../../testing/test-key-store';
import { accessLogHandlers, readAccessLog } from './access-log';

const context = { sender: { transport: 'test', origin: 'test://fieldvault' } } as const;
const canary = 'CANARY-Reveal-Ottoline-4417';

describe('records.reveal (real core and vault)', () => {
  let dataDir: string;
  let keyStore: TestKeyStore;
  let log: ReturnType<typeof createMemoryLogger>;
  let core: Core;
  const dispatch = (channel: string, input: unknown) => core.registry.dispatch(context.sender, channel, input);
  const entries = () => core.vault.connection().read(readAccessLog);

  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'fieldvault-access-log-'));
    keyStore = new TestKeyStore();
    log = createMemoryLogger();
    core = createCore({ dataDir, keyStore, log, isTrustedSender: (sender) => sender.transport === 'test', idleLockMs: 0 });
    expect(await dispatch('vault.create', { password: 'reveals are logged' })).toMatchObject({ ok: true });
  });
  afterEach(async () => {
    await core.close();
    await keyStore.cleanup();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function contactWithNotes(): Promise<Contact> {
    const created = await dispatch('contacts.create', { name: 'Ottoline Marsh', notes: `${canary} prefers calls` });
    if (!created.ok) throw new Error(created.error.code);
    return Contact.parse(created.value);
  }

  it('writes one entry per reveal, with who, when, the record id and the field name, and no value', async () => {
    const contact = await contactWithNotes();
    // Reading the record (its page) shows the notes only as dots: no entry.
    expect(await dispatch('contacts.get', { id: contact.id })).toMatchObject({ ok: true });
    expect(await entries()).toEqual([]);

    const before = Date.now();
    expect(await dispatch('records.reveal', { entity: 'contacts', id: contact.id, field: 'notes' })).toEqual({ ok: true, value: {} });
    const logged = await entries();
    expect(logged).toHaveLength(1);
    const [entry] = logged;
    expect(entry).toMatchObject({ userId: 'local-owner', action: 'reveal', entity: 'contacts', recordId: contact.id, field: 'notes' });
    expect(entry?.at).toBeGreaterThanOrEqual(before);
    expect(entry?.at).toBeLessThanOrEqual(Date.now());

    const rows = await core.vault.connection().read((tx) => tx.all('SELECT * FROM access_log'));
    expect(JSON.stringify(rows)).not.toContain(canary);
    expect(log.lines.join('\n')).not.toContain(canary);
  });

  it('logs a timeline note (an activity body) and each reveal again, oldest first', async () => {
    const contact = await contactWithNotes();
    const activity = await dispatch('activities.create', { kind: 'call', subject: 'Intro call', body: `${canary} said yes`, occurredAt: Date.now(), contactId: contact.id });
    if (!activity.ok) throw new Error(activity.error.code);
    const { id } = Activity.parse(activity.value);
    expect(await dispatch('records.reveal', { entity: 'activities', id, field: 'body' })).toMatchObject({ ok: true });
    expect(await dispatch('records.reveal', { entity: 'contacts', id: contact.id, field: 'notes' })).toMatchObject({ ok: true });
    expect((await entries()).map((entry) => [entry.entity, entry.field])).toEqual([
      ['activities', 'body'],
      ['contacts', 'notes'],
    ]);
  });

  it('refuses a field that is not hidden, an unknown record and a malformed call, logging nothing', async () => {
    const contact = await contactWithNotes();
    expect(await dispatch('records.reveal', { entity: 'contacts', id: contact.id, field: 'name' })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(await dispatch('records.reveal', { entity: 'contacts', id: contact.id, field: '__proto__' })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(await dispatch('records.reveal', { entity: 'deals', id: contact.id, field: 'notes' })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(await dispatch('records.reveal', { entity: 'tasks', id: contact.id, field: 'notes' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await dispatch('records.reveal', { entity: 'contacts', id: contact.id, field: 'notes', value: canary })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(await entries()).toEqual([]);
  });

  it('needs the entity\'s read and reveal permissions', async () => {
    const contact = await contactWithNotes();
    const denied = accessLogHandlers(core.vault, { authorize: (permission) => { throw new NotPermittedError(permission); } }, Date.now);
    await expect(denied['records.reveal']({ entity: 'contacts', id: contact.id, field: 'notes' }, context)).rejects.toThrow('contacts:read');
    const revealOnly = accessLogHandlers(core.vault, { authorize: (permission) => { if (permission !== 'contacts:reveal') throw new NotPermittedError(permission); } }, Date.now);
    await expect(revealOnly['records.reveal']({ entity: 'contacts', id: contact.id, field: 'notes' }, context)).rejects.toThrow('contacts:read');
    const readOnly = accessLogHandlers(core.vault, { authorize: (permission) => { if (permission !== 'contacts:read') throw new NotPermittedError(permission); } }, Date.now);
    await expect(readOnly['records.reveal']({ entity: 'contacts', id: contact.id, field: 'notes' }, context)).rejects.toThrow('contacts:reveal');
    expect(await entries()).toEqual([]);
  });
});
