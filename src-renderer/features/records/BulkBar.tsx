// The bar over a list while rows are selected: how many, and what to do with
// them (useBulkActions): Delete, or Restore in the trash, Mark done for
// tasks, and out of the trash Stage… for deals (BulkStageDialog), Tags…,
// Owner… and for tasks Assign…
// (BulkEditDialogs; Owner… and Assign… once the device can name someone
// besides the user, and before it knows who the user is, when the dialog
// says it is reading or could not read them); "Clear" (or Esc) unselects, and the Delete key (on a Mac also ⌫) runs Delete (as it
// does in the table, VirtualTable's onDeleteSelection). When the list holds more rows than are
// selected it says how many it holds (select-all takes the loaded rows only).
// Past bulkMax rows it says how many one action takes and offers none.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { bulkMax } from '../../../src-shared/domain/common';
import type { ListEntity } from '../../../src-shared/domain/saved-view';
import { Icon } from '../../ui/icons';
import { BulkStageDialog } from '../deals/BulkStageDialog';
import { ariaDeleteShortcut, isDeleteKey } from '../shell/keyboard';
import { BulkPersonDialog, BulkTagsDialog } from './BulkEditDialogs';
import { usePeople } from './people';
import { selectionSummary, type ListTotal } from './selection';
import type { BulkActions } from './useBulkActions';

export interface BulkBarProps {
  readonly entity: ListEntity;
  readonly count: number;
  /** How many rows the list holds (its header's count). */
  readonly total: ListTotal;
  readonly trash: boolean;
  readonly tasks: boolean;
  /** The deals list: Stage… too. */
  readonly deals: boolean;
  readonly actions: BulkActions;
  readonly onClear: () => void;
}

export function BulkBar({ entity, count, total, trash, tasks, deals, actions, onClear }: BulkBarProps) {
  const { t } = useTranslation();
  const { me, names } = usePeople();
  // Not known yet (or not read): offered, and the dialog says so (BulkEditDialogs' BulkPersonDialog).
  const someoneElse = me === null || [...names.keys()].some((id) => id !== me);
  const [editing, setEditing] = useState<'tags' | 'owner' | 'assignee' | 'stage' | null>(null);
  const waiting = actions.busy || actions.tooMany;
  const openEdit = (which: 'tags' | 'owner' | 'assignee' | 'stage') => () => {
    if (!waiting) setEditing(which);
  };
  const closeEdit = () => setEditing(null);
  const summary = selectionSummary(count, total);
  const button = (label: string, testId: string, run: () => void, tone: 'secondary' | 'danger' = 'secondary', keys?: string) => (
    <button type="button" className={`button button--${tone} button--small`} data-testid={testId} aria-disabled={waiting} aria-keyshortcuts={keys} onClick={run}>
      {label}
    </button>
  );
  // The dialogs sit beside the bar, not in it: keys typed in them (Delete, Esc) are not the bar's.
  return (
    <>
      <div
        className="bulk-bar"
        role="region"
        aria-label={t('bulk.label')}
        data-testid="bulk-bar"
        onKeyDown={(event) => {
          if (event.key === 'Escape') onClear();
          else if (isDeleteKey(event) && !trash) actions.remove();
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
          {deals && !trash ? button(t('bulk.stage'), 'bulk-stage', openEdit('stage')) : null}
        {trash ? null : button(t('bulk.tags'), 'bulk-tags', openEdit('tags'))}
          {trash || !someoneElse ? null : button(t('bulk.owner'), 'bulk-owner', openEdit('owner'))}
        {trash || !someoneElse || !tasks ? null : button(t('bulk.assign'), 'bulk-assignee', openEdit('assignee'))}
          {trash ? button(t('bulk.restore'), 'bulk-restore', actions.restore) : button(t('bulk.delete'), 'bulk-delete', actions.remove, 'danger', ariaDeleteShortcut())}
          <button type="button" className="button button--ghost button--small" data-testid="bulk-clear" aria-keyshortcuts="Escape" onClick={onClear}>
            <Icon name="close" size={14} />
            {t('bulk.clear')}
          </button>
        </span>
      </div>
      {editing === 'stage' ? <BulkStageDialog count={count} onApply={actions.moveStage} onClose={closeEdit} /> : null}
      {editing === 'tags' ? <BulkTagsDialog entity={entity} count={count} onApply={actions.edit} onClose={closeEdit} /> : null}
      {editing === 'owner' || editing === 'assignee' ? <BulkPersonDialog field={editing} count={count} onApply={actions.edit} onClose={closeEdit} /> : null}
    </>
  );
}
