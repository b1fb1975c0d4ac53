// The sync status counts the changes waiting while the device is not
// enrolled: every local write is published (sync.didChangeStatus) with the
// new pendingCount, so the sync pill does not stay at its unlock-time count
// until the next lock and unlock. Real core: registry, SQLCipher vault.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import type { Channel, ChannelInput } from '../../src-shared/ipc/contract';
import type { SyncStatusEvent } from '../../src-shared/sync/client-api';
import { createCore, type Core } from '../app/core';
import { createMemoryLogger } from '../log/logger';
import { TestKeyStore } from '../testing/test-key-store';

const sender = { transport: 'test', origin: 'test://fieldvault' } as const;

describe('pending changes while not enrolled', () => {
  let dataDir: string;
  let keyStore: TestKeyStore;
  let core: Core;
  const published: SyncStatusEvent[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'fieldvault-pending-'));
    keyStore = new TestKeyStore();
    core = createCore({ dataDir, keyStore, log: createMemoryLogger(), isTrustedSender: (s) => s.transport === 'test', idleLockMs: 0 });
    core.events.subscribe((event, payload) => {
      if (event === 'sync.didChangeStatus') published.push(payload as SyncStatusEvent);
    });
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
    if (!result.ok) throw new Error(`${channel}: ${result.error.code}`);
    return result.value;
  }
  const lastCount = () => published.at(-1)?.pendingCount;

  it('publishes the new count after each write, and sync.status agrees', async () => {
    const status = z.object({ enrolled: z.boolean(), state: z.string(), pendingCount: z.number() });
    const before = status.parse(await call('sync.status', {}));
    expect(before.enrolled).toBe(false);

    await call('contacts.create', { name: 'Pending one' });
    await vi.waitFor(() => expect(lastCount()).toBe(before.pendingCount + 1), { timeout: 5_000 });
    await call('accounts.create', { name: 'Pending account' });
    await vi.waitFor(() => expect(lastCount()).toBe(before.pendingCount + 2), { timeout: 5_000 });

    const after = status.parse(await call('sync.status', {}));
    expect(after).toMatchObject({ enrolled: false, state: 'offline', pendingCount: before.pendingCount + 2 });
    // The count is published as is: nothing claims to be syncing.
    expect(published.every((event) => event.state === 'offline')).toBe(true);
  });

  it('counts once per burst of calls, not once per call: a search keystroke is a call too', async () => {
    // A vault never enrolled keeps every change since it was made, so each count reads a growing outbox.
    await vi.waitFor(() => expect(lastCount()).toBeGreaterThan(0), { timeout: 5_000 });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const connection = core.vault.connection();
    const reads = vi.spyOn(connection, 'read');
    try {
      for (let index = 0; index < 20; index += 1) await call('contacts.list', { limit: 5 });
      await new Promise((resolve) => setTimeout(resolve, 500));
      // Twenty lists, and the counts their calls asked for: one or two, not twenty.
      expect(reads.mock.calls.length).toBeGreaterThanOrEqual(20);
      expect(reads.mock.calls.length).toBeLessThanOrEqual(22);
    } finally {
      reads.mockRestore();
    }
  });
});
