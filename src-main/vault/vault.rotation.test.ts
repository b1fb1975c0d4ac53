// The states a crash can leave a key rotation in, built step by step with the
// real primitives, and what unlock makes of each. The cross-process SIGKILL
// suite (tests/integration/rotation-crash.test.ts) covers the timing; this
// file pins down each state deterministically.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TempVaultFolder } from '../testing/temp-vault';
import { Connection, type ReadTx, type WriteTx } from './connection';
import { deriveKek, randomKey, unwrapKey, wrapKey } from './key-crypto';
import type { Vault } from './vault';
import { writeHeader } from './vault-header';

const PASSWORD = 'rotation password 42';

// Plain rows through the migrated schema: this suite is about keys, not the CRM repo.
async function insertContact(tx: WriteTx, id: string, name: string): Promise<void> {
  await tx.run(
    "INSERT INTO contacts (id, name, owner_id, created_at, created_by, updated_at, updated_by) VALUES (?, ?, 'test-owner', 1, 'test-owner', 1, 'test-owner')",
    [id, name],
  );
}
function allNames(tx: ReadTx): Promise<{ id: string; name: string }[]> {
  return tx.all<{ id: string; name: string }>('SELECT id, name FROM contacts ORDER BY id');
}
const seeded = [{ id: 'c-1', name: 'Grace Hopper' }];

describe('Vault key rotation recovery', () => {
  let folder: TempVaultFolder;
  let vault: Vault;

  beforeEach(async () => {
    folder = await TempVaultFolder.create();
    vault = folder.vault();
    await vault.create(PASSWORD);
    await vault.connection().write((tx) => insertContact(tx, 'c-1', 'Grace Hopper'));
    await vault.lock();
  });

  afterEach(async () => {
    await folder.dispose();
  });

  /** Writes a pending wrap of a fresh DEK, as rotateKey does before rekeying. */
  async function writePending() {
    const header = await folder.header();
    const deviceSecret = await folder.keyStore.get(header.vaultId);
    if (deviceSecret === null) throw new Error('no device secret');
    const kek = await deriveKek(PASSWORD, deviceSecret, header.vaultId, header.kdf);
    const oldDek = unwrapKey(kek, header.current, header.vaultId);
    const newDek = randomKey();
    const pending = wrapKey(kek, newDek, header.vaultId, header.current.generation + 1);
    await writeHeader(folder.dataDir, { ...header, pending });
    return { header, pending, oldDek, newDek };
  }

  it('crash after the pending wrap, before the rekey: current opens, pending is dropped', async () => {
    const { header } = await writePending();
    const restarted = folder.vault();
    await restarted.unlock(PASSWORD);
    expect(await restarted.connection().read(allNames)).toEqual(seeded);
    const settled = await folder.header();
    expect(settled.pending).toBeUndefined();
    expect(settled.current).toEqual(header.current);
    expect(folder.log.lines.some((line) => line.includes('vault.rotationSettled') && line.includes('"promoted":false'))).toBe(true);
  });

  it('crash after the rekey, before the promotion: pending opens and is promoted', async () => {
    const { pending, oldDek, newDek } = await writePending();
    const connection = await Connection.open(folder.file('vault.db'), oldDek);
    await connection.rekey(newDek);
    await connection.close();

    const restarted = folder.vault();
    await restarted.unlock(PASSWORD);
    expect(await restarted.connection().read(allNames)).toEqual(seeded);
    const settled = await folder.header();
    expect(settled.pending).toBeUndefined();
    expect(settled.current).toEqual(pending);
    expect(folder.log.lines.some((line) => line.includes('vault.rotationSettled') && line.includes('"promoted":true'))).toBe(true);
  });

  it('a database that fits neither wrap is VAULT_CORRUPT, not a wrong password', async () => {
    const { oldDek } = await writePending();
    const connection = await Connection.open(folder.file('vault.db'), oldDek);
    await connection.rekey(randomKey());
    await connection.close();
    await expect(folder.vault().unlock(PASSWORD)).rejects.toMatchObject({ code: 'VAULT_CORRUPT' });
  });

  it('rotates repeatedly while data keeps being written', async () => {
    await vault.unlock(PASSWORD);
    for (let round = 0; round < 3; round++) {
      await vault.connection().write((tx) => insertContact(tx, `c-round-${round}`, `Round ${round}`));
      await vault.rotateKey();
    }
    await vault.lock();
    await vault.unlock(PASSWORD);
    const count = await vault.connection().read((tx) => tx.get<{ n: number }>('SELECT count(*) AS n FROM contacts'));
    expect(count).toEqual({ n: 4 });
    expect((await folder.header()).current.generation).toBe(4);
  });
});
