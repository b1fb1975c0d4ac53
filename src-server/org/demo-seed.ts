// `fieldvault-server seed-demo`: fills an organisation with the demo data of
// demo-seed-data.ts through the server's own paths. A seeding device of the
// organisation's first admin is enrolled with a one-time code, pushes the
// records as operations (≤ 500 per push, ≤ 1 MiB, one commit each: push.ts
// validates, merges and seals them at rest like any device's push) and is
// revoked afterwards. Idempotent: records that already exist (or were
// erased) are not pushed again, so a second run pushes nothing and a run
// that was interrupted completes the rest.
import { encodeHlc, tick, type HlcState } from '../../src-shared/sync/hlc';
import { EnrolmentBundle, maxPushBytes, maxPushOperations, PushRequest, protocolVersion, type Operation, type RecordKey, type SyncedEntity } from '../../src-shared/sync/protocol';
import type { DeviceRow, UserRow } from '../store/rows';
import type { Store } from '../store/store';
import { consoleActor, issueEnrolmentCode, revokeDevice } from '../sync/admin';
import type { SyncContext } from '../sync/context';
import { enrol } from '../sync/devices';
import { push } from '../sync/push';
import type { DataDirConfig } from './data-dir';
import { demoCounts, demoDataset, type DemoRecord } from './demo-seed-data';
import { serverUrlOf } from './init';

export const demoSeedDefaults = { contacts: 3000, seed: 2024 } as const;

export interface DemoSeedOptions {
  readonly contacts: number;
  readonly seed: number;
}

export interface DemoSeedReport {
  readonly userId: string;
  /** Records of each entity the demo organisation holds. */
  readonly totals: Record<SyncedEntity, number>;
  /** Records of each entity this run pushed (all zero when it was seeded before). */
  readonly pushed: Record<SyncedEntity, number>;
  readonly commits: number;
}

/** The schema version the seeding device announces: the server reads fields by name, not by version. */
const seedingSchemaVersion = 1;
/** Room for the request's envelope around the operations. */
const envelopeBytes = 4096;

/** The organisation's first admin: the demo's sales rep, who owns every demo record. */
export async function demoUser(store: Store): Promise<UserRow> {
  const users = await store.read((tx) => tx.listUsers());
  const admin = users.filter((user) => user.isAdmin).sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id))[0];
  if (admin === undefined) throw new Error('The organisation has no admin user to own the demo data');
  return admin;
}

const emptyCounts = (): Record<SyncedEntity, number> => ({ accounts: 0, contacts: 0, deals: 0, activities: 0, tasks: 0 });

/** The records not yet on the server and never erased there. */
async function missingRecords(store: Store, records: readonly DemoRecord[]): Promise<DemoRecord[]> {
  const present = new Set<string>();
  const keyOf = (key: RecordKey) => `${key.entity}/${key.recordId}`;
  for (let start = 0; start < records.length; start += maxPushOperations) {
    const keys = records.slice(start, start + maxPushOperations).map(({ entity, recordId }) => ({ entity, recordId }));
    const [existing, erased] = await store.read(async (tx) => [await tx.getRecords(keys), await tx.findErasures(keys)] as const);
    for (const row of [...existing, ...erased]) present.add(keyOf(row));
  }
  return records.filter((record) => !present.has(keyOf(record)));
}

async function enrolSeedingDevice(ctx: SyncContext, userId: string): Promise<DeviceRow> {
  const { enrolmentCode } = await issueEnrolmentCode(ctx, consoleActor(userId), userId, 1);
  const { deviceId } = await enrol(ctx, enrolmentCode);
  const device = await ctx.store.read((tx) => tx.getDevice(deviceId));
  if (device === null) throw new Error('The seeding device was not stored');
  return device;
}

/** Pushes the records as a device's creates would arrive, in batches within the protocol's limits; returns the number of commits. */
async function pushRecords(ctx: SyncContext, device: DeviceRow, records: readonly DemoRecord[]): Promise<number> {
  let clock: HlcState = { millis: 0, counter: 0, deviceId: device.id };
  let seq = 0;
  let commits = 0;
  let batch: Operation[] = [];
  let batchBytes = envelopeBytes;
  const flush = async () => {
    if (batch.length === 0) return;
    const request = PushRequest.parse({ protocolVersion, schemaVersion: seedingSchemaVersion, deviceId: device.id, operations: batch });
    const answer = await push(ctx, device, request);
    if (answer.rejected.length > 0) {
      const codes = [...new Set(answer.rejected.map((rejection) => rejection.code))].join(', ');
      throw new Error(`The server refused ${answer.rejected.length} demo operations (${codes})`);
    }
    if (answer.commitSeq !== null) commits += 1;
    batch = [];
    batchBytes = envelopeBytes;
  };
  for (const record of records) {
    clock = tick(clock, ctx.now());
    const hlc = encodeHlc(clock);
    seq += 1;
    const fields = Object.fromEntries(Object.entries(record.fields).map(([field, value]) => [field, { value, hlc }]));
    const operation: Operation = { seq, entity: record.entity, recordId: record.recordId, kind: 'upsert', hlc, fields };
    const bytes = Buffer.byteLength(JSON.stringify(operation)) + 1;
    if (batch.length === maxPushOperations || batchBytes + bytes > maxPushBytes) await flush();
    batch.push(operation);
    batchBytes += bytes;
  }
  await flush();
  return commits;
}

export async function seedDemoOrganisation(ctx: SyncContext, options: DemoSeedOptions): Promise<DemoSeedReport> {
  if (!Number.isInteger(options.contacts) || options.contacts < 1 || options.contacts > 100_000) throw new Error('The demo holds 1 to 100,000 contacts');
  const user = await demoUser(ctx.store);
  const records = demoDataset({ contacts: options.contacts, seed: options.seed, userId: user.id, now: ctx.now() });
  const missing = await missingRecords(ctx.store, records);
  const pushed = emptyCounts();
  for (const record of missing) pushed[record.entity] += 1;
  const report = { userId: user.id, totals: demoCounts(options.contacts), pushed };
  if (missing.length === 0) return { ...report, commits: 0 };
  const device = await enrolSeedingDevice(ctx, user.id);
  try {
    return { ...report, commits: await pushRecords(ctx, device, missing) };
  } finally {
    // The seeding device has done its work: it must not stay a valid credential.
    await revokeDevice(ctx, consoleActor(user.id), device.id);
  }
}

/** A one-time enrolment bundle for a desktop of the demo user (server URL from the configuration). */
export async function demoEnrolmentBundle(ctx: SyncContext, config: DataDirConfig, caCertificatePem: string, validForHours: number): Promise<EnrolmentBundle> {
  const user = await demoUser(ctx.store);
  const { enrolmentCode } = await issueEnrolmentCode(ctx, consoleActor(user.id), user.id, validForHours);
  return EnrolmentBundle.parse({
    serverUrl: serverUrlOf(config.hosts, config.port),
    caCertificatePem,
    enrolmentCode,
    organisationId: config.organisationId,
    organisationName: config.organisationName,
  });
}
