// The sync dialog, opened from the sync pill (or by S on a device that is not
// enrolled): the state once, the server, the changes waiting and the last
// sync (while a sync runs, what it has received, and when the server named
// its total a progress bar towards it), then "Sync now" (sync.now) with a busy state and its outcome: done,
// or why not in plain words. On a device that is not enrolled there is no
// "Sync now": the primary action is "Open Settings", where the device is
// connected.
// While sync keeps changes for review, "Review changes" opens the review;
// while records are kept on this device only, "Show them" opens the list of
// them on the review page.
// After a failed sync the list ends with when the next try is, following the
// clock while the dialog is open (sync-clock.ts).
// A clock found minutes off the server's by the last sync shows as a notice
// asking for it to be set right (syncClockText).
// It opens without the outcome of an earlier "Sync now" (that one is old
// news; the state says how things stand), unless that sync is still running.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigation } from '../../app/router';
import { Alert } from '../../ui/Alert';
import { Dialog } from '../../ui/Dialog';
import { LiveRegion } from '../../ui/LiveRegion';
import { hasModifier, isTypingTarget, shortcutLetter, syncNowKey } from './keyboard';
import { useSyncClock } from './sync-clock';
import { useSync } from './sync-context';
import { syncProgress } from './sync-status';
import { SyncProgressBar } from './SyncProgressBar';
import { syncClockText, syncDetailLines, syncReceivedText, syncStateText } from './SyncStatusPill';
import { wordsText } from '../../ui/words';

export function SyncDetailsDialog({ onClose }: { readonly onClose: () => void }) {
  const { t } = useTranslation();
  const { navigate } = useNavigation();
  const { view, busy, outcome: latest, syncNow, forgetOutcome } = useSync();
  // The outcome present when the dialog opened is old news unless its sync was
  // still running then. It is left out from the first render on (forgetting it
  // in an effect alone would paint it for a frame).
  const staleAtOpen = useRef(busy ? null : latest);
  const outcome = latest === staleAtOpen.current ? null : latest;
  // A sync that went well is said through a region mounted with the dialog: the "done" alert, inserted with its
  // text in it, was often not read, and the focus stays on Sync now (a failure is an alert, which is).
  const [done, setDone] = useState({ text: '', serial: 0 });
  useEffect(() => {
    if (outcome?.ok === true) setDone((said) => ({ text: t('sync.nowDone'), serial: said.serial + 1 }));
  }, [outcome, t]);
  useEffect(() => {
    if (staleAtOpen.current !== null) forgetOutcome();
  }, [forgetOutcome]);
  const enrolled = view.enrolled === true;
  const server = view.serverUrl;
  const organisation = view.organisationName ?? '';
  // The outcome of "Sync now" says what went wrong; the list does not say it again.
  // While a sync runs, what it has received so far leads (a first sync of a large organisation takes a while).
  const received = syncReceivedText(view);
  const progress = syncProgress(view);
  const now = useSyncClock(view);
  const lines = [...(received === null ? [] : [received]), ...syncDetailLines(view, outcome !== null, now)];
  const clock = syncClockText(view);
  // S, which the Sync now button names, works here too (the page's shortcuts are off while a dialog is open).
  useEffect(() => {
    if (!enrolled) return undefined;
    const onKey = (event: KeyboardEvent) => {
      if (event.isComposing || hasModifier(event) || event.altKey || isTypingTarget(event.target) || shortcutLetter(event) !== syncNowKey.toLowerCase()) return;
      event.preventDefault();
      if (!busy) syncNow();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enrolled, busy, syncNow]);

  return (
    <Dialog title={t('sync.label')} onClose={onClose} testId="sync-details" size="small">
      <p className="sync-details__state" data-testid="sync-details-state">
        <strong>{syncStateText(view)}</strong>
      </p>
      {enrolled && server !== null ? (
        <p className="muted small" data-testid="sync-details-server">
          {organisation === '' ? t('sync.server', { server }) : t('sync.serverOf', { organisation, server })}
        </p>
      ) : null}
      {progress === null ? null : <SyncProgressBar progress={progress} />}
      <ul className="sync-details__list">
        {lines.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      {clock === null ? null : (
        <Alert tone="warning" testId="sync-details-clock" live={false}>
          <p>{clock}</p>
        </Alert>
      )}
      {view.openConflicts > 0 ? (
        <p>
          <button
            type="button"
            className="button button--secondary button--small"
            data-testid="sync-details-review"
            onClick={() => {
              onClose();
              navigate({ name: 'conflicts' });
            }}
          >
            {t('sync.openReview')}
          </button>
        </p>
      ) : null}
      {view.unsentRecords > 0 ? (
        // The records kept on this device only: the line above counts them, this leads to them.
        <p>
          <button
            type="button"
            className="button button--secondary button--small"
            data-testid="sync-details-unsent"
            onClick={() => {
              onClose();
              navigate({ name: 'conflicts', focus: 'unsent' });
            }}
          >
            {t('sync.showUnsent')}
          </button>
        </p>
      ) : null}
      {view.enrolled === false ? <p data-testid="sync-details-enrol-help">{t('sync.enrolHelp')}</p> : null}
      <LiveRegion text={done.text} serial={done.serial} testId="sync-now-said" />
      {outcome === null ? null : (
        <div className="sync-details__outcome">
          {outcome.ok ? (
            <Alert tone="success" testId="sync-now-done" live={false}>
              <p>{t('sync.nowDone')}</p>
            </Alert>
          ) : (
            <Alert tone="error" testId="sync-now-error">
              <p>{wordsText(outcome.message)}</p>
            </Alert>
          )}
        </div>
      )}
      <div className="form-actions">
        <button type="button" className="button button--secondary" data-testid="sync-details-close" onClick={onClose}>
          {t('action.close')}
        </button>
        {view.enrolled === false ? (
          // Before enrolment the way forward is Settings: it is the primary action, and there is no "Sync now" to press.
          <button
            type="button"
            className="button button--primary"
            data-testid="sync-details-settings"
            onClick={() => {
              onClose();
              navigate({ name: 'settings', focus: 'sync' });
            }}
          >
            {t('sync.openSettings')}
          </button>
        ) : (
          <button
            type="button"
            className="button button--primary"
            data-testid="sync-now"
            // Busy, it stays focusable (a disabled button would drop the focus to the page): a press then does nothing.
            disabled={!enrolled}
            aria-disabled={busy}
            aria-busy={busy}
            aria-keyshortcuts={syncNowKey}
            title={t('sync.nowShortcut', { shortcut: syncNowKey })}
            onClick={() => syncNow()}
          >
            {busy ? (
              <>
                <span className="spinner" aria-hidden="true" />
                {t('sync.nowBusy')}
              </>
            ) : (
              t('sync.now')
            )}
          </button>
        )}
      </div>
    </Dialog>
  );
}
