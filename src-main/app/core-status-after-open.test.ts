// A status read that fails right after a good unlock or create (vault.json
// held for a moment by a backup tool or an antivirus: here a real folder put
// in its place) on a real core, SQLCipher vault and OS keychain. Before, the
// call answered the error, and the core's wrapper never armed the idle lock,
// said vault.didUnlock or started sync and reminders: the lock screen showed
// an error over an open vault, and after a create, Create again answered
// VAULT_EXISTS. Now the answer says unlocked, and the session starts.
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { mkdirSync, renameSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventName } from '../../src-shared/ipc/events';
import { createMemoryLogger, type Logger } from '../log/logger';
import { TestKeyStore } from '../testing/test-key-store';
import { createCore, type Core } from './core';

const sender = { transport: 'test', origin: 'test://fieldvault' } as const;
const password = 'a password long enough to pass';

describe('the session starts when the status read after opening the vault fails', () => {
  let dataDir: string;
  let keyStore: TestKeyStore;
  let core: Core;
  let events: { event: EventName; payload: unknown }[];
  /** The vault's log event after which vault.json turns unreadable (once). */
  let breakHeaderAfter: string | null;

  const header = () => path.join(dataDir, 'vault.json');

  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'fieldvault-status-after-open-'));
    keyStore = new TestKeyStore();
    events = [];
    breakHeaderAfter = null;
    const memory = createMemoryLogger();
    const log: Logger = {
      log: (level, event, fields) => {
        memory.log(level, event, fields);
        if (event !== breakHeaderAfter) return;
        breakHeaderAfter = null;
        // The vault's own work is done and the vault open; the status read that follows meets a folder (EISDIR).
        renameSync(header(), `${header()}.aside`);
        mkdirSync(header());
      },
    };
    core = createCore({ dataDir, keyStore, log, isTrustedSender: (s) => s.transport === 'test', idleLockMs: 300 });
    core.events.subscribe((event: EventName, payload) => events.push({ event, payload }));
  });

  afterEach(async () => {
    await core.close();
    await keyStore.cleanup();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function headerBack(): Promise<void> {
    await rm(header(), { recursive: true });
    await rename(`${header()}.aside`, header());
  }

  it.each([
    ['vault.unlock', 'vault.unlocked'],
    ['vault.create', 'vault.created'],
  ] as const)('%s answers unlocked, says vault.didUnlock and arms the idle lock', async (channel, loggedWhenOpen) => {
    if (channel === 'vault.unlock') {
      await mkdir(dataDir, { recursive: true });
      await core.vault.create(password);
      await core.vault.lock('user');
      events.length = 0;
    }
    breakHeaderAfter = loggedWhenOpen;
    const result = await core.registry.dispatch(sender, channel, { password });
    expect(breakHeaderAfter).toBeNull();
    expect(result).toMatchObject({ ok: true, value: { state: 'unlocked' } });
    expect(core.vault.isUnlocked()).toBe(true);
    expect(events.map(({ event }) => event)).toContain('vault.didUnlock');
    // The idle lock was armed: with no input from the user, the vault locks.
    await expect.poll(() => events.filter(({ event }) => event === 'vault.didLock').map(({ payload }) => payload), { timeout: 10_000, interval: 20 }).toEqual([{ reason: 'idle' }]);
    expect(core.vault.isUnlocked()).toBe(false);
    await headerBack();
    expect((await core.vault.status()).state).toBe('locked');
  });
});
