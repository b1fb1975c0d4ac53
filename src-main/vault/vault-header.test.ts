import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newKdfParams, randomKey, wrapKey } from './key-crypto';
import { headerPath, readHeader, removeStaleHeaderTemps, writeHeader, type VaultHeader } from './vault-header';

function sampleHeader(): VaultHeader {
  const vaultId = randomUUID();
  return {
    format: 1,
    vaultId,
    kdf: newKdfParams(),
    current: wrapKey(randomKey(), randomKey(), vaultId, 1),
    failedUnlocks: { count: 0, lastFailureAt: null },
  };
}

describe('vault-header', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'fieldvault-header-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('returns null when there is no header', async () => {
    expect(await readHeader(dir)).toBeNull();
  });

  it('writes atomically (no temp left, owner-only) and reads back what it wrote', async () => {
    const header = sampleHeader();
    await writeHeader(dir, header);
    const withPending = { ...header, pending: wrapKey(randomKey(), randomKey(), header.vaultId, 2) };
    await writeHeader(dir, withPending);
    expect(await readHeader(dir)).toEqual(withPending);
    expect(await readdir(dir)).toEqual(['vault.json']);
    expect((await stat(headerPath(dir))).mode & 0o777).toBe(0o600);
  });

  it('maps unreadable or unexpected headers to VAULT_CORRUPT without echoing content', async () => {
    for (const content of ['{not json', JSON.stringify({ ...sampleHeader(), format: 2 }), JSON.stringify({ ...sampleHeader(), verifier: 'x' })]) {
      await writeFile(headerPath(dir), content);
      const error: unknown = await readHeader(dir).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: 'VAULT_CORRUPT' });
      expect(String(error)).not.toContain('not json');
    }
  });

  it('says a header of a later format comes from a newer FieldVault, not that the vault is damaged', async () => {
    await writeFile(headerPath(dir), JSON.stringify({ ...sampleHeader(), format: 2 }));
    await expect(readHeader(dir)).rejects.toMatchObject({ code: 'VAULT_CORRUPT', reason: { code: 'vault_too_new' } });
    // A format that is no later one is damage.
    for (const format of [0, 1.5, '2']) {
      await writeFile(headerPath(dir), JSON.stringify({ ...sampleHeader(), format }));
      const error: unknown = await readHeader(dir).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: 'VAULT_CORRUPT' });
      expect(error).not.toHaveProperty('reason.code', 'vault_too_new');
    }
  });

  it('refuses KDF parameters below the floor', async () => {
    const weak = sampleHeader();
    await writeFile(headerPath(dir), JSON.stringify({ ...weak, kdf: { ...weak.kdf, memoryKiB: 1024 } }));
    await expect(readHeader(dir)).rejects.toMatchObject({ code: 'VAULT_CORRUPT' });
  });

  it('removes temp files a crash left behind', async () => {
    await writeHeader(dir, sampleHeader());
    await writeFile(path.join(dir, 'vault.json.0123456789ab.tmp'), '{}');
    await removeStaleHeaderTemps(dir);
    expect(await readdir(dir)).toEqual(['vault.json']);
  });
});
