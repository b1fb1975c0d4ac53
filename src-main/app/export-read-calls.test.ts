// An export reads the list again when the entity's record generation moved
// during a pass (export.service.ts). The core moves it after a call that may
// have written the entity's records: before, every channel of an entity but
// get and list counted, and a failed call too, so opening Contacts (a count)
// or changing a filter during a long export made it read the list again, and
// twice refused it. Now only a channel needing the entity's write or delete
// permission that answered moves it. Real core, registry and SQLCipher vault.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ContactDraft } from '../../src-shared/domain/contact';
import type { Channel, ChannelInput } from '../../src-shared/ipc/contract';
import { ExportResult } from '../../src-shared/transfer/export';
import { createMemoryLogger } from '../log/logger';
import { createContacts } from '../services/crm/contact.service';
import { TestKeyStore } from '../testing/test-key-store';
import type { ReadTx } from '../vault/connection';
import { createCore, type Core } from './core';

const sender = { transport: 'test', origin: 'test://fieldvault' } as const;
const password = 'counting is not writing';
/** Three pages of the export's 200 rows: [200] [200] [1]. */
const contacts = 401;

describe('an export while the page makes read-only calls', () => {
  let dataDir: string;
  let keyStore: TestKeyStore;
  let core: Core;

  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'fieldvault-export-reads-'));
    keyStore = new TestKeyStore();
    core = createCore({ dataDir, keyStore, log: createMemoryLogger(), isTrustedSender: (s) => s.transport === 'test' });
  });

  afterEach(async () => {
    vi.restoreAllMocks();
    await core.close();
    await keyStore.cleanup();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function call<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<unknown> {
    const result = await core.registry.dispatch(sender, channel, input);
    if (!result.ok) throw new Error(`${channel}: ${result.error.code}`);
    return result.value;
  }

  it('reads the list once when counts, and a write that failed, come between its pages', async () => {
    await call('vault.create', { password });
    const now = Date.now();
    await core.vault.connection().write((tx) => createContacts(tx, Array.from({ length: contacts }, (_, n) => ContactDraft.parse({ name: `Counted ${n}` })), now));
    const connection = core.vault.connection();
    const read = connection.read.bind(connection);
    let reads = 0;
    const failed: string[] = [];
    vi.spyOn(connection, 'read').mockImplementation(async <T>(fn: (tx: ReadTx) => Promise<T>): Promise<T> => {
      reads += 1;
      // Read 1 counts the list, read 2 is the first page: before the second and third, the Contacts page counts its
      // list twice (opened, a filter changed), and an edit of a contact since gone fails.
      if (reads === 3 || reads === 4) {
        await call('contacts.count', {});
        await call('contacts.count', { filter: { tags: ['vip'] } });
        const update = await core.registry.dispatch(sender, 'contacts.update', { id: randomUUID(), patch: { name: 'Never' } });
        if (!update.ok) failed.push(update.error.code);
      }
      return read(fn);
    });
    const result = ExportResult.parse(await call('export.csv', { entity: 'contacts', query: { sort: { field: 'name', direction: 'asc' } } }));
    expect(result.rows).toBe(contacts);
    expect(failed).toEqual(['NOT_FOUND', 'NOT_FOUND']);
    // The count and three pages: one pass. Before, each count moved the generation (the export read the list again,
    // or refused it), and so did the failed edit.
    expect(reads).toBe(4);
  });
});
