// The TLS check of the PostgreSQL connection (database-tls.ts): which hosts
// are this machine, which URL forms and PGSSLMODE values ask for TLS (read
// as pg reads them), and the override.
import { describe, expect, it } from 'vitest';
import { checkDatabaseTransport, databaseTransport, plaintextDatabaseMessage } from './database-tls';

const noEnv = {};

describe('databaseTransport', () => {
  it('takes loopback hosts and unix sockets as local, in every URL form pg reads', () => {
    for (const url of [
      'postgres://fieldvault@localhost:5432/fieldvault',
      'postgresql://fieldvault@LOCALHOST/fieldvault',
      'postgres://fieldvault@127.0.0.1:5432/fieldvault',
      'postgres://fieldvault@127.0.0.2/fieldvault',
      'postgres://fieldvault@[::1]:5432/fieldvault',
      // No host: pg takes PGHOST, else localhost.
      'postgres:///fieldvault',
      'postgres://fieldvault@/fieldvault',
      // Unix sockets: the host parameter, an encoded path as the host, pg's socket: URL and its path form.
      'postgres://fieldvault@/fieldvault?host=/var/run/postgresql',
      'postgres://fieldvault@%2Fvar%2Frun%2Fpostgresql/fieldvault',
      'socket:/var/run/postgresql?db=fieldvault',
      '/var/run/postgresql fieldvault',
    ]) {
      expect(databaseTransport(url, noEnv).kind, url).toBe('local');
    }
    expect(databaseTransport('postgres:///fieldvault', { PGHOST: '/tmp' }).kind).toBe('local');
  });

  it('takes any other host as plaintext unless an sslmode asks for TLS', () => {
    const remote = [
      ['postgres://user:pass@db.example.org:5432/db', 'db.example.org'],
      ['postgres://fieldvault@10.0.0.5/fieldvault', '10.0.0.5'],
      ['postgres://fieldvault@[2001:db8::1]:5432/fieldvault', '2001:db8::1'],
      ['postgres://fieldvault@localhost.example.org/fieldvault', 'localhost.example.org'],
      // The host parameter wins over the URL's host, as in pg.
      ['postgres://fieldvault@localhost/fieldvault?host=db.example.org', 'db.example.org'],
      // sslmodes that leave the connection in clear, or are not libpq's TLS modes.
      ['postgres://fieldvault@db.example.org/fieldvault?sslmode=disable', 'db.example.org'],
      ['postgres://fieldvault@db.example.org/fieldvault?sslmode=allow', 'db.example.org'],
      ['postgres://fieldvault@db.example.org/fieldvault?sslmode=prefer', 'db.example.org'],
      ['postgres://fieldvault@db.example.org/fieldvault?sslmode=no-verify', 'db.example.org'],
    ] as const;
    for (const [url, host] of remote) expect(databaseTransport(url, noEnv), url).toEqual({ kind: 'plaintext', host });
    expect(databaseTransport('postgres:///fieldvault', { PGHOST: 'db.example.org' })).toEqual({ kind: 'plaintext', host: 'db.example.org' });
  });

  it('takes sslmode require, verify-ca and verify-full, from the URL or else PGSSLMODE, as TLS', () => {
    for (const mode of ['require', 'verify-ca', 'verify-full']) {
      expect(databaseTransport(`postgres://user:pass@db.example.org:5432/db?sslmode=${mode}`, noEnv)).toEqual({ kind: 'tls', sslmode: mode });
      expect(databaseTransport('postgres://user:pass@db.example.org:5432/db', { PGSSLMODE: mode })).toEqual({ kind: 'tls', sslmode: mode });
    }
    expect(databaseTransport('postgres://db.example.org/db?sslrootcert=/etc/ca.pem&sslmode=verify-full', noEnv).kind).toBe('tls');
    expect(databaseTransport('postgres://db.example.org/db', { PGSSLMODE: 'prefer' }).kind).toBe('plaintext');
  });

  it('ignores PGSSLMODE where the URL settles TLS itself, as pg does', () => {
    const env = { PGSSLMODE: 'verify-full' };
    expect(databaseTransport('postgres://db.example.org/db?sslmode=disable', env).kind).toBe('plaintext');
    // pg: ssl=0 in the URL, and PGSSLMODE is never read.
    expect(databaseTransport('postgres://db.example.org/db?ssl=0', env).kind).toBe('plaintext');
  });

  it('takes what pg cannot read as a URL as plaintext to another host', () => {
    // pg reads a libpq key=value string as a path relative to postgres://base, and would connect to "base".
    expect(databaseTransport('host=db.example.org dbname=fieldvault', noEnv)).toEqual({ kind: 'plaintext', host: 'base' });
    expect(databaseTransport('postgres://user@[not-an-address/db', noEnv)).toEqual({ kind: 'plaintext', host: null });
  });
});

describe('checkDatabaseTransport', () => {
  const remote = { kind: 'postgres', databaseUrl: 'postgres://fieldvault:a-secret-password@db.example.org:5432/fieldvault' } as const;

  it('refuses a plaintext connection to another machine, naming sslmode=verify-full and the override, never the password', () => {
    expect(() => checkDatabaseTransport(remote, { allowFlag: false, env: noEnv })).toThrow(plaintextDatabaseMessage('db.example.org'));
    const message = plaintextDatabaseMessage('db.example.org');
    expect(message).toContain('sslmode=verify-full');
    expect(message).toContain('--allow-plaintext-database');
    expect(message).toContain('FIELDVAULT_ALLOW_PLAINTEXT_DATABASE=1');
    const thrown = (() => {
      try {
        checkDatabaseTransport(remote, { allowFlag: false, env: noEnv });
        return 'no error';
      } catch (error) {
        return String(error);
      }
    })();
    expect(thrown).toContain('would not be encrypted');
    expect(thrown).not.toContain('a-secret-password');
  });

  it('lets it through with the flag or FIELDVAULT_ALLOW_PLAINTEXT_DATABASE=1 (and says it is plaintext), and TLS, local and SQLite without', () => {
    expect(checkDatabaseTransport(remote, { allowFlag: true, env: noEnv })).toEqual({ kind: 'plaintext', host: 'db.example.org' });
    expect(checkDatabaseTransport(remote, { allowFlag: false, env: { FIELDVAULT_ALLOW_PLAINTEXT_DATABASE: '1' } })).toEqual({ kind: 'plaintext', host: 'db.example.org' });
    expect(() => checkDatabaseTransport(remote, { allowFlag: false, env: { FIELDVAULT_ALLOW_PLAINTEXT_DATABASE: 'yes' } })).toThrow(/would not be encrypted/);
    expect(checkDatabaseTransport(remote, { allowFlag: false, env: { PGSSLMODE: 'verify-full' } })).toEqual({ kind: 'tls', sslmode: 'verify-full' });
    expect(checkDatabaseTransport({ kind: 'postgres', databaseUrl: 'postgres://fieldvault@127.0.0.1:5432/fieldvault' }, { allowFlag: false, env: noEnv })?.kind).toBe('local');
    expect(checkDatabaseTransport({ kind: 'sqlite' }, { allowFlag: false, env: noEnv })).toBeNull();
  });
});
