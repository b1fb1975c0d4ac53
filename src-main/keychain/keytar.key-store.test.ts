import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setPassword } from 'keytar';
import { afterEach, describe, expect, it } from 'vitest';
import { runTsx } from '../testing/spawn-tsx';
import { testServiceName } from '../testing/test-key-store';
import { KeytarKeyStore } from './keytar.key-store';

const probe = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'probe-keychain.ts');

/** What a rep reads where there is no keychain at all: nothing to unlock, so what to ask for. */
const noKeychainWords =
  'FieldVault needs the OS keychain to protect the vault key, and none answers on this computer. Ask your IT team to install or enable one (on Linux, GNOME Keyring or KWallet).';

/**
 * A D-Bus session bus of its own that knows no services (no service folders), so nothing owns or can be started
 * for the Secret Service's name: a desktop without GNOME Keyring or KWallet. Its address, and a stop.
 */
async function busWithoutSecretService(): Promise<{ address: string; stop: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'fieldvault-bare-bus-'));
  const config = path.join(dir, 'session.conf');
  await writeFile(
    config,
    `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN" "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig><type>session</type><listen>unix:dir=${dir}</listen><auth>EXTERNAL</auth>
<policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/></policy></busconfig>
`,
  );
  const daemon = spawn('dbus-daemon', ['--config-file', config, '--nofork', '--print-address=1'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const address = await new Promise<string>((resolve, reject) => {
    let out = '';
    daemon.on('error', reject);
    daemon.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      if (out.includes('\n')) resolve(out.trim());
    });
  });
  return {
    address,
    stop: async () => {
      const exited = new Promise((resolve) => daemon.once('exit', resolve));
      daemon.kill();
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}

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

  it('says an entry that holds text it never writes is damaged (an erase can follow), not a keychain to unlock', async () => {
    const account = `acct-${randomBytes(4).toString('hex')}`;
    accounts.push(account);
    await setPassword(service, account, 'not a key: edited by hand');
    await expect(store.get(account)).rejects.toMatchObject({ code: 'DEVICE_SECRET_MISSING', reason: { code: 'keychain_entry_damaged' } });
    // The length is the vault's to judge: the store hands back what the keychain holds.
    await store.set(account, randomBytes(31));
    expect((await store.get(account))?.length).toBe(31);
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
    // No session bus, so no keychain to unlock: the words ask for one.
    expect(JSON.parse(result.stdout.trim())).toEqual({ ok: false, code: 'KEYCHAIN_UNAVAILABLE', reason: 'keychain_missing', message: noKeychainWords });
    // It must answer promptly, not wait for the 5 s call timeout.
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it.runIf(process.platform === 'linux')('says no keychain answers, not "unlock it", on a D-Bus session without a Secret Service', async () => {
    const bus = await busWithoutSecretService();
    try {
      const result = await runTsx(probe, { DBUS_SESSION_BUS_ADDRESS: bus.address, FV_KEYCHAIN_SERVICE: service });
      expect(result.code, result.stderr).toBe(0);
      // Before, "Unlock the OS keychain and try again": there is nothing to unlock.
      expect(JSON.parse(result.stdout.trim())).toEqual({ ok: false, code: 'KEYCHAIN_UNAVAILABLE', reason: 'keychain_missing', message: noKeychainWords });
    } finally {
      await bus.stop();
    }
  });

  it('fails closed with KEYCHAIN_UNAVAILABLE when the keytar module cannot be loaded', async () => {
    // A module hook in the child makes `import('keytar')` fail, as a missing or
    // ABI-mismatched native build would.
    const hook = 'export async function resolve(specifier, context, next) { if (specifier === "keytar") throw new Error("no keytar"); return next(specifier, context); }';
    const register = `import { register } from 'node:module'; register('data:text/javascript,${encodeURIComponent(hook)}');`;
    const result = await runTsx(probe, { FV_KEYCHAIN_SERVICE: service }, { nodeArgs: ['--import', `data:text/javascript,${encodeURIComponent(register)}`] });
    // No keychain module, nothing to unlock: the words ask for a keychain, not an unlock.
    expect(JSON.parse(result.stdout.trim())).toEqual({ ok: false, code: 'KEYCHAIN_UNAVAILABLE', reason: 'keychain_missing', message: noKeychainWords });
  });

  it('the probe succeeds against the working keychain (control for the tests above)', async () => {
    const result = await runTsx(probe, { FV_KEYCHAIN_SERVICE: service });
    expect(JSON.parse(result.stdout.trim())).toEqual({ ok: true, found: false });
  });
});
