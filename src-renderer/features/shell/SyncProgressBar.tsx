// A determinate bar for a sync whose total the server named (a first sync of
// 100,000 records takes a while): a progressbar with the count and the total
// as its value and maximum, and "12,500 of 100,000 changes received" as its
// value text, so a screen reader reads the counts rather than a percentage.
// Inside the sync pill (a button, whose content is presentational) it is
// drawn only: the pill's description carries the same words.
import { useTranslation } from 'react-i18next';
import type { SyncProgress } from './sync-status';

export function SyncProgressBar({ progress, decorative = false }: { readonly progress: SyncProgress; readonly decorative?: boolean }) {
  const { t } = useTranslation();
  // A total of 0 (nothing to receive) is a full bar, not a division by zero.
  const percent = progress.total === 0 ? 100 : (progress.received / progress.total) * 100;
  const fill = <span className="meter__fill" style={{ width: `${percent}%` }} />;
  if (decorative) {
    return (
      <span className="meter sync-progress sync-progress--pill" aria-hidden="true">
        {fill}
      </span>
    );
  }
  return (
    <span
      className="meter sync-progress"
      role="progressbar"
      data-testid="sync-progress"
      aria-label={t('sync.progress')}
      aria-valuemin={0}
      aria-valuemax={progress.total}
      aria-valuenow={progress.received}
      aria-valuetext={t('sync.receivedOf', { received: progress.received, count: progress.total })}
    >
      {fill}
    </span>
  );
}
