// 0003: the global search index, and the import job records.
//
// Search: an FTS5 table whose external content is search_docs. search_docs
// maps each FTS rowid to its record (entity, id) and holds the *folded index
// text* (tokens, not the original field values) the FTS row was built from.
// That copy is what lets a delete remove exactly the record's tokens: with
// FTS5's 'secure-delete' option the entries leave the index b-trees at once
// instead of lingering behind delete markers (a contentless table can only
// tombstone a row, and its tokens stay in the file until an 'optimize'
// rewrites the whole index), and SQLCipher's forced secure_delete zeroes the
// freed space. The inverted index with positions already holds the same
// tokens, so the copy adds storage, not exposure. Columns: name and body (bm25
// weighs a name match above a body match) and entity (so a query can be
// limited to some entities inside the MATCH itself). Prefix indexes make 1-
// and 2-character prefix queries a single lookup. Live records that exist
// already are indexed here, tokenised exactly as the search service does.
//
// Imports: one row per import job with its settings (column → field, never a
// cell value) and the number of data rows committed so far, which is what
// lets an interrupted import resume without duplicating rows; rejected rows
// are kept by row number, field and reason, never with their values.
import { z } from 'zod';
import {
  accountSearchTexts,
  activitySearchTexts,
  contactSearchTexts,
  dealSearchTexts,
  taskSearchTexts,
} from '../../../src-shared/search/record-texts';
import { indexColumns } from '../../../src-shared/search/search-text';
import type { WriteTx } from '../connection';
import type { Migration } from './migration';

const schema = `
CREATE TABLE search_docs (
  doc_id    INTEGER NOT NULL PRIMARY KEY,
  entity    TEXT    NOT NULL,
  record_id TEXT    NOT NULL,
  name      TEXT    NOT NULL,
  body      TEXT    NOT NULL,
  UNIQUE (entity, record_id)
) STRICT;
CREATE VIRTUAL TABLE search_fts USING fts5(
  name,
  body,
  entity,
  content = 'search_docs',
  content_rowid = 'doc_id',
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '1 2'
);
INSERT INTO search_fts (search_fts, rank) VALUES ('secure-delete', 1);
INSERT INTO search_fts (search_fts, rank) VALUES ('rank', 'bm25(8.0, 1.0, 0.0)');

CREATE TABLE import_jobs (
  id             TEXT    NOT NULL PRIMARY KEY,
  entity         TEXT    NOT NULL CHECK (entity IN ('contacts', 'accounts')),
  format         TEXT    NOT NULL CHECK (format IN ('csv', 'vcard')),
  file_sha256    TEXT    NOT NULL CHECK (length(file_sha256) = 64),
  file_bytes     INTEGER NOT NULL CHECK (file_bytes >= 0),
  settings_json  TEXT    NOT NULL CHECK (json_valid(settings_json)),
  state          TEXT    NOT NULL CHECK (state IN ('running', 'cancelled', 'failed', 'done')),
  total_rows     INTEGER NOT NULL CHECK (total_rows >= 0),
  committed_rows INTEGER NOT NULL DEFAULT 0 CHECK (committed_rows >= 0),
  imported_rows  INTEGER NOT NULL DEFAULT 0 CHECK (imported_rows >= 0),
  rejected_rows  INTEGER NOT NULL DEFAULT 0 CHECK (rejected_rows >= 0),
  duplicate_rows INTEGER NOT NULL DEFAULT 0 CHECK (duplicate_rows >= 0),
  created_at     INTEGER NOT NULL,
  created_by     TEXT    NOT NULL,
  updated_at     INTEGER NOT NULL
) STRICT;
CREATE INDEX import_jobs_created ON import_jobs (created_at);

CREATE TABLE import_rejections (
  job_id     TEXT    NOT NULL,
  row_number INTEGER NOT NULL CHECK (row_number >= 1),
  field      TEXT    NOT NULL,
  code       TEXT    NOT NULL,
  message    TEXT    NOT NULL,
  PRIMARY KEY (job_id, row_number, field, code)
) STRICT, WITHOUT ROWID;
`;

const Place = z.object({ city: z.string().default(''), country: z.string().default('') });
const jsonOf = <T extends z.ZodType>(schema: T) => z.string().transform((text): unknown => JSON.parse(text)).pipe(schema);
const Strings = jsonOf(z.array(z.string()));
const Address = jsonOf(Place);

const Tags = { tags: Strings };

/** Each entity's live rows, paged by rowid, and the texts the CRM services index for them. */
const sources: readonly { entity: string; sql: string; texts: (row: unknown) => string[] }[] = [
  {
    entity: 'contacts',
    sql: 'SELECT rowid AS rn, id, name, title, emails, phones, address, tags FROM contacts',
    texts: (row) =>
      contactSearchTexts(z.object({ name: z.string(), title: z.string(), emails: Strings, phones: Strings, address: Address, ...Tags }).parse(row)),
  },
  {
    entity: 'accounts',
    sql: 'SELECT rowid AS rn, id, name, industry, website, territory, address, tags FROM accounts',
    texts: (row) =>
      accountSearchTexts(
        z.object({ name: z.string(), industry: z.string(), website: z.string(), territory: z.string(), address: Address, ...Tags }).parse(row),
      ),
  },
  {
    entity: 'deals',
    sql: 'SELECT rowid AS rn, id, name, tags FROM deals',
    texts: (row) => dealSearchTexts(z.object({ name: z.string(), ...Tags }).parse(row)),
  },
  {
    entity: 'activities',
    sql: 'SELECT rowid AS rn, id, subject, outcome, tags FROM activities',
    texts: (row) => activitySearchTexts(z.object({ subject: z.string(), outcome: z.string(), ...Tags }).parse(row)),
  },
  {
    entity: 'tasks',
    sql: 'SELECT rowid AS rn, id, title, tags FROM tasks',
    texts: (row) => taskSearchTexts(z.object({ title: z.string(), ...Tags }).parse(row)),
  },
];

const Position = z.object({ rn: z.number().int(), id: z.string() });
const pageSize = 500;

async function backfill(tx: WriteTx): Promise<void> {
  for (const source of sources) {
    let after = 0;
    for (;;) {
      const rows = await tx.all(`${source.sql} WHERE deleted_at IS NULL AND rowid > ? ORDER BY rowid LIMIT ${pageSize}`, [after]);
      for (const row of rows) {
        const { rn, id } = Position.parse(row);
        const { name, body } = indexColumns(source.texts(row));
        const { lastID } = await tx.run('INSERT INTO search_docs (entity, record_id, name, body) VALUES (?, ?, ?, ?)', [source.entity, id, name, body]);
        await tx.run('INSERT INTO search_fts (rowid, name, body, entity) VALUES (?, ?, ?, ?)', [lastID, name, body, source.entity]);
        after = rn;
      }
      if (rows.length < pageSize) break;
    }
  }
}

export const migration0003Search: Migration = {
  version: 3,
  name: 'search',
  async up(tx) {
    await tx.exec(schema);
    await backfill(tx);
  },
};
