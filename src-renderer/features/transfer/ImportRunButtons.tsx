// The Import page's Check and Import. While a job runs they stay focusable
// (aria-disabled: a disabled button would drop the focus on the body), and
// the progress's Stop is the next Tab. A job started where these buttons
// were not (Resume in a stopped import's report, gone with the report) asks
// for the focus on Import (`focusOnStart`), so it lands there, not on the body.
import { useLayoutEffect, useRef, type MutableRefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from '../../ui/icons';

export interface ImportRunButtonsProps {
  readonly running: boolean;
  /** Not while a job runs: the file cannot be checked (or imported) as it is. */
  readonly checkBlocked: boolean;
  readonly runBlocked: boolean;
  readonly onRun: (dryRun: boolean) => void;
  /** Set by whoever starts a job from elsewhere; Import takes the focus once the job runs, and clears it. */
  readonly focusOnStart: MutableRefObject<boolean>;
}

export function ImportRunButtons({ running, checkBlocked, runBlocked, onRun, focusOnStart }: ImportRunButtonsProps) {
  const { t } = useTranslation();
  const runButton = useRef<HTMLButtonElement>(null);
  useLayoutEffect(() => {
    if (!running || !focusOnStart.current) return;
    focusOnStart.current = false;
    const active = document.activeElement;
    if (active === null || active === document.body) runButton.current?.focus();
  }, [running, focusOnStart]);

  return (
    <div className="form-actions">
      <button
        type="button"
        className="button button--secondary"
        disabled={!running && checkBlocked}
        aria-disabled={running}
        data-testid="import-dry-run"
        onClick={() => {
          if (!running) onRun(true);
        }}
      >
        {t('transfer.dryRun')}
      </button>
      <button
        ref={runButton}
        type="button"
        className="button button--primary"
        disabled={!running && runBlocked}
        aria-disabled={running}
        data-testid="import-run"
        onClick={() => {
          if (!running) onRun(false);
        }}
      >
        <Icon name="upload" size={16} />
        {t('transfer.run')}
      </button>
    </div>
  );
}
