// A canary customer value written through the IPC channel must not appear in
// plain text anywhere on disk or in the logs: not in the vault file, its WAL,
// its header, before or after a checkpoint. The vault must not carry the
// plain SQLite header, must open with the right password, and must not open
// with a wrong one or without its keychain entry.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTempCore, testSender, type TempCore } from '../support/temp-core';

const password = 'canary test password 1';
const canary = {
  name: 'Philippa Canarywing-Osei',
  emails: ['philippa.canarywing@example.org'],
  phones: ['+44 7700 900123'],
  notes: 'CANARY-NOTE-do-not-leak-9f3b2c',
};
/** Every customer value of the canary, as the strings to look for. */
const canaryValues = [canary.name, ...canary.emails, ...canary.phones, canary.notes];

async function filesContaining(dir: string, needle: string): Promise<string[]> {
  const found: string[] = [];
  for (const name of await readdir(dir)) {
    const bytes = await readFile(path.join(dir, name));
    for (const encoding of ['utf8', 'utf16le'] as const) {
      if (bytes.includes(Buffer.from(needle, encoding))) found.push(`${name} (${encoding})`);
    }
  }
  return found;
}

describe('vault at rest', () => {
  let temp: TempCore;

  beforeEach(async () => {
    temp = await createTempCore();
  });
  afterEach(async () => {
    await temp.dispose();
  });

  it('holds no plaintext of a value written through a channel, before or after a checkpoint', async () => {
    expect(await temp.core.registry.dispatch(testSender, 'vault.create', { password })).toMatchObject({ ok: true });
    const created = await temp.core.registry.dispatch(testSender, 'contacts.create', canary);
    expect(created).toMatchObject({ ok: true, value: { name: canary.name } });

    const header = await readFile(path.join(temp.dataDir, 'vault.db'));
    expect(header.subarray(0, 16).toString('latin1')).not.toBe('SQLite format 3\0');
    expect(header.length).toBeGreaterThan(0);

    for (const value of canaryValues) {
      expect(await filesContaining(temp.dataDir, value)).toEqual([]);
    }
    await temp.core.vault.connection().checkpoint();
    for (const value of canaryValues) {
      expect(await filesContaining(temp.dataDir, value)).toEqual([]);
    }
    await temp.core.registry.dispatch(testSender, 'vault.lock', {});
    for (const value of [...canaryValues, password]) {
      expect(await filesContaining(temp.dataDir, value)).toEqual([]);
      expect(temp.logLines.join('\n')).not.toContain(value);
    }
  });

  it('opens with the right password only, and not without its keychain entry', async () => {
    await temp.core.registry.dispatch(testSender, 'vault.create', { password });
    const created = await temp.core.registry.dispatch(testSender, 'contacts.create', canary);
    if (!created.ok) throw new Error(created.error.code);
    const id = (created.value as { id: string }).id;
    await temp.core.registry.dispatch(testSender, 'vault.lock', {});

    expect(await temp.core.registry.dispatch(testSender, 'contacts.get', { id })).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    // The count of attempts left travels as a number too, for a lock screen in another language.
    expect(await temp.core.registry.dispatch(testSender, 'vault.unlock', { password: 'not the password' })).toEqual({
      ok: false,
      error: { code: 'WRONG_PASSWORD', message: 'Wrong password. 9 attempts left before this vault is wiped.', attemptsLeft: 9 },
    });
    expect(await temp.core.registry.dispatch(testSender, 'vault.unlock', { password })).toMatchObject({ ok: true, value: { state: 'unlocked' } });
    expect(await temp.core.registry.dispatch(testSender, 'contacts.get', { id })).toMatchObject({ ok: true, value: { contact: canary } });
    await temp.core.registry.dispatch(testSender, 'vault.lock', {});

    const vaultId = (JSON.parse(await readFile(path.join(temp.dataDir, 'vault.json'), 'utf8')) as { vaultId: string }).vaultId;
    const { KeytarKeyStore } = await import('../../src-main/keychain/keytar.key-store');
    expect(await new KeytarKeyStore(temp.keychainService).delete(vaultId)).toBe(true);
    expect(await temp.core.registry.dispatch(testSender, 'vault.unlock', { password })).toMatchObject({
      ok: false,
      error: { code: 'DEVICE_SECRET_MISSING' },
    });
  });
});
