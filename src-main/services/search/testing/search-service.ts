// Test fixture: the search service over a fresh real vault (useSearchVault),
// asked as the handler asks it: every entity readable unless a test says
// otherwise. Registers its own beforeEach/afterEach; call it inside a describe.
import { SearchQuery } from '../../../../src-shared/search/search';
import { syncedEntities, type SyncedEntity } from '../../../../src-shared/sync/protocol';
import type { ReadTx, WriteTx } from '../../../vault/connection';
import { searchRecords } from '../search.service';
import { useSearchVault } from './search-vault';

export interface SearchCall {
  entities?: SyncedEntity[];
  readable?: readonly SyncedEntity[];
  limit?: number;
  candidateLimit?: number;
}

export function useSearchService() {
  const vault = useSearchVault();
  /** The current test's vault connection. */
  const connection = {
    read: <T>(fn: (tx: ReadTx) => Promise<T>): Promise<T> => vault.current().connection.read(fn),
    write: <T>(fn: (tx: WriteTx) => Promise<T>): Promise<T> => vault.current().connection.write(fn),
  };
  async function search(text: string, options: SearchCall = {}) {
    const query = SearchQuery.parse({ text, limit: options.limit ?? 50, ...(options.entities ? { entities: options.entities } : {}) });
    return connection.read((tx) =>
      searchRecords(tx, query, { readable: options.readable ?? syncedEntities, ...(options.candidateLimit ? { candidateLimit: options.candidateLimit } : {}) }),
    );
  }
  const titles = async (text: string) => (await search(text)).map((hit) => hit.title);
  return { connection, search, titles };
}
