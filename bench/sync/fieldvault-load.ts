// server_ops_per_s_200_devices, FieldVault side: 200 simulated devices (one
// user each, in teams of ten, so every change reaches ten devices) run closed
// loops against the real server over TLS on loopback: push a batch of
// operations (new contacts first, then edits of their own), then pull to the
// head, again and again. Each device has its own keep-alive TLS connection.
// An operation is the protocol's unit of change (one record's upsert in a
// push); the metric counts pushed operations the server applied per second.
// Pulled changes, request rates and round-trip times by kind are details.
// The devices start in sync (cursor at the server's head), as laptops that
// have synced before. Every answer is parsed with the protocol's schemas; a
// non-200 answer, a refused operation or a transport error counts as an error.
// A 429 (the server's per-device limit: a burst of 120, then 40 requests a
// second) is waited out as the sync engine waits it out, its retryAfterMs,
// and counted apart (`throttled`): a closed loop with few devices on a quiet
// machine runs a device past 40 requests a second, which no laptop does, and
// counting that as an error made the tiny smoke run fail on a fast machine.
import https from 'node:https';
import { encodeHlc, tick, type HlcState } from '../../src-shared/sync/hlc';
import { protocolVersion, PullResponse, PushResponse, protocolHeader, schemaHeader, SyncErrorBody, type Operation, type PullResume } from '../../src-shared/sync/protocol';
import type { BenchDevice, BenchOrganisation } from './fieldvault-server';
import { editedFields, generateRecords, type BenchRecord } from './records';

export interface LoadPlan {
  readonly warmupMs: number;
  readonly durationMs: number;
  readonly operationsPerPush: number;
  /** New records each device creates before it starts editing its own. */
  readonly recordsPerDevice: number;
}

/** Where the devices start: in sync, at the server's head (they simulate laptops already synced). */
export interface LoadStart {
  readonly cursor: number;
}

export interface LoadResult {
  readonly devices: number;
  readonly seconds: number;
  readonly pushedOperations: number;
  readonly pulledChanges: number;
  readonly pushes: number;
  readonly pulls: number;
  readonly errors: number;
  readonly firstError: string | null;
  /** 429 answers waited out (not errors, not timed). */
  readonly throttled: number;
  /** Round trips (ms) inside the measured window, by kind. */
  readonly pushMs: number[];
  readonly pullMs: number[];
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
  throttled: number;
  readonly pushMs: number[];
  readonly pullMs: number[];
}

function post(agent: https.Agent, url: URL, token: string, body: unknown): Promise<{ status: number; json: unknown }> {
  const payload = Buffer.from(JSON.stringify(body), 'utf8');
  return new Promise((resolve, reject) => {
    const request = https.request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'content-length': String(payload.length),
          [protocolHeader]: String(protocolVersion),
          [schemaHeader]: '1',
        },
        timeout: 30_000,
      },
      (response) => {
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
      },
    );
    request.on('timeout', () => request.destroy(new Error('timed out')));
    request.on('error', reject);
    request.end(payload);
  });
}

class LoadDevice {
  readonly #agent: https.Agent;
  readonly #records: BenchRecord[];
  #clock: HlcState;
  #seq = 0;
  #created = 0;
  #round = 0;
  #cursor = 0;
  #resume: PullResume | null = null;

  constructor(
    private readonly org: BenchOrganisation,
    private readonly device: BenchDevice,
    private readonly plan: LoadPlan,
    seed: number,
    start: LoadStart,
  ) {
    this.#cursor = start.cursor;
    this.#agent = new https.Agent({ ca: [org.caPem], keepAlive: true, maxSockets: 1, minVersion: 'TLSv1.2' });
    this.#records = generateRecords(plan.recordsPerDevice, device.userId, seed);
    this.#clock = { millis: 0, counter: 0, deviceId: device.deviceId };
  }

  #operations(): Operation[] {
    const operations: Operation[] = [];
    for (let index = 0; index < this.plan.operationsPerPush; index += 1) {
      this.#clock = tick(this.#clock, Date.now());
      const hlc = encodeHlc(this.#clock);
      let record: BenchRecord | undefined;
      let fields;
      if (this.#created < this.#records.length) {
        record = this.#records[this.#created];
        this.#created += 1;
        fields = record?.fields;
      } else {
        this.#round += 1;
        record = this.#records[this.#round % this.#records.length];
        fields = record === undefined ? undefined : editedFields(record, this.#round, Date.now());
      }
      if (record === undefined || fields === undefined) throw new Error('no record to write');
      this.#seq += 1;
      const stamped = Object.fromEntries(Object.entries(fields).map(([name, value]) => [name, { value, hlc }]));
      operations.push({ seq: this.#seq, entity: 'contacts', recordId: record.id, kind: 'upsert', hlc, fields: stamped });
    }
    return operations;
  }

  async push(counters: Counters): Promise<void> {
    const operations = this.#operations();
    const { answer, started } = await this.#send(counters, '/v1/push', {
      protocolVersion,
      schemaVersion: 1,
      deviceId: this.device.deviceId,
      operations,
    });
    if (answer.status !== 200) throw new Error(`push answered ${answer.status}`);
    const response = PushResponse.parse(answer.json);
    if (response.rejected.length > 0 || response.appliedThroughSeq !== this.#seq) throw new Error('push refused operations');
    if (counters.measuring) {
      counters.pushMs.push(performance.now() - started);
      counters.pushes += 1;
      counters.pushedOperations += operations.length;
    }
  }

  async pullToHead(counters: Counters): Promise<void> {
    for (;;) {
      const { answer, started } = await this.#send(counters, '/v1/pull', {
        protocolVersion,
        schemaVersion: 1,
        deviceId: this.device.deviceId,
        cursor: this.#cursor,
        resume: this.#resume,
        limit: 2000,
      });
      if (answer.status !== 200) throw new Error(`pull answered ${answer.status}`);
      const page = PullResponse.parse(answer.json);
      this.#cursor = page.cursor;
      this.#resume = page.resume;
      if (counters.measuring) {
        counters.pullMs.push(performance.now() - started);
        counters.pulls += 1;
        counters.pulledChanges += page.changes.length;
      }
      if (!page.hasMore) return;
    }
  }

  /** Posts `body` to `path`, waiting out 429s; `started` is when the answered request was sent. */
  async #send(counters: Counters, path: string, body: unknown): Promise<{ answer: { status: number; json: unknown }; started: number }> {
    for (;;) {
      const started = performance.now();
      const answer = await post(this.#agent, new URL(path, this.org.url), this.device.token, body);
      if (answer.status !== 429) return { answer, started };
      counters.throttled += 1;
      const refusal = SyncErrorBody.safeParse(answer.json);
      await sleep(refusal.success ? (refusal.data.error.retryAfterMs ?? 1_000) : 1_000);
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

  close(): void {
    this.#agent.destroy();
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runLoad(org: BenchOrganisation, plan: LoadPlan, start: LoadStart): Promise<LoadResult> {
  const counters: Counters = { measuring: false, stop: false, pushedOperations: 0, pulledChanges: 0, pushes: 0, pulls: 0, errors: 0, firstError: null, throttled: 0, pushMs: [], pullMs: [] };
  const devices = org.loadDevices.map((device, index) => new LoadDevice(org, device, plan, 7_000 + index, start));
  try {
    // Every device connects and catches up first (TLS handshakes are not what this measures).
    await Promise.all(devices.map((device) => device.pullToHead(counters)));
    const loops = devices.map((device) => device.loop(counters));
    await sleep(plan.warmupMs);
    counters.measuring = true;
    const started = performance.now();
    await sleep(plan.durationMs);
    counters.measuring = false;
    const seconds = (performance.now() - started) / 1000;
    counters.stop = true;
    await Promise.all(loops);
    return {
      devices: devices.length,
      seconds,
      pushedOperations: counters.pushedOperations,
      pulledChanges: counters.pulledChanges,
      pushes: counters.pushes,
      pulls: counters.pulls,
      errors: counters.errors,
      firstError: counters.firstError,
      throttled: counters.throttled,
      pushMs: counters.pushMs,
      pullMs: counters.pullMs,
    };
  } finally {
    for (const device of devices) device.close();
  }
}
