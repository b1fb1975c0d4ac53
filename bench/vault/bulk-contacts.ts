// Builds the benchmark's 100k-contact base file fast. createContact costs
// nine statements per contact through the async driver, which at 100k
// contacts (times two sides) would take most of the bench's time budget; so
// the base is written here in multi-row statements instead, row for row what
// createContact writes, using the services' own mapping (syncedFields,
// columnOf, sqlOf, searchTexts) and the search index's bulk path
// (indexNewRecords). The outbox is left empty, as after an acknowledged sync.
//
// This mirrors contact.service's createContact and record-writes'
// insertRecord. So that it cannot silently drift from them, the first
// contacts are made through createContact itself and checkShape() compares
// per-table row counts: if createContact starts writing another table, the
// bench fails and says so.
import { Contact } from '../../src-shared/domain/contact';
import { encodeHlc } from '../../src-shared/sync/hlc';
import { contactTable } from '../../src-main/services/crm/contact.repo';
import { currentUserId } from '../../src-main/services/crm/current-user';
import { fieldValue, sortKeyOf, sqlOf, syncedFields } from '../../src-main/services/crm/entity-table';
import { indexNewRecords } from '../../src-main/services/search/search-index';
import { ensureDeviceId, wholeRecordField } from '../../src-main/sync/change-recorder';
import type { Connection, ReadTx, SqlValue, WriteTx } from '../../src-main/vault/connection';
import { uuid7 } from '../../src-main/vault/uuid7';
import type { FixtureContact } from './contact-fixture';
import { columnOf } from '../../src-main/vault/column-names';

/** Rows per multi-row INSERT: 17 parameters each, far under SQLite's limit. */
const ROWS_PER_STATEMENT = 50;

async function insertRows(tx: WriteTx, table: string, columns: readonly string[], rows: readonly SqlValue[][], verb = 'INSERT'): Promise<void> {
  const placeholder = `(${columns.map(() => '?').join(', ')})`;
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    const batch = rows.slice(start, start + ROWS_PER_STATEMENT);
    await tx.run(`${verb} INTO ${table} (${columns.join(', ')}) VALUES ${batch.map(() => placeholder).join(', ')}`, batch.flat());
  }
}

/** Writes one batch of contacts in the caller's transaction, as createContact would; returns their ids. */
async function insertBatch(tx: WriteTx, batch: readonly FixtureContact[]): Promise<Contact['id'][]> {
  const userId = await currentUserId(tx);
  const deviceId = await ensureDeviceId(tx);
  const fields = syncedFields(contactTable);
  const records = batch.map(({ draft, createdAt }) =>
    Contact.parse({
      ...draft,
      id: uuid7(createdAt),
      ownerId: draft.ownerId ?? userId,
      createdAt,
      createdBy: userId,
      updatedAt: createdAt,
      updatedBy: userId,
      deletedAt: null,
    }),
  );
  await insertRows(
    tx,
    contactTable.entity,
    ['id', ...fields.map(columnOf), 'name_key'],
    records.map((record) => [record.id, ...fields.map((field) => sqlOf(contactTable, field, fieldValue(record, field))), sortKeyOf(contactTable, record)]),
  );
  const tags = records.flatMap((record) => record.tags.map((tag): SqlValue[] => [contactTable.entity, tag, record.id]));
  await insertRows(tx, 'record_tags', ['entity', 'tag', 'record_id'], tags, 'INSERT OR IGNORE');
  await insertRows(
    tx,
    'field_versions',
    ['entity', 'record_id', 'field', 'hlc'],
    records.map((record) => [contactTable.entity, record.id, wholeRecordField, encodeHlc({ millis: record.createdAt, counter: 0, deviceId })]),
  );
  await indexNewRecords(tx, contactTable.entity, records.map((record) => ({ id: record.id, texts: contactTable.searchTexts(record) })));
  return records.map((record) => record.id);
}

export async function bulkCreateContacts(connection: Connection, contacts: readonly FixtureContact[], perTransaction: number): Promise<Contact['id'][]> {
  const ids: Contact['id'][] = [];
  for (let start = 0; start < contacts.length; start += perTransaction) {
    const batch = contacts.slice(start, start + perTransaction);
    ids.push(...(await connection.write((tx) => insertBatch(tx, batch))));
  }
  return ids;
}

/** Row count of every ordinary table, leaving out FTS shadow tables (their row counts follow segment merges, not records). */
export async function tableCounts(connection: Connection): Promise<Map<string, number>> {
  return connection.read(async (tx: ReadTx) => {
    const tables = await tx.all<{ name: unknown; sql: unknown }>("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
    const virtual = tables.filter((table) => String(table.sql).startsWith('CREATE VIRTUAL TABLE')).map((table) => String(table.name));
    const counts = new Map<string, number>();
    for (const table of tables) {
      const name = String(table.name);
      if (virtual.some((owner) => name === owner || name.startsWith(`${owner}_`))) continue;
      // name comes from sqlite_master, not from input.
      const row = await tx.get<{ n: unknown }>(`SELECT count(*) AS n FROM "${name.replaceAll('"', '""')}"`);
      counts.set(name, Number(row?.n));
    }
    return counts;
  });
}

/**
 * After `serviceMade` contacts from createContact and the rest in bulk, every
 * table must hold (rows per contact) × total rows, or exactly what it held
 * (tables that do not grow with contacts).
 */
export function checkShape(afterService: ReadonlyMap<string, number>, afterBulk: ReadonlyMap<string, number>, serviceMade: number, total: number): void {
  const drifted: string[] = [];
  for (const table of new Set([...afterService.keys(), ...afterBulk.keys()])) {
    const service = afterService.get(table) ?? 0;
    const bulk = afterBulk.get(table) ?? 0;
    const perContact = service / serviceMade;
    const expected = service > 0 && Number.isInteger(perContact) ? perContact * total : service;
    if (bulk !== expected) drifted.push(`${table} (${bulk} rows, expected ${expected})`);
  }
  if (drifted.length > 0) {
    throw new Error(`The bulk fixture no longer writes what createContact writes: ${drifted.join(', ')}. Update bench/vault/bulk-contacts.ts.`);
  }
}
