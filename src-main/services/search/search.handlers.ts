// The `search.query` channel. Its contract permission is 'contacts:read' (the
// registry checks it before the handler runs: someone who cannot read
// contacts gets no search box at all); the handler then limits the search to
// the entities whose `<entity>:read` the policy grants, so a role without
// deals:read never sees a deal hit, not even its title, nor a count of deals
// in the trash.
import { AppError } from '../../../src-shared/ipc/errors';
import { syncedEntities, type SyncedEntity } from '../../../src-shared/sync/protocol';
import type { Handlers } from '../../ipc/registry';
import type { AccessPolicy } from '../../policy/access.policy';
import type { Vault } from '../../vault/vault';
import { searchWithTrash } from './trashed-matches';

/** The entities the policy lets the current user read. Other errors (locked, …) propagate. */
export function readableEntities(policy: AccessPolicy): SyncedEntity[] {
  return syncedEntities.filter((entity) => {
    try {
      policy.authorize(`${entity}:read`);
      return true;
    } catch (error) {
      if (error instanceof AppError && error.code === 'NOT_PERMITTED') return false;
      throw error;
    }
  });
}

export function searchHandlers(vault: Vault, policy: AccessPolicy): Pick<Handlers, 'search.query'> {
  return {
    'search.query': async (query) => {
      const readable = readableEntities(policy);
      return vault.connection().read((tx) => searchWithTrash(tx, query, { readable }));
    },
  };
}
