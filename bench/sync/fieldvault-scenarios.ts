// The three FieldVault sync scenarios on one server store, in one
// organisation: seed 100,000 contacts through the push API (the rep's other
// laptop), pull them into empty desktop vaults with the real engine
// (initial), let the other laptop edit 100 of them and time the desktop's
// next cycle (incremental), then run 200 devices against the server (load).
// Each scenario checks that the work was done (row counts, values) or throws.
import path from 'node:path';
import { percentile } from '../harness/stats';
import { DesktopClient, ProtocolDevice } from './fieldvault-client';
import { runLoad, type LoadPlan, type LoadResult } from './fieldvault-load';
import { prepareOrganisation, startServerProcess, type BenchOrganisation, type ServerProcess } from './fieldvault-server';
import type { StoreChoice } from '../../src-server/org/open-store';
import { editedFields, editedRecords, generateRecords, type BenchRecord } from './records';

export interface ScenarioPlan {
  readonly records: number;
  readonly initialRuns: number;
  readonly incrementalWarmups: number;
  readonly incrementalSamples: number;
  readonly changesPerIncrement: number;
  readonly load: LoadPlan & { readonly devices: number; readonly teamSize: number };
}

export interface InitialRun {
  readonly seconds: number;
  readonly serverCpuSeconds: number;
  readonly clientCpuSeconds: number;
}

export interface StoreResults {
  readonly store: StoreChoice['kind'];
  readonly seedSeconds: number;
  readonly initial: InitialRun[];
  readonly incrementalMs: number[];
  readonly load: LoadResult;
  readonly loadServerCpuSeconds: number;
}

function cpuSeconds(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1e6;
}

async function expectCount(client: DesktopClient, sql: string, expected: number, what: string): Promise<void> {
  const actual = await client.count(sql);
  if (actual !== expected) throw new Error(`${what}: expected ${expected}, found ${actual}`);
}

/** Pulls everything into an empty vault with the real engine; the client stays open for the incremental samples. */
async function initialSync(org: BenchOrganisation, server: ServerProcess, code: string, records: number): Promise<{ run: InitialRun; client: DesktopClient }> {
  const client = await DesktopClient.enrolled(org, code);
  try {
    const serverCpu = await server.cpuMs();
    const cpu = process.cpuUsage();
    const started = performance.now();
    await client.startAndSync();
    const seconds = (performance.now() - started) / 1000;
    const run = { seconds, serverCpuSeconds: ((await server.cpuMs()) - serverCpu) / 1000, clientCpuSeconds: cpuSeconds(process.cpuUsage(cpu)) };
    await expectCount(client, 'SELECT count(*) AS n FROM contacts WHERE deleted_at IS NULL', records, 'contacts in the vault');
    await expectCount(client, "SELECT count(*) AS n FROM search_docs WHERE entity = 'contacts'", records, 'contacts in the search index');
    await expectCount(client, "SELECT count(*) AS n FROM field_versions WHERE entity = 'contacts'", records, 'field version rows');
    return { run, client };
  } catch (error) {
    await client.close();
    throw error;
  }
}

/** The other laptop edits `changes` contacts per sample; the desktop's next cycle pulls and applies them. */
async function incremental(client: DesktopClient, seeder: ProtocolDevice, records: readonly BenchRecord[], plan: ScenarioPlan): Promise<number[]> {
  const samples: number[] = [];
  const rounds = plan.incrementalWarmups + plan.incrementalSamples;
  for (let round = 1; round <= rounds; round += 1) {
    const edited = editedRecords(records, round, plan.changesPerIncrement);
    await seeder.push(edited.map((record) => seeder.upsert(record.id, editedFields(record, round, Date.now()))));
    const started = performance.now();
    await client.sync();
    const ms = performance.now() - started;
    const status = await client.status();
    if (status.state !== 'online') throw new Error(`incremental sync ended ${status.state}`);
    const last = edited.at(-1);
    if (last === undefined) throw new Error('no record was edited');
    const title = editedFields(last, round, 0).title.replaceAll("'", "''");
    await expectCount(client, `SELECT count(*) AS n FROM contacts WHERE id = '${last.id}' AND title = '${title}'`, 1, 'the last edit in the vault');
    if (round > plan.incrementalWarmups) samples.push(ms);
  }
  return samples;
}

export async function runStore(tempDir: string, store: StoreChoice, plan: ScenarioPlan, progress: (message: string) => void): Promise<StoreResults> {
  const org = await prepareOrganisation(path.join(tempDir, `org-${store.kind}`), store, {
    clientCodes: plan.initialRuns,
    loadDevices: plan.load.devices,
    teamSize: plan.load.teamSize,
  });
  const server = await startServerProcess(org);
  const seeder = new ProtocolDevice(org, org.seeder);
  try {
    const records = generateRecords(plan.records, org.repUserId);
    let started = performance.now();
    await seeder.pushAll(records.map((record) => seeder.upsert(record.id, record.fields)));
    const seedSeconds = (performance.now() - started) / 1000;
    progress(`${store.kind}: seeded ${plan.records} contacts through push in ${seedSeconds.toFixed(1)} s`);

    const initial: InitialRun[] = [];
    let client: DesktopClient | null = null;
    let incrementalMs: number[];
    try {
      for (let run = 0; run < plan.initialRuns; run += 1) {
        await client?.close();
        const done = await initialSync(org, server, org.clientCodes[run] ?? '', plan.records);
        client = done.client;
        initial.push(done.run);
        progress(`${store.kind}: initial sync ${run + 1}/${plan.initialRuns}: ${done.run.seconds.toFixed(2)} s`);
      }
      if (client === null) throw new Error('no initial sync ran');
      incrementalMs = await incremental(client, seeder, records, plan);
    } finally {
      await client?.close();
    }
    progress(`${store.kind}: incremental p95 ${percentile(incrementalMs, 95).toFixed(1)} ms over ${incrementalMs.length} samples`);

    started = performance.now();
    const serverCpu = await server.cpuMs();
    const load = await runLoad(org, plan.load, { cursor: seeder.lastCommitSeq });
    const loadServerCpuSeconds = ((await server.cpuMs()) - serverCpu) / 1000;
    progress(`${store.kind}: load ${(load.pushedOperations / load.seconds).toFixed(0)} ops/s, ${load.errors} errors, ${load.throttled} throttled (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    return { store: store.kind, seedSeconds, initial, incrementalMs, load, loadServerCpuSeconds };
  } finally {
    seeder.close();
    await server.stop();
  }
}
