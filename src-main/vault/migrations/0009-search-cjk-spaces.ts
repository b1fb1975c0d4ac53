// 0009: CJK runs that only white space or a middle dot parts are indexed as one run.
// A name stored as "王 小明" (family and given name apart, as much imported
// data has them) was indexed as the runs 王 and 小明, so the bigram 王小 was
// never written and neither "王小" nor "王小明" found it. indexText now joins
// such runs within one text (src-shared/search/search-text.ts); the entries
// indexed before are rewritten here, each under its own doc_id.
//
// The name column is one text: joinCjkRuns rewrites it from search_docs
// alone. The body joins a record's other texts, and the joint between two of
// them (a city 上海, then a country 中国) reads the same as white space inside
// one, so an entry whose body has CJK runs side by side is indexed again from
// its record's texts, read from the record's row. A record whose row is gone
// or does not decode keeps its body, only its name rewritten: the migration
// must not keep the vault from opening, and its next write indexes the record
// whole. A name not in the form indexText wrote is left as it is. Only
// entries holding a character from U+1100 up (no CJK letter comes before) are
// read.
import { z } from 'zod';
import {
  accountSearchTexts,
  activitySearchTexts,
  contactSearchTexts,
  dealSearchTexts,
  taskSearchTexts,
} from '../../../src-shared/search/record-texts';
import { indexColumns, isNameJoint, joinCjkRuns } from '../../../src-shared/search/search-text';
import type { WriteTx } from '../connection';
import type { Migration } from './migration';

const Entry = z.object({ doc_id: z.number().int(), entity: z.string(), record_id: z.string(), name: z.string(), body: z.string() });
type Row = Readonly<Record<string, unknown>>;

const text = (row: Row, column: string): string => z.string().parse(row[column]);
const list = (row: Row, column: string): string[] => z.array(z.string()).parse(JSON.parse(text(row, column)));
const place = (row: Row) => z.object({ city: z.string().default(''), country: z.string().default('') }).parse(JSON.parse(text(row, 'address')));

/** Each entity's indexed columns, and its search texts from them as the CRM tables give them (record-texts.ts). */
const sources: Readonly<Record<string, { readonly columns: string; readonly texts: (row: Row) => string[] }>> = {
  contacts: {
    columns: 'name, title, emails, phones, address, tags',
    texts: (row) =>
      contactSearchTexts({ name: text(row, 'name'), title: text(row, 'title'), emails: list(row, 'emails'), phones: list(row, 'phones'), address: place(row), tags: list(row, 'tags') }),
  },
  accounts: {
    columns: 'name, industry, website, territory, address, tags',
    texts: (row) =>
      accountSearchTexts({
        name: text(row, 'name'),
        industry: text(row, 'industry'),
        website: text(row, 'website'),
        territory: text(row, 'territory'),
        address: place(row),
        tags: list(row, 'tags'),
      }),
  },
  deals: { columns: 'name, tags', texts: (row) => dealSearchTexts({ name: text(row, 'name'), tags: list(row, 'tags') }) },
  activities: {
    columns: 'subject, outcome, tags',
    texts: (row) => activitySearchTexts({ subject: text(row, 'subject'), outcome: text(row, 'outcome'), tags: list(row, 'tags') }),
  },
  tasks: { columns: 'title, tags', texts: (row) => taskSearchTexts({ title: text(row, 'title'), tags: list(row, 'tags') }) },
};

/** The search texts of the live records of `entity` among `ids`, by id; a row that is gone, trashed or does not decode is left out. */
async function recordTexts(tx: WriteTx, entity: string, ids: readonly string[]): Promise<Map<string, string[]>> {
  const found = new Map<string, string[]>();
  const source = Object.hasOwn(sources, entity) ? sources[entity] : undefined;
  if (source === undefined) return found;
  const rows = await tx.all<Row>(`SELECT id, ${source.columns} FROM ${entity} WHERE id IN (SELECT value FROM json_each(?)) AND deleted_at IS NULL`, [
    JSON.stringify(ids),
  ]);
  for (const row of rows) {
    try {
      found.set(text(row, 'id'), source.texts(row));
    } catch {
      // Does not decode: its entry keeps its body.
    }
  }
  return found;
}

/**
 * Whether `after` has every token of `before` but the middle dots it joined
 * runs across: joining runs only adds bigrams, unless the text was not in
 * indexText's form.
 */
function keepsTokens(before: string, after: string): boolean {
  const tokens = new Set(after.split(' '));
  return before.split(' ').every((token) => tokens.has(token) || isNameJoint(token));
}

const pageSize = 500;
/** A character from U+1100 (the first CJK letter) up: SQLite's GLOB compares code points. */
const mayHoldCjk = '*[\u1100-\u{10FFFF}]*';

export const migration0009SearchCjkSpaces: Migration = {
  version: 9,
  name: 'search-cjk-spaces',
  async up(tx) {
    for (let after = 0; ; ) {
      const entries = z
        .array(Entry)
        .parse(
          await tx.all(
            `SELECT doc_id, entity, record_id, name, body FROM search_docs WHERE doc_id > ? AND (name GLOB ? OR body GLOB ?) ORDER BY doc_id LIMIT ${pageSize}`,
            [after, mayHoldCjk, mayHoldCjk],
          ),
        );
      // The records of the entries whose body has CJK runs side by side, in one read per entity.
      const joined = entries.filter((entry) => joinCjkRuns(entry.body) !== entry.body);
      const texts = new Map<string, Map<string, string[]>>();
      for (const entity of new Set(joined.map((entry) => entry.entity))) {
        texts.set(entity, await recordTexts(tx, entity, joined.filter((entry) => entry.entity === entity).map((entry) => entry.record_id)));
      }
      for (const entry of entries) {
        const name = joinCjkRuns(entry.name);
        const record = texts.get(entry.entity)?.get(entry.record_id);
        const next = record === undefined ? { name: keepsTokens(entry.name, name) ? name : entry.name, body: entry.body } : indexColumns(record);
        if (next.name === entry.name && next.body === entry.body) continue;
        await tx.run("INSERT INTO search_fts (search_fts, rowid, name, body, entity) VALUES ('delete', ?, ?, ?, ?)", [entry.doc_id, entry.name, entry.body, entry.entity]);
        await tx.run('UPDATE search_docs SET name = ?, body = ? WHERE doc_id = ?', [next.name, next.body, entry.doc_id]);
        await tx.run('INSERT INTO search_fts (rowid, name, body, entity) VALUES (?, ?, ?, ?)', [entry.doc_id, next.name, next.body, entry.entity]);
      }
      const last = entries.at(-1);
      if (last === undefined || entries.length < pageSize) break;
      after = last.doc_id;
    }
  },
};
