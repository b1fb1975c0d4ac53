// Test support: a device as the sync server sees it: its own HLC, operation
// seq and cursor, and push/pull calls over the real HTTPS API. It keeps a
// plain in-memory replica (record → field → value) built from its pushes
// (what the server took, and compensations) and pulls, so tests can compare
// what a device holds with what it may hold.
import { requiredOnCreate } from '../../src-shared/sync/field-values';
import { encodeHlc, tick, type HlcState } from '../../src-shared/sync/hlc';
import {
  PullResponse,
  PushResponse,
  protocolVersion,
  pulledThroughHeader,
  type JsonValue,
  type Operation,
  type PullResume,
  type SyncedEntity,
} from '../../src-shared/sync/protocol';
import type { HttpAnswer, HttpsTestClient } from './https-client';
import type { EnrolledDevice } from './test-server';

export class TestDevice {
  seq = 0;
  cursor = 0;
  resume: PullResume | null = null;
  /** The user directory version the last page of the latest pull named. */
  directoryVersion: string | null = null;
  clock: HlcState;
  /** entity/recordId → field → value */
  readonly replica = new Map<string, Map<string, JsonValue>>();
  readonly purged: { entity: SyncedEntity; recordId: string }[] = [];

  constructor(
    readonly client: HttpsTestClient,
    readonly enrolled: EnrolledDevice,
    private readonly now: () => number = Date.now,
  ) {
    this.clock = { millis: 0, counter: 0, deviceId: enrolled.deviceId };
  }

  stamp(offsetMs = 0): string {
    this.clock = tick(this.clock, this.now() + offsetMs);
    return encodeHlc(this.clock);
  }

  /**
   * An upsert of these fields. A record this device neither wrote nor pulled
   * is new to it, and a device creates a record whole: the fields a new
   * record needs (requiredOnCreate) that the test does not name are added
   * with plain values, as the CRM would fill them. `rawUpsert` sends only
   * the named fields.
   */
  upsert(entity: SyncedEntity, recordId: string, fields: Record<string, JsonValue>, offsetMs = 0): Operation {
    const key = `${entity}/${recordId}`;
    const isNew = !this.replica.has(key) && !this.#written.has(key);
    this.#written.add(key);
    return this.rawUpsert(entity, recordId, isNew ? { ...this.#creationDefaults(entity), ...fields } : fields, offsetMs);
  }

  rawUpsert(entity: SyncedEntity, recordId: string, fields: Record<string, JsonValue>, offsetMs = 0): Operation {
    const hlc = this.stamp(offsetMs);
    this.seq += 1;
    return { seq: this.seq, entity, recordId, kind: 'upsert', hlc, fields: Object.fromEntries(Object.entries(fields).map(([name, value]) => [name, { value, hlc }])) };
  }

  readonly #written = new Set<string>();

  #creationDefaults(entity: SyncedEntity): Record<string, JsonValue> {
    const at = this.now();
    const user = this.enrolled.userId;
    const meta = { ownerId: user, createdAt: at, createdBy: user, updatedAt: at, updatedBy: user };
    const own: Record<SyncedEntity, Record<string, JsonValue>> = {
      accounts: { name: 'Account' },
      contacts: { name: 'Contact' },
      deals: { name: 'Deal', amount: 0, currency: 'EUR', stageId: 'lead', probability: 10, expectedCloseDate: '2027-01-31' },
      activities: { kind: 'call', occurredAt: at },
      tasks: { title: 'Task', assigneeId: user },
    };
    const values: Record<string, JsonValue> = { ...own[entity], ...meta };
    return Object.fromEntries(requiredOnCreate[entity].map((field) => [field, values[field] ?? null]));
  }

  remove(entity: SyncedEntity, recordId: string): Operation {
    this.seq += 1;
    return { seq: this.seq, entity, recordId, kind: 'delete', hlc: this.stamp(), fields: {} };
  }

  /**
   * timeoutMs: the client gives up (closes the connection) after this long, as a device does after 30 s.
   * pulledThrough: the cursor to name in the push (PushHeaders), as the desktop client does; by default none, as clients before it.
   */
  rawPush(operations: readonly Operation[], timeoutMs?: number, pulledThrough?: number): Promise<HttpAnswer> {
    return this.client.request('POST', '/v1/push', {
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
      ...(pulledThrough === undefined ? {} : { headers: { [pulledThroughHeader]: String(pulledThrough) } }),
      token: this.enrolled.token,
      body: { protocolVersion, schemaVersion: 1, deviceId: this.enrolled.deviceId, operations },
    });
  }

  async push(operations: readonly Operation[], options: { readonly pulledThrough?: number } = {}): Promise<PushResponse> {
    const answer = await this.rawPush(operations, undefined, options.pulledThrough);
    if (answer.status !== 200) throw new Error(`push answered ${answer.status}: ${JSON.stringify(answer.json)}`);
    const response = PushResponse.parse(answer.json);
    this.#holdPushed(operations, response);
    return response;
  }

  /** The highest seq an answer acknowledged: a resent operation is not written again. */
  #settledSeq = 0;

  /**
   * What the device holds after a push: its own writes (a device writes them
   * before it sends them, and pulls do not send them back to it:
   * sync/pull-incremental.ts), less the fields the server refused, then each
   * compensation as it came.
   */
  #holdPushed(operations: readonly Operation[], response: PushResponse): void {
    const refused = new Map<number, Set<string> | 'all'>();
    for (const rejection of response.rejected) {
      const earlier = refused.get(rejection.seq) ?? new Set<string>();
      refused.set(rejection.seq, rejection.fields.length === 0 || earlier === 'all' ? 'all' : new Set([...earlier, ...rejection.fields]));
    }
    for (const operation of operations) {
      const refusedFields = refused.get(operation.seq);
      if (operation.seq <= this.#settledSeq || refusedFields === 'all') continue;
      const fields = Object.fromEntries(Object.entries(operation.fields).filter(([field]) => refusedFields?.has(field) !== true));
      this.#apply({ commitSeq: 0, entity: operation.entity, recordId: operation.recordId, kind: operation.kind, fields });
    }
    for (const rejection of response.rejected) if (rejection.compensation !== null) this.#apply(rejection.compensation);
    this.#settledSeq = Math.max(this.#settledSeq, response.appliedThroughSeq);
  }

  #apply(change: PullResponse['changes'][number]): void {
    const key = `${change.entity}/${change.recordId}`;
    if (change.kind === 'upsert') {
      const record = this.replica.get(key) ?? new Map<string, JsonValue>();
      for (const [field, fieldChange] of Object.entries(change.fields)) record.set(field, fieldChange.value);
      this.replica.set(key, record);
    } else {
      this.replica.delete(key);
      if (change.kind === 'purge') this.purged.push({ entity: change.entity, recordId: change.recordId });
    }
  }

  rawPull(limit = 2000): Promise<HttpAnswer> {
    return this.client.request('POST', '/v1/pull', {
      token: this.enrolled.token,
      body: { protocolVersion, schemaVersion: 1, deviceId: this.enrolled.deviceId, cursor: this.cursor, limit, resume: this.resume },
    });
  }

  /** Pulls one page and applies it to the replica. */
  async pullPage(limit = 2000): Promise<PullResponse> {
    const answer = await this.rawPull(limit);
    if (answer.status !== 200) throw new Error(`pull answered ${answer.status}: ${JSON.stringify(answer.json)}`);
    const page = PullResponse.parse(answer.json);
    for (const change of page.changes) this.#apply(change);
    this.cursor = page.cursor;
    this.resume = page.resume;
    if (!page.hasMore) this.directoryVersion = page.directoryVersion;
    return page;
  }

  /** Pulls until the server has nothing more; returns every change seen. */
  async pullAll(limit = 2000): Promise<PullResponse['changes']> {
    const changes: PullResponse['changes'] = [];
    for (let page = await this.pullPage(limit); ; page = await this.pullPage(limit)) {
      changes.push(...page.changes);
      if (!page.hasMore) return changes;
    }
  }
}
