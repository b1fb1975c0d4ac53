// 0016: lists sort names by a stored, locale-independent sort key.
// Names sorted by their raw text under COLLATE NOCASE (ASCII case folding
// only): Özdemir, Émile and Ångström came after Zimmermann, and Chinese
// names in code point order, which means nothing to a reader (李 li, 王 wang,
// 张 zhang is pinyin order). Each named record now stores its name's key
// (src-shared/sort/name-sort-key.ts: accents dropped, case folded, Han by
// pinyin, after Latin):
//   contacts.name_key, accounts.name_key, deals.name_key, tasks.title_key
// Derived and local like contacts.account_territory: never synced
// (src-main/vault/derived-columns.ts); services/crm writes it with every
// write of the name, sync's record hooks after a remote change. Every index
// that sorted by name (or title) is rebuilt under its name with the key in
// the name's place, the columns after it unchanged:
//   contacts_live_name, _owner, _account, _territory, _id, contacts_trash_name
//   accounts_live_name, _owner, _industry, _territory, _id, accounts_trash_name
//   deals_live_name, tasks_live_title
// and the import's exact (NOCASE) lookup of an account by name, which used
// accounts_live_name, gets an index of its own: accounts_live_exact_name.
//
// The keys are written 5,000 rows at a time in rowid order (one UPDATE …
// FROM a JSON text of (rowid, key) rows per batch), with the name indexes
// dropped first so the writes touch no index; progress counts each row
// twice, once as its key is written and once as its table's indexes are
// built. All in the migration's one write transaction: a process killed
// midway leaves version 15 as it was, and the next unlock runs it again.
// Measured with a script that fills a version-15 vault through the driver
// (contacts with 200-character notes, a tenth as many accounts) and times
// migrate to 16, on two cores under a load average of 9: 100,000 contacts
// 7.2 s, 300,000 23 s; a million, by the same rate, about 80 s, once, at the
// unlock that migrates. Of 100,000 contacts' 7.5 s in a timed run: dropping
// their six old indexes 1.9 s (SQLCipher frees every page), writing the keys
// 3.1 s (reading 0.7, computing 0.6, the UPDATEs 1.8), building the six new
// indexes 2.6 s. The vault's first list page after unlock is unchanged
// (open, version check and listContacts on 100,000 contacts: median 11 ms).
import { z } from 'zod';
import { nameSortKey } from '../../../src-shared/sort/name-sort-key';
import type { WriteTx } from '../connection';
import { jsonRowsSelect } from '../json-rows';
import type { Migration } from './migration';

const live = 'WHERE deleted_at IS NULL';
const trash = 'WHERE deleted_at IS NOT NULL';

interface KeyedTable {
  readonly table: string;
  /** The text the key derives from, and the key's column. */
  readonly source: string;
  readonly column: string;
  /** The table's indexes on the key: [name, columns, WHERE]; each replaces the index of that name, if any. */
  readonly indexes: readonly (readonly [string, string, string])[];
}

const keyed: readonly KeyedTable[] = [
  {
    table: 'contacts',
    source: 'name',
    column: 'name_key',
    indexes: [
      ['contacts_live_name', 'name_key, id, account_id, created_at, updated_at, tags', live],
      ['contacts_live_owner', 'owner_id, name_key, id, tags', live],
      ['contacts_live_account', 'account_id, name_key, id, created_at, updated_at', live],
      ['contacts_live_territory', 'account_territory, name_key, id, created_at, updated_at, tags', live],
      ['contacts_live_id', 'id, name_key, created_at, updated_at', live],
      ['contacts_trash_name', 'name_key, id', trash],
    ],
  },
  {
    table: 'accounts',
    source: 'name',
    column: 'name_key',
    indexes: [
      ['accounts_live_name', 'name_key, id, created_at, updated_at, tags', live],
      ['accounts_live_owner', 'owner_id, name_key, id', live],
      ['accounts_live_industry', 'industry, name_key, id', live],
      ['accounts_live_territory', 'territory, name_key, id, created_at, updated_at, tags', live],
      ['accounts_live_id', 'id, name_key, territory, created_at, updated_at', live],
      ['accounts_trash_name', 'name_key, id', trash],
      ['accounts_live_exact_name', 'name', live],
    ],
  },
  { table: 'deals', source: 'name', column: 'name_key', indexes: [['deals_live_name', 'name_key, id', live]] },
  { table: 'tasks', source: 'title', column: 'title_key', indexes: [['tasks_live_title', 'title_key, id', live]] },
];

/** Rows whose keys are written in one statement, and between two reports of progress. */
const batchRows = 5000;

const Count = z.object({ n: z.number().int() });
const Named = z.array(z.object({ rowid: z.number().int(), text: z.string() }));

export const migration0016NameSortKeys: Migration = {
  version: 16,
  name: 'name-sort-keys',
  async up(tx, progress) {
    const rows = new Map<string, number>();
    for (const { table } of keyed) rows.set(table, Count.parse(await tx.get(`SELECT count(*) AS n FROM ${table}`)).n);
    const total = Math.max(1, 2 * [...rows.values()].reduce((sum, n) => sum + n, 0));
    let done = 0;
    const advance = (by: number) => {
      done += by;
      // An empty vault has nothing worth a progress bar.
      if (by > 0) progress({ done: Math.min(done, total), total });
    };
    for (const { table, source, column, indexes } of keyed) {
      await tx.exec(`ALTER TABLE ${table} ADD COLUMN ${column} TEXT NOT NULL DEFAULT ''`);
      for (const [index] of indexes) await tx.exec(`DROP INDEX IF EXISTS ${index}`);
      await writeKeys(tx, table, source, column, advance);
      for (const [index, columns, where] of indexes) await tx.exec(`CREATE INDEX ${index} ON ${table} (${columns}) ${where}`);
      advance(rows.get(table) ?? 0);
    }
  },
};

async function writeKeys(tx: WriteTx, table: string, source: string, column: string, advance: (rows: number) => void): Promise<void> {
  for (let after = 0; ; ) {
    const batch = Named.parse(await tx.all(`SELECT rowid, ${source} AS text FROM ${table} WHERE rowid > ? ORDER BY rowid LIMIT ${batchRows}`, [after]));
    const last = batch.at(-1);
    if (last === undefined) return;
    // Names are well-formed text (SQLite hands back UTF-8), so the rows always travel as one JSON text.
    const keys = JSON.stringify(batch.map((row) => [row.rowid, nameSortKey(row.text)]));
    await tx.run(`UPDATE ${table} SET ${column} = k.column2 FROM (${jsonRowsSelect(2)}) AS k WHERE ${table}.rowid = k.column1`, [keys]);
    advance(batch.length);
    after = last.rowid;
  }
}
