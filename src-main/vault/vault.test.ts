import { randomBytes } from 'node:crypto';
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ContactDraft } from '../../src-shared/domain/contact';
// The canary travels the path customer data does: through the real contact repository.
import { createContact, getContact } from '../services/crm/contact.service';
import { runTsx } from '../testing/spawn-tsx';
import { TempVaultFolder } from '../testing/temp-vault';
import { Connection, WrongKeyError } from './connection';
import { UnwrapFailedError, deriveKek, unwrapKey } from './key-crypto';
import type { LockReason, Vault } from './vault';
import type { VaultHeader } from './vault-header';

const PASSWORD = 'correct horse battery staple';
const CANARY = 'canary-7d1f0c9e-Zebulon-Quackenbush';
const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');
const unlockFixture = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'unlock-vault.ts');

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

describe('Vault (real SQLCipher file, real OS keychain)', () => {
  let folder: TempVaultFolder;
  let vault: Vault;
  let lockEvents: LockReason[];

  beforeEach(async () => {
    folder = await TempVaultFolder.create();
    vault = folder.vault();
    lockEvents = [];
    vault.onLock((reason) => lockEvents.push(reason));
    await vault.create(PASSWORD);
  });

  afterEach(async () => {
    await folder.dispose();
  });

  async function addCanaryContact() {
    const draft = ContactDraft.parse({ name: CANARY, emails: ['zebulon@example.org'], notes: `notes ${CANARY}` });
    return vault.connection().write((tx) => createContact(tx, draft, Date.now()));
  }

  /** The DEK as the header wraps it, recovered the way unlock does (password + keychain). */
  async function currentDek(header: VaultHeader, password: string): Promise<Buffer> {
    const deviceSecret = await folder.keyStore.get(header.vaultId);
    if (deviceSecret === null) throw new Error('no device secret');
    return unwrapKey(await deriveKek(password, deviceSecret, header.vaultId, header.kdf), header.current, header.vaultId);
  }

  async function rawFiles(): Promise<Buffer[]> {
    const names = ['vault.db', 'vault.db-wal', 'vault.json'];
    return Promise.all(names.map((name) => readFile(folder.file(name)).catch(() => Buffer.alloc(0))));
  }

  it('creates an encrypted vault: no SQLite header, canary absent from db, WAL and header, before and after checkpoint', async () => {
    expect(await vault.status()).toEqual({ state: 'unlocked', failedAttempts: 0, maxFailedAttempts: 10, retryAfterMs: 0, rotating: false });
    await addCanaryContact();

    const [db, wal, header] = await rawFiles();
    expect(db?.subarray(0, 16).equals(SQLITE_MAGIC)).toBe(false);
    expect(wal?.length).toBeGreaterThan(0);
    for (const bytes of [db, wal, header]) {
      expect(bytes?.includes(CANARY)).toBe(false);
      expect(bytes?.includes(Buffer.from(CANARY, 'utf16le'))).toBe(false);
      expect(bytes?.includes(PASSWORD)).toBe(false);
    }

    await vault.connection().checkpoint();
    const [dbAfter, walAfter] = await rawFiles();
    expect(walAfter?.length).toBe(0);
    expect(dbAfter?.includes(CANARY)).toBe(false);
    expect(dbAfter?.subarray(0, 16).equals(SQLITE_MAGIC)).toBe(false);

    await vault.lock();
    for (const bytes of await rawFiles()) expect(bytes.includes(CANARY)).toBe(false);
    expect(folder.log.lines.join('\n')).not.toContain(CANARY);
    expect(folder.log.lines.join('\n')).not.toContain(PASSWORD);
  });

  it('unlocks with the right password and the data is there', async () => {
    const contact = await addCanaryContact();
    await vault.lock();
    expect((await vault.status()).state).toBe('locked');

    const restarted = folder.vault();
    await restarted.unlock(PASSWORD);
    expect(restarted.isUnlocked()).toBe(true);
    expect(await restarted.connection().read((tx) => getContact(tx, contact.id))).toEqual(contact);
  });

  it('answers a wrong password with WRONG_PASSWORD and counts it; success resets the count', async () => {
    await vault.lock();
    const error = await rejection(vault.unlock('not the password'));
    expect(error).toMatchObject({ code: 'WRONG_PASSWORD', attemptsLeft: 9 });
    expect(String(error)).not.toContain('not the password');
    expect(vault.isUnlocked()).toBe(false);
    expect((await vault.status()).failedAttempts).toBe(1);

    await vault.unlock(PASSWORD);
    expect((await vault.status()).failedAttempts).toBe(0);
  });

  it('stores no password verifier in vault.json, only the GCM-wrapped DEK', async () => {
    const json: unknown = JSON.parse(await readFile(folder.file('vault.json'), 'utf8'));
    expect(typeof json === 'object' && json !== null ? Object.keys(json).sort() : json).toEqual(['current', 'failedUnlocks', 'format', 'kdf', 'vaultId']);
    const header = await folder.header();
    expect(Object.keys(header.current).sort()).toEqual(['ciphertext', 'generation', 'iv', 'tag']);
    expect(Object.keys(header.kdf).sort()).toEqual(['algorithm', 'iterations', 'memoryKiB', 'parallelism', 'salt']);
    expect(JSON.stringify(json)).not.toMatch(/verifier|hash|password/i);
  });

  it('without the keychain entry: DEVICE_SECRET_MISSING, and the password alone cannot unwrap the DEK', async () => {
    await addCanaryContact();
    await vault.lock();
    const header = await folder.header();
    expect(await folder.keyStore.delete(header.vaultId)).toBe(true);

    await expect(vault.unlock(PASSWORD)).rejects.toMatchObject({ code: 'DEVICE_SECRET_MISSING' });
    expect((await vault.status()).failedAttempts).toBe(0);
    // Any other device secret (here: a guess) yields a KEK the wrap rejects.
    const guessedKek = await deriveKek(PASSWORD, randomBytes(32), header.vaultId, header.kdf);
    expect(() => unwrapKey(guessedKek, header.current, header.vaultId)).toThrow(UnwrapFailedError);
    await expect(Connection.open(folder.file('vault.db'), randomBytes(32))).rejects.toBeInstanceOf(WrongKeyError);
  });

  it('fails closed with KEYCHAIN_UNAVAILABLE when no keychain answers (child process)', async () => {
    await addCanaryContact();
    await vault.lock();
    const env = { FV_DATA_DIR: folder.dataDir, FV_KEYCHAIN_SERVICE: folder.keyStore.service, FV_PASSWORD: PASSWORD };
    const broken = await runTsx(unlockFixture, { ...env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/fieldvault/bus' });
    expect(JSON.parse(broken.stdout.trim())).toEqual({ ok: false, code: 'KEYCHAIN_UNAVAILABLE' });
    expect((await vault.status()).failedAttempts).toBe(0);
    // Control: the same child with the working session opens the vault.
    const working = await runTsx(unlockFixture, env);
    expect(JSON.parse(working.stdout.trim())).toEqual({ ok: true, contacts: 1 });
  });

  it('changePassword re-wraps the same DEK: old password fails, new works, data intact', async () => {
    const contact = await addCanaryContact();
    const before = await folder.header();
    const dekBefore = await currentDek(before, PASSWORD);

    await expect(vault.changePassword('wrong current', 'new password 123')).rejects.toMatchObject({ code: 'WRONG_PASSWORD' });
    expect((await vault.status()).failedAttempts).toBe(1);
    await vault.changePassword(PASSWORD, 'new password 123');
    expect((await vault.status()).failedAttempts).toBe(0);

    const after = await folder.header();
    expect(after.kdf.salt).not.toBe(before.kdf.salt);
    expect(after.current.generation).toBe(before.current.generation);
    expect((await currentDek(after, 'new password 123')).equals(dekBefore)).toBe(true);

    await vault.lock();
    await expect(vault.unlock(PASSWORD)).rejects.toMatchObject({ code: 'WRONG_PASSWORD' });
    await vault.unlock('new password 123');
    expect(await vault.connection().read((tx) => getContact(tx, contact.id))).toEqual(contact);
  });

  it('rotateKey replaces the DEK, keeps the data, and the old DEK no longer opens the file', async () => {
    const contact = await addCanaryContact();
    const before = await folder.header();
    const oldDek = await currentDek(before, PASSWORD);
    await vault.rotateKey();
    const after = await folder.header();
    expect(after.pending).toBeUndefined();
    expect(after.current.generation).toBe(before.current.generation + 1);
    const newDek = await currentDek(after, PASSWORD);
    expect(newDek.equals(oldDek)).toBe(false);
    expect(await vault.connection().read((tx) => getContact(tx, contact.id))).toEqual(contact);

    await vault.lock();
    await expect(Connection.open(folder.file('vault.db'), oldDek)).rejects.toBeInstanceOf(WrongKeyError);
    await vault.unlock(PASSWORD);
    expect(await vault.connection().read((tx) => getContact(tx, contact.id))).toEqual(contact);
    for (const bytes of await rawFiles()) expect(bytes.includes(CANARY)).toBe(false);
  });

  it('destroy verifies the password, then removes the keychain entry and every file', async () => {
    await addCanaryContact();
    const { vaultId } = await folder.header();
    await expect(vault.destroy('wrong')).rejects.toMatchObject({ code: 'WRONG_PASSWORD' });
    expect(vault.isUnlocked()).toBe(true);

    await vault.destroy(PASSWORD);
    expect(await folder.keyStore.get(vaultId)).toBeNull();
    expect(await readdir(folder.dataDir)).toEqual([]);
    expect((await vault.status()).state).toBe('none');
    expect(vault.isUnlocked()).toBe(false);
    expect(lockEvents).toEqual(['destroyed']);
    await expect(vault.unlock(PASSWORD)).rejects.toMatchObject({ code: 'NO_VAULT' });
    // A new vault can be created in the same place.
    await vault.create(PASSWORD);
    expect(vault.isUnlocked()).toBe(true);
  });

  it('eraseUnopenable erases a vault whose device key is gone, and only such a vault', async () => {
    await addCanaryContact();
    const { vaultId } = await folder.header();
    // Unlocked, or locked with its key in the keychain: it can open, so it is not erased.
    await expect(vault.eraseUnopenable()).rejects.toMatchObject({ code: 'NOT_PERMITTED' });
    await vault.lock();
    await expect(vault.eraseUnopenable()).rejects.toMatchObject({ code: 'NOT_PERMITTED' });
    await vault.unlock(PASSWORD);
    expect((await vault.connection().read((tx) => tx.get<{ n: number }>('SELECT count(*) AS n FROM contacts')))?.n).toBe(1);
    await vault.lock();

    // A keychain that does not answer is never taken for a missing key (child process without D-Bus).
    const env = { FV_DATA_DIR: folder.dataDir, FV_KEYCHAIN_SERVICE: folder.keyStore.service, FV_PASSWORD: PASSWORD, FV_ACTION: 'erase' };
    const broken = await runTsx(unlockFixture, { ...env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/fieldvault/bus' });
    expect(JSON.parse(broken.stdout.trim())).toEqual({ ok: false, code: 'KEYCHAIN_UNAVAILABLE' });
    expect((await readdir(folder.dataDir)).sort()).toEqual(expect.arrayContaining(['vault.db', 'vault.json']));

    // The key is gone (a reset keychain): the vault can never open, and now it can be erased.
    expect(await folder.keyStore.delete(vaultId)).toBe(true);
    await expect(vault.unlock(PASSWORD)).rejects.toMatchObject({ code: 'DEVICE_SECRET_MISSING' });
    await vault.eraseUnopenable();
    expect(await readdir(folder.dataDir)).toEqual([]);
    expect((await vault.status()).state).toBe('none');
    expect(lockEvents.at(-1)).toBe('destroyed');
    const logged = folder.log.lines.join('\n');
    expect(logged).toContain('"vault.erasedUnopenable"');
    expect(logged).not.toContain(CANARY);
    await expect(vault.eraseUnopenable()).rejects.toMatchObject({ code: 'NO_VAULT' });
    // A new vault can be set up in its place.
    await vault.create(PASSWORD);
    expect(vault.isUnlocked()).toBe(true);
  });

  it('lock closes the connection and reports the reason once; connection() then throws LockedError', async () => {
    const connection = vault.connection();
    await vault.lock('idle');
    await vault.lock();
    expect(lockEvents).toEqual(['idle']);
    expect(() => vault.connection()).toThrow(expect.objectContaining({ code: 'LOCKED' }));
    await expect(connection.read(() => Promise.resolve(1))).rejects.toMatchObject({ code: 'LOCKED' });
    await expect(vault.rotateKey()).rejects.toMatchObject({ code: 'LOCKED' });

    const unsubscribe = vault.onLock(() => lockEvents.push('user'));
    unsubscribe();
    await vault.unlock(PASSWORD);
    await vault.lock('suspend');
    expect(lockEvents).toEqual(['idle', 'suspend']);
  });

  it('refuses a second create and an unlock without a vault', async () => {
    await expect(vault.create('another password')).rejects.toMatchObject({ code: 'VAULT_EXISTS' });
    const empty = await TempVaultFolder.create();
    try {
      await expect(empty.vault().unlock(PASSWORD)).rejects.toMatchObject({ code: 'NO_VAULT' });
      expect(await empty.vault().status()).toMatchObject({ state: 'none' });
    } finally {
      await empty.dispose();
    }
  });

  it('reports a missing database file as VAULT_CORRUPT', async () => {
    await vault.lock();
    await rm(folder.file('vault.db'));
    await expect(vault.unlock(PASSWORD)).rejects.toMatchObject({ code: 'VAULT_CORRUPT' });
    // The password was right: damage must not count towards the wipe.
    expect((await vault.status()).failedAttempts).toBe(0);
  });
});
