// The sync pill in the chrome: state, pending changes and last sync time;
// while a sync runs, how many changes it has received (a first sync of a
// large organisation brings every record, page by page). A device that is not
// enrolled says so ("Not connected to a sync server") instead of "Offline".
// The pill is a button (a title alone reaches neither the keyboard nor a
// screen reader); pressing it opens the sync dialog (SyncDetailsDialog). Its
// accessible name is short, what it is and its state ("Sync status: Synced");
// its description holds the details once, as sentences in the UI language
// ("12 changes received. 0 changes waiting. Last sync just now."): had the
// name carried them too, a screen reader would read them twice. Conflicts
// waiting for review and records kept on this device only are among the
// details, and the conflicts also show as a count on the pill. What is
// announced is trouble and its end: going offline, a failed sync (with why,
// and again when a later one fails for another reason), and "Synced" after
// one of those; not each sync's "Syncing…" and "Synced" (a
// timer and every poke start one), nor the counts.
// After a failed sync the details end with when the next try is ("Next try
// in 40 s", "Next try at 14:05"), following the clock (sync-clock.ts).
// When the server named a sync's total (a first sync), the count reads
// "12,500 of 100,000 changes received" and a bar shows it on the pill too;
// that bar is only drawn (a button's content is not exposed as roles, and
// the description already says it), the dialog and Settings carry the
// progressbar a screen reader can query.
// When the last sync found this computer's clock minutes off the server's, the
// details say so and ask for it to be set right (syncClockText); the dialog
// shows the same as a notice.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { i18n } from '../../app/i18n';
import { formatNumber, formatRelative, formatSentences } from '../../ui/format';
import { Icon } from '../../ui/icons';
import { localText } from '../../ui/reason-text';
import { syncNextTryText, useSyncClock } from './sync-clock';
import { syncProgress, type SyncView } from './sync-status';
import { SyncProgressBar } from './SyncProgressBar';

/** The state in words: "Synced", "Sync failed", "Not connected to a sync server"… */
export function syncStateText(view: SyncView): string {
  return view.enrolled === false ? i18n.t('sync.notConnected') : i18n.t(`sync.${view.state}`);
}

/** While a sync runs and has received changes: how many ("2,500 changes received"), and of how many when known ("2,500 of 100,000 changes received"); else null. */
export function syncReceivedText(view: SyncView): string | null {
  const progress = syncProgress(view);
  if (progress !== null) return i18n.t('sync.receivedOf', { received: progress.received, count: progress.total });
  return view.state === 'syncing' && view.received > 0 ? i18n.t('sync.received', { count: view.received }) : null;
}

/**
 * The changes waiting, those to review, records on this device only, the
 * last sync, (unless `withoutError`) the last error, and when a retry is
 * scheduled its time, one line each, as of `now`.
 */
export function syncDetailLines(view: SyncView, withoutError = false, now: number = Date.now()): string[] {
  const lines: string[] = [];
  if (view.pending !== null) lines.push(i18n.t('sync.pending', { count: view.pending }));
  if (view.openConflicts > 0) lines.push(i18n.t('sync.review', { count: view.openConflicts }));
  if (view.unsentRecords > 0) lines.push(i18n.t('sync.unsent', { count: view.unsentRecords }));
  // The last sync is past whatever the clock says now (set back after a clock_skew, say): never "Last sync in 2 hours".
  lines.push(view.lastSyncAt === null ? i18n.t('sync.never') : i18n.t('sync.lastSync', { when: formatRelative(Math.min(view.lastSyncAt, now), now) }));
  if (view.lastError !== null && !withoutError) lines.push(localText(view.lastError, view.lastErrorReason === null ? [] : [view.lastErrorReason]));
  const nextTry = syncNextTryText(view, now);
  if (nextTry !== null) lines.push(nextTry);
  return lines;
}

/** "This computer's clock is about 15 minutes behind the server's…" while the status carries a skew; else null. */
export function syncClockText(view: Pick<SyncView, 'clockSkew'>): string | null {
  const skew = view.clockSkew;
  if (skew === null) return null;
  return skew.direction === 'behind' ? i18n.t('sync.clockBehind', { count: skew.minutes }) : i18n.t('sync.clockAhead', { count: skew.minutes });
}

/** The states a screen reader is told of on their own: the device cannot sync. */
function isTrouble(state: SyncView['state']): boolean {
  return state === 'offline' || state === 'error';
}

/** What tells one failure from another: its reason's code, else its words; null while the state is no failure. */
function errorKey(view: SyncView): string | null {
  if (view.state !== 'error') return null;
  return view.lastErrorReason?.code ?? view.lastError;
}

/**
 * What the pill's live region says: the state the syncs settled in (a sync's
 * own "Syncing…" is passed over) when it is trouble or the end of trouble, and
 * nothing when one good sync follows another. A failure says why too ("Sync
 * failed. The server refused…"), and a failure for another reason than the
 * one before is said again (the state alone would stay "Sync failed"). The
 * same words stay put, so a retry failing again for the same reason is not
 * said again. The state the workspace opens with (before the first status,
 * then the first one) is on screen, not news.
 */
function useSettledAnnouncement(view: SyncView, stateText: string): string {
  const known = view.enrolled !== null;
  const error = errorKey(view);
  const [settled, setSettled] = useState({ state: view.state, known, error, said: '' });
  if (view.state !== 'syncing' && (view.state !== settled.state || known !== settled.known || error !== settled.error)) {
    const news = settled.known && (isTrouble(view.state) || isTrouble(settled.state));
    const why = error === null || view.lastError === null ? null : localText(view.lastError, view.lastErrorReason === null ? [] : [view.lastErrorReason]);
    setSettled({ state: view.state, known, error, said: news ? (why === null ? stateText : formatSentences([stateText, why])) : '' });
  }
  return settled.said;
}

export function SyncStatusPill({ view, busy = false, onOpen }: { readonly view: SyncView; readonly busy?: boolean; readonly onOpen: () => void }) {
  const { t } = useTranslation();
  const detailsId = useId();
  const stateText = syncStateText(view);
  const received = syncReceivedText(view);
  const progress = syncProgress(view);
  const now = useSyncClock(view);
  const announced = useSettledAnnouncement(view, stateText);
  // The state already says the device is not connected: the details say how to connect it, not the same again.
  const clock = syncClockText(view);
  const details = formatSentences([
    ...(view.enrolled === false ? [t('sync.enrolHelp')] : []),
    ...(received === null ? [] : [received]),
    ...syncDetailLines(view, false, now),
    ...(clock === null ? [] : [clock]),
  ]);

  return (
    <button
      type="button"
      className={`pill pill--${view.state}`}
      data-testid="sync-status"
      data-enrolled={view.enrolled === null ? undefined : String(view.enrolled)}
      title={details}
      aria-label={t('sync.pillName', { state: stateText })}
      aria-describedby={detailsId}
      aria-haspopup="dialog"
      // Until a "Sync now" started with S (or from the dialog) has answered.
      aria-busy={busy}
      onClick={onOpen}
    >
      <Icon name={view.state === 'offline' ? 'cloudOff' : 'cloud'} size={15} />
      <span>{stateText}</span>
      <span className="visually-hidden" aria-live="polite" data-testid="sync-status-announced">
        {announced}
      </span>
      <span id={detailsId} className="visually-hidden" data-testid="sync-status-details">
        {details}
      </span>
      {received === null ? null : <span className="pill__detail tabular">{received}</span>}
      {progress === null ? null : <SyncProgressBar progress={progress} decorative />}
      {view.openConflicts > 0 ? (
        <span className="pill__review tabular" data-testid="sync-review-count" aria-hidden="true">
          <Icon name="alert" size={13} />
          {formatNumber(view.openConflicts)}
        </span>
      ) : null}
      {view.pending !== null && view.pending > 0 ? (
        <span className="pill__count" data-testid="sync-pending-count">
          {formatNumber(view.pending)}
        </span>
      ) : null}
    </button>
  );
}
