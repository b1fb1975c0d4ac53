// The "?" dialog listing every keyboard shortcut: the global ones (useShortcuts)
// and the keys of a record's fields (InlineField: F2, Enter, Ctrl+Enter), the
// activity composer (Ctrl+Enter, arrow keys in its kinds), the lists (VirtualTable) and the board.
import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import type { MessageKey } from '../../app/i18n';
import { Dialog } from '../../ui/Dialog';
import { altLabel, deleteKeyLabel, modifierLabel, syncNowKey } from './keyboard';

interface Row {
  readonly keys: readonly string[];
  /** Keys pressed one after the other ("g" then "c") rather than together. */
  readonly sequence?: boolean;
  readonly label: MessageKey;
}

function rows(): readonly Row[] {
  return [
    { keys: [modifierLabel('K')], label: 'shortcuts.search' },
    { keys: ['/'], label: 'shortcuts.search' },
    { keys: [modifierLabel('L')], label: 'shortcuts.lock' },
    { keys: ['N'], label: 'shortcuts.newRecord' },
    { keys: ['L'], label: 'shortcuts.logActivity' },
    { keys: [syncNowKey], label: 'shortcuts.syncNow' },
    { keys: ['?'], label: 'shortcuts.help' },
    { keys: ['Esc'], label: 'shortcuts.close' },
    { keys: [modifierLabel('Z')], label: 'shortcuts.undoToast' },
    { keys: ['F6'], label: 'shortcuts.toToasts' },
    { keys: ['F2'], label: 'shortcuts.editField' },
    { keys: ['Enter'], label: 'shortcuts.saveField' },
    { keys: [modifierLabel('Enter')], label: 'shortcuts.saveMultiline' },
    { keys: ['←', '→', '↑', '↓'], label: 'shortcuts.chooseKind' },
    { keys: ['↑', '↓'], label: 'shortcuts.moveRow' },
    { keys: ['PageUp', 'PageDown', 'Home', 'End'], label: 'shortcuts.pageRows' },
    { keys: ['Space'], label: 'shortcuts.selectRow' },
    { keys: ['Shift+Space', 'Shift+↑', 'Shift+↓'], label: 'shortcuts.selectRange' },
    { keys: ['Esc'], label: 'shortcuts.clearSelection' },
    { keys: [deleteKeyLabel()], label: 'shortcuts.deleteSelection' },
    { keys: [deleteKeyLabel()], label: 'shortcuts.deleteView' },
    { keys: ['G', 'T'], sequence: true, label: 'shortcuts.goToday' },
    { keys: ['G', 'C'], sequence: true, label: 'shortcuts.goContacts' },
    { keys: ['G', 'A'], sequence: true, label: 'shortcuts.goAccounts' },
    { keys: ['G', 'D'], sequence: true, label: 'shortcuts.goDeals' },
    { keys: ['G', 'P'], sequence: true, label: 'shortcuts.goPipeline' },
    { keys: ['G', 'V'], sequence: true, label: 'shortcuts.goActivities' },
    { keys: ['G', 'K'], sequence: true, label: 'shortcuts.goTasks' },
    { keys: ['G', 'S'], sequence: true, label: 'shortcuts.goSettings' },
    { keys: ['←', '→'], label: 'shortcuts.moveCard' },
    { keys: ['1–9'], label: 'shortcuts.jumpCard' },
    { keys: ['↑', '↓', 'Home', 'End'], label: 'shortcuts.nextCard' },
    { keys: [altLabel('←'), altLabel('→')], label: 'shortcuts.besideCard' },
  ];
}

export function ShortcutHelp({ onClose }: { readonly onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Dialog title={t('shortcuts.title')} onClose={onClose} testId="shortcut-help" size="small">
      <p className="muted small">{t('shortcuts.intro')}</p>
      <dl className="shortcut-list">
        {rows().map((row) => (
          <Fragment key={`${row.keys.join('-')}-${row.label}`}>
            <dt>
              {row.keys.map((key, index) => (
                <Fragment key={key}>
                  {index > 0 ? <span className="shortcut-list__then">{row.sequence === true ? t('shortcuts.then') : '/'}</span> : null}
                  <kbd>{key}</kbd>
                </Fragment>
              ))}
            </dt>
            <dd>{t(row.label)}</dd>
          </Fragment>
        ))}
      </dl>
    </Dialog>
  );
}
