// The bar over a list while rows are selected: how many, and what to do with
// them (useBulkActions): Delete, or Restore in the trash, and Mark done for
// tasks; "Clear" (or Esc) unselects. Past bulkMax rows it says how many one
// action takes and offers none.
import { useTranslation } from 'react-i18next';
import { bulkMax } from '../../../src-shared/domain/common';
import { Icon } from '../../ui/icons';
import type { BulkActions } from './useBulkActions';

export interface BulkBarProps {
  readonly count: number;
  readonly trash: boolean;
  readonly tasks: boolean;
  readonly actions: BulkActions;
  readonly onClear: () => void;
}

export function BulkBar({ count, trash, tasks, actions, onClear }: BulkBarProps) {
  const { t } = useTranslation();
  const waiting = actions.busy || actions.tooMany;
  const button = (label: string, testId: string, run: () => void, tone: 'secondary' | 'danger' = 'secondary') => (
    <button type="button" className={`button button--${tone} button--small`} data-testid={testId} aria-disabled={waiting} onClick={run}>
      {label}
    </button>
  );
  return (
    <div
      className="bulk-bar"
      role="region"
      aria-label={t('bulk.label')}
      data-testid="bulk-bar"
      onKeyDown={(event) => {
        if (event.key !== 'Escape') return;
        event.preventDefault();
        onClear();
      }}
    >
      <span className="bulk-bar__count" role="status" data-testid="bulk-count">
        {t('bulk.selected', { count })}
      </span>
      {actions.tooMany ? (
        <span className="bulk-bar__limit" data-testid="bulk-too-many">
          {t('bulk.tooMany', { max: bulkMax })}
        </span>
      ) : null}
      <span className="bulk-bar__actions">
        {tasks && !trash ? button(t('bulk.markDone'), 'bulk-done', actions.markDone) : null}
        {trash ? button(t('bulk.restore'), 'bulk-restore', actions.restore) : button(t('bulk.delete'), 'bulk-delete', actions.remove, 'danger')}
        <button type="button" className="button button--ghost button--small" data-testid="bulk-clear" aria-keyshortcuts="Escape" onClick={onClear}>
          <Icon name="close" size={14} />
          {t('bulk.clear')}
        </button>
      </span>
    </div>
  );
}
