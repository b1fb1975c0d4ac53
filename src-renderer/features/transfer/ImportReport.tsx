// The report of an import or dry run: imported (or would import), duplicates
// skipped, rejected, and each rejected row with its field and reason.
import { useTranslation } from 'react-i18next';
import { ImportField, maxReportedRejections, type ImportStatus } from '../../../src-shared/transfer/import';
import { Alert } from '../../ui/Alert';
import { formatNumber } from '../../ui/format';
import { localText } from '../../ui/reason-text';

/** An import field's label; 'row' (the row as a whole) and unknown names as they are. */
function useFieldLabel(): (field: string) => string {
  const { t } = useTranslation();
  return (field) => {
    const known = ImportField.safeParse(field);
    if (known.success) return t(`transfer.fields.${known.data}`);
    return field === 'row' ? t('transfer.row') : field;
  };
}

export function ImportReport({ status }: { readonly status: ImportStatus }) {
  const { t } = useTranslation();
  const fieldLabel = useFieldLabel();
  const notice =
    status.state === 'interrupted' ? t('transfer.interrupted') : status.state === 'cancelled' ? t('transfer.cancelled') : status.state === 'failed' ? t('transfer.failed') : null;
  return (
    <section className="import-report" data-testid="import-report" aria-labelledby="import-report-title">
      <h3 id="import-report-title">{status.dryRun ? t('transfer.dryRunTitle') : t('transfer.reportTitle')}</h3>
      {notice === null ? null : (
        <Alert tone="warning">
          <p>{notice}</p>
        </Alert>
      )}
      <div className="report">
        <div className="report__item report__item--ok">
          <span className="report__value tabular" data-testid="report-imported">
            {formatNumber(status.imported)}
          </span>
          <span className="report__label">{status.dryRun ? t('transfer.wouldImport') : t('transfer.imported')}</span>
        </div>
        <div className="report__item">
          <span className="report__value tabular" data-testid="report-duplicates">
            {formatNumber(status.duplicates)}
          </span>
          <span className="report__label">{t('transfer.duplicates')}</span>
        </div>
        <div className="report__item report__item--bad">
          <span className="report__value tabular" data-testid="report-rejected">
            {formatNumber(status.rejected)}
          </span>
          <span className="report__label">{t('transfer.rejected')}</span>
        </div>
      </div>
      {status.rejections.length === 0 ? (
        <p className="muted">{t('transfer.noRejects')}</p>
      ) : (
        <>
          <h4>{t('transfer.rejectedRows')}</h4>
          <div className="rejects">
            <table className="table" data-testid="import-rejections">
              <thead>
                <tr>
                  <th scope="col">{t('transfer.row')}</th>
                  <th scope="col">{t('transfer.field')}</th>
                  <th scope="col">{t('transfer.reason')}</th>
                </tr>
              </thead>
              <tbody>
                {status.rejections.map((rejection) => (
                  <tr key={`${rejection.row}-${rejection.field}-${rejection.code}`} data-testid="rejected-row">
                    <td>{rejection.row}</td>
                    <td>{fieldLabel(rejection.field)}</td>
                    <td>
                      <strong>{t(`transfer.codes.${rejection.code}`)}</strong>
                      {' · '}
                      <span className="muted">{localText(rejection.message, rejection.reasons)}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {status.rejectionCount > status.rejections.length ? (
            <p className="faint small">{t('transfer.moreRejections', { count: maxReportedRejections })}</p>
          ) : null}
        </>
      )}
    </section>
  );
}
