// `fieldvault-server init` refuses unusable settings before it writes
// anything (through the real command line): a port that is not plain decimal
// digits from 1 to 65535, a blank organisation or admin name or one the admin
// API would refuse (a C1 control, U+2028/2029, a bidirectional override), a host that is
// not a host name or IP address, or is a bind address (0.0.0.0, ::). The
// folder is left untouched, so init with good settings then works;
// initOrganisation itself checks the configuration before its first write too.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readConfig } from '../org/data-dir';
import { initOrganisation } from '../org/init';
import { runCli } from '../testing/cli-process';

const root = mkdtempSync(join(tmpdir(), 'fieldvault-init-options-test-'));

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

const refusals: readonly { readonly args: readonly string[]; readonly message: string }[] = [
  { args: ['--port', ''], message: '--port is a whole number from 1 to 65535' },
  { args: ['--port', '0x20FB'], message: '--port is a whole number from 1 to 65535' },
  { args: ['--port', '0'], message: '--port is a whole number from 1 to 65535' },
  { args: ['--port', '65536'], message: '--port is a whole number from 1 to 65535' },
  { args: ['--name', ''], message: '--name is the organisation’s name' },
  { args: ['--name', '   '], message: '--name is the organisation’s name' },
  { args: ['--admin='], message: '--admin is the first admin’s name' },
  // The admin API's name rule (admin-protocol.ts): a right-to-left override made a name read as other words.
  {
    args: ['--admin', 'Mallory \u202Enimda'],
    message: '--admin is the first admin’s name: 1 to 200 characters, not blank, without control, line separator or bidirectional override characters',
  },
  { args: ['--name', 'Acme\u2066 Sales'], message: '--name is the organisation’s name: 1 to 200 characters' },
  { args: ['--admin', 'Ann\u0085Lee'], message: '--admin is the first admin’s name: 1 to 200 characters' },
  { args: ['--host', ''], message: '--host "" is not a host name or an IP address' },
  { args: ['--host', 'fv.example.test', '--host', 'bad host/x'], message: '--host "bad host/x" is not a host name or an IP address' },
  { args: ['--host', 'https://fv.example.test'], message: 'is not a host name or an IP address' },
  // A bind address is no name a device can connect to (it made a server URL and certificate no device could use).
  { args: ['--host', '0.0.0.0'], message: '--host 0.0.0.0 is an address to listen on (all interfaces), not one devices can reach: give the host name or address devices will use' },
  { args: ['--host', 'fv.example.test', '--host', '::'], message: '--host :: is an address to listen on' },
  { args: ['--host', '[::]'], message: '--host [::] is an address to listen on' },
];

describe('fieldvault-server init: settings', () => {
  it('refuses each unusable setting with a clear message, writes nothing, and then inits with good settings', async () => {
    const dataDir = join(root, 'org');
    for (const refusal of refusals) {
      const result = await runCli(['init', '--data-dir', dataDir, ...refusal.args]);
      expect(result.code, refusal.args.join(' ')).toBe(1);
      expect(result.stderr).toContain(refusal.message);
      expect(existsSync(dataDir)).toBe(false);
    }

    const good = await runCli(['init', '--data-dir', dataDir, '--name', '  Acme Field Sales ', '--host', 'fv.example.test', '--host', '10.0.0.5', '--port', '018443']);
    expect(good.code, good.stderr).toBe(0);
    const config = readConfig(dataDir);
    expect(config).toMatchObject({ organisationName: 'Acme Field Sales', hosts: ['fv.example.test', '10.0.0.5'], port: 18443 });
    expect(JSON.parse(readFileSync(join(dataDir, 'enrolment-bundle.json'), 'utf8'))).toMatchObject({ serverUrl: 'https://fv.example.test:18443' });
  }, 180_000);

  it('initOrganisation checks the configuration before writing anything', async () => {
    const dataDir = join(root, 'library');
    const options = { dataDir, organisationName: 'Org', adminName: 'Admin', hosts: ['127.0.0.1'], port: 8443, store: { kind: 'sqlite' } } as const;
    await expect(initOrganisation({ ...options, hosts: ['bad host/x'] })).rejects.toThrow(/hosts\.0: A host is a host name or an IP address/);
    await expect(initOrganisation({ ...options, organisationName: ' ' })).rejects.toThrow(/organisationName/);
    await expect(initOrganisation({ ...options, adminName: '' })).rejects.toThrow('The first admin needs a name');
    await expect(initOrganisation({ ...options, adminName: 'Ann \u202Eevil' })).rejects.toThrow(
      'The first admin needs a name of 1 to 200 characters: No control, separator or bidirectional override characters',
    );
    await expect(initOrganisation({ ...options, organisationName: 'Org\u2028Two' })).rejects.toThrow(
      "The organisation's settings are not valid: organisationName: No control, separator or bidirectional override characters",
    );
    expect(existsSync(dataDir)).toBe(false);
  });
});
