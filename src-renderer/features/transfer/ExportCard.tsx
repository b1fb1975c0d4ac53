// Export a whole list to CSV (every record, sorted by name); filtered exports
// start from a list's own Export button. Sensitive fields stay out of the
// file unless ticked in (sensitive-export.tsx). Stop ends a long one with no
// file. The export is the workspace's (export-runs.tsx): a page left while it
// runs shows it running, then how it ended, when it comes back.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ListEntity, listEntities } from '../../../src-shared/domain/saved-view';
import { ExportRequest } from '../../../src-shared/transfer/export';
import { Alert } from '../../ui/Alert';
import { wordsText } from '../../ui/words';
import { Icon } from '../../ui/icons';
import { useExportFocus, useExportRun } from './export-runs';
import { IncludeSensitive, useSensitiveFieldWords } from './sensitive-export';
import { TimeLeft } from './TimeLeft';

const labels = { accounts: 'entity.account.other', contacts: 'entity.contact.other', deals: 'entity.deal.other', activities: 'entity.activity.other', tasks: 'entity.task.other' } as const;

export function ExportCard() {
  const { t } = useTranslation();
  const [entity, setEntity] = useState<ListEntity>('contacts');
  const exporting = useExportRun('transfer');
  const { busy, progress, last } = exporting;
  const focus = useExportFocus(busy);
  const [include, setInclude] = useState(false);
  // The words of the fields the last export left out: those of its list, which may not be the one chosen now.
  const leftOut = useSensitiveFieldWords(last?.request.entity ?? entity);

  function run() {
    if (busy) return;
    // How it ends is the slot's (last), also when this page was left meanwhile.
    exporting.run(ExportRequest.parse({ entity, includeSensitive: include })).catch(() => undefined);
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
        <p className="faint small">{t('transfer.exportAll')}</p>
        <p className="faint small">{t('transfer.formulaNote')}</p>
        <IncludeSensitive entity={entity} checked={include} onChange={setInclude} />
        {last?.kind === 'done' ? (
          <Alert tone="success" testId="export-done">
            <p>
              {last.request.includeSensitive || leftOut === ''
                ? t('transfer.exported', { count: last.result.rows })
                : t('transfer.exportedWithout', { count: last.result.rows, fields: leftOut })}
            </p>
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
