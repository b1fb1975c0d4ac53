// The search texts of records as the migrations that index entries again
// from their records read them (0012, 0017, 0019, 0022): each entity's indexed columns,
// decoded, made into texts by record-texts.ts as the CRM services make them.
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
import type { IndexChange } from './search-index-batches';

const json = <T extends z.ZodType>(schema: T) => z.string().transform((text): unknown => JSON.parse(text)).pipe(schema);
const text = z.string();
const strings = json(z.array(z.string()));
const place = json(z.object({ city: z.string().default(''), country: z.string().default('') }));

/** An entity's indexed columns (the shape's keys) and its search texts from them, as record-texts.ts makes them. */
function source<Shape extends z.ZodRawShape>(shape: Shape, texts: (row: z.infer<z.ZodObject<Shape>>) => string[]) {
  const row = z.object(shape);
  return { columns: Object.keys(shape).join(', '), texts: (found: unknown) => texts(row.parse(found)) };
}

const sources: Readonly<Record<string, ReturnType<typeof source>>> = {
  contacts: source({ name: text, title: text, emails: strings, phones: strings, address: place, tags: strings }, contactSearchTexts),
  accounts: source({ name: text, industry: text, website: text, territory: text, address: place, tags: strings }, accountSearchTexts),
  deals: source({ name: text, tags: strings }, dealSearchTexts),
  activities: source({ subject: text, outcome: text, tags: strings }, activitySearchTexts),
  tasks: source({ title: text, tags: strings }, taskSearchTexts),
};

/** The search texts of the live records of `entity` among `ids`, by id; a row that is gone, trashed or does not decode is left out. */
export async function recordTexts(tx: WriteTx, entity: string, ids: readonly string[]): Promise<Map<string, string[]>> {
  const found = new Map<string, string[]>();
  const from = Object.hasOwn(sources, entity) ? sources[entity] : undefined;
  if (from === undefined) return found;
  const rows = await tx.all<{ id: unknown }>(`SELECT id, ${from.columns} FROM ${entity} WHERE id IN (SELECT value FROM json_each(?)) AND deleted_at IS NULL`, [
    JSON.stringify(ids),
  ]);
  for (const row of rows) {
    try {
      found.set(text.parse(row.id), from.texts(row));
    } catch {
      // Does not decode: its entry stays as it is.
    }
  }
  return found;
}

const Entry = z.object({ doc_id: z.number().int(), entity: z.string(), record_id: z.string(), name: z.string(), body: z.string() });

/**
 * The entries with doc_id in (after, upTo] whose name or body matches `glob`
 * (SQLite's GLOB), and `mayChange` where given, and whose index text, made
 * again from their record, differs, in doc_id order; an entry whose record
 * is gone, trashed or does not decode is left out (it keeps its text).
 * `mayChange` spares the record reads of entries a GLOB cannot tell apart.
 */
export async function changedEntries(tx: WriteTx, after: number, upTo: number, glob: string, mayChange?: (text: string) => boolean): Promise<IndexChange[]> {
  const matched = z
    .array(Entry)
    .parse(
      await tx.all('SELECT doc_id, entity, record_id, name, body FROM search_docs WHERE doc_id > ? AND doc_id <= ? AND (name GLOB ? OR body GLOB ?) ORDER BY doc_id', [
        after,
        upTo,
        glob,
        glob,
      ]),
    );
  const entries = mayChange === undefined ? matched : matched.filter((entry) => mayChange(entry.name) || mayChange(entry.body));
  const texts = new Map<string, Map<string, string[]>>();
  for (const entity of new Set(entries.map((entry) => entry.entity))) {
    const ids = entries.filter((entry) => entry.entity === entity).map((entry) => entry.record_id);
    texts.set(entity, await recordTexts(tx, entity, ids));
  }
  const changes: IndexChange[] = [];
  for (const entry of entries) {
    const record = texts.get(entry.entity)?.get(entry.record_id);
    if (record === undefined) continue;
    const next = indexColumns(record);
    if (next.name !== entry.name || next.body !== entry.body) changes.push({ ...entry, next });
  }
  return changes;
}
