// Export a whole list to CSV (every record, sorted by name); filtered exports
// start from a list's own Export button. Sensitive fields stay out of the
// file unless ticked in (sensitive-export.tsx). Stop ends a long one with no
// file.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ListEntity, listEntities } from '../../../src-shared/domain/saved-view';
import { ExportRequest } from '../../../src-shared/transfer/export';
import { Alert } from '../../ui/Alert';
import { wordsText, type Words } from '../../ui/words';
import { Icon } from '../../ui/icons';
import { useExportFocus, useExportRun } from './export-progress';
import { IncludeSensitive, useSensitiveFieldWords } from './sensitive-export';
import { TimeLeft } from './TimeLeft';

const labels = { accounts: 'entity.account.other', contacts: 'entity.contact.other', deals: 'entity.deal.other', activities: 'entity.activity.other', tasks: 'entity.task.other' } as const;

export function ExportCard() {
  const { t } = useTranslation();
  const [entity, setEntity] = useState<ListEntity>('contacts');
  const [state, setState] = useState<{ kind: 'idle' } | { kind: 'busy' } | { kind: 'done'; rows: number } | { kind: 'stopped' } | { kind: 'failed'; message: Words }>({ kind: 'idle' });
  const exporting = useExportRun();
  const { progress } = exporting;
  const focus = useExportFocus(state.kind === 'busy');
  const [include, setInclude] = useState(false);
  const fields = useSensitiveFieldWords(entity);
  const [leftOut, setLeftOut] = useState('');

  async function run() {
    setState({ kind: 'busy' });
    try {
      const result = await exporting.run(ExportRequest.parse({ entity, includeSensitive: include }));
      if (result === 'stopped') {
        setState({ kind: 'stopped' });
        return;
      }
      setLeftOut(include ? '' : fields);
      setState({ kind: 'done', rows: result.rows });
    } catch (error) {
      setState({ kind: 'failed', message: { error } });
    }
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
        {state.kind === 'done' ? (
          <Alert tone="success" testId="export-done">
            <p>{leftOut === '' ? t('transfer.exported', { count: state.rows }) : t('transfer.exportedWithout', { count: state.rows, fields: leftOut })}</p>
          </Alert>
        ) : null}
        {state.kind === 'stopped' ? (
          <Alert tone="info" testId="export-stopped">
            <p>{t('transfer.exportStopped')}</p>
          </Alert>
        ) : null}
        {state.kind === 'failed' ? (
          <Alert tone="error" testId="export-error">
            <p>{wordsText(state.message)}</p>
          </Alert>
        ) : null}
        <div className="actions">
          <button
            ref={focus}
            type="button"
            className="button button--primary"
            aria-disabled={state.kind === 'busy'}
            aria-busy={state.kind === 'busy'}
            data-testid="export-run"
            onClick={() => {
              if (state.kind !== 'busy') void run();
            }}
          >
            {state.kind === 'busy' ? <span className="spinner" aria-hidden="true" /> : <Icon name="download" size={16} />}
            {state.kind !== 'busy' ? (
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
          {state.kind === 'busy' ? (
            <button type="button" className="button button--ghost" data-testid="export-stop" onClick={exporting.stop}>
              {t('transfer.cancel')}
            </button>
          ) : null}
        </div>
      </div>
    </section>
  );
}
