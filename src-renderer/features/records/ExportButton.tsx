// "Export CSV" on a list: exports exactly what the list shows (sort, filters,
// trash) through export.csv and downloads the file.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../app/api-context';
import { Icon } from '../../ui/icons';
import { useToasts } from '../../ui/toasts';
import { exportToFile } from '../transfer/download';
import { useExportProgressText } from '../transfer/export-progress';
import type { ListSpec } from './list-spec';
import type { ListState } from './list-state';

export function ExportButton<Row extends { readonly id: string }>({ spec, state }: { readonly spec: ListSpec<Row>; readonly state: ListState }) {
  const { t } = useTranslation();
  const api = useApi();
  const toasts = useToasts();
  const [busy, setBusy] = useState(false);
  const progress = useExportProgressText(busy);

  async function run() {
    const request = spec.exportRequest(state);
    if (request === null || busy) return;
    setBusy(true);
    try {
      const result = await exportToFile(api, request);
      toasts.show({ message: { key: 'transfer.exported', params: { count: result.rows } }, tone: 'success', testId: 'exported-toast' });
    } catch (error) {
      toasts.show({ message: { error }, tone: 'error' });
    } finally {
      setBusy(false);
    }
  }

  return (
    <button type="button" className="button button--ghost button--small" disabled={busy} data-testid="list-export" onClick={() => void run()}>
      {busy ? <span className="spinner" aria-hidden="true" /> : <Icon name="download" size={14} />}
      {progress !== null ? <span className="tabular">{progress}</span> : t('transfer.exportList')}
    </button>
  );
}
