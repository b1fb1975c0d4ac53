// What applying one pull page needs to know about the records it names,
// read in a few bulk queries at the start of the page's transaction instead
// of several per change: which rows exist, the field versions (with 0002's
// '*' whole-record row), and which fields unacknowledged local operations
// change. Kept current as the page applies, since one page may change a
// record more than once.
import { z } from 'zod';
import type { SyncedEntity } from '../../src-shared/sync/protocol';
import type { ReadTx } from '../vault/connection';
import { wholeRecordField } from './change-recorder';

const key = (entity: SyncedEntity, recordId: string) => `${entity}/${recordId}`;

export class PageState {
  readonly #exists = new Set<string>();
  readonly #versions = new Map<string, Map<string, string>>();
  readonly #pending = new Map<string, Set<string>>();

  static async load(tx: ReadTx, records: readonly { entity: SyncedEntity; recordId: string }[]): Promise<PageState> {
    const state = new PageState();
    await state.#read(tx, records);
    return state;
  }

  /** Reads the records again as the vault holds them: after it refused their write, what the page assumed is not so. */
  async reread(tx: ReadTx, records: readonly { entity: SyncedEntity; recordId: string }[]): Promise<void> {
    for (const record of records) this.removed(record.entity, record.recordId);
    await this.#read(tx, records);
  }

  async #read(tx: ReadTx, records: readonly { entity: SyncedEntity; recordId: string }[]): Promise<void> {
    const byEntity = new Map<SyncedEntity, string[]>();
    for (const record of records) {
      const list = byEntity.get(record.entity);
      if (list === undefined) byEntity.set(record.entity, [record.recordId]);
      else list.push(record.recordId);
    }
    for (const [entity, list] of byEntity) {
      // The ids travel as one JSON array (json_each), so a page of 5,000 records is three statements, not forty.
      const ids = JSON.stringify([...new Set(list)]);
      const rows = z.array(z.object({ id: z.string() })).parse(await tx.all(`SELECT id FROM ${entity} WHERE id IN (SELECT value FROM json_each(?))`, [ids]));
      for (const row of rows) this.#exists.add(key(entity, row.id));
      const versions = z
        .array(z.object({ record_id: z.string(), field: z.string(), hlc: z.string() }))
        .parse(await tx.all('SELECT record_id, field, hlc FROM field_versions WHERE entity = ? AND record_id IN (SELECT value FROM json_each(?))', [entity, ids]));
      for (const row of versions) this.#versionMap(entity, row.record_id).set(row.field, row.hlc);
      const pending = z
        .array(z.object({ record_id: z.string(), fields_json: z.string() }))
        .parse(await tx.all('SELECT record_id, fields_json FROM outbox WHERE entity = ? AND record_id IN (SELECT value FROM json_each(?))', [entity, ids]));
      for (const row of pending) {
        const fields = Object.keys(z.record(z.string(), z.unknown()).parse(JSON.parse(row.fields_json)));
        const set = this.#pending.get(key(entity, row.record_id)) ?? new Set<string>();
        for (const field of fields) set.add(field);
        this.#pending.set(key(entity, row.record_id), set);
      }
    }
  }

  #versionMap(entity: SyncedEntity, recordId: string): Map<string, string> {
    const id = key(entity, recordId);
    let map = this.#versions.get(id);
    if (map === undefined) {
      map = new Map();
      this.#versions.set(id, map);
    }
    return map;
  }

  exists(entity: SyncedEntity, recordId: string): boolean {
    return this.#exists.has(key(entity, recordId));
  }

  /** The record's field versions: a field's own row, else the record's '*' row, else null (the record looked up once). */
  versionsOf(entity: SyncedEntity, recordId: string): (field: string) => string | null {
    const map = this.#versions.get(key(entity, recordId));
    if (map === undefined) return () => null;
    const whole = map.get(wholeRecordField) ?? null;
    return (field) => map.get(field) ?? whole;
  }

  /** The record's field versions, a field's own row only, else null. */
  ownVersionsOf(entity: SyncedEntity, recordId: string): (field: string) => string | null {
    const map = this.#versions.get(key(entity, recordId));
    return (field) => (field === wholeRecordField ? null : (map?.get(field) ?? null));
  }

  /** The record's own field rows (not its '*' row): the fields edited after it was created. */
  editedFields(entity: SyncedEntity, recordId: string): ReadonlyMap<string, string> {
    const map = this.#versions.get(key(entity, recordId));
    return new Map([...(map ?? [])].filter(([field]) => field !== wholeRecordField));
  }

  isPending(entity: SyncedEntity, recordId: string, field: string): boolean {
    return this.#pending.get(key(entity, recordId))?.has(field) === true;
  }

  wrote(entity: SyncedEntity, recordId: string, versions: ReadonlyMap<string, string>): void {
    this.#exists.add(key(entity, recordId));
    const map = this.#versionMap(entity, recordId);
    for (const [field, hlc] of versions) map.set(field, hlc);
  }

  unpend(entity: SyncedEntity, recordId: string, field: string): void {
    this.#pending.get(key(entity, recordId))?.delete(field);
  }

  removed(entity: SyncedEntity, recordId: string): void {
    const id = key(entity, recordId);
    this.#exists.delete(id);
    this.#versions.delete(id);
    this.#pending.delete(id);
  }
}
