// The bar over a list while rows are selected: how many, and what to do with
// them (useBulkActions): Delete, or Restore in the trash, and Mark done for
// tasks; "Clear" (or Esc) unselects, and the Delete key runs Delete (as it
// does in the table, VirtualTable's onDeleteSelection). When the list holds more rows than are
// selected it says how many it holds (select-all takes the loaded rows only).
// Past bulkMax rows it says how many one action takes and offers none.
import { useTranslation } from 'react-i18next';
import { bulkMax } from '../../../src-shared/domain/common';
import { Icon } from '../../ui/icons';
import { selectionSummary, type ListTotal } from './selection';
import type { BulkActions } from './useBulkActions';

export interface BulkBarProps {
  readonly count: number;
  /** How many rows the list holds (its header's count). */
  readonly total: ListTotal;
  readonly trash: boolean;
  readonly tasks: boolean;
  readonly actions: BulkActions;
  readonly onClear: () => void;
}

export function BulkBar({ count, total, trash, tasks, actions, onClear }: BulkBarProps) {
  const { t } = useTranslation();
  const waiting = actions.busy || actions.tooMany;
  const summary = selectionSummary(count, total);
  const button = (label: string, testId: string, run: () => void, tone: 'secondary' | 'danger' = 'secondary', keys?: string) => (
    <button type="button" className={`button button--${tone} button--small`} data-testid={testId} aria-disabled={waiting} aria-keyshortcuts={keys} onClick={run}>
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
        if (event.key === 'Escape') onClear();
        else if (event.key === 'Delete' && !trash) actions.remove();
        else return;
        event.preventDefault();
      }}
    >
      <span className="bulk-bar__count" role="status" data-testid="bulk-count">
        {t(summary.key, { count: summary.count, total: summary.total })}
      </span>
      {actions.tooMany ? (
        <span className="bulk-bar__limit" data-testid="bulk-too-many">
          {t('bulk.tooMany', { max: bulkMax })}
        </span>
      ) : null}
      <span className="bulk-bar__actions">
        {tasks && !trash ? button(t('bulk.markDone'), 'bulk-done', actions.markDone) : null}
        {trash ? button(t('bulk.restore'), 'bulk-restore', actions.restore) : button(t('bulk.delete'), 'bulk-delete', actions.remove, 'danger', 'Delete')}
        <button type="button" className="button button--ghost button--small" data-testid="bulk-clear" aria-keyshortcuts="Escape" onClick={onClear}>
          <Icon name="close" size={14} />
          {t('bulk.clear')}
        </button>
      </span>
    </div>
  );
}
