// Test support: a throwaway certificate authority and server certificates
// (ECDSA P-256) made with the openssl command line, so transport tests can run
// a real TLS server on loopback and prove which CA the client trusts.
// (@peculiar/x509 needs a reflect-metadata polyfill the project does not ship.)
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TestCa {
  readonly certPem: string;
  readonly name: string;
  /** Issues a server certificate for 127.0.0.1 and localhost, valid from startDaysAgo for days. */
  issueServer(options?: { readonly days?: number; readonly startDaysAgo?: number }): Promise<{ certPem: string; keyPem: string }>;
}

async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'fieldvault-pki-'));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const ecKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];

/** openssl's date format for `ca -startdate/-enddate`: YYMMDDHHMMSSZ. */
function opensslDate(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:T]/g, '').slice(2, 14) + 'Z';
}

export async function createTestCa(name = 'FieldVault Test Org CA'): Promise<TestCa> {
  const { certPem, keyPem } = await withTempDir(async (dir) => {
    const cert = path.join(dir, 'ca.pem');
    const key = path.join(dir, 'ca.key');
    await run('openssl', [
      'req', '-x509', ...ecKey, '-keyout', key, '-out', cert, '-days', '2', '-subj', `/CN=${name}`,
      '-addext', 'basicConstraints=critical,CA:TRUE,pathlen:0',
      '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
    ]);
    return { certPem: await readFile(cert, 'utf8'), keyPem: await readFile(key, 'utf8') };
  });

  return {
    certPem,
    name,
    issueServer: (options = {}) =>
      withTempDir(async (dir) => {
        const file = (n: string) => path.join(dir, n);
        await writeFile(file('ca.pem'), certPem);
        await writeFile(file('ca.key'), keyPem, { mode: 0o600 });
        await writeFile(file('index.txt'), '');
        await writeFile(
          file('ca.cnf'),
          [
            '[ca]', 'default_ca = test',
            '[test]', `dir = ${dir}`, 'database = $dir/index.txt', 'new_certs_dir = $dir', 'certificate = $dir/ca.pem',
            'private_key = $dir/ca.key', 'default_md = sha256', 'policy = anything', 'copy_extensions = none',
            'rand_serial = yes', 'unique_subject = no',
            '[anything]', 'commonName = supplied',
            '[server]', 'basicConstraints = critical,CA:FALSE', 'keyUsage = critical,digitalSignature',
            'extendedKeyUsage = serverAuth', 'subjectAltName = IP:127.0.0.1,DNS:localhost',
          ].join('\n'),
        );
        await run('openssl', ['req', '-new', ...ecKey, '-keyout', file('server.key'), '-out', file('server.csr'), '-subj', '/CN=127.0.0.1']);
        const start = Date.now() - (options.startDaysAgo ?? 0) * 86_400_000 - 60_000;
        const end = start + (options.days ?? 1) * 86_400_000 + 60_000;
        await run('openssl', [
          'ca', '-batch', '-config', file('ca.cnf'), '-extensions', 'server', '-in', file('server.csr'), '-out', file('server.pem'),
          '-startdate', opensslDate(start), '-enddate', opensslDate(end), '-notext',
        ]);
        return { certPem: await readFile(file('server.pem'), 'utf8'), keyPem: await readFile(file('server.key'), 'utf8') };
      }),
  };
}
