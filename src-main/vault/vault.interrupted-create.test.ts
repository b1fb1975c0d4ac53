// A create the app is killed in, after the device secret and the kept count
// went into the keychain and before the header was written, left both entries
// for good: no header named the vault id and no tombstone listed it. The
// create names its id in shred-pending.json first (crypto-shred.ts), so the
// next status check deletes them. The child (fixtures/interrupted-create.ts)
// runs the real Vault.create on the real keychain, with a migration that never
// ends; the parent SIGKILLs it there.
import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { spawnTsx } from '../testing/spawn-tsx';
import { TempVaultFolder } from '../testing/temp-vault';
import { keptFailuresAccount } from './kept-failures';

const PASSWORD = 'correct horse battery staple';
const fixture = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'interrupted-create.ts');
const Line = z.union([z.object({ set: z.string() }), z.object({ migrating: z.literal(true) }), z.object({ created: z.literal(true) })]);

/** Runs the create in a child, kills it inside its migration, and returns the accounts it wrote to the keychain. */
async function createKilledBeforeHeader(folder: TempVaultFolder): Promise<string[]> {
  const child = spawnTsx(fixture, { FV_DATA_DIR: folder.dataDir, FV_KEYCHAIN_SERVICE: folder.keyStore.service });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const closed = new Promise<NodeJS.Signals | null>((resolve) => child.on('close', (_code, signal) => resolve(signal)));
  const watchdog = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const accounts: string[] = [];
  const reachedMigration = await new Promise<boolean>((resolve) => {
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const lines = out.split('\n');
      out = lines.pop() ?? '';
      for (const text of lines) {
        const line = Line.parse(JSON.parse(text));
        if ('set' in line) {
          accounts.push(line.set);
          folder.keyStore.track(line.set);
        } else resolve('migrating' in line);
      }
    });
    void closed.then(() => resolve(false));
  });
  expect(reachedMigration, stderr).toBe(true);
  child.kill('SIGKILL');
  expect(await closed).toBe('SIGKILL');
  clearTimeout(watchdog);
  return accounts;
}

describe('a vault create killed between its keychain entries and its header', () => {
  let folder: TempVaultFolder;

  beforeEach(async () => {
    folder = await TempVaultFolder.create();
  });
  afterEach(async () => {
    await folder.dispose();
  });

  it('leaves entries that the next status check deletes from the keychain', async () => {
    const accounts = await createKilledBeforeHeader(folder);
    const vaultId = accounts[0] ?? '';
    expect(accounts).toEqual([vaultId, keptFailuresAccount(vaultId)]);
    // The kill came in the window: both entries are in the keychain and no header names them.
    expect(await folder.keyStore.get(vaultId)).not.toBeNull();
    expect(await folder.keyStore.get(keptFailuresAccount(vaultId))).not.toBeNull();
    expect(await readdir(folder.dataDir)).not.toContain('vault.json');

    const vault = folder.vault();
    expect((await vault.status()).state).toBe('none');
    expect(await folder.keyStore.get(vaultId)).toBeNull();
    expect(await folder.keyStore.get(keptFailuresAccount(vaultId))).toBeNull();
    expect(await readdir(folder.dataDir)).not.toContain('shred-pending.json');
    expect(folder.log.lines.join('\n')).toContain('"vault.interruptedCreateShredded"');
    // The folder takes a new vault.
    await vault.create(PASSWORD);
    expect(vault.isUnlocked()).toBe(true);
  }, 90_000);

  it('a normal create leaves no pending shred, and its keys stay', async () => {
    const vault = folder.vault();
    await vault.create(PASSWORD);
    expect(await readdir(folder.dataDir)).not.toContain('shred-pending.json');
    const { vaultId } = await folder.header();
    await vault.lock();
    expect((await vault.status()).state).toBe('locked');
    await vault.unlock(PASSWORD);
    expect(await folder.keyStore.get(vaultId)).not.toBeNull();
  });

  it('a create killed after its header, with its id still named, keeps the vault: only the id goes', async () => {
    const vault = folder.vault();
    await vault.create(PASSWORD);
    const { vaultId } = await folder.header();
    await vault.lock();
    // As the file stands when the app is killed between the header write and the id's removal.
    await writeFile(folder.file('shred-pending.json'), JSON.stringify({ vaultIds: [], creating: [vaultId] }));
    const restarted = folder.vault();
    expect((await restarted.status()).state).toBe('locked');
    expect(await readdir(folder.dataDir)).not.toContain('shred-pending.json');
    await restarted.unlock(PASSWORD);
    expect(restarted.isUnlocked()).toBe(true);
  });
});
