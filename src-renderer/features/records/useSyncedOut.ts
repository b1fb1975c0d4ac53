// A sync's changes to a list's entity. The list is not read anew on its own
// (that threw away the scroll position and the selection): it says "Changes
// arrived from sync." with Refresh. But a record the sync took away (erased
// on the server, evicted, deleted elsewhere) must not stay on screen with its
// name, emails and phones until Refresh: when the event names records the
// list holds, the pages held are read again (usePagedList's refresh, the
// rows shown left as they are), and of the named records those pages no
// longer hold, `records.names` is asked which are gone: none there (null), or
// in the trash while the list shows the records (not the trash). Those are
// taken out of the window at once (PageWindow.remove); the rows after them
// move up. The event names records written or removed alike: one that only
// moved out of the pages held (renamed away in a sorted list, or no longer
// matching the filter) stays where it is until Refresh shows it where it is
// now. An event that names too many ids (null) only says so, as before.
// Pages on their way when the event comes are read again as they land
// (PageWindow.rereadInFlight): read before the sync, they held its erased records.
import { useEffect } from 'react';
import type { FieldVaultApi } from '../../api/bridge-client';
import { recordNamesMax } from '../../../src-shared/domain/record-names';
import type { ListEntity } from '../../../src-shared/domain/saved-view';
import type { PagedList } from './usePagedList';

export interface SyncedOut {
  /** A sync changed records of the entity (the notice with Refresh). */
  readonly changed: () => void;
  /** These records were taken out of the list (to leave the selection). */
  readonly removed: (ids: ReadonlySet<string>) => void;
}

type Api = Pick<FieldVaultApi, 'on' | 'invoke'>;

/**
 * Of `ids`, those of records that are gone from the list: not there at all, or in the trash (a live list), or
 * no longer in it (`trash`, the trash list: restored elsewhere; it stayed there, selectable, until Refresh).
 */
export async function goneOf(api: Api, entity: ListEntity, ids: readonly string[], trash: boolean): Promise<Set<string>> {
  const gone = new Set<string>();
  for (let start = 0; start < ids.length; start += recordNamesMax) {
    const refs = ids.slice(start, start + recordNamesMax).map((id) => ({ entity, id }));
    const { names } = await api.invoke('records.names', { refs });
    for (const entry of names) if (entry.name === null || (entry.trashed === true) !== trash) gone.add(entry.id);
  }
  return gone;
}

/** `trash`: the list shows the entity's trash, where a record in the trash is at home. */
export function useSyncedOut<Row extends { readonly id: string }>(api: Api, entity: ListEntity, list: PagedList<Row>, on: SyncedOut, trash = false): void {
  const { window, refresh, remove } = list;
  const { changed, removed } = on;
  useEffect(
    () =>
      api.on('sync.didApplyChanges', ({ entities, ids }) => {
        if (!entities.includes(entity)) return;
        window.rereadInFlight();
        changed();
        const named = ids[entity];
        if (named === undefined || named === null) return;
        const held = new Set(window.sample(window.heldRows).map((row) => row.id));
        const namedHeld = new Set(named.filter((id) => held.has(id)));
        if (namedHeld.size === 0) return;
        void refresh((row) => row.id, { show: false })
          .then(async (moved) => {
            const candidates = (moved ?? []).filter((id) => namedHeld.has(id));
            return candidates.length === 0 ? new Set<string>() : goneOf(api, entity, candidates, trash);
          })
          .then((gone) => {
            if (gone.size === 0) return;
            remove((row) => gone.has(row.id));
            removed(gone);
          })
          // Not asked (the vault locked meanwhile): the rows stay until Refresh, as any other change.
          .catch(() => undefined);
      }),
    [api, entity, window, refresh, remove, changed, removed, trash],
  );
}
