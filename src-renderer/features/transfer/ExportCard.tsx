// Export a whole list to CSV (every record, in the list's default order, which
// the card names: export-order.ts); filtered exports start from a list's own
// Export button. Sensitive fields stay out of the
// file unless ticked in (sensitive-export.tsx). Stop ends a long one with no
// file. The export is the workspace's (export-runs.tsx): a page left while it
// runs shows it running, then how it ended, when it comes back; one that ends
// while the page is away says so in a toast wherever the user is, as a
// list's export does.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ListEntity, listEntities } from '../../../src-shared/domain/saved-view';
import { Alert } from '../../ui/Alert';
import { wordsText } from '../../ui/words';
import { Icon } from '../../ui/icons';
import { useToasts } from '../../ui/toasts';
import { useExportFocus, useExportRun } from './export-runs';
import { exportOrderKey, wholeListRequest } from './export-order';
import { exportedWords, IncludeSensitive, useSensitiveFieldWords } from './sensitive-export';
import { TimeLeft } from './TimeLeft';

const labels = { accounts: 'entity.account.other', contacts: 'entity.contact.other', deals: 'entity.deal.other', activities: 'entity.activity.other', tasks: 'entity.task.other' } as const;

export function ExportCard() {
  const { t } = useTranslation();
  const [entity, setEntity] = useState<ListEntity>('contacts');
  const exporting = useExportRun('transfer');
  const { busy, progress, last } = exporting;
  const focus = useExportFocus(busy);
  const [include, setInclude] = useState(false);
  const toasts = useToasts();
  const fields = useSensitiveFieldWords(entity);
  // The words of the fields the last export left out: those of its list, which may not be the one chosen now.
  const leftOut = useSensitiveFieldWords(last?.request.entity ?? entity);

  function run() {
    if (busy) return;
    const request = wholeListRequest(entity, include);
    const withheld = include ? '' : fields;
    // Asked each time, never remembered: the next export starts without them again.
    setInclude(false);
    // How it ends is the slot's (last), shown here, also when this page was left meanwhile; while it is away, a toast.
    exporting.run(request).then(
      (result) => {
        if (result === 'stopped' || exporting.viewed()) return;
        toasts.show({
          message: exportedWords(result.rows, withheld),
          tone: 'success',
          testId: 'exported-toast',
        });
      },
      (error: unknown) => {
        if (!exporting.viewed()) toasts.show({ message: { error }, tone: 'error' });
      },
    );
  }

  return (
    <section className="card" aria-labelledby="export-title" data-testid="export-card">
      <h2 id="export-title">{t('transfer.exportTitle')}</h2>
      <p className="muted">{t('transfer.exportBody')}</p>
      <div className="form">
        <label className="field">
          <span className="field__label">{t('transfer.entity')}</span>
          <select
            className="input"
            value={entity}
            data-testid="export-entity"
            onChange={(event) => {
              const next = ListEntity.safeParse(event.target.value);
              if (!next.success) return;
              setEntity(next.data);
              setInclude(false);
            }}
          >
            {listEntities.map((value) => (
              <option key={value} value={value}>
                {t(labels[value])}
              </option>
            ))}
          </select>
        </label>
        <p className="faint small" data-testid="export-order">{t(exportOrderKey(wholeListRequest(entity, false)))}</p>
        <p className="faint small">{t('transfer.formulaNote')}</p>
        <IncludeSensitive entity={entity} checked={include} onChange={setInclude} />
        {last?.kind === 'done' ? (
          <Alert tone="success" testId="export-done">
            <p>{wordsText(exportedWords(last.rows, last.request.includeSensitive === true ? '' : leftOut))}</p>
          </Alert>
        ) : null}
        {last?.kind === 'stopped' ? (
          <Alert tone="info" testId="export-stopped">
            <p>{t('transfer.exportStopped')}</p>
          </Alert>
        ) : null}
        {last?.kind === 'failed' ? (
          <Alert tone="error" testId="export-error">
            <p>{wordsText({ error: last.error })}</p>
          </Alert>
        ) : null}
        <div className="actions">
          <button
            ref={focus}
            type="button"
            className="button button--primary"
            aria-disabled={busy}
            aria-busy={busy}
            data-testid="export-run"
            onClick={run}
          >
            {busy ? <span className="spinner" aria-hidden="true" /> : <Icon name="download" size={16} />}
            {!busy ? (
              t('transfer.exportButton')
            ) : progress === null ? (
              t('transfer.exporting')
            ) : (
              <span className="tabular">
                {progress.text}
                <TimeLeft seconds={progress.secondsLeft} testId="export-time-left" />
              </span>
            )}
          </button>
          {busy ? (
            <button type="button" className="button button--ghost" data-testid="export-stop" onClick={exporting.stop}>
              {t('transfer.cancel')}
            </button>
          ) : null}
        </div>
      </div>
    </section>
  );
}
