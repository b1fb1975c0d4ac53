// What the chrome shows about sync: the engine's status from sync.status at
// start, then every sync.didChangeStatus push. Until a device is enrolled (or
// while the answer is on its way) it is offline: nothing can reach a server.
// Whether it is enrolled comes from sync.status; a push says so only by a
// state other than offline (syncing, online and error need a server).
import { useEffect, useState } from 'react';
import type { Reason } from '../../../src-shared/ipc/reasons';
import type { SyncStatusEvent } from '../../../src-shared/sync/client-api';
import { useApi } from '../../app/api-context';

export interface SyncView {
  readonly state: SyncStatusEvent['state'];
  /** Local changes not yet pushed, when known. */
  readonly pending: number | null;
  readonly lastSyncAt: number | null;
  readonly lastError: string | null;
  /** lastError as a reason to word in the UI's language, when it has one. */
  readonly lastErrorReason: Reason | null;
  /** Changes the sync under way has received so far. */
  readonly received: number;
  /** Whether the device is enrolled with a sync server; null until sync.status answers. */
  readonly enrolled: boolean | null;
}

const offline: SyncView = { state: 'offline', pending: null, lastSyncAt: null, lastError: null, lastErrorReason: null, received: 0, enrolled: null };

function viewOf(status: SyncStatusEvent, enrolled: boolean | null): SyncView {
  return {
    state: status.state,
    pending: status.pendingCount,
    lastSyncAt: status.lastSuccessAt,
    lastError: status.lastError,
    lastErrorReason: status.lastErrorReason,
    received: status.received,
    enrolled: status.state === 'offline' ? enrolled : true,
  };
}

export function useSyncStatus(): SyncView {
  const api = useApi();
  const [view, setView] = useState<SyncView>(offline);

  useEffect(() => {
    let pushed = false;
    const unsubscribe = api.on('sync.didChangeStatus', (status) => {
      pushed = true;
      setView((current) => viewOf(status, current.enrolled));
    });
    api.invoke('sync.status', {}).then(
      (status) => {
        // A push that arrived meanwhile is newer than this answer.
        if (!pushed) setView(viewOf(status, status.enrolled));
        else setView((current) => ({ ...current, enrolled: current.enrolled ?? status.enrolled }));
      },
      () => {
        if (!pushed) setView(offline);
      },
    );
    return unsubscribe;
  }, [api]);

  return view;
}
