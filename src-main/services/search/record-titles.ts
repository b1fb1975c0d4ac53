// Reads what a search hit shows (title, subtitle) from the entity tables, so
// the index itself never needs the original text. Only live records (not in
// the trash) are returned; a hit whose record is gone is dropped.
import { z } from 'zod';
import type { SearchHit } from '../../../src-shared/search/search';
import type { SyncedEntity } from '../../../src-shared/sync/protocol';
import type { ReadTx } from '../../vault/connection';

export interface RecordTitle {
  readonly title: string;
  /** The subtitle's parts, empty ones left out (see SearchHit). */
  readonly subtitle: string[];
  readonly deal?: NonNullable<SearchHit['deal']>;
}

const TitleRow = z.object({ id: z.string(), title: z.string(), a: z.string().nullable(), b: z.string().nullable() });
/** What a deal's hit adds: its stage and amount (the deal's own fields, readable with the deal). */
const DealFacts = z.object({ stage_id: z.string(), stage_name: z.string().nullable(), amount: z.number().int(), currency: z.string() });

/** Per entity: SQL yielding id, title and up to two subtitle parts for the ids in the placeholder list. */
const titleSql: Record<SyncedEntity, (placeholders: string) => string> = {
  contacts: (ids) => `SELECT c.id, c.name AS title, c.title AS a, acc.name AS b FROM contacts c
      LEFT JOIN accounts acc ON acc.id = c.account_id AND acc.deleted_at IS NULL
      WHERE c.id IN (${ids}) AND c.deleted_at IS NULL`,
  accounts: (ids) => `SELECT id, name AS title, industry AS a, json_extract(address, '$.city') AS b FROM accounts
      WHERE id IN (${ids}) AND deleted_at IS NULL`,
  deals: (ids) => `SELECT d.id, d.name AS title, acc.name AS a, NULL AS b,
             d.stage_id, s.name AS stage_name, d.amount, d.currency FROM deals d
      LEFT JOIN accounts acc ON acc.id = d.account_id AND acc.deleted_at IS NULL
      LEFT JOIN pipeline_stages s ON s.id = d.stage_id
      WHERE d.id IN (${ids}) AND d.deleted_at IS NULL`,
  activities: (ids) => `SELECT t.id, t.subject AS title, c.name AS a, acc.name AS b FROM activities t
      LEFT JOIN contacts c ON c.id = t.contact_id AND c.deleted_at IS NULL
      LEFT JOIN accounts acc ON acc.id = t.account_id AND acc.deleted_at IS NULL
      WHERE t.id IN (${ids}) AND t.deleted_at IS NULL`,
  tasks: (ids) => `SELECT t.id, t.title AS title, c.name AS a, acc.name AS b FROM tasks t
      LEFT JOIN contacts c ON c.id = t.contact_id AND c.deleted_at IS NULL
      LEFT JOIN accounts acc ON acc.id = t.account_id AND acc.deleted_at IS NULL
      WHERE t.id IN (${ids}) AND t.deleted_at IS NULL`,
};

/** Per entity: the column holding what a hit shows as its title. */
const titleColumn: Record<SyncedEntity, string> = { contacts: 'name', accounts: 'name', deals: 'name', activities: 'subject', tasks: 'title' };

const PlainTitleRow = z.object({ id: z.string(), title: z.string() });

/**
 * Titles alone of the given records of one entity, by id, trashed ones too:
 * what ranking compares with the text typed, without the joins of the
 * subtitles (recordTitles reads the hits finally shown).
 */
export async function plainTitles(tx: ReadTx, entity: SyncedEntity, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await tx.all(`SELECT id, ${titleColumn[entity]} AS title FROM ${entity} WHERE id IN (SELECT value FROM json_each(?))`, [JSON.stringify(ids)]);
  return new Map(z.array(PlainTitleRow).parse(rows).map((row) => [row.id, row.title]));
}

const NamedRow = z.object({ id: z.string(), title: z.string(), trashed: z.number() });

/** A record's title, and whether it is in the trash. */
export interface NamedRecord {
  readonly title: string;
  readonly trashed: boolean;
}

/**
 * Titles of the given records of one entity, by id, trashed ones too, each
 * saying whether it is in the trash: the names of related records
 * (records.names). Ids with no record are missing from the map.
 */
export async function titlesWithTrash(tx: ReadTx, entity: SyncedEntity, ids: readonly string[]): Promise<Map<string, NamedRecord>> {
  if (ids.length === 0) return new Map();
  const rows = await tx.all(
    `SELECT id, ${titleColumn[entity]} AS title, deleted_at IS NOT NULL AS trashed FROM ${entity} WHERE id IN (SELECT value FROM json_each(?))`,
    [JSON.stringify(ids)],
  );
  return new Map(z.array(NamedRow).parse(rows).map((row) => [row.id, { title: row.title, trashed: row.trashed !== 0 }]));
}

/** Per entity: which entity each subtitle part (a, b) is read from. */
const partSources: Record<SyncedEntity, readonly [SyncedEntity, SyncedEntity | null]> = {
  contacts: ['contacts', 'accounts'],
  accounts: ['accounts', 'accounts'],
  deals: ['accounts', null],
  activities: ['contacts', 'accounts'],
  tasks: ['contacts', 'accounts'],
};

/**
 * Titles of the given records of one entity, by id. A subtitle part read from
 * another entity (a contact's account name, a task's contact) is shown only
 * when the caller may read that entity.
 */
export async function recordTitles(
  tx: ReadTx,
  entity: SyncedEntity,
  ids: readonly string[],
  readable: readonly SyncedEntity[],
): Promise<Map<string, RecordTitle>> {
  const titles = new Map<string, RecordTitle>();
  if (ids.length === 0) return titles;
  const [sourceA, sourceB] = partSources[entity];
  const shown = (source: SyncedEntity | null) => source !== null && readable.includes(source);
  const rows = await tx.all(titleSql[entity](ids.map(() => '?').join(', ')), ids);
  for (const [index, row] of z.array(TitleRow).parse(rows).entries()) {
    const parts = [shown(sourceA) ? row.a : null, shown(sourceB) ? row.b : null];
    const subtitle = parts.filter((part): part is string => part !== null && part.trim() !== '');
    if (entity !== 'deals') {
      titles.set(row.id, { title: row.title, subtitle });
      continue;
    }
    const facts = DealFacts.parse(rows[index]);
    const deal = { stageId: facts.stage_id, stageName: facts.stage_name, amount: facts.amount, currency: facts.currency };
    titles.set(row.id, { title: row.title, subtitle, deal });
  }
  return titles;
}
