// Cheap invariants of the sync property test, checked during a run and after
// quiescence: a pull (and the evictions and purges it applies) never adds an
// outbox entry, and every pushed operation is one a local write on that
// device queued; the raw page scan finds every current value a device must
// hold (its positive control) and none it may not; no record's value reaches
// a device's or the server's log; every erasure is complete.
import { z } from 'zod';
import { ErasureStatusResponse } from '../../../src-shared/sync/admin-protocol';
import type { JsonValue } from '../../../src-shared/sync/protocol';
import { decryptedPages, decryptedWalPages } from '../../../src-main/services/search/raw-vault-scan';
import type { ModelDevice, World } from './world';

/** The outbox's AUTOINCREMENT counter and the seqs it holds. */
export interface OutboxMark {
  readonly counter: number;
  readonly seqs: ReadonlySet<number>;
}

export async function outboxMark(device: ModelDevice): Promise<OutboxMark> {
  return device.connection.read(async (tx) => {
    const counter = z.object({ seq: z.number().int() }).optional().parse(await tx.get("SELECT seq FROM sqlite_sequence WHERE name = 'outbox'"))?.seq ?? 0;
    const rows = z.array(z.object({ seq: z.number().int() })).parse(await tx.all('SELECT seq FROM outbox'));
    return { counter, seqs: new Set(rows.map((row) => row.seq)) };
  });
}

/**
 * Fails when the outbox gained an entry between two marks taken around a step that made no local write (a pull,
 * or a whole engine cycle): a new seq, or a counter that moved (an entry added, then pushed in the same cycle).
 */
export function expectNoOutboxAdded(device: ModelDevice, before: OutboxMark, after: OutboxMark, step: string): void {
  const added = [...after.seqs].filter((seq) => !before.seqs.has(seq));
  if (added.length > 0 || after.counter > before.counter) {
    throw new Error(`${step} on ${device.name} added outbox entries (seqs ${added.join(',')}, counter ${before.counter} -> ${after.counter})`);
  }
}

/** Runs a local write and notes the outbox seqs it queued as this device's own. */
export async function authoredWrite(device: ModelDevice, write: () => Promise<unknown>): Promise<void> {
  const before = (await outboxMark(device)).counter;
  try {
    await write();
  } finally {
    const after = await outboxMark(device);
    for (const seq of after.seqs) if (seq > before) device.authored.add(seq);
  }
}

/** Fails when a device pushed an operation that no local write on it queued. */
export function expectAuthored(device: ModelDevice, operations: readonly { seq: number; recordId: string }[]): void {
  const foreign = operations.filter((operation) => !device.authored.has(operation.seq));
  if (foreign.length > 0) {
    throw new Error(`${device.name} pushed operations no local write queued: ${foreign.map((operation) => `${operation.recordId}#${operation.seq}`).join(', ')}`);
  }
}

/** Markers in a value: our generated ones only ('mk' + base36, see commands.ts). */
export function markersIn(value: JsonValue, into: Set<string> = new Set()): Set<string> {
  if (typeof value === 'string') for (const match of value.matchAll(/mk[0-9a-z]{6,}/g)) into.add(match[0]);
  else if (Array.isArray(value)) for (const item of value) markersIn(item, into);
  else if (value !== null && typeof value === 'object') for (const item of Object.values(value)) markersIn(item, into);
  return into;
}

/**
 * The raw scan of a device's decrypted pages (database and WAL, read once): every marker of a current value of a
 * record it must hold is found (else a value stored in a form the scan cannot read would pass the negative check
 * silently), and no marker of a record it may not hold is.
 */
export async function checkRawScan(world: World, device: ModelDevice, expected: ReadonlyMap<string, ReadonlyMap<string, { value: JsonValue }>>): Promise<void> {
  const pages = [...(await decryptedPages(device.file, device.key)), ...(await decryptedWalPages(`${device.file}-wal`, device.key))];
  const found = (marker: string): boolean => {
    const bytes = Buffer.from(marker, 'utf8');
    return pages.some((page) => page.includes(bytes));
  };
  for (const [id, fields] of expected) {
    const current = new Set<string>();
    for (const { value } of fields.values()) markersIn(value, current);
    if (current.size === 0) throw new Error(`${device.name} ${id}: no marker in its current values (the positive control would be empty)`);
    for (const marker of current) if (!found(marker)) throw new Error(`${device.name} holds ${id} but the raw scan did not find its current marker ${marker}`);
  }
  for (const record of world.model.records.values()) {
    if (expected.has(record.id)) continue;
    for (const marker of record.markers) if (found(marker)) throw new Error(`${device.name} still holds ${marker} of ${record.id}`);
  }
}

/** No marker of any record (sent or never accepted) in any device's log or the server's. */
export function checkLogs(world: World): void {
  const sources: [string, readonly string[]][] = [...world.devices.map((device): [string, readonly string[]] => [device.name, device.logLines]), ['server', world.serverLog]];
  const markers = world.model.allMarkers();
  for (const [source, lines] of sources) {
    for (const line of lines) {
      for (const match of line.matchAll(/mk[0-9a-z]{6,}/g)) {
        if (markers.has(match[0])) throw new Error(`${source}'s log holds a customer value (${match[0]}): ${line.slice(0, 160)}`);
      }
    }
  }
}

/** After quiescence: no device owes an acknowledgement, and the server counts every erasure complete. */
export async function checkErasures(world: World): Promise<void> {
  for (const device of world.devices) {
    const owed = await device.connection.read(async (tx) => z.array(z.object({ record_id: z.string() })).parse(await tx.all('SELECT record_id FROM sync_pending_acks')));
    if (owed.length > 0) throw new Error(`${device.name} still owes erasure acknowledgements: ${owed.map((row) => row.record_id).join(', ')}`);
  }
  for (const record of world.model.records.values()) {
    if (!record.erased) continue;
    const answer = await world.admin('/v1/admin/erasures/status', { record: { entity: 'contacts', recordId: record.id } });
    if (answer.status !== 200) throw new Error(`erasure status of ${record.id} answered ${answer.status}`);
    const status = ErasureStatusResponse.parse(answer.json);
    const acknowledged = new Set(status.acknowledgedBy);
    const missing = world.devices.filter((device) => !acknowledged.has(device.serverDeviceId)).map((device) => device.name);
    if (status.outstanding.length > 0 || status.revokedUnconfirmed.length > 0 || missing.length > 0) {
      throw new Error(`erasure of ${record.id} incomplete: outstanding ${status.outstanding.join(',')}, not acknowledged by ${missing.join(',')}`);
    }
  }
}
