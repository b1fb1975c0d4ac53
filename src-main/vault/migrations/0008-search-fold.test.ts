import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../migrate';
import { useFreshConnection } from '../fixtures/fresh-connection';

describe('migration 0008-search-fold', () => {
  const vault = useFreshConnection('m0008');

  it('refolds index entries holding letters NFKD leaves whole, and leaves the others as they were', async () => {
    await migrate(vault.connection, 7);
    // Entries as version 7 folded them: accents gone, đ ø ß æ kept.
    const entries: readonly (readonly [string, string, string, string])[] = [
      ['contacts', 'c1', 'đang van lam', 'lam@example.vn'],
      ['contacts', 'c2', 'søren kierkegaard', 'københavn'],
      ['accounts', 'a1', 'backerei straße', 'ærø 12345'],
      ['contacts', 'c3', 'ada lovelace', 'ada@example.org'],
    ];
    await vault.connection.write(async (tx) => {
      for (const [entity, id, name, body] of entries) {
        await tx.run('INSERT INTO search_docs (entity, record_id, name, body) VALUES (?, ?, ?, ?)', [entity, id, name, body]);
      }
      await tx.run('INSERT INTO search_fts (rowid, name, body, entity) SELECT doc_id, name, body, entity FROM search_docs');
    });
    const found = (query: string) =>
      vault.connection.read(async (tx) =>
        (await tx.all<{ record_id: string }>('SELECT d.record_id FROM search_fts f JOIN search_docs d ON d.doc_id = f.rowid WHERE search_fts MATCH ? ORDER BY d.record_id', [query])).map(
          (row) => row.record_id,
        ),
      );
    expect(await found('"dang"*')).toEqual([]);

    await migrate(vault.connection, 8);
    expect(await vault.connection.read(schemaVersion)).toBe(8);
    const docs = await vault.connection.read((tx) => tx.all('SELECT doc_id, record_id, name, body FROM search_docs ORDER BY doc_id'));
    expect(docs).toEqual([
      { doc_id: 1, record_id: 'c1', name: 'dang van lam', body: 'lam@example.vn' },
      { doc_id: 2, record_id: 'c2', name: 'soren kierkegaard', body: 'kobenhavn' },
      { doc_id: 3, record_id: 'a1', name: 'backerei strasse', body: 'aero 12345' },
      { doc_id: 4, record_id: 'c3', name: 'ada lovelace', body: 'ada@example.org' },
    ]);
    expect(await found('"dang"*')).toEqual(['c1']);
    expect(await found('"soren"*')).toEqual(['c2']);
    expect(await found('"strasse"*')).toEqual(['a1']);
    expect(await found('"aero"*')).toEqual(['a1']);
    expect(await found('"ada"*')).toEqual(['c3']);
    // The old tokens left the index with their entries.
    expect(await found('"søren"*')).toEqual([]);
    await vault.connection.write((tx) => tx.run("INSERT INTO search_fts (search_fts, rank) VALUES ('integrity-check', 1)"));
  });
});
