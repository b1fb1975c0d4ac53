// The FieldVault side's server for the sync benchmarks: a real organisation
// (`init`: CA, server certificate, master key, store) on the embedded SQLite
// store or on PostgreSQL, served by the real `fieldvault-server serve` command
// in a process of its own (as in production, and so that the client side and
// the server each get a core of this two-core machine), over TLS on loopback.
// Users, teams and devices are made in-process before `serve` starts: the
// enrolment endpoint is rate-limited per address (one per 5 s), which is right
// for a server and would make 200 load devices take a quarter of an hour.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { initOrganisation } from '../../src-server/org/init';
import { openOrganisation } from '../../src-server/org/open';
import type { StoreChoice } from '../../src-server/org/open-store';
import { consoleActor, createUser, setMemberships } from '../../src-server/sync/admin';
import { createEnrolmentCode, enrol } from '../../src-server/sync/devices';
import { freePort } from '../../tests/support/free-port';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface BenchDevice {
  readonly deviceId: string;
  readonly token: string;
  readonly userId: string;
}

export interface BenchOrganisation {
  readonly dataDir: string;
  readonly store: StoreChoice;
  readonly url: string;
  readonly caPem: string;
  readonly port: number;
  /** The rep whose 100,000 contacts the initial sync moves. */
  readonly repUserId: string;
  /** The rep's other laptop: seeds the records, then makes the incremental edits. */
  readonly seeder: BenchDevice;
  /** One-time codes for the rep's fresh desktop vaults (one per initial-sync run, one for the incremental client). */
  readonly clientCodes: string[];
  /** Devices of the load test: one per user, users in teams of `teamSize`. */
  readonly loadDevices: BenchDevice[];
}

export interface OrganisationPlan {
  readonly clientCodes: number;
  readonly loadDevices: number;
  readonly teamSize: number;
}

export async function prepareOrganisation(dataDir: string, store: StoreChoice, plan: OrganisationPlan): Promise<BenchOrganisation> {
  await mkdir(path.dirname(dataDir), { recursive: true });
  const port = await freePort();
  const init = await initOrganisation({ dataDir, organisationName: 'Bench Org', adminName: 'Admin', hosts: ['127.0.0.1'], port, store });
  const org = await openOrganisation(dataDir, { store });
  try {
    const { ctx } = org;
    const now = Date.now();
    const hour = 3_600_000;
    const issue = (userId: string) => org.store.transaction(async (tx) => (await createEnrolmentCode(tx, userId, now, hour)).code);
    const device = async (userId: string): Promise<BenchDevice> => {
      const enrolled = await enrol(ctx, await issue(userId));
      return { deviceId: enrolled.deviceId, token: enrolled.deviceToken, userId };
    };
    const repUserId = (await org.store.transaction((tx) => createUser(tx, consoleActor(init.adminUserId), 'Rep', false, now))).userId;
    const seeder = await device(repUserId);
    const clientCodes: string[] = [];
    for (let index = 0; index < plan.clientCodes; index += 1) clientCodes.push(await issue(repUserId));
    const loadDevices: BenchDevice[] = [];
    for (let index = 0; index < plan.loadDevices; index += 1) {
      const userId = (await org.store.transaction((tx) => createUser(tx, consoleActor(init.adminUserId), `Load rep ${index}`, false, now))).userId;
      await setMemberships(ctx, consoleActor(init.adminUserId), userId, { teamIds: [`team-${Math.floor(index / plan.teamSize)}`], territoryIds: [] });
      loadDevices.push(await device(userId));
    }
    return { dataDir, store, url: `https://127.0.0.1:${port}`, caPem: init.caCertificatePem, port, repUserId, seeder, clientCodes, loadDevices };
  } finally {
    await org.close();
  }
}

export interface ServerProcess {
  readonly pid: number;
  /** CPU time the server process has used so far (ms), from /proc. */
  cpuMs(): Promise<number>;
  stop(): Promise<void>;
}

async function processCpuMs(pid: number): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / 100;
}

/** Starts `fieldvault-server serve` on the organisation's folder; resolves when it prints its ready line. */
export async function startServerProcess(org: BenchOrganisation): Promise<ServerProcess> {
  // BENCH_SYNC_SERVER_PROFILE=<dir> writes a V8 CPU profile of the server process there (when it exits on SIGTERM).
  const profileDir = process.env.BENCH_SYNC_SERVER_PROFILE;
  const profile = profileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${profileDir}`];
  const args = [...profile, '--import', 'tsx', 'src-server/cli/main.ts', 'serve', '--data-dir', org.dataDir, '--port', String(org.port), '--store', org.store.kind];
  if (org.store.databaseUrl !== undefined) args.push('--database-url', org.store.databaseUrl);
  // The access log (one JSON line per request on stderr) is part of the server's real work; the bench discards it.
  const child: ChildProcess = spawn(process.execPath, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'ignore'] });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const stdout = child.stdout;
  if (stdout === null || child.pid === undefined) throw new Error('The sync server process did not start');
  const pid = child.pid;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('The sync server did not get ready within 60 s')), 60_000);
    void exited.then(() => reject(new Error('The sync server exited before it was ready')));
    readline.createInterface({ input: stdout }).on('line', (line) => {
      if (line.startsWith('Sync server ready at')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  return {
    pid,
    cpuMs: () => processCpuMs(pid),
    async stop() {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
