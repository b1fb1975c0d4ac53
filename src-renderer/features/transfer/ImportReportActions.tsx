// What a real run's report offers, right under its totals: the list the
// records went into (when it imported any), resuming a run stopped part way,
// and another file (the file picker stays out of the way while a report is
// shown, so the report is what the page starts with).
import { useTranslation } from 'react-i18next';
import type { ImportEntity } from '../../../src-shared/transfer/import';
import { useNavigation } from '../../app/router';

export interface ImportReportActionsProps {
  readonly entity: ImportEntity;
  readonly imported: number;
  /** null: the run cannot be resumed (it ended, or its file is not at hand). */
  readonly onResume: (() => void) | null;
  readonly onAnotherFile: () => void;
}

export function ImportReportActions({ entity, imported, onResume, onAnotherFile }: ImportReportActionsProps) {
  const { t } = useTranslation();
  const { navigate } = useNavigation();
  return (
    <div className="actions import-report__actions" data-testid="import-report-actions">
      {imported === 0 ? null : (
        <button
          type="button"
          className="button button--primary"
          data-testid="import-open-list"
          onClick={() => navigate({ name: 'list', entity: entity === 'contacts' ? 'contact' : 'account' })}
        >
          {t(entity === 'contacts' ? 'transfer.openContacts' : 'transfer.openAccounts')}
        </button>
      )}
      {onResume === null ? null : (
        <button type="button" className="button button--secondary" data-testid="import-resume" onClick={onResume}>
          {t('transfer.resume')}
        </button>
      )}
      <button type="button" className="button button--secondary" data-testid="import-again" onClick={onAnotherFile}>
        {t('transfer.startOver')}
      </button>
    </div>
  );
}
