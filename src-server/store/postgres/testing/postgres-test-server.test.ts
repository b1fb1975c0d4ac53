// The PostgreSQL test harness itself: it finds the Debian binaries or says
// how to install them, runs a real server (as the postgres user when the
// tests run as root) with a database per caller, and leaves nothing behind.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { findPostgresBinDir, startPostgresTestServer } from './postgres-test-server';

describe('PostgreSQL test server', () => {
  it('fails with an install hint when the binaries are missing', () => {
    const empty = mkdtempSync(join(tmpdir(), 'fieldvault-no-pg-'));
    try {
      expect(() => findPostgresBinDir({ fromEnv: join(empty, 'nowhere'), root: empty })).toThrow(/apt-get install -y postgresql/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('finds the installed binaries', () => {
    const bin = findPostgresBinDir();
    for (const name of ['initdb', 'postgres', 'pg_dump']) expect(existsSync(join(bin, name))).toBe(true);
  });

  it('serves separate databases on loopback and removes the server and its files on stop', async () => {
    const server = await startPostgresTestServer();
    const first = await server.createDatabase('harness');
    const second = await server.createDatabase('harness');
    expect(first).not.toBe(second);
    const client = new pg.Client({ connectionString: server.connectionString(first) });
    await client.connect();
    const { rows } = await client.query<{ address: string; user: string }>('SELECT inet_server_addr()::text AS address, current_user AS user');
    expect(rows).toEqual([{ address: '127.0.0.1/32', user: server.user }]);
    await client.query('CREATE TABLE t (v text)');
    await client.query(`INSERT INTO t VALUES ('marker-value')`);
    await client.end();
    expect(await server.dump(first)).toContain('marker-value');
    expect(await server.dump(second)).not.toContain('marker-value');

    expect(existsSync(server.dir)).toBe(true);
    await server.stop();
    await server.stop(); // idempotent
    expect(existsSync(server.dir)).toBe(false);
    const late = new pg.Client({ connectionString: server.connectionString(first), connectionTimeoutMillis: 2_000 });
    await expect(late.connect()).rejects.toThrow();
  });
});
