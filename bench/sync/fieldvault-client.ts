// The FieldVault side's clients for the sync benchmarks. A protocol-level
// device (the rep's other laptop) pushes records through the real HTTPS API,
// and a desktop client is the real thing: an empty SQLCipher vault at the
// latest schema, enrolled with a one-time code, synced by the real SyncEngine
// with the composition root's record hooks (tags, deal links, FTS5 index).
import { syncRecordHooks } from '../../src-main/app/sync-record-hooks';
import { createMemoryLogger } from '../../src-main/log/logger';
import { enrol } from '../../src-main/sync/enrolment';
import { SyncEngine } from '../../src-main/sync/engine';
import { createSyncTestVault, type SyncTestVault } from '../../src-main/sync/testing/sync-vault';
import { latestVersion } from '../../src-main/vault/migrations/index';
import type { SyncStatusEvent } from '../../src-shared/sync/client-api';
import { encodeHlc, tick, type HlcState } from '../../src-shared/sync/hlc';
import { maxPushBytes, maxPushOperations, protocolVersion, PushResponse, type JsonValue, type Operation } from '../../src-shared/sync/protocol';
import { HttpsTestClient } from '../../src-server/testing/https-client';
import type { BenchDevice, BenchOrganisation } from './fieldvault-server';

/** A device speaking the protocol directly: pushes upserts in batches the server accepts. */
export class ProtocolDevice {
  readonly client: HttpsTestClient;
  /** The commit the latest push made (the server's head right after it). */
  lastCommitSeq = 0;
  #seq = 0;
  #clock: HlcState;

  constructor(
    org: BenchOrganisation,
    readonly device: BenchDevice,
  ) {
    this.client = new HttpsTestClient(org.url, org.caPem);
    this.#clock = { millis: 0, counter: 0, deviceId: device.deviceId };
  }

  /** One upsert operation of the given fields, all stamped with one new HLC. */
  upsert(recordId: string, fields: Readonly<Record<string, JsonValue>>): Operation {
    this.#clock = tick(this.#clock, Date.now());
    const hlc = encodeHlc(this.#clock);
    this.#seq += 1;
    const stamped = Object.fromEntries(Object.entries(fields).map(([name, value]) => [name, { value, hlc }]));
    return { seq: this.#seq, entity: 'contacts', recordId, kind: 'upsert', hlc, fields: stamped };
  }

  async push(operations: readonly Operation[]): Promise<PushResponse> {
    const answer = await this.client.request('POST', '/v1/push', {
      token: this.device.token,
      // HttpsTestClient sends schema version 1 in its header; the body must agree.
      body: { protocolVersion, schemaVersion: 1, deviceId: this.device.deviceId, operations },
    });
    if (answer.status !== 200) throw new Error(`push answered ${answer.status}: ${JSON.stringify(answer.json).slice(0, 300)}`);
    const response = PushResponse.parse(answer.json);
    if (response.rejected.length > 0) throw new Error(`the server refused ${response.rejected.length} operations`);
    this.lastCommitSeq = Math.max(this.lastCommitSeq, response.commitSeq ?? 0);
    return response;
  }

  /** Pushes every operation, in batches of at most 500 operations and 1 MiB. */
  async pushAll(operations: readonly Operation[], onBatch?: (done: number) => void): Promise<void> {
    let batch: Operation[] = [];
    let bytes = 256;
    let done = 0;
    const flush = async () => {
      if (batch.length === 0) return;
      await this.push(batch);
      done += batch.length;
      onBatch?.(done);
      batch = [];
      bytes = 256;
    };
    for (const operation of operations) {
      const size = Buffer.byteLength(JSON.stringify(operation)) + 1;
      if (batch.length >= maxPushOperations || bytes + size > maxPushBytes) await flush();
      batch.push(operation);
      bytes += size;
    }
    await flush();
  }

  close(): void {
    this.client.close();
  }
}

/** A desktop client: a fresh vault enrolled with `code`, and the real engine over it (no timers, no poke). */
export class DesktopClient {
  readonly engine: SyncEngine;
  #waiters: ((status: SyncStatusEvent) => void)[] = [];

  private constructor(readonly vault: SyncTestVault) {
    this.engine = new SyncEngine({
      vault: { connection: () => vault.connection, isUnlocked: () => true },
      hooks: syncRecordHooks,
      log: createMemoryLogger(),
      onStatus: (status) => {
        if (status.state === 'syncing') return;
        const waiters = this.#waiters;
        this.#waiters = [];
        for (const waiter of waiters) waiter(status);
      },
      onRevoked: () => Promise.resolve(),
      poke: false,
      intervalMs: 0,
      debounceMs: 3_600_000,
    });
  }

  static async enrolled(org: BenchOrganisation, code: string): Promise<DesktopClient> {
    const vault = await createSyncTestVault();
    await enrol(vault.connection, { serverUrl: org.url, caCertificatePem: org.caPem, enrolmentCode: code, organisationName: 'Bench Org' }, latestVersion, Date.now());
    return new DesktopClient(vault);
  }

  #settled(): Promise<SyncStatusEvent> {
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /** Starts the engine (as an unlock does) and waits for its first cycle to finish. */
  async startAndSync(): Promise<void> {
    const settled = this.#settled();
    await this.engine.start();
    const status = await settled;
    if (status.state !== 'online') throw new Error(`the first sync ended ${status.state}: ${status.lastError ?? ''}`);
  }

  /** One more cycle (what a poke from the server starts); the caller checks the outcome with `status()`. */
  sync(): Promise<void> {
    return this.engine.requestSync();
  }

  async status(): Promise<SyncStatusEvent> {
    return this.engine.status();
  }

  async count(sql: string): Promise<number> {
    const row = await this.vault.connection.read((tx) => tx.get<{ n: unknown }>(sql));
    return Number(row?.n);
  }

  async close(): Promise<void> {
    await this.engine.stop();
    await this.vault.dispose();
  }
}
