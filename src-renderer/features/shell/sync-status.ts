// What the chrome shows about sync: the engine's status from sync.status at
// start, then every sync.didChangeStatus push. Until a device is enrolled (or
// while the answer is on its way) it is offline: nothing can reach a server.
// Whether it is enrolled, and with which server, comes from sync.status (and
// from the answers of sync.now and sync.enrol, which have its shape); a push
// says so only by a state other than offline (syncing, online and error need
// a server). The conflicts to review and the records kept on this device only
// come with every push: main counts them again after a sync, a resolved
// conflict and a local change.
import { useCallback, useEffect, useState } from 'react';
import type { Reason } from '../../../src-shared/ipc/reasons';
import type { ClockSkew, SyncStatus, SyncStatusEvent } from '../../../src-shared/sync/client-api';
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
  /** How many it will receive in all, when the server said (a first sync, a backfill); else null. */
  readonly total: number | null;
  /** Whether the device is enrolled with a sync server; null until sync.status answers. */
  readonly enrolled: boolean | null;
  /** The sync server's address, when enrolled and known. */
  readonly serverUrl: string | null;
  /** The organisation's name the enrolment bundle gave; null or '' when it gave none. */
  readonly organisationName: string | null;
  /** Conflicts waiting for the user's review; 0 until known. */
  readonly openConflicts: number;
  /** New records the server refused whole, kept on this device only; 0 until known. */
  readonly unsentRecords: number;
  /** When the engine tries again after a failed sync (epoch ms); null when no retry is scheduled. */
  readonly nextTryAt: number | null;
  /** How far this computer's clock is off the server's, when beyond main's threshold; null when they agree or it is not known. */
  readonly clockSkew: ClockSkew | null;
}

/** A sync's progress towards the total the server named. */
export interface SyncProgress {
  readonly received: number;
  readonly total: number;
}

/**
 * While a sync runs whose total is known (a first sync, a backfill): how far
 * it is; else null. The server counts the records at the snapshot's fixed
 * sequence, but a record written while the snapshot pages, or a change made
 * meanwhile that the pull replays after it, can bring more than that: the
 * count shown stops at the total (a full bar, "100,000 of 100,000") rather
 * than reading "100,012 of 100,000" or a bar past its end for the moment
 * those extra changes take.
 */
export function syncProgress(view: SyncView): SyncProgress | null {
  if (view.state !== 'syncing' || view.total === null) return null;
  return { received: Math.min(view.received, view.total), total: view.total };
}

type Enrolment = Pick<SyncView, 'enrolled' | 'serverUrl' | 'organisationName'>;

const offline: SyncView = {
  state: 'offline',
  pending: null,
  lastSyncAt: null,
  lastError: null,
  lastErrorReason: null,
  received: 0,
  total: null,
  enrolled: null,
  serverUrl: null,
  organisationName: null,
  openConflicts: 0,
  unsentRecords: 0,
  nextTryAt: null,
  clockSkew: null,
};

function viewOf(status: SyncStatusEvent, { enrolled, serverUrl, organisationName }: Enrolment): SyncView {
  return {
    state: status.state,
    pending: status.pendingCount,
    lastSyncAt: status.lastSuccessAt,
    lastError: status.lastError,
    lastErrorReason: status.lastErrorReason,
    received: status.received,
    total: status.total,
    enrolled: status.state === 'offline' ? enrolled : true,
    serverUrl,
    organisationName,
    openConflicts: status.openConflicts,
    unsentRecords: status.unsentRecords,
    nextTryAt: status.nextTryAt,
    clockSkew: status.clockSkew,
  };
}

/** The longest wait between two asks of a sync.status that failed. */
const statusRetryCapMs = 30_000;

export interface SyncStatusHook {
  readonly view: SyncView;
  /** Takes a whole status (the answer of sync.now or sync.enrol) as the newest. */
  readonly accept: (status: SyncStatus) => void;
}

export function useSyncStatus(): SyncStatusHook {
  const api = useApi();
  const [view, setView] = useState<SyncView>(offline);
  const accept = useCallback((status: SyncStatus) => setView(viewOf(status, status)), []);

  useEffect(() => {
    let pushed = false;
    let stopped = false;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe = api.on('sync.didChangeStatus', (status) => {
      pushed = true;
      setView((current) => viewOf(status, current));
    });
    // Until it answers, whether the device is enrolled is not known (Settings' card can show neither its form nor
    // its server): a failed call is asked again, 1 s after the first failure and doubling to 30 s.
    const ask = (failures: number): void => {
      void api.invoke('sync.status', {}).then(
        (status) => {
          if (stopped) return;
          // A push that arrived meanwhile is newer than this answer.
          if (!pushed) setView(viewOf(status, status));
          else
            setView((current) => ({
              ...current,
              enrolled: current.enrolled ?? status.enrolled,
              serverUrl: status.serverUrl,
              organisationName: status.organisationName,
            }));
        },
        () => {
          if (stopped) return;
          if (!pushed) setView(offline);
          retry = setTimeout(() => ask(failures + 1), Math.min(statusRetryCapMs, 1_000 * 2 ** failures));
        },
      );
    };
    ask(0);
    return () => {
      stopped = true;
      clearTimeout(retry);
      unsubscribe();
    };
  }, [api]);

  return { view, accept };
}
