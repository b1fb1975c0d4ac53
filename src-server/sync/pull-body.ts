// Snapshot and backfill pages as JSON text, written straight from the opened
// records. A record's sealed document is the JSON of exactly the `fields`
// object a ServerChange carries ({field: {value, hlc}}, written by
// JSON.stringify when it was sealed, and authenticated by GCM on opening), so
// a full-state change can embed that text as it is. Parsing every document
// only for fastify to serialise it again was most of the server's work in a
// 100,000-record initial sync (measured: bench/sync).
import { PullResponse, type PullFrom, type PullResume, type RecordOwners } from '../../src-shared/sync/protocol';
import { openRecordFieldsJson } from '../crypto/record-seal';
import type { Keyring } from '../crypto/keyring';
import type { RecordRow } from '../store/rows';
import type { StoreReadTx } from '../store/store';
import { ensureKeys } from './record-state';

/** A pull page whose changes are already JSON text; the route sends it as is. */
export class PreparedPage {
  constructor(
    /** Each element is one ServerChange as JSON. */
    readonly changes: readonly string[],
    readonly cursor: number,
    readonly resume: PullResume | null,
    readonly hasMore: boolean,
    /** On a snapshot's or backfill's first page: how many records the step holds (PullResponse.total). */
    readonly total: number | null = null,
    /** Who owns the page's records (PullResponse.owners). */
    readonly owners: readonly RecordOwners[] = [],
    /** The request this page answers (set by pullPage). */
    readonly from: PullFrom | null = null,
    /** The device's directory version, on a last page (set by pullPage). */
    readonly directoryVersion: string | null = null,
  ) {}

  /** The same page, naming the request it answers (and, on a last page, the directory version). */
  answering(from: PullFrom, directoryVersion: string | null): PreparedPage {
    return new PreparedPage(this.changes, this.cursor, this.resume, this.hasMore, this.total, this.owners, from, directoryVersion);
  }

  /** `serverTime`: the server's clock as it answers (PullResponse.serverTime); left out for in-process callers. */
  toJson(serverTime?: number): string {
    if (this.from === null) throw new Error('A pull page must name the request it answers');
    const time = serverTime === undefined ? '' : `,"serverTime":${serverTime}`;
    return `{"from":${JSON.stringify(this.from)},"changes":[${this.changes.join(',')}],"cursor":${this.cursor},"resume":${JSON.stringify(this.resume)},"hasMore":${this.hasMore},"directoryVersion":${JSON.stringify(this.directoryVersion)},"total":${JSON.stringify(this.total)},"owners":${JSON.stringify(this.owners)}${time}}`;
  }
}

/** Full current state of live records as upsert changes in JSON: one open, no parse, per record. */
export async function fullStatesJson(tx: StoreReadTx, keyring: Keyring, records: readonly RecordRow[], commitSeq: number): Promise<string[]> {
  const live = records.filter((record) => record.deletedSeq === null);
  await ensureKeys(tx, keyring, live);
  return live.map((record) => {
    const fields = record.sealed === null ? '{}' : openRecordFieldsJson(keyring, record.entity, record.recordId, record.sealed);
    return `{"commitSeq":${commitSeq},"entity":${JSON.stringify(record.entity)},"recordId":${JSON.stringify(record.recordId)},"kind":"upsert","fields":${fields}}`;
  });
}

/** The same page as objects, for in-process callers (tests, the demo seed) that want a PullResponse. */
export function asPullResponse(page: PullResponse | PreparedPage): PullResponse {
  return page instanceof PreparedPage ? PullResponse.parse(JSON.parse(page.toJson())) : page;
}
