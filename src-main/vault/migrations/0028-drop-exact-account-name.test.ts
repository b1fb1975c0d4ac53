import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../migrate';
import { useFreshConnection } from '../fixtures/fresh-connection';

describe('migration 0028-drop-exact-account-name', () => {
  const vault = useFreshConnection('m0028');
  const indexes = () => vault.connection.read((tx) => tx.all<{ name: string }>("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'accounts' ORDER BY name"));
  const plan = (sql: string, params: string[]) =>
    vault.connection.read(async (tx) => (await tx.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql}`, params)).map((row) => row.detail).join('\n'));

  it('drops the NOCASE name index and the import’s lookup by sort key reads accounts_live_name', async () => {
    await migrate(vault.connection, 27);
    expect((await indexes()).map((row) => row.name)).toContain('accounts_live_exact_name');
    await migrate(vault.connection, 28);
    expect(await vault.connection.read(schemaVersion)).toBe(28);
    const left = (await indexes()).map((row) => row.name);
    expect(left).not.toContain('accounts_live_exact_name');
    expect(left).toContain('accounts_live_name');
    // The query company-accounts.ts runs, as the import runs it.
    expect(await plan('SELECT id, name_key FROM accounts WHERE name_key IN (?, ?) AND deleted_at IS NULL ORDER BY id', ['acme ltd', 'ecole des arts'])).toMatch(
      /SEARCH accounts USING (COVERING )?INDEX accounts_live_name \(name_key=\?\)/,
    );
  });
});
