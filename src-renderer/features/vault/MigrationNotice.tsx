// What the lock screen says while an unlock brings the vault's schema up to
// date after an app update (once; a minute or so on a large vault, when a
// migration rebuilds the search index): the main process pushes
// vault.didStartMigration before each pending migration, and again with the
// units done of the total as a long migration goes, which show as a bar with
// the percentage. The units are the migration's own (records, search entries
// counted once per pass: migration 0012 looks through every entry, then
// indexes it), so only the share of them is shown, never the count. Shown only while the unlock is under way; the
// sentence is in a status region so screen readers hear it, the bar (changing
// a batch at a time) is a progressbar they read when asked, not a stream of
// announcements.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EventPayload } from '../../../src-shared/ipc/events';
import { useApi } from '../../app/api-context';
import { formatPercent } from '../../ui/format';

export function MigrationNotice({ busy }: { readonly busy: boolean }) {
  const { t } = useTranslation();
  const api = useApi();
  const [step, setStep] = useState<EventPayload<'vault.didStartMigration'> | null>(null);
  // Listening from the start: the first step can come before a re-render after the submit.
  useEffect(() => api.on('vault.didStartMigration', setStep), [api]);
  // A step belongs to the unlock it was heard in: once that one is over (failed, say), it is
  // forgotten in the same render, so the next unlock does not show it from its first frame on.
  const [wasBusy, setWasBusy] = useState(busy);
  if (busy !== wasBusy) {
    setWasBusy(busy);
    if (!busy) setStep(null);
  }
  if (!busy || step === null) return null;
  const { done, total } = step;
  const rows = done === undefined || total === undefined ? null : { done, total };
  // Whole percents, rounded down: 100 % only when every row is done.
  const count =
    rows === null
      ? ''
      : t('unlock.migratingCount', { percent: formatPercent(Math.floor((rows.done * 100) / rows.total) / 100) });
  return (
    <>
      <p className="unlock-migrating" role="status" data-testid="unlock-migrating">
        {t('unlock.migrating', { step: step.step, steps: step.steps })}
      </p>
      {rows === null ? null : (
        <div className="unlock-migrating-progress">
          <div
            className="meter"
            role="progressbar"
            aria-label={t('unlock.migratingProgress')}
            aria-valuemin={0}
            aria-valuemax={rows.total}
            aria-valuenow={rows.done}
            aria-valuetext={count}
            data-testid="unlock-migrating-bar"
          >
            <div className="meter__fill" style={{ width: `${(rows.done / rows.total) * 100}%` }} />
          </div>
          <span className="tabular" data-testid="unlock-migrating-count">
            {count}
          </span>
        </div>
      )}
    </>
  );
}
