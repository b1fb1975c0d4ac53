// A sync's changes to a list's entity. The list is not read anew on its own
// (that threw away the scroll position and the selection): it says "Changes
// arrived from sync." with Refresh. But a record the sync took away (erased
// on the server, evicted, deleted elsewhere) must not stay on screen with its
// name, emails and phones until Refresh: when the event names records the
// list holds, the pages held are read again (usePagedList's refresh, the
// rows shown left as they are) and the named records those pages no longer
// hold are taken out of the window at once (PageWindow.remove); the rows
// after them move up. The event names records written or removed alike, so
// what the pages read now tells them apart (one renamed out of the pages
// held goes too; Refresh shows it where it is now). An event that names too
// many ids (null) only says so, as before.
import { useEffect } from 'react';
import type { FieldVaultApi } from '../../api/bridge-client';
import type { ListEntity } from '../../../src-shared/domain/saved-view';
import type { PagedList } from './usePagedList';

export interface SyncedOut {
  /** A sync changed records of the entity (the notice with Refresh). */
  readonly changed: () => void;
  /** These records were taken out of the list (to leave the selection). */
  readonly removed: (ids: ReadonlySet<string>) => void;
}

export function useSyncedOut<Row extends { readonly id: string }>(api: Pick<FieldVaultApi, 'on'>, entity: ListEntity, list: PagedList<Row>, on: SyncedOut): void {
  const { window, refresh, remove } = list;
  const { changed, removed } = on;
  useEffect(
    () =>
      api.on('sync.didApplyChanges', ({ entities, ids }) => {
        if (!entities.includes(entity)) return;
        changed();
        const named = ids[entity];
        if (named === undefined || named === null) return;
        const held = new Set(window.sample(window.heldRows).map((row) => row.id));
        const namedHeld = new Set(named.filter((id) => held.has(id)));
        if (namedHeld.size === 0) return;
        void refresh((row) => row.id, { show: false }).then((moved) => {
          const gone = new Set((moved ?? []).filter((id) => namedHeld.has(id)));
          if (gone.size === 0) return;
          remove((row) => gone.has(row.id));
          removed(gone);
        });
      }),
    [api, entity, window, refresh, remove, changed, removed],
  );
}
