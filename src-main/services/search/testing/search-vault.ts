// Test fixture: a fresh SQLCipher vault at the latest schema for each test of
// the search index, and the records a search expression finds in it, best
// first. Registers its own beforeEach/afterEach; call it inside a describe.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { matchExpression } from '../../../../src-shared/search/search-text';
import { Connection } from '../../../vault/connection';
import { migrate } from '../../../vault/migrate';

export interface SearchVault {
  readonly file: string;
  readonly key: Buffer;
  readonly connection: Connection;
}

export function useSearchVault(): { current(): SearchVault; matches(query: string): Promise<string[]> } {
  let dir: string | null = null;
  let vault: SearchVault | null = null;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'fieldvault-search-index-'));
    const key = randomBytes(32);
    const file = path.join(dir, 'vault.db');
    const connection = await Connection.open(file, key, { create: true });
    await migrate(connection);
    vault = { file, key, connection };
  });

  afterEach(async () => {
    await vault?.connection.close();
    vault = null;
    if (dir !== null) await rm(dir, { recursive: true, force: true });
    dir = null;
  });

  const current = (): SearchVault => {
    if (vault === null) throw new Error('useSearchVault(): no vault outside a test');
    return vault;
  };

  return {
    current,
    async matches(query) {
      const expression = matchExpression(query);
      if (expression === null) return [];
      const rows = await current().connection.read((tx) =>
        tx.all<{ record_id: string }>(
          'SELECT d.record_id FROM search_fts f JOIN search_docs d ON d.doc_id = f.rowid WHERE search_fts MATCH ? ORDER BY f.rank',
          [`{name body} : (${expression})`],
        ),
      );
      return rows.map((row) => row.record_id);
    },
  };
}
