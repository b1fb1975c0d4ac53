// Test support: a REAL PostgreSQL server from the Debian package, started in a
// fresh temp directory on a free loopback port (unix socket in the same temp
// directory), one per test file, with a fresh database per caller. It lives
// here rather than in tests/support because the src-server project may only
// import its own files; tests/support/postgres.ts re-exports it.
//
// initdb and postgres refuse to run as root. When the tests run as root (CI on
// a fresh Debian machine), the binaries are spawned with the uid/gid of the
// `postgres` system user that the Debian package creates, and the temp
// directory is chowned to it. No system cluster and no systemd are involved.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export interface PostgresTestServer {
  /** The temp directory holding the cluster and its socket; gone after stop(). */
  readonly dir: string;
  readonly host: '127.0.0.1';
  readonly port: number;
  readonly user: string;
  readonly socketDir: string;
  readonly binDir: string;
  /** A `postgres://` URL for one database on this server. */
  connectionString(database: string): string;
  /** Creates a fresh, empty database and returns its name. */
  createDatabase(prefix?: string): Promise<string>;
  /** Drops a database made by createDatabase, closing any sessions still on it. */
  dropDatabase(name: string): Promise<void>;
  /** Runs pg_dump (plain SQL, data included) and returns the dump text. */
  dump(database: string): Promise<string>;
  /** Fast shutdown, then removes the temp directory. Idempotent. */
  stop(): Promise<void>;
}

const superuser = 'fieldvault';
const missingBinaries =
  'PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin (initdb, postgres, pg_dump). ' +
  'Install the Debian package first: apt-get install -y postgresql (or set FIELDVAULT_PG_BIN to a bin directory).';

/**
 * The bin directory named by FIELDVAULT_PG_BIN, else the newest
 * /usr/lib/postgresql/<major>/bin that holds initdb, postgres and pg_dump.
 */
export function findPostgresBinDir(where: { readonly fromEnv?: string; readonly root?: string } = {}): string {
  const fromEnv = where.fromEnv ?? process.env.FIELDVAULT_PG_BIN;
  const root = where.root ?? '/usr/lib/postgresql';
  const candidates: string[] = [];
  if (fromEnv !== undefined && fromEnv !== '') candidates.push(fromEnv);
  if (existsSync(root)) {
    const majors = readdirSync(root)
      .filter((name) => /^\d+$/.test(name))
      .sort((a, b) => Number(b) - Number(a));
    for (const major of majors) candidates.push(path.join(root, major, 'bin'));
  }
  const found = candidates.find((dir) => ['initdb', 'postgres', 'pg_dump'].every((bin) => existsSync(path.join(dir, bin))));
  if (found === undefined) throw new Error(missingBinaries);
  return found;
}

interface RunAs {
  readonly uid?: number;
  readonly gid?: number;
}

/** Root must hand the server to the `postgres` system user; anyone else runs it as themselves. */
function serverIdentity(): RunAs {
  if (process.getuid?.() !== 0) return {};
  const uid = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (uid.status !== 0 || gid.status !== 0) {
    throw new Error('Running as root, but there is no `postgres` system user to run initdb as (it comes with the Debian postgresql package).');
  }
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function runToEnd(command: string, args: readonly string[], identity: RunAs, env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...identity, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(stdout);
      else reject(new Error(`${path.basename(command)} exited with ${String(code)}: ${stderr.trim()}`));
    });
  });
}

async function waitUntilAccepting(config: pg.ClientConfig, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`postgres exited with ${String(child.exitCode)} during start-up: ${log()}`);
    const client = new pg.Client(config);
    try {
      await client.connect();
      await client.query('SELECT 1');
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`postgres did not accept connections within 30 s: ${String(error)} ${log()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}

const running = new Set<{ child: ChildProcess; dir: string }>();
let exitHookInstalled = false;

/** If the test process dies without afterAll, do not leave servers or files behind. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const { child, dir } of running) {
      if (child.exitCode === null) child.kill('SIGQUIT');
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

async function launch(binDir: string, dir: string, dataDir: string, socketDir: string, identity: RunAs, env: NodeJS.ProcessEnv) {
  const port = await freeLoopbackPort();
  // Durability settings off: the data is thrown away after the test file.
  const child = spawn(
    path.join(binDir, 'postgres'),
    [
      '-D', dataDir, '-p', String(port), '-k', socketDir,
      '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'synchronous_commit=off',
      '-c', 'full_page_writes=off', '-c', 'max_connections=200', '-c', 'shared_buffers=32MB',
    ],
    { ...identity, env, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (log = (log + chunk).slice(-4000)));
  const entry = { child, dir };
  running.add(entry);
  child.once('exit', () => running.delete(entry));
  return { child, port, log: () => log };
}

/** Starts a private PostgreSQL server. Call once per test file (beforeAll) and stop it in afterAll. */
export async function startPostgresTestServer(): Promise<PostgresTestServer> {
  const binDir = findPostgresBinDir();
  const identity = serverIdentity();
  installExitHook();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fieldvault-pg-'));
  const dataDir = path.join(dir, 'data');
  const socketDir = path.join(dir, 'socket');
  mkdirSync(socketDir);
  if (identity.uid !== undefined && identity.gid !== undefined) {
    chownSync(dir, identity.uid, identity.gid);
    chownSync(socketDir, identity.uid, identity.gid);
  }
  // A clean environment: PG* variables of the caller must not redirect anything.
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C', LC_ALL: 'C', HOME: dir, TZ: 'UTC' };
  try {
    await runToEnd(
      path.join(binDir, 'initdb'),
      ['-D', dataDir, '-U', superuser, '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync', '--no-instructions'],
      identity,
      env,
    );
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    const hint = identity.uid === undefined ? '' : ` (running as root: the postgres user must be able to reach ${dir}; point TMPDIR at a folder it can traverse)`;
    throw new Error(`${error instanceof Error ? error.message : String(error)}${hint}`);
  }

  // The chosen port can be taken between probing and binding: retry a few times.
  let started: Awaited<ReturnType<typeof launch>> | undefined;
  let lastError: unknown;
  for (let attempt = 0; attempt < 3 && started === undefined; attempt += 1) {
    const candidate = await launch(binDir, dir, dataDir, socketDir, identity, env);
    try {
      await waitUntilAccepting({ host: '127.0.0.1', port: candidate.port, user: superuser, database: 'postgres' }, candidate.child, candidate.log);
      started = candidate;
    } catch (error) {
      lastError = error;
      if (candidate.child.exitCode === null) candidate.child.kill('SIGQUIT');
    }
  }
  if (started === undefined) {
    rmSync(dir, { recursive: true, force: true });
    throw lastError instanceof Error ? lastError : new Error('postgres did not start');
  }
  const { child, port } = started;

  const admin = (database: string): pg.ClientConfig => ({ host: '127.0.0.1', port, user: superuser, database });
  let stopped: Promise<void> | undefined;
  return {
    dir,
    host: '127.0.0.1',
    port,
    user: superuser,
    socketDir,
    binDir,
    connectionString: (database) => `postgres://${superuser}@127.0.0.1:${port}/${encodeURIComponent(database)}`,
    async createDatabase(prefix = 'fv') {
      const name = `${prefix.replace(/[^a-z0-9_]/g, '_')}_${randomBytes(6).toString('hex')}`;
      const client = new pg.Client(admin('postgres'));
      await client.connect();
      try {
        // The name is built from [a-z0-9_] only, so quoting it is enough.
        await client.query(`CREATE DATABASE "${name}"`);
      } finally {
        await client.end();
      }
      return name;
    },
    async dropDatabase(name) {
      if (!/^[a-z0-9_]+$/.test(name)) throw new Error('Not a test database name.');
      const client = new pg.Client(admin('postgres'));
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
    dump: (database) =>
      runToEnd(
        path.join(binDir, 'pg_dump'),
        ['--host=127.0.0.1', `--port=${port}`, `--username=${superuser}`, '--no-password', '--format=plain', database],
        {},
        env,
      ),
    stop() {
      stopped ??= (async () => {
        if (child.exitCode === null) {
          const exited = new Promise((resolve) => child.once('exit', resolve));
          child.kill('SIGINT'); // fast shutdown: roll back open transactions, close clients
          const timer = setTimeout(() => child.kill('SIGQUIT'), 10_000);
          await exited;
          clearTimeout(timer);
        }
        rmSync(dir, { recursive: true, force: true });
      })();
      return stopped;
    },
  };
}
