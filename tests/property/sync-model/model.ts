// The reference model of the sync server's rules, written from
// ARCHITECTURE.md and the protocol, not from the server's code: it replays
// every push the server answered and every admin change, in the order the
// server saw them, and says which records (and which field values) each user
// may hold. Rules:
//   - a device's operations with seq ≤ its last applied seq are not applied again;
//   - a push naming a record its user can see neither now nor through any team
//     the user ever had, and that an admin never moved out of such a bucket,
//     is refused whole (403, nothing written); one moved out of such a bucket
//     is refused operation by operation;
//   - an erased record takes no write; only the owner writes an existing record;
//   - a new record is owned by its writer, in the writer's first team;
//   - per field, last writer wins by HLC;
//   - a user sees records they own and records of their teams.
import { compareHlc } from '../../../src-shared/sync/hlc';
import type { JsonValue, Operation, PushResponse } from '../../../src-shared/sync/protocol';

export interface ModelRecord {
  readonly id: string;
  owner: string;
  team: string | null;
  /** Bucket assignments an admin moved the record out of, oldest first. */
  readonly past: { owner: string; team: string | null }[];
  erased: boolean;
  readonly fields: Map<string, { value: JsonValue; hlc: string }>;
  /** Every text value ever written to the record by any device: none may survive where the record may not be. */
  readonly markers: Set<string>;
}

export class SyncModel {
  readonly records = new Map<string, ModelRecord>();
  readonly #teams = new Map<string, Set<string>>();
  readonly #everTeams = new Map<string, Set<string>>();
  readonly #lastSeq = new Map<string, number>();
  readonly #mismatches: string[] = [];

  teamsOf(userId: string): Set<string> {
    let teams = this.#teams.get(userId);
    if (teams === undefined) {
      teams = new Set();
      this.#teams.set(userId, teams);
    }
    return teams;
  }

  setTeams(userId: string, teams: readonly string[]): void {
    this.#teams.set(userId, new Set(teams));
    const ever = this.#everTeams.get(userId) ?? new Set<string>();
    for (const team of teams) ever.add(team);
    this.#everTeams.set(userId, ever);
  }

  visible(record: ModelRecord, userId: string): boolean {
    return record.owner === userId || (record.team !== null && this.teamsOf(userId).has(record.team));
  }

  #visibleEver(buckets: { owner: string; team: string | null }, userId: string): boolean {
    return buckets.owner === userId || (buckets.team !== null && (this.#everTeams.get(userId)?.has(buckets.team) ?? false));
  }

  #outsideBuckets(record: ModelRecord, userId: string): 'no' | 'formerly' | 'never' {
    if (this.visible(record, userId) || this.#visibleEver(record, userId)) return 'no';
    return record.past.some((buckets) => this.#visibleEver(buckets, userId)) ? 'formerly' : 'never';
  }

  /** Notes text values of a local write, before it reaches the server (it may never be accepted, yet must not linger where it may not be). */
  noteMarkers(recordId: string, values: Iterable<JsonValue>): void {
    const record = this.records.get(recordId);
    const markers = record?.markers ?? this.#pendingMarkers(recordId);
    for (const value of values) collectText(value, markers);
  }

  readonly #orphanMarkers = new Map<string, Set<string>>();
  #pendingMarkers(recordId: string): Set<string> {
    const set = this.#orphanMarkers.get(recordId) ?? new Set<string>();
    this.#orphanMarkers.set(recordId, set);
    return set;
  }

  /** Replays one push the server answered; records a mismatch when the server decided otherwise. */
  push(deviceId: string, userId: string, operations: readonly Operation[], status: number, answer: unknown): void {
    const fresh = operations.filter((operation) => operation.seq > (this.#lastSeq.get(deviceId) ?? 0));
    const outside = fresh.find((operation) => {
      const record = this.records.get(operation.recordId);
      return record !== undefined && !record.erased && this.#outsideBuckets(record, userId) === 'never';
    });
    const refused = outside !== undefined;
    if (refused !== (status === 403)) {
      const record = outside === undefined ? undefined : this.records.get(outside.recordId);
      const detail = record === undefined ? '' : ` (record ${record.id} owner ${record.owner} team ${String(record.team)}, user ${userId} teams ${[...this.teamsOf(userId)].join(',')} ever ${[...(this.#everTeams.get(userId) ?? [])].join(',')})`;
      const seqs = `seqs ${operations.map((operation) => operation.seq).join(',')} last ${this.#lastSeq.get(deviceId) ?? 0} answer ${JSON.stringify(answer).slice(0, 400)}`;
      this.#mismatches.push(`push of ${deviceId}: model ${refused ? 'refuses' : 'accepts'}, server ${status}${detail} ${seqs}`);
    }
    if (status !== 200) return;
    for (const operation of fresh) this.#apply(operation, userId);
    const last = operations.at(-1)?.seq ?? 0;
    this.#lastSeq.set(deviceId, Math.max(this.#lastSeq.get(deviceId) ?? 0, last));
    void (answer as PushResponse | undefined);
  }

  #apply(operation: Operation, userId: string): void {
    let record = this.records.get(operation.recordId);
    if (record?.erased === true) return;
    // Outside the user's buckets (formerly visible) or not the owner: refused, nothing applied.
    if (record !== undefined && record.owner !== userId) return;
    if (record === undefined) {
      const [team] = [...this.teamsOf(userId)].sort();
      record = { id: operation.recordId, owner: userId, team: team ?? null, past: [], erased: false, fields: new Map(), markers: this.#pendingMarkers(operation.recordId) };
      this.records.set(record.id, record);
    }
    for (const [field, change] of Object.entries(operation.fields)) {
      const current = record.fields.get(field);
      if (current === undefined || compareHlc(change.hlc, current.hlc) > 0) record.fields.set(field, { value: change.value, hlc: change.hlc });
    }
  }

  reassign(recordId: string, owner: string, team: string | null): boolean {
    const record = this.records.get(recordId);
    if (record === undefined || record.erased) return false;
    record.past.push({ owner: record.owner, team: record.team });
    record.owner = owner;
    record.team = team;
    return true;
  }

  erase(recordId: string): void {
    const record = this.records.get(recordId);
    if (record !== undefined) record.erased = true;
    else {
      // Erased before it ever reached the server: the id is in the ledger, and writes to it are refused.
      this.records.set(recordId, { id: recordId, owner: '', team: null, past: [], erased: true, fields: new Map(), markers: this.#pendingMarkers(recordId) });
    }
  }

  /** What a user's devices must hold after quiescence. */
  visibleTo(userId: string): Map<string, Map<string, { value: JsonValue; hlc: string }>> {
    const out = new Map<string, Map<string, { value: JsonValue; hlc: string }>>();
    for (const record of this.records.values()) if (!record.erased && this.visible(record, userId)) out.set(record.id, record.fields);
    return out;
  }

  /** Every marker noted, of records the server holds and of local writes it never accepted. */
  allMarkers(): Set<string> {
    const out = new Set<string>();
    for (const record of this.records.values()) for (const marker of record.markers) out.add(marker);
    for (const markers of this.#orphanMarkers.values()) for (const marker of markers) out.add(marker);
    return out;
  }

  /** Fails when the server decided a push differently from the rules. */
  checkSeen(): void {
    if (this.#mismatches.length > 0) throw new Error(`The server disagreed with the model: ${this.#mismatches.join('; ')}`);
  }
}

function collectText(value: JsonValue, into: Set<string>): void {
  if (typeof value === 'string') {
    // Only our generated markers: short shared words (e.g. 'any') are not evidence of anything.
    for (const match of value.matchAll(/mk[0-9a-z]{6,}/g)) into.add(match[0]);
  } else if (Array.isArray(value)) for (const item of value) collectText(item, into);
  else if (value !== null && typeof value === 'object') for (const item of Object.values(value)) collectText(item, into);
}
