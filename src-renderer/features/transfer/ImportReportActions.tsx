// What a real run's report offers, right under its totals: the list the
// records went into (when it imported or updated any), resuming a run
// stopped part way, the rejected rows (or a vCard file's cards) as a file to
// fix (a run that rejected rows, its file still at hand), and another file
// (the file picker stays out of the way while a report is shown, so the
// report is what the page starts with); under them, the way to undo the
// import (ImportUndo). An undone import offers no Resume (the main process
// refuses it, resume_undone) until it is restored.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportEntity, ImportStatus } from '../../../src-shared/transfer/import';
import { useNavigation } from '../../app/router';
import { Icon } from '../../ui/icons';
import { ImportUndo, undoTargetOf } from './ImportUndo';

export interface ImportReportActionsProps {
  readonly entity: ImportEntity;
  /** The run's status as stored (its counts, and whether it was undone). */
  readonly status: ImportStatus;
  /** null: the run cannot be resumed (it ended, or its file is not at hand). */
  readonly onResume: (() => void) | null;
  /** null: nothing to download (no rejected row, or the file is not at hand). */
  readonly onDownloadRejected: (() => void) | null;
  /** The file is a vCard file: its rejected rows are cards. */
  readonly cards: boolean;
  readonly downloading: boolean;
  readonly onAnotherFile: () => void;
}

export function ImportReportActions({ entity, status, onResume, onDownloadRejected, cards, downloading, onAnotherFile }: ImportReportActionsProps) {
  const { t } = useTranslation();
  const { navigate } = useNavigation();
  const written = status.imported + status.updated;
  const undoTarget = undoTargetOf(status, entity);
  const [undone, setUndone] = useState(status.undoneAt !== null);
  return (
    <>
      <div className="actions import-report__actions" data-testid="import-report-actions">
        {written === 0 ? null : (
          <button
            type="button"
            className="button button--primary"
            data-testid="import-open-list"
            onClick={() => navigate({ name: 'list', entity: entity === 'contacts' ? 'contact' : 'account' })}
          >
            {t(entity === 'contacts' ? 'transfer.openContacts' : 'transfer.openAccounts')}
          </button>
        )}
        {onResume === null || undone ? null : (
          <button type="button" className="button button--secondary" data-testid="import-resume" onClick={onResume}>
            {t('transfer.resume')}
          </button>
        )}
        {onDownloadRejected === null ? null : <DownloadRejectedButton onClick={onDownloadRejected} downloading={downloading} cards={cards} />}
        <button type="button" className="button button--secondary" data-testid="import-again" onClick={onAnotherFile}>
          {t('transfer.startOver')}
        </button>
      </div>
      {undoTarget === null ? null : <ImportUndo job={undoTarget} onUndone={setUndone} />}
    </>
  );
}

/** Downloads the rejected rows (a CSV file) or cards (a vCard file) to fix: a real run's (in its actions) or a check's (under its totals). */
export function DownloadRejectedButton({ onClick, downloading, cards }: { readonly onClick: () => void; readonly downloading: boolean; readonly cards: boolean }) {
  const { t } = useTranslation();
  return (
    <button type="button" className="button button--secondary" data-testid="import-download-rejected" aria-disabled={downloading} onClick={onClick}>
      {downloading ? <span className="spinner" aria-hidden="true" /> : <Icon name="download" size={16} />}
      {t(cards ? 'transfer.downloadRejectedCards' : 'transfer.downloadRejected')}
    </button>
  );
}
