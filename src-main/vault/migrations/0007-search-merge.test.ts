import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../migrate';
import { useFreshConnection } from '../fixtures/fresh-connection';

const config = (rows: readonly { k: string; v: unknown }[]) => Object.fromEntries(rows.map((row) => [row.k, row.v]));

describe('migration 0007-search-merge', () => {
  const vault = useFreshConnection('m0007');

  it("sets the search index's usermerge to 2 and keeps its other settings and entries", async () => {
    await migrate(vault.connection, 6);
    await vault.connection.write(async (tx) => {
      await tx.run("INSERT INTO search_docs (entity, record_id, name, body) VALUES ('contacts', 'c1', 'ada lovelace', 'ada@example.org')");
      await tx.run("INSERT INTO search_fts (rowid, name, body, entity) SELECT doc_id, name, body, entity FROM search_docs");
    });
    const before = config(await vault.connection.read((tx) => tx.all<{ k: string; v: unknown }>('SELECT k, v FROM search_fts_config')));
    expect(before.usermerge).toBeUndefined();

    await migrate(vault.connection, 7);
    expect(await vault.connection.read(schemaVersion)).toBe(7);
    const after = config(await vault.connection.read((tx) => tx.all<{ k: string; v: unknown }>('SELECT k, v FROM search_fts_config')));
    expect(after).toEqual({ ...before, usermerge: 2 });
    const found = await vault.connection.read((tx) => tx.all("SELECT rowid FROM search_fts WHERE search_fts MATCH 'lov*'"));
    expect(found).toEqual([{ rowid: 1 }]);
    await vault.connection.write((tx) => tx.run("INSERT INTO search_fts (search_fts, rank) VALUES ('integrity-check', 1)"));
  });
});
