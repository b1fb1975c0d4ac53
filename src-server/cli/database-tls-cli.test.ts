// The command line refuses a plaintext PostgreSQL connection to another
// machine before it opens or writes anything (child processes; a real
// PostgreSQL server for the data folder, reached over its unix socket, which
// is local). The refused host is a TEST-NET address (RFC 5737): nothing
// answers there, so a command that got past the check fails connecting
// instead, with another message.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgresTestServer, type PostgresTestServer } from '../store/postgres/testing/postgres-test-server';
import { runCli } from '../testing/cli-process';

const root = mkdtempSync(join(tmpdir(), 'fieldvault-database-tls-'));
const dataDir = join(root, 'org');
const remote = 'postgres://fieldvault:a-secret-password@192.0.2.1:5432/fieldvault?connect_timeout=1';
const refusal = 'fieldvault-server serve: The PostgreSQL connection to host 192.0.2.1 would not be encrypted';
let postgres: PostgresTestServer;

function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  for (const name of ['FIELDVAULT_DATABASE_URL', 'FIELDVAULT_ALLOW_PLAINTEXT_DATABASE', 'PGSSLMODE', 'PGHOST']) {
    if (!(name in extra)) delete env[name];
  }
  return env;
}

beforeAll(async () => {
  postgres = await startPostgresTestServer();
  const database = await postgres.createDatabase('databasetls');
  // A unix socket is this machine: no TLS asked for, and none needed.
  const socketUrl = `postgres://${postgres.user}@/${database}?host=${encodeURIComponent(postgres.socketDir)}&port=${postgres.port}`;
  const init = await runCli(['init', '--data-dir', dataDir, '--store', 'postgres', '--database-url', socketUrl], { env: cleanEnv() });
  expect(init.code, init.stderr).toBe(0);
}, 120_000);

afterAll(async () => {
  await postgres.stop();
  rmSync(root, { recursive: true, force: true });
}, 60_000);

describe('a PostgreSQL database on another machine without TLS', () => {
  it('serve refuses it, from --database-url or FIELDVAULT_DATABASE_URL, naming sslmode=verify-full and the override, never the password', async () => {
    for (const [args, env] of [
      [['--database-url', remote], cleanEnv()],
      [[], cleanEnv({ FIELDVAULT_DATABASE_URL: remote })],
    ] as const) {
      const served = await runCli(['serve', '--data-dir', dataDir, '--port', '0', ...args], { env });
      expect(served.code).toBe(1);
      expect(served.stdout).toBe('');
      expect(served.stderr).toContain(refusal);
      expect(served.stderr).toContain('Add sslmode=verify-full to the database URL');
      expect(served.stderr).toContain('pass --allow-plaintext-database or set FIELDVAULT_ALLOW_PLAINTEXT_DATABASE=1');
      expect(served.stderr).not.toContain('a-secret-password');
    }
  });

  it('init refuses it before writing anything', async () => {
    const fresh = join(root, 'fresh');
    const init = await runCli(['init', '--data-dir', fresh, '--store', 'postgres', '--database-url', remote], { env: cleanEnv() });
    expect(init.code).toBe(1);
    expect(init.stderr).toContain('fieldvault-server init: The PostgreSQL connection to host 192.0.2.1 would not be encrypted');
    expect(existsSync(fresh)).toBe(false);
  });

  it('passes with sslmode=verify-full, PGSSLMODE, the flag or the variable (the override logged), then fails only connecting', async () => {
    const cases = [
      { name: 'sslmode', args: ['--database-url', `${remote}&sslmode=verify-full`], env: cleanEnv(), logged: false },
      { name: 'PGSSLMODE', args: ['--database-url', remote], env: cleanEnv({ PGSSLMODE: 'verify-full' }), logged: false },
      { name: 'flag', args: ['--database-url', remote, '--allow-plaintext-database'], env: cleanEnv(), logged: true },
      { name: 'variable', args: ['--database-url', remote], env: cleanEnv({ FIELDVAULT_ALLOW_PLAINTEXT_DATABASE: '1' }), logged: true },
    ];
    for (const { name, args, env, logged } of cases) {
      const served = await runCli(['serve', '--data-dir', dataDir, '--port', '0', ...args], { env });
      expect(served.code, name).toBe(1);
      expect(served.stderr).not.toContain('would not be encrypted');
      expect(served.stderr).toContain('Could not connect to the PostgreSQL database at 192.0.2.1:5432');
      expect(served.stderr.includes('"event":"store.plaintext_database","host":"192.0.2.1"'), name).toBe(logged);
      expect(served.stderr).not.toContain('a-secret-password');
    }
  }, 60_000);
});
