// Test fixture for the migrations that index search entries again (0019,
// 0022): contacts at an older schema version with their entries as that
// version indexed them, the entries read back, FTS5's integrity check, and
// one migration run alone with the rows it reports.
import { expect } from 'vitest';
import { contactSearchTexts } from '../../../../src-shared/search/record-texts';
import { indexColumns } from '../../../../src-shared/search/search-text';
import type { Connection } from '../../../vault/connection';
import { migrate, schemaVersion, type MigrationStep } from '../../../vault/migrate';
import { addContact, type ContactSeed } from './search-records';

export interface Entry {
  readonly record_id: string;
  readonly name: string;
  readonly body: string;
}

/** A contact's search texts, its other fields empty. */
export const contactTexts = (seed: ContactSeed) => contactSearchTexts({ title: '', emails: [], phones: [], tags: [], address: { city: '', country: '' }, ...seed });

/** An entry's columns as an older version indexed them, from indexColumns' now. */
export type EarlierColumns = (now: { name: string; body: string }, contact: ContactSeed) => { name: string; body: string };

/**
 * Contacts at schema `version`, each with its entry as that version indexed
 * it (`earlier`), and the index built over them; an entry with no row behind
 * it for each of `gone`. The ids by name.
 */
export async function seedEntries(
  connection: Connection,
  version: number,
  earlier: EarlierColumns,
  contacts: readonly ContactSeed[],
  gone: readonly ContactSeed[] = [],
): Promise<Map<string, string>> {
  await migrate(connection, version);
  const ids = new Map<string, string>();
  await connection.write(async (tx) => {
    const entry = async (id: string, contact: ContactSeed) => {
      const { name, body } = earlier(indexColumns(contactTexts(contact)), contact);
      await tx.run("INSERT INTO search_docs (entity, record_id, name, body) VALUES ('contacts', ?, ?, ?)", [id, name, body]);
    };
    for (const contact of contacts) {
      const id = await addContact(tx, contact, false);
      ids.set(contact.name, id);
      await entry(id, contact);
    }
    for (const contact of gone) {
      ids.set(contact.name, `gone-${contact.name}`);
      await entry(`gone-${contact.name}`, contact);
    }
    await tx.run('INSERT INTO search_fts (rowid, name, body, entity) SELECT doc_id, name, body, entity FROM search_docs');
  });
  return ids;
}

/** The search entries in doc_id order. */
export const entries = (connection: Connection) => connection.read((tx) => tx.all<Entry>('SELECT record_id, name, body FROM search_docs ORDER BY doc_id'));

/** FTS5's integrity check of the index against search_docs; throws where they differ. */
export const integrityCheck = (connection: Connection) => connection.write((tx) => tx.run("INSERT INTO search_fts (search_fts, rank) VALUES ('integrity-check', 1)"));

/** Runs the migration to `version` on its own, collecting the rows it reports. */
export async function migrateAlone(connection: Connection, version: number): Promise<MigrationStep[]> {
  const heard: MigrationStep[] = [];
  await migrate(connection, version, undefined, (step) => heard.push(step));
  expect(await connection.read(schemaVersion)).toBe(version);
  return heard.filter((step) => step.total !== undefined);
}
