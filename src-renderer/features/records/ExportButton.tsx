// "Export CSV" on a list: exports exactly what the list shows (sort, filters,
// trash) through export.csv and downloads the file. A list with sensitive
// fields (notes, an activity's details) asks first: they are left out unless
// the user ticks them in for this export (Enter exports, Esc cancels). A long
// export says its rows and time left in the button, and Stop beside it ends
// it with no file; a list left while its export runs shows it running when
// it comes back (export-runs.tsx), and the toast says how it ended wherever
// the user is. Filters the list's query check refuses (a view saved in another
// time zone, its dates out of range here; the filter panel refuses them as
// they are applied) export nothing, and a toast says so (before, nothing).
// With rows selected, the dialog asks which rows: the selected ones (by
// their ids, in the list's order; the first choice) or the whole list, each
// with its count; before, the whole list was exported and nothing said so.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { maxExportSelection, sensitiveExportFields } from '../../../src-shared/transfer/export';
import { Dialog } from '../../ui/Dialog';
import { Icon } from '../../ui/icons';
import { useToasts } from '../../ui/toasts';
import { useExportFocus, useExportRun } from '../transfer/export-runs';
import { exportedWords, IncludeSensitive, useSensitiveFieldWords } from '../transfer/sensitive-export';
import { TimeLeft } from '../transfer/TimeLeft';
import type { ListSpec } from './list-spec';
import type { ListState } from './list-state';
import type { ListTotal } from './selection';

type Scope = 'selected' | 'all';

/** "Selected rows (N)" or "Whole list (M)": the rows an export takes, asked when rows are selected. */
function ExportScope({ selected, total, scope, onChange }: { readonly selected: number; readonly total: ListTotal; readonly scope: Scope; readonly onChange: (scope: Scope) => void }) {
  const { t } = useTranslation();
  const tooMany = selected > maxExportSelection;
  return (
    <fieldset className="field" data-testid="export-scope">
      <legend>{t('transfer.exportScope')}</legend>
      <label className="check">
        <input type="radio" name="export-scope" checked={scope === 'selected'} disabled={tooMany} data-testid="export-scope-selected" onChange={() => onChange('selected')} />
        <span>{t('transfer.exportSelected', { count: selected })}</span>
      </label>
      <label className="check">
        <input type="radio" name="export-scope" checked={scope === 'all'} data-testid="export-scope-all" onChange={() => onChange('all')} />
        <span>{t(total.more ? 'transfer.exportWholeListMore' : 'transfer.exportWholeList', { count: total.count })}</span>
      </label>
      {tooMany ? (
        <p className="muted small" data-testid="export-scope-too-many">
          {t('transfer.exportSelectedTooMany', { max: maxExportSelection })}
        </p>
      ) : null}
    </fieldset>
  );
}

export interface ExportButtonProps<Row extends { readonly id: string }> {
  readonly spec: ListSpec<Row>;
  readonly state: ListState;
  /** The rows selected on the list: the dialog offers them or the whole list. */
  readonly selected: readonly string[];
  /** The list's rows, as its header counts them. */
  readonly total: ListTotal;
}

export function ExportButton<Row extends { readonly id: string }>({ spec, state, selected, total }: ExportButtonProps<Row>) {
  const { t } = useTranslation();
  const toasts = useToasts();
  const exporting = useExportRun(`list:${spec.viewEntity}`);
  const { busy, progress } = exporting;
  const focus = useExportFocus(busy);
  // The dialog is open: the rows selected when it opened, copied. A sync that takes them off the list while it is
  // open empties the live selection, and "Selected rows" must not then send none (the whole list).
  const [asking, setAsking] = useState<readonly string[] | null>(null);
  const [include, setInclude] = useState(false);
  const [scope, setScope] = useState<Scope>('selected');
  const sensitive = sensitiveExportFields[spec.viewEntity].length > 0;
  const fields = useSensitiveFieldWords(spec.viewEntity);

  const refuseFilters = () => toasts.show({ message: { key: 'transfer.exportFiltersInvalid' }, tone: 'error', testId: 'export-invalid-toast' });

  async function run(includeSensitive: boolean, ids: readonly string[] | null) {
    const request = spec.exportRequest(state);
    if (request === null) refuseFilters();
    if (request === null || busy) return;
    try {
      const result = await exporting.run({ ...request, includeSensitive, ...(ids === null ? {} : { ids: [...ids] }) });
      if (result === 'stopped') {
        toasts.show({ message: { key: 'transfer.exportStopped' }, tone: 'info', testId: 'export-stopped-toast' });
        return;
      }
      toasts.show({
        message: exportedWords(result.rows, includeSensitive ? '' : fields),
        tone: 'success',
        testId: 'exported-toast',
      });
    } catch (error) {
      toasts.show({ message: { error }, tone: 'error' });
    }
  }

  function confirm(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const chosen = asking ?? [];
    setAsking(null);
    void run(include, scope === 'selected' && chosen.length > 0 && chosen.length <= maxExportSelection ? chosen : null);
  }

  return (
    <>
      <button
        ref={focus}
        type="button"
        className="button button--ghost button--small"
        aria-disabled={busy}
        aria-busy={busy}
        data-testid="list-export"
        onClick={() => {
          if (busy) return;
          // Refused before the sensitive fields are asked about: nothing would be exported either way.
          if (spec.exportRequest(state) === null) {
            refuseFilters();
            return;
          }
          if (!sensitive && selected.length === 0) {
            void run(false, null);
            return;
          }
          setInclude(false);
          setScope(selected.length > 0 && selected.length <= maxExportSelection ? 'selected' : 'all');
          setAsking([...selected]);
        }}
      >
        {busy ? <span className="spinner" aria-hidden="true" /> : <Icon name="download" size={14} />}
        {progress !== null ? (
          <span className="tabular">
            {progress.text}
            <TimeLeft seconds={progress.secondsLeft} testId="export-time-left" />
          </span>
        ) : (
          t('transfer.exportList')
        )}
      </button>
      {busy ? (
        <button type="button" className="button button--ghost button--small" data-testid="list-export-stop" onClick={exporting.stop}>
          {t('transfer.cancel')}
        </button>
      ) : null}
      {asking !== null ? (
        <Dialog title={t('transfer.exportListTitle', { entities: t(`entity.${spec.entity}.other`) })} onClose={() => setAsking(null)} testId="export-choice" size="small">
          <form className="form" onSubmit={confirm}>
            {asking.length > 0 ? <ExportScope selected={asking.length} total={total} scope={scope} onChange={setScope} /> : null}
            <IncludeSensitive entity={spec.viewEntity} checked={include} onChange={setInclude} />
            <div className="form-actions">
              <button type="button" className="button button--secondary" onClick={() => setAsking(null)}>
                {t('action.cancel')}
              </button>
              <button type="submit" className="button button--primary" data-autofocus data-testid="export-confirm">
                {t('transfer.exportList')}
              </button>
            </div>
          </form>
        </Dialog>
      ) : null}
    </>
  );
}
