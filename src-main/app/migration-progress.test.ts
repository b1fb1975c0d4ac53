// An unlock that brings the vault's schema up to date after an app update
// tells the window so (vault.didStartMigration, step i of n, before each
// pending migration), and an unlock with nothing pending, or a new vault,
// says nothing; a long migration's rows follow its step, as it reports them.
// Real core and SQLCipher vault: the older vault is made by a
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

  it('passes on the rows a long migration reports, with its step, and the search finds what it reindexed', async () => {
    // A vault as the app left it before migration 0015: search entries of Hindi names with their nukta.
    const older = new Vault({ dataDir, keyStore, log: createMemoryLogger(), migrations: migrations.slice(0, 14) });
    await older.create(password);
    await older.connection().write(async (tx) => {
      for (let index = 0; index < 12; index += 1) {
        await tx.run("INSERT INTO search_docs (entity, record_id, name, body) VALUES ('contacts', ?, ?, '')", [`c${index}`, `\u091C\u093C\u092B\u093C\u0930 ${index}`]);
      }
      await tx.run("INSERT INTO search_fts (search_fts) VALUES ('rebuild')");
    });
    await older.lock('user');

    core = startCore();
    await call(core, 'vault.unlock', { password });
    // 0015 is the first of the migrations pending.
    const pending = latestVersion - 14;
    expect(steps.filter((step) => step.step === 1)).toEqual([
      { step: 1, steps: pending },
      { step: 1, steps: pending, done: 12, total: 12 },
    ]);
    const found = await core.vault.connection().read((tx) => tx.all("SELECT rowid FROM search_fts WHERE search_fts MATCH '\"जफर\"*'"));
    expect(found).toHaveLength(12);
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
