// An unlock that brings the vault's schema up to date after an app update
// tells the window so (vault.didStartMigration, step i of n, before each
// pending migration), and an unlock with nothing pending, or a new vault,
// says nothing. Real core and SQLCipher vault: the older vault is made by a
// vault manager that knows only the first migrations, as an older app would.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Channel, ChannelInput } from '../../src-shared/ipc/contract';
import type { EventPayload } from '../../src-shared/ipc/events';
import { createMemoryLogger } from '../log/logger';
import { TestKeyStore } from '../testing/test-key-store';
import { schemaVersion } from '../vault/migrate';
import { latestVersion, migrations } from '../vault/migrations/index';
import { Vault } from '../vault/vault';
import { createCore, type Core } from './core';

const sender = { transport: 'test', origin: 'test://fieldvault' } as const;
const password = 'an update that takes a minute';

describe('vault.didStartMigration', () => {
  let dataDir: string;
  let keyStore: TestKeyStore;
  let core: Core | undefined;
  let steps: EventPayload<'vault.didStartMigration'>[];

  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'fieldvault-migration-progress-'));
    keyStore = new TestKeyStore();
    steps = [];
  });
  afterEach(async () => {
    await core?.close();
    core = undefined;
    await keyStore.cleanup();
    await rm(dataDir, { recursive: true, force: true });
  });

  function startCore(): Core {
    const started = createCore({ dataDir, keyStore, log: createMemoryLogger(), isTrustedSender: (s) => s.transport === 'test', idleLockMs: 0 });
    started.events.subscribe((event, payload) => {
      if (event === 'vault.didStartMigration') steps.push(payload as EventPayload<'vault.didStartMigration'>);
    });
    return started;
  }

  async function call<C extends Channel>(on: Core, channel: C, input: ChannelInput<C>): Promise<void> {
    const result = await on.registry.dispatch(sender, channel, input);
    if (!result.ok) throw new Error(`${channel}: ${result.error.code}`);
  }

  it('announces each pending migration of an older vault before it runs, and nothing at the next unlock', async () => {
    // A vault as the app two migrations ago left it.
    const older = new Vault({ dataDir, keyStore, log: createMemoryLogger(), migrations: migrations.slice(0, latestVersion - 2) });
    await older.create(password);
    expect(await older.connection().read(schemaVersion)).toBe(latestVersion - 2);
    await older.lock('user');

    core = startCore();
    await call(core, 'vault.unlock', { password });
    expect(steps).toEqual([
      { step: 1, steps: 2 },
      { step: 2, steps: 2 },
    ]);
    expect(await core.vault.connection().read(schemaVersion)).toBe(latestVersion);

    await call(core, 'vault.lock', {});
    await call(core, 'vault.unlock', { password });
    expect(steps).toHaveLength(2);
  });

  it('says nothing when a new vault is made or a current one unlocked', async () => {
    core = startCore();
    await call(core, 'vault.create', { password });
    await call(core, 'vault.lock', {});
    await call(core, 'vault.unlock', { password });
    expect(steps).toEqual([]);
    expect(await core.vault.connection().read(schemaVersion)).toBe(latestVersion);
  });
});
