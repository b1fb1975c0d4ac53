// A lock that lands while vault.create reads its status (the lid closed just
// then) on a real core, SQLCipher vault and OS keychain: the answer says
// locked and no session starts. Before, the create wrapper went by the status
// read before the lock, said vault.didUnlock after the vault.didLock and
// armed the idle lock and sync over a closed vault, and the window showed the
// workspace; the unlock wrapper already had this guard.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EventName } from '../../src-shared/ipc/events';
import { createMemoryLogger } from '../log/logger';
import { TestKeyStore } from '../testing/test-key-store';
import { createCore, type Core } from './core';

const sender = { transport: 'test', origin: 'test://fieldvault' } as const;
const password = 'a password long enough to pass';

describe('vault.create with a lock during its status read', () => {
  let dataDir: string;
  let keyStore: TestKeyStore;
  let core: Core;
  let events: EventName[];

  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'fieldvault-create-lock-'));
    keyStore = new TestKeyStore();
    events = [];
    core = createCore({ dataDir, keyStore, log: createMemoryLogger(), isTrustedSender: (s) => s.transport === 'test' });
    core.events.subscribe((event: EventName) => events.push(event));
  });

  afterEach(async () => {
    vi.restoreAllMocks();
    await core.close();
    await keyStore.cleanup();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('answers locked and starts no session', async () => {
    const vault = core.vault;
    const readStatus = vault.status.bind(vault);
    const statusRead = vi.spyOn(vault, 'status').mockImplementationOnce(async () => {
      const status = await readStatus();
      // The lid closes as the read ends: the answer read before it says unlocked.
      await vault.lock('suspend');
      return status;
    });

    const result = await core.registry.dispatch(sender, 'vault.create', { password });
    expect(statusRead).toHaveBeenCalledTimes(1);
    expect(result).toMatchObject({ ok: true, value: { state: 'locked' } });
    expect(vault.isUnlocked()).toBe(false);
    expect(events).toEqual(['vault.didLock']);

    // The next unlock starts the session as usual.
    expect(await core.registry.dispatch(sender, 'vault.unlock', { password })).toMatchObject({ ok: true, value: { state: 'unlocked' } });
    expect(events).toEqual(['vault.didLock', 'vault.didUnlock']);
  });
});
