import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { runTsx } from '../testing/spawn-tsx';
import { testServiceName } from '../testing/test-key-store';
import { KeytarKeyStore } from './keytar.key-store';

const probe = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'probe-keychain.ts');

describe('KeytarKeyStore (real OS keychain)', () => {
  const service = testServiceName();
  const store = new KeytarKeyStore(service);
  const accounts: string[] = [];

  afterEach(async () => {
    for (const account of accounts.splice(0)) await store.delete(account);
  });

  it('round-trips a binary secret and deletes it', async () => {
    const account = `acct-${randomBytes(4).toString('hex')}`;
    accounts.push(account);
    const secret = randomBytes(32);

    expect(await store.get(account)).toBeNull();
    await store.set(account, secret);
    const read = await store.get(account);
    expect(read?.equals(secret)).toBe(true);

    // A second store on the same service sees the entry; another service does not.
    expect((await new KeytarKeyStore(service).get(account))?.equals(secret)).toBe(true);
    expect(await new KeytarKeyStore(testServiceName()).get(account)).toBeNull();

    expect(await store.delete(account)).toBe(true);
    expect(await store.get(account)).toBeNull();
    expect(await store.delete(account)).toBe(false);
  });

  it('overwrites an existing entry', async () => {
    const account = `acct-${randomBytes(4).toString('hex')}`;
    accounts.push(account);
    await store.set(account, randomBytes(32));
    const second = randomBytes(32);
    await store.set(account, second);
    expect((await store.get(account))?.equals(second)).toBe(true);
  });

  it.runIf(process.platform === 'linux')('takes no answer from the Secret Service search for an unknown one: an entry libsecret cannot find is not called missing, nor a delete that found none done', async () => {
    const account = `acct-${randomBytes(4).toString('hex')}`;
    const path = process.env['PATH'];
    // dbus-send cannot be run (not installed, or as if it timed out): locked and missing cannot be told apart.
    process.env['PATH'] = '/nonexistent-fieldvault-test';
    try {
      // Before, "not found" and no answer read as a missing key (an erase offered) and as an entry already gone (no tombstone).
      await expect(store.get(account)).rejects.toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE' });
      await expect(store.delete(account)).rejects.toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE' });
      // Said at an unlock too: what to do, not "FieldVault will not store keys without one".
      await expect(store.get(account)).rejects.toThrow(/\. Unlock the OS keychain and try again: FieldVault keeps its keys only there\.$/);
    } finally {
      process.env['PATH'] = path;
    }
    // With the search answering, the same entry is missing as before.
    expect(await store.get(account)).toBeNull();
    expect(await store.delete(account)).toBe(false);
  });

  it('fails closed with KEYCHAIN_UNAVAILABLE when the D-Bus session is unreachable', async () => {
    const started = Date.now();
    const result = await runTsx(probe, {
      DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/fieldvault-test/bus',
      FV_KEYCHAIN_SERVICE: service,
    });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout.trim())).toEqual({ ok: false, code: 'KEYCHAIN_UNAVAILABLE' });
    // It must answer promptly, not wait for the 5 s call timeout.
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('fails closed with KEYCHAIN_UNAVAILABLE when the keytar module cannot be loaded', async () => {
    // A module hook in the child makes `import('keytar')` fail, as a missing or
    // ABI-mismatched native build would.
    const hook = 'export async function resolve(specifier, context, next) { if (specifier === "keytar") throw new Error("no keytar"); return next(specifier, context); }';
    const register = `import { register } from 'node:module'; register('data:text/javascript,${encodeURIComponent(hook)}');`;
    const result = await runTsx(probe, { FV_KEYCHAIN_SERVICE: service }, { nodeArgs: ['--import', `data:text/javascript,${encodeURIComponent(register)}`] });
    expect(JSON.parse(result.stdout.trim())).toEqual({ ok: false, code: 'KEYCHAIN_UNAVAILABLE' });
  });

  it('the probe succeeds against the working keychain (control for the tests above)', async () => {
    const result = await runTsx(probe, { FV_KEYCHAIN_SERVICE: service });
    expect(JSON.parse(result.stdout.trim())).toEqual({ ok: true, found: false });
  });
});
