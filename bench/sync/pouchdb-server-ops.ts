// PouchDB baseline of server_ops_per_s_200_devices, built to the same plan as
// FieldVault's (fieldvault-load.ts): `devices` simulated devices, one user
// each, in teams of `teamSize`, run closed loops against the express-pouchdb
// server over TLS: push a batch of `operationsPerPush` documents (new contacts
// first, then edits of their own), then pull the team's changes to the head.
// CouchDB has no buckets, so a team shares a database (the db-per-team way to
// let each device receive only its team's records). Each device has its own
// keep-alive TLS connection trusting only the run's CA, and speaks the HTTP
// API a PouchDB client uses (POST _bulk_docs, GET _changes with documents),
// as lean a client as FieldVault's load devices so that the two servers, not
// the load generators, are compared. An operation is one document written;
// a refused document, a non-2xx answer or a transport error is an error.
import https from 'node:https';
import { z } from 'zod';
import type { Details } from '../harness/benchmark';
import { median, percentile, round } from '../harness/stats';
import { editedFields, generateRecords, type BenchRecord } from './records';
import { pinnedAgent } from './pouchdb-tls';
import type { PouchServer } from './pouchdb-server';

export interface PouchdbLoadPlan {
  readonly devices?: number;
  readonly teamSize?: number;
  readonly warmupMs?: number;
  readonly durationMs?: number;
  readonly operationsPerPush?: number;
  /** New records each device creates before it starts editing its own. */
  readonly recordsPerDevice?: number;
  readonly pullLimit?: number;
}

export interface PouchdbServerOpsResult {
  /** Documents written per second inside the measured window. */
  readonly opsPerSecond: number;
  /** p95 round trip (ms) over pushes and pulls inside the window. */
  readonly p95Ms: number;
  readonly errors: number;
  readonly firstError: string | null;
  readonly pushMs: readonly number[];
  readonly pullMs: readonly number[];
  readonly details: Details;
}

interface Counters {
  measuring: boolean;
  stop: boolean;
  pushedOperations: number;
  pulledChanges: number;
  pushes: number;
  pulls: number;
  errors: number;
  firstError: string | null;
  readonly pushMs: number[];
  readonly pullMs: number[];
}

const BulkAnswer = z.array(z.looseObject({ id: z.string(), rev: z.string().optional(), error: z.string().optional() }));
const ChangesAnswer = z.object({ results: z.array(z.looseObject({ id: z.string(), doc: z.looseObject({ _id: z.string() }).optional() })), last_seq: z.union([z.number(), z.string()]) });

function requestJson(agent: https.Agent, url: URL, method: 'GET' | 'POST' | 'PUT', body?: unknown): Promise<{ status: number; json: unknown }> {
  const payload = body === undefined ? null : Buffer.from(JSON.stringify(body), 'utf8');
  const headers: Record<string, string> = { accept: 'application/json' };
  if (payload !== null) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = String(payload.length);
  }
  return new Promise((resolve, reject) => {
    const request = https.request(url, { method, agent, headers, timeout: 30_000 }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        try {
          resolve({ status: response.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
        } catch (error) {
          reject(error instanceof Error ? error : new Error('unreadable answer'));
        }
      });
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error('timed out')));
    request.on('error', reject);
    request.end(payload ?? undefined);
  });
}

class LoadDevice {
  readonly #agent: https.Agent;
  readonly #records: BenchRecord[];
  readonly #revisions = new Map<string, string>();
  #created = 0;
  #round = 0;
  #since: number | string = 0;

  constructor(
    private readonly teamUrl: string,
    caPem: string,
    private readonly operationsPerPush: number,
    private readonly pullLimit: number,
    records: BenchRecord[],
  ) {
    this.#agent = pinnedAgent(caPem, { maxSockets: 1 });
    this.#records = records;
  }

  #documents(): Record<string, unknown>[] {
    const documents: Record<string, unknown>[] = [];
    for (let index = 0; index < this.operationsPerPush; index += 1) {
      if (this.#created < this.#records.length) {
        const record = this.#records[this.#created];
        if (record === undefined) throw new Error('no record to create');
        this.#created += 1;
        documents.push({ _id: record.id, ...record.fields });
        continue;
      }
      this.#round += 1;
      const record = this.#records[this.#round % this.#records.length];
      const rev = record === undefined ? undefined : this.#revisions.get(record.id);
      if (record === undefined || rev === undefined) throw new Error('no record to edit');
      // A PouchDB edit writes the whole document at its current revision.
      documents.push({ _id: record.id, _rev: rev, ...record.fields, ...editedFields(record, this.#round, Date.now()) });
    }
    return documents;
  }

  async push(counters: Counters): Promise<void> {
    const docs = this.#documents();
    const started = performance.now();
    const answer = await requestJson(this.#agent, new URL(`${this.teamUrl}/_bulk_docs`), 'POST', { docs });
    const elapsed = performance.now() - started;
    if (answer.status !== 201) throw new Error(`_bulk_docs answered ${answer.status}`);
    const results = BulkAnswer.parse(answer.json);
    for (const result of results) if (result.rev !== undefined) this.#revisions.set(result.id, result.rev);
    const refused = results.filter((result) => result.error !== undefined || result.rev === undefined).length;
    if (results.length !== docs.length || refused > 0) throw new Error(`_bulk_docs refused ${refused} of ${docs.length} documents`);
    if (counters.measuring) {
      counters.pushMs.push(elapsed);
      counters.pushes += 1;
      counters.pushedOperations += docs.length;
    }
  }

  async pullToHead(counters: Counters): Promise<void> {
    for (;;) {
      const url = new URL(`${this.teamUrl}/_changes`);
      url.searchParams.set('since', JSON.stringify(this.#since));
      url.searchParams.set('limit', String(this.pullLimit));
      url.searchParams.set('include_docs', 'true');
      const started = performance.now();
      const answer = await requestJson(this.#agent, url, 'GET');
      const elapsed = performance.now() - started;
      if (answer.status !== 200) throw new Error(`_changes answered ${answer.status}`);
      const page = ChangesAnswer.parse(answer.json);
      if (page.results.some((change) => change.doc === undefined)) throw new Error('_changes sent a change without its document');
      this.#since = page.last_seq;
      if (counters.measuring) {
        counters.pullMs.push(elapsed);
        counters.pulls += 1;
        counters.pulledChanges += page.results.length;
      }
      if (page.results.length < this.pullLimit) return;
    }
  }

  async loop(counters: Counters): Promise<void> {
    while (!counters.stop) {
      try {
        await this.push(counters);
        await this.pullToHead(counters);
      } catch (error) {
        counters.errors += 1;
        counters.firstError ??= error instanceof Error ? error.message : 'failed';
        if (counters.errors > 1_000) return;
      }
    }
  }

  /** Documents this device has written and the server confirmed. */
  get documents(): number {
    return this.#revisions.size;
  }

  get dbUrl(): string {
    return this.teamUrl;
  }

  close(): void {
    this.#agent.destroy();
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Creates each team's database (PUT /db), as CouchDB's db-per-team set-up would before devices connect. */
async function createTeamDatabases(server: PouchServer, teams: number): Promise<string[]> {
  const agent = pinnedAgent(server.caPem, { maxSockets: 1 });
  try {
    const urls: string[] = [];
    for (let team = 0; team < teams; team += 1) {
      // A run-unique name, so a second run on the same server starts from empty databases.
      const url = server.dbUrl(`team-${team}-${Date.now()}`);
      const answer = await requestJson(agent, new URL(url), 'PUT');
      if (answer.status !== 201) throw new Error(`Creating a team database answered ${answer.status}`);
      urls.push(url);
    }
    return urls;
  } finally {
    agent.destroy();
  }
}

/** Checks every team database holds exactly the documents its devices were told were written; returns their total. */
async function verifyTeams(server: PouchServer, teamUrls: readonly string[], devices: readonly LoadDevice[]): Promise<number> {
  const agent = pinnedAgent(server.caPem, { maxSockets: 1 });
  try {
    let total = 0;
    for (const url of teamUrls) {
      const expected = devices.filter((device) => device.dbUrl === url).reduce((sum, device) => sum + device.documents, 0);
      const answer = await requestJson(agent, new URL(url), 'GET');
      const count = z.looseObject({ doc_count: z.number().int() }).parse(answer.json).doc_count;
      if (count !== expected) throw new Error(`A team database holds ${count} documents, its devices wrote ${expected}`);
      total += count;
    }
    return total;
  } finally {
    agent.destroy();
  }
}

export async function pouchdbServerOps(session: { readonly server: PouchServer }, plan: PouchdbLoadPlan = {}): Promise<PouchdbServerOpsResult> {
  const { server } = session;
  const devicesCount = plan.devices ?? 200;
  const teamSize = plan.teamSize ?? 10;
  const warmupMs = plan.warmupMs ?? 3_000;
  const durationMs = plan.durationMs ?? 15_000;
  const operationsPerPush = plan.operationsPerPush ?? 10;
  const recordsPerDevice = plan.recordsPerDevice ?? 50;
  const pullLimit = plan.pullLimit ?? 2_000;
  const teamUrls = await createTeamDatabases(server, Math.ceil(devicesCount / teamSize));
  const counters: Counters = { measuring: false, stop: false, pushedOperations: 0, pulledChanges: 0, pushes: 0, pulls: 0, errors: 0, firstError: null, pushMs: [], pullMs: [] };
  const devices: LoadDevice[] = [];
  for (let index = 0; index < devicesCount; index += 1) {
    const teamUrl = teamUrls[Math.floor(index / teamSize)];
    if (teamUrl === undefined) throw new Error('No team database for a device');
    // The same records (ids and values from the same seed) as FieldVault's load device of the same index;
    // the owner is a UUID like a FieldVault user id, so documents are the same size too.
    const ownerId = `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`;
    devices.push(new LoadDevice(teamUrl, server.caPem, operationsPerPush, pullLimit, generateRecords(recordsPerDevice, ownerId, 7_000 + index)));
  }
  try {
    // Every device connects and catches up first (TLS handshakes are not what this measures).
    await Promise.all(devices.map((device) => device.pullToHead(counters)));
    const loops = devices.map((device) => device.loop(counters));
    await sleep(warmupMs);
    const serverBefore = await server.stats();
    counters.measuring = true;
    const started = performance.now();
    await sleep(durationMs);
    counters.measuring = false;
    const seconds = (performance.now() - started) / 1000;
    const serverAfter = await server.stats();
    const serverCpuMs = serverAfter.cpuMs - serverBefore.cpuMs;
    counters.stop = true;
    await Promise.all(loops);
    const documents = counters.errors === 0 ? await verifyTeams(server, teamUrls, devices) : null;
    const all = [...counters.pushMs, ...counters.pullMs];
    if (counters.pushes === 0 || all.length === 0) throw new Error(`No push completed in the measured window (errors: ${counters.errors}, first: ${counters.firstError ?? 'none'})`);
    const opsPerSecond = counters.pushedOperations / seconds;
    const p95Ms = percentile(all, 95);
    return {
      opsPerSecond: round(opsPerSecond, 0),
      p95Ms: round(p95Ms, 1),
      errors: counters.errors,
      firstError: counters.firstError,
      pushMs: counters.pushMs,
      pullMs: counters.pullMs,
      details: {
        measures: `documents written per second by ${devicesCount} devices in closed loops (POST _bulk_docs of ${operationsPerPush}, then GET _changes with documents to the head), one database per team of ${teamSize}, express-pouchdb in its own process over TLS`,
        devices: devicesCount,
        teamSize,
        operationsPerPush,
        recordsPerDevice,
        pullLimit,
        seconds: round(seconds, 1),
        opsPerSecond: round(opsPerSecond, 0),
        requestsPerSecond: round((counters.pushes + counters.pulls) / seconds, 0),
        pulledChangesPerSecond: round(counters.pulledChanges / seconds, 0),
        p95RoundTripMs: round(p95Ms, 1),
        medianRoundTripMs: round(median(all), 1),
        pushP95Ms: round(percentile(counters.pushMs, 95), 1),
        pullP95Ms: counters.pullMs.length === 0 ? null : round(percentile(counters.pullMs, 95), 1),
        errors: counters.errors,
        firstError: counters.firstError,
        documentsOnServer: documents,
        serverRefusedConnections: serverAfter.clientErrors - serverBefore.clientErrors,
        serverCpuSeconds: round(serverCpuMs / 1000, 1),
        compression: server.compression,
      },
    };
  } finally {
    counters.stop = true;
    for (const device of devices) device.close();
  }
}
