// PouchDB baseline of sync_initial_100k_s: the shared bench records sit in an
// express-pouchdb server (memory adapter, its own process, HTTPS on loopback,
// loaded in bulk and untimed), and a fresh device replicates them once, with
// PouchDB's default replication settings, into an empty memory database. The
// timed part is exactly `PouchDB.replicate(remote, local)`; the result is
// checked (document count, one record's fields) or the run throws.
import { isDeepStrictEqual } from 'node:util';
import type https from 'node:https';
import type { Details } from '../harness/benchmark';
import { median, round } from '../harness/stats';
import type { BenchRecord } from './records';
import { docCount, memoryDb, readDocument, remoteDb, replicateOnce, replicationDefaults, RequestCounter, toDocument, type ClientDb } from './pouchdb-client';
import { PouchServer } from './pouchdb-server';
import { pinnedAgent } from './pouchdb-tls';

/** The server database that holds the records. */
export const RECORDS_DB = 'contacts';

export interface PouchdbInitialOptions {
  /** Replications into a fresh database, each timed; the result is their median. Default 1. */
  readonly runs?: number;
  /** express-pouchdb's gzip of responses (default off: see pouchdb-server.ts). */
  readonly compression?: boolean;
  readonly progress?: (message: string) => void;
}

/** The running baseline after the initial sync: the incremental and load benchmarks go on from here. */
export interface PouchdbSession {
  readonly server: PouchServer;
  readonly records: readonly BenchRecord[];
  /** The synced device's memory database and its handle on the server database. */
  readonly client: ClientDb;
  readonly remote: ClientDb;
  readonly agent: https.Agent;
  /** Counts the synced device's HTTPS requests. */
  readonly requests: RequestCounter;
  close(): Promise<void>;
}

export interface PouchdbInitialResult {
  /** Median seconds of the timed replications. */
  readonly seconds: number;
  readonly details: Details;
  readonly session: PouchdbSession;
}

interface Device {
  readonly client: ClientDb;
  readonly remote: ClientDb;
  readonly agent: https.Agent;
  readonly requests: RequestCounter;
}

async function discard(device: Device): Promise<void> {
  await device.client.destroy();
  device.agent.destroy();
}

/** Checks the local copy holds as many records as the server, and the first, middle and last field for field. */
async function verify(client: ClientDb, records: readonly BenchRecord[]): Promise<void> {
  const count = await docCount(client);
  if (count !== records.length) throw new Error(`PouchDB replicated ${count} of ${records.length} records`);
  for (const sample of [records[0], records[Math.floor(records.length / 2)], records.at(-1)]) {
    if (sample === undefined) continue;
    const { _id: id, _rev: rev, ...fields } = await readDocument(client, sample.id);
    if (id !== sample.id || !rev.startsWith('1-') || !isDeepStrictEqual(fields, sample.fields)) throw new Error('A replicated record differs from the one on the server');
  }
}

export async function pouchdbInitial(records: readonly BenchRecord[], tempDir: string, options: PouchdbInitialOptions = {}): Promise<PouchdbInitialResult> {
  const runs = options.runs ?? 1;
  if (runs < 1) throw new Error('pouchdbInitial needs at least one run');
  const progress = options.progress ?? (() => undefined);
  const server = await PouchServer.start({ compression: options.compression ?? false });
  let device: Device | null = null;
  try {
    const load = await server.load(RECORDS_DB, records.map(toDocument), tempDir);
    if (load.docCount !== records.length) throw new Error(`The PouchDB server holds ${load.docCount} of ${records.length} records`);
    progress(`PouchDB server loaded ${records.length.toLocaleString('en')} records in ${(load.ms / 1000).toFixed(1)}s`);

    const seconds: number[] = [];
    const requests: number[] = [];
    const serverCpuMs: number[] = [];
    const clientCpuMs: number[] = [];
    let docsRead = 0;
    let refusedConnections = 0;
    for (let run = 0; run < runs; run += 1) {
      if (device !== null) await discard(device);
      const agent = pinnedAgent(server.caPem);
      const counter = new RequestCounter();
      // Each run is a new device: a new database name, a new agent (so a new TLS connection).
      const client = memoryDb(`pouchdb-initial-${process.pid}-${run}-${Date.now()}`);
      device = { client, remote: remoteDb(server.dbUrl(RECORDS_DB), agent, counter), agent, requests: counter };
      const serverBefore = await server.stats();
      const clientCpuBefore = process.cpuUsage();
      const started = performance.now();
      const result = await replicateOnce(device.remote, device.client);
      const elapsed = (performance.now() - started) / 1000;
      const clientCpu = process.cpuUsage(clientCpuBefore);
      const serverAfter = await server.stats();
      serverCpuMs.push(serverAfter.cpuMs - serverBefore.cpuMs);
      refusedConnections += serverAfter.clientErrors - serverBefore.clientErrors;
      clientCpuMs.push((clientCpu.user + clientCpu.system) / 1000);
      await verify(device.client, records);
      if (result.docs_written !== records.length) throw new Error(`PouchDB wrote ${result.docs_written} of ${records.length} records`);
      docsRead = result.docs_read;
      seconds.push(elapsed);
      requests.push(counter.count);
      progress(`PouchDB initial replication ${run + 1}/${runs}: ${elapsed.toFixed(2)}s, ${counter.count} HTTPS requests`);
    }
    if (device === null) throw new Error('No replication ran');
    const synced = device;
    return {
      seconds: round(median(seconds), 3),
      details: {
        measures: 'PouchDB.replicate(remote, local) once, from express-pouchdb (memory adapter, own process, HTTPS on 127.0.0.1, CA pinned) into an empty memory database; verified by document count and three records field for field',
        records: records.length,
        runs,
        samplesSeconds: seconds.map((value) => round(value, 3)),
        docsRead,
        httpsRequests: requests,
        serverCpuMs: serverCpuMs.map((value) => round(value, 0)),
        clientCpuMs: clientCpuMs.map((value) => round(value, 0)),
        serverRefusedConnections: refusedConnections,
        replication: { ...replicationDefaults, source: 'pouchdb-replication defaults (no options passed)', checkpoints: 'source and target (default)' },
        server: { expressPouchdb: 'mode minimumForPouchDB', compression: server.compression, process: 'child process', loadSeconds: round(load.ms / 1000, 1) },
        pouchdb: server.pouchdbVersion,
      },
      session: {
        server,
        records,
        client: synced.client,
        remote: synced.remote,
        agent: synced.agent,
        requests: synced.requests,
        async close() {
          await discard(synced);
          await server.stop();
        },
      },
    };
  } catch (error) {
    if (device !== null) await discard(device).catch(() => undefined);
    await server.stop();
    throw error;
  }
}
