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
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { sensitiveExportFields } from '../../../src-shared/transfer/export';
import { Dialog } from '../../ui/Dialog';
import { Icon } from '../../ui/icons';
import { useToasts } from '../../ui/toasts';
import { useExportFocus, useExportRun } from '../transfer/export-runs';
import { exportedWords, IncludeSensitive, useSensitiveFieldWords } from '../transfer/sensitive-export';
import { TimeLeft } from '../transfer/TimeLeft';
import type { ListSpec } from './list-spec';
import type { ListState } from './list-state';

export function ExportButton<Row extends { readonly id: string }>({ spec, state }: { readonly spec: ListSpec<Row>; readonly state: ListState }) {
  const { t } = useTranslation();
  const toasts = useToasts();
  const exporting = useExportRun(`list:${spec.viewEntity}`);
  const { busy, progress } = exporting;
  const focus = useExportFocus(busy);
  const [asking, setAsking] = useState(false);
  const [include, setInclude] = useState(false);
  const sensitive = sensitiveExportFields[spec.viewEntity].length > 0;
  const fields = useSensitiveFieldWords(spec.viewEntity);

  const refuseFilters = () => toasts.show({ message: { key: 'transfer.exportFiltersInvalid' }, tone: 'error', testId: 'export-invalid-toast' });

  async function run(includeSensitive: boolean) {
    const request = spec.exportRequest(state);
    if (request === null) refuseFilters();
    if (request === null || busy) return;
    try {
      const result = await exporting.run({ ...request, includeSensitive });
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
    setAsking(false);
    void run(include);
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
          if (!sensitive) {
            void run(false);
            return;
          }
          setInclude(false);
          setAsking(true);
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
      {asking ? (
        <Dialog title={t('transfer.exportListTitle', { entities: t(`entity.${spec.entity}.other`) })} onClose={() => setAsking(false)} testId="export-choice" size="small">
          <form className="form" onSubmit={confirm}>
            <IncludeSensitive entity={spec.viewEntity} checked={include} onChange={setInclude} />
            <div className="form-actions">
              <button type="button" className="button button--secondary" onClick={() => setAsking(false)}>
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
