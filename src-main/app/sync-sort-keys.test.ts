// Records sync writes (new to the device in bulk, existing ones changed by a
// remote edit) get their names' stored sort keys through the record hooks,
// so they sort in the list as records written here do; the key itself never
// travels (it is derived, not a field).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ContactListQuery } from '../../src-shared/domain/contact';
import { encodeHlc } from '../../src-shared/sync/hlc';
import type { ServerChange } from '../../src-shared/sync/protocol';
import { nameSortKey } from '../../src-shared/sort/name-sort-key';
import { listContacts } from '../services/crm/contact.service';
import { applyChanges, type ApplyContext } from '../sync/apply-changes';
import { applyContextOf, contactFields, createSyncTestVault, type SyncTestVault } from '../sync/testing/sync-vault';
import type { SqlParams, WriteTx } from '../vault/connection';
import { syncRecordHooks } from './sync-record-hooks';

const server = 'serverdevice00000000001';
const stamp = (millis: number) => encodeHlc({ millis, counter: 0, deviceId: server });
const id = (n: number) => `0190a5d0-ac96-774b-bcce-${String(n).padStart(12, '0')}`;
const names = ['张伟', 'Zimmermann', 'Pa', 'Özdemir', '王芳', 'Oz', '李娜', 'Émile'];
/** The contacts above as a pull brings them: new to the device, every field set. */
const created = (): ServerChange[] =>
  names.map((name, index) => ({
    commitSeq: index + 1,
    entity: 'contacts',
    recordId: id(index),
    kind: 'upsert',
    fields: contactFields(stamp(1_700_000_000_000), { name, emails: [], tags: [] }),
  }));

/** `tx`, noting the SQL of every statement it runs (tx.run) in `statements`. */
function noting(tx: WriteTx, statements: string[]): WriteTx {
  return new Proxy(tx, {
    get(target, property) {
      if (property === 'run') {
        return (sql: string, params?: SqlParams) => {
          statements.push(sql);
          return target.run(sql, params);
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]): unknown => Reflect.apply(value, target, args);
    },
  });
}
const keyUpdates = (statements: readonly string[]) => statements.filter((sql) => /^UPDATE contacts SET name_key\b/.test(sql));

describe('sort keys of synced records (real vault, real record hooks)', () => {
  let vault: SyncTestVault;
  let context: ApplyContext;

  beforeEach(async () => {
    vault = await createSyncTestVault();
    context = await applyContextOf(vault, syncRecordHooks);
  });

  afterEach(async () => {
    await vault.dispose();
  });

  const listed = async () =>
    (await vault.connection.read((tx) => listContacts(tx, ContactListQuery.parse({ sort: { field: 'name', direction: 'asc' }, limit: 3 })))).items.map((c) => c.name);
  const allListed = async () => {
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const query = ContactListQuery.parse({ sort: { field: 'name', direction: 'asc' }, limit: 3, ...(after === undefined ? {} : { after }) });
      const page = await vault.connection.read((tx) => listContacts(tx, query));
      seen.push(...page.items.map((contact) => contact.name));
      if (page.next === null) return seen;
      after = page.next;
    }
  };

  it('a pulled record sorts by its name, new and after a remote rename, and a remote change naming the key column leaves it the name’s', async () => {
    await vault.connection.write((tx) => applyChanges(tx, context, created()));
    expect(await allListed()).toEqual(['Émile', 'Oz', 'Özdemir', 'Pa', 'Zimmermann', '李娜', '王芳', '张伟']);

    // A remote rename of Zimmermann to Ångström, and a field a peer must never set (the derived key) ignored.
    await vault.connection.write((tx) =>
      applyChanges(tx, context, [
        {
          commitSeq: names.length + 1,
          entity: 'contacts',
          recordId: id(1),
          kind: 'upsert',
          fields: { name: { value: 'Ångström', hlc: stamp(1_700_000_100_000) }, nameKey: { value: '!', hlc: stamp(1_700_000_100_000) } },
        },
      ]),
    );
    expect(await listed()).toEqual(['Ångström', 'Émile', 'Oz']);
    expect(await allListed()).toEqual(['Ångström', 'Émile', 'Oz', 'Özdemir', 'Pa', '李娜', '王芳', '张伟']);
    const stored = await vault.connection.read((tx) => tx.all<{ name: string; name_key: string }>('SELECT name, name_key FROM contacts'));
    for (const row of stored) expect(row.name_key, row.name).toBe(nameSortKey(row.name));
  });

  it('writes a new record’s key in its INSERT, so an initial sync does not rewrite every row after', async () => {
    // The hooks without their after-create step: what the key column holds is what the bulk INSERT wrote.
    const insertOnly = { ...context, hooks: { ...syncRecordHooks, afterCreate: () => Promise.resolve() } };
    await vault.connection.write((tx) => applyChanges(tx, insertOnly, created()));
    const stored = await vault.connection.read((tx) => tx.all<{ name: string; name_key: string }>('SELECT name, name_key FROM contacts'));
    expect(stored).toHaveLength(names.length);
    for (const row of stored) expect(row.name_key, row.name).toBe(nameSortKey(row.name));
  });

  it('looks no new record up again for its key when its INSERT carried it, and still writes it after one that did not, and after a rename', async () => {
    const statements: string[] = [];
    await vault.connection.write((tx) => applyChanges(noting(tx, statements), context, created()));
    // Before, the after-create step ran an UPDATE of the key over every new row (each a primary-key lookup) that changed none.
    expect(keyUpdates(statements)).toEqual([]);
    expect(statements.length).toBeGreaterThan(0);

    // A rename of one of them: its key is written again, by one UPDATE.
    statements.length = 0;
    const rename: ServerChange = { commitSeq: names.length + 1, entity: 'contacts', recordId: id(1), kind: 'upsert', fields: { name: { value: 'Ångström', hlc: stamp(1_700_000_100_000) } } };
    await vault.connection.write((tx) => applyChanges(noting(tx, statements), context, [rename]));
    expect(keyUpdates(statements)).toHaveLength(1);

    // Hooks that put no key in the INSERT: the after-create step writes it.
    const unkeyed = { ...context, hooks: { ...syncRecordHooks, derivedOnInsert: undefined } };
    const more = created().map((change, index) => ({ ...change, commitSeq: names.length + 2 + index, recordId: id(100 + index) }));
    statements.length = 0;
    await vault.connection.write((tx) => applyChanges(noting(tx, statements), unkeyed, more));
    expect(keyUpdates(statements)).toHaveLength(1);
    const stored = await vault.connection.read((tx) => tx.all<{ name: string; name_key: string }>('SELECT name, name_key FROM contacts'));
    expect(stored).toHaveLength(2 * names.length);
    for (const row of stored) expect(row.name_key, row.name).toBe(nameSortKey(row.name));
  });
});
