import { describe, expect, it } from 'vitest';
import { ContactListQuery } from '../../../src-shared/domain/contact';
import { AccountListQuery } from '../../../src-shared/domain/account';
import { nameSortKey } from '../../../src-shared/sort/name-sort-key';
import { accountListRequest, accountTable } from '../../services/crm/account.repo';
import { contactListRequest, contactTable } from '../../services/crm/contact.repo';
import { buildListQuery, encodeCursor } from '../../services/crm/list-query';
import { migrate, schemaVersion, type MigrationStep } from '../migrate';
import { indexColumns, queryPlan, readsContactRows, useFreshConnection } from '../fixtures/fresh-connection';

const meta = "'local-owner', 1, 'local-owner', 2, 'local-owner'";
const uuid = (n: number) => `0190a5d0-ac96-774b-bcce-${String(n).padStart(12, '0')}`;

/** Contact names as version 15 sorted them (NOCASE on the raw text): accents and Han after every ASCII letter. */
const names = ['Zimmermann', 'Özdemir', 'Oz', 'Pa', 'Émile', '张伟', '李娜', '王芳', 'ada'];
/** Contacts besides the named ones: more than one batch of keys (5,000 rows). */
const filler = 5_010;

describe('migration 0016-name-sort-keys', () => {
  const vault = useFreshConnection('m0016');
  const columns = (index: string) => indexColumns(vault.connection, index);
  const plan = (sql: string, params: readonly (string | number)[] = []) => queryPlan(vault.connection, sql, params.map(String));
  const contactNames = (sql: string) => vault.connection.read(async (tx) => (await tx.all<{ name: string }>(sql)).map((row) => row.name));

  it('stores each name’s sort key over existing rows, rebuilds the name indexes on it and reports its rows', async () => {
    await migrate(vault.connection, 15);
    await vault.connection.write(async (tx) => {
      await tx.run(`INSERT INTO accounts (id, name, industry, territory, owner_id, created_at, created_by, updated_at, updated_by) VALUES (?, 'Übersee AG', 'Retail', 'Nord', ${meta})`, [uuid(1)]);
      await tx.run(`INSERT INTO accounts (id, name, industry, territory, owner_id, created_at, created_by, updated_at, updated_by) VALUES (?, 'Vega', 'Retail', 'Nord', ${meta})`, [uuid(2)]);
      for (const [index, name] of names.entries()) {
        await tx.run(`INSERT INTO contacts (id, name, account_id, owner_id, created_at, created_by, updated_at, updated_by) VALUES (?, ?, ?, ${meta})`, [uuid(100 + index), name, uuid(1)]);
      }
      await tx.run(`INSERT INTO contacts (id, name, owner_id, created_at, created_by, updated_at, updated_by, deleted_at) VALUES (?, 'Ärger', ${meta}, 9)`, [uuid(99)]);
      await tx.run(
        `WITH RECURSIVE n(value) AS (SELECT 1 UNION ALL SELECT value + 1 FROM n WHERE value < ?)
         INSERT INTO contacts (id, name, owner_id, created_at, created_by, updated_at, updated_by)
         SELECT printf('0190a5d0-ac96-774b-bcce-%012d', 1000 + value), 'zz ' || value, ${meta} FROM n`,
        [filler],
      );
      await tx.run(`INSERT INTO deals (id, name, amount, currency, stage_id, probability, expected_close_date, owner_id, created_at, created_by, updated_at, updated_by)
         VALUES (?, 'Éclair', 1, 'EUR', 'qualify', 10, '2026-01-31', ${meta})`, [uuid(3)]);
      await tx.run(`INSERT INTO tasks (id, title, assignee_id, owner_id, created_at, created_by, updated_at, updated_by) VALUES (?, 'Überweisung', 'local-owner', ${meta})`, [uuid(4)]);
    });
    // Before: the raw names in NOCASE order put Émile, Özdemir and the Chinese names (by code point) after Zimmermann.
    expect(await contactNames("SELECT name FROM contacts WHERE deleted_at IS NULL AND name NOT LIKE 'zz %' ORDER BY name, id")).toEqual([
      'ada',
      'Oz',
      'Pa',
      'Zimmermann',
      'Émile',
      'Özdemir',
      '张伟',
      '李娜',
      '王芳',
    ]);

    const heard: MigrationStep[] = [];
    await migrate(vault.connection, 16, undefined, (step) => heard.push(step));
    expect(await vault.connection.read(schemaVersion)).toBe(16);

    // Every key is the name's, trashed rows and every batch included.
    const stored = await vault.connection.read((tx) =>
      tx.all<{ name: string; name_key: string }>('SELECT name, name_key FROM contacts UNION ALL SELECT name, name_key FROM accounts UNION ALL SELECT name, name_key FROM deals UNION ALL SELECT title, title_key FROM tasks'),
    );
    expect(stored).toHaveLength(names.length + 1 + filler + 2 + 1 + 1);
    for (const row of stored) expect(row.name_key, row.name).toBe(nameSortKey(row.name));

    // Rows reported twice (key written, indexes built), in batches, rising to the total.
    const rows = heard.filter((step) => step.total !== undefined);
    const total = 2 * stored.length;
    expect(rows.at(-1)).toEqual({ step: 1, steps: 1, done: total, total });
    expect(rows.length).toBeGreaterThan(4);
    for (const [index, step] of rows.entries()) expect(step.done).toBeGreaterThanOrEqual(rows[index - 1]?.done ?? 0);

    // The list order: Özdemir between Oz and Pa, Émile among the E's, Chinese by pinyin after the Latin names.
    expect(await contactNames(`SELECT name FROM contacts INDEXED BY contacts_live_name WHERE deleted_at IS NULL AND name NOT LIKE 'zz %' ORDER BY name_key, id`)).toEqual([
      'ada',
      'Émile',
      'Oz',
      'Özdemir',
      'Pa',
      'Zimmermann',
      '李娜',
      '王芳',
      '张伟',
    ]);

    expect(await columns('contacts_live_name')).toEqual(['name_key', 'id', 'account_id', 'created_at', 'updated_at', 'tags']);
    expect(await columns('contacts_live_owner')).toEqual(['owner_id', 'name_key', 'id', 'tags']);
    expect(await columns('contacts_live_account')).toEqual(['account_id', 'name_key', 'id', 'created_at', 'updated_at']);
    expect(await columns('contacts_live_territory')).toEqual(['account_territory', 'name_key', 'id', 'created_at', 'updated_at', 'tags']);
    expect(await columns('contacts_live_id')).toEqual(['id', 'name_key', 'created_at', 'updated_at']);
    expect(await columns('contacts_trash_name')).toEqual(['name_key', 'id']);
    expect(await columns('accounts_live_name')).toEqual(['name_key', 'id', 'created_at', 'updated_at', 'tags']);
    expect(await columns('accounts_live_owner')).toEqual(['owner_id', 'name_key', 'id']);
    expect(await columns('accounts_live_industry')).toEqual(['industry', 'name_key', 'id']);
    expect(await columns('accounts_live_territory')).toEqual(['territory', 'name_key', 'id', 'created_at', 'updated_at', 'tags']);
    expect(await columns('accounts_live_id')).toEqual(['id', 'name_key', 'territory', 'created_at', 'updated_at']);
    expect(await columns('accounts_trash_name')).toEqual(['name_key', 'id']);
    expect(await columns('accounts_live_exact_name')).toEqual(['name']);
    expect(await columns('deals_live_name')).toEqual(['name_key', 'id']);
    expect(await columns('tasks_live_title')).toEqual(['title_key', 'id']);

    // No other index of these tables sorts by the raw name or title any more, and each keeps its partial WHERE.
    const indexes = await vault.connection.read((tx) =>
      tx.all<{ name: string; tbl_name: string; sql: string | null }>("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('contacts', 'accounts', 'deals', 'tasks')"),
    );
    for (const index of indexes) {
      const raw = (await columns(index.name)).filter((column) => column === 'name' || column === 'title');
      expect(raw, index.name).toEqual(index.name === 'accounts_live_exact_name' ? ['name'] : []);
      if (index.name.includes('_trash_name')) expect(index.sql).toMatch(/WHERE deleted_at IS NOT NULL$/);
      // contacts_live_territory too: 0016 dropped 0006's `AND account_territory IS NOT NULL` (a slip; a later migration puts it back).
      else if (/_live_/.test(index.name)) expect(index.sql, index.name).toMatch(/WHERE deleted_at IS NULL$/);
    }

    // The list queries walk the rebuilt indexes in order (no sort step), keyset-paged, reading only the page's rows.
    const contactsByName = ContactListQuery.parse({});
    const first = buildListQuery(contactTable, contactListRequest(contactsByName));
    expect(await plan(first.sql, first.params as (string | number)[])).toMatch(/^SCAN contacts USING INDEX contacts_live_name$/);
    const after = encodeCursor('name', 'asc', [nameSortKey('Oz')], uuid(102));
    const next = buildListQuery(contactTable, contactListRequest({ ...contactsByName, after }));
    expect(await plan(next.sql, next.params as (string | number)[])).toMatch(/^SEARCH contacts USING INDEX contacts_live_name \(\(name_key,id\)>\(\?,\?\)\)$/);
    const ids = await vault.connection.read(async (tx) => (await tx.all<{ id: string }>(next.sql, next.params)).map((row) => row.id));
    expect(ids.slice(0, 2)).toEqual([uuid(101), uuid(103)]);
    // Walking the name order still tests an account filter, dates and tags on index entries (0005's covering columns).
    const walk = `SELECT rowid FROM contacts WHERE deleted_at IS NULL AND +account_id IN (SELECT id FROM accounts WHERE territory = 'Nord')
      AND +created_at >= 0 AND tags LIKE '%"vip"%' ORDER BY name_key, id`;
    expect(await plan(walk)).toMatch(/SCAN contacts USING (COVERING )?INDEX contacts_live_name/);
    expect(await readsContactRows(vault.connection, walk)).toBe(false);
    const territory = buildListQuery(accountTable, accountListRequest(AccountListQuery.parse({ sort: { field: 'territory', direction: 'desc' } })));
    expect(await plan(territory.sql, territory.params as (string | number)[])).toMatch(/^SCAN accounts USING INDEX accounts_live_territory$/);
    expect(await plan('SELECT id FROM deals WHERE deleted_at IS NULL ORDER BY name_key, id LIMIT 51')).toMatch(/^SCAN deals USING INDEX deals_live_name$/);
    expect(await plan('SELECT id FROM tasks WHERE deleted_at IS NULL ORDER BY title_key, id LIMIT 51')).toMatch(/^SCAN tasks USING INDEX tasks_live_title$/);
    expect(await plan('SELECT id FROM contacts WHERE deleted_at IS NOT NULL ORDER BY name_key, id')).not.toMatch(/TEMP B-TREE/);
    // The import's exact lookup of an account by name (NOCASE) keeps an index.
    expect(await plan('SELECT id, name FROM accounts WHERE name IN (?) AND deleted_at IS NULL ORDER BY id', ['übersee ag'])).toMatch(/accounts_live_exact_name/);
  });

  it('reports nothing for a vault without records', async () => {
    await migrate(vault.connection, 15);
    const heard: MigrationStep[] = [];
    await migrate(vault.connection, 16, undefined, (step) => heard.push(step));
    expect(heard).toEqual([{ step: 1, steps: 1 }]);
    expect(await columns('contacts_live_name')).toEqual(['name_key', 'id', 'account_id', 'created_at', 'updated_at', 'tags']);
  });
});
