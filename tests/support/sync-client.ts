// Test support for sync suites: a real desktop core (real SQLCipher vault,
// real OS keychain under a test-only service) in a temp folder, driven
// through the IPC registry as the renderer drives it, with helpers to enrol
// it against a test sync server and to recover its database key (password +
// keychain, as an attacker holding both would) for raw scans of its files.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createCore, type Core, type CoreOptions } from '../../src-main/app/core';
import { KeytarKeyStore } from '../../src-main/keychain/keytar.key-store';
import { createMemoryLogger } from '../../src-main/log/logger';
import { vaultPagesContain } from '../../src-main/services/search/raw-vault-scan';
import { deriveKek, unwrapKey } from '../../src-main/vault/key-crypto';
import { readHeader } from '../../src-main/vault/vault-header';
import type { Channel, ChannelInput, ChannelOutput } from '../../src-shared/ipc/contract';
import type { EventName, EventPayload } from '../../src-shared/ipc/events';
import { testSender } from './temp-core';

export const syncClientPassword = 'sync test password 1';

export interface SyncClient {
  readonly core: Core;
  readonly dataDir: string;
  readonly keyStore: KeytarKeyStore;
  readonly logLines: string[];
  readonly events: { name: EventName; payload: unknown }[];
  call<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>>;
  /** The call's typed error code, or 'ok'. */
  callError<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<string>;
  dek(): Promise<Buffer>;
  /** Whether any decrypted page of the vault file or its WAL holds the text. */
  rawContains(text: string): Promise<boolean>;
  dispose(): Promise<void>;
}

export async function startSyncClient(sync: CoreOptions['sync'] = { poke: false, intervalMs: 0, debounceMs: 60_000 }, network?: CoreOptions['network']): Promise<SyncClient> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'fieldvault-sync-client-'));
  const keyStore = new KeytarKeyStore(`FieldVault-test-${randomUUID()}`);
  const log = createMemoryLogger();
  const core = createCore({ dataDir, keyStore, log, isTrustedSender: (sender) => sender.transport === 'test', idleLockMs: 0, sync, ...(network === undefined ? {} : { network }) });
  const events: { name: EventName; payload: unknown }[] = [];
  core.events.subscribe(<E extends EventName>(name: E, payload: EventPayload<E>) => events.push({ name, payload }));
  let vaultId: string | null = null;

  const client: SyncClient = {
    core,
    dataDir,
    keyStore,
    logLines: log.lines,
    events,
    async call(channel, input) {
      const result = await core.registry.dispatch(testSender, channel, input);
      if (!result.ok) throw new Error(`${channel} failed: ${result.error.code} ${result.error.message}`);
      return result.value as ChannelOutput<typeof channel>;
    },
    async callError(channel, input) {
      const result = await core.registry.dispatch(testSender, channel, input);
      return result.ok ? 'ok' : result.error.code;
    },
    async dek() {
      const header = await readHeader(dataDir);
      if (header === null) throw new Error('no vault');
      const secret = await keyStore.get(header.vaultId);
      if (secret === null) throw new Error('no device secret');
      return unwrapKey(await deriveKek(syncClientPassword, secret, header.vaultId, header.kdf), header.current, header.vaultId);
    },
    async rawContains(text) {
      return vaultPagesContain(path.join(dataDir, 'vault.db'), await client.dek(), text);
    },
    async dispose() {
      await core.close();
      if (vaultId !== null) await keyStore.delete(vaultId).catch(() => false);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  await client.call('vault.create', { password: syncClientPassword });
  vaultId = (await readHeader(dataDir))?.vaultId ?? null;
  return client;
}
