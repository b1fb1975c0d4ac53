// The report of an import or dry run: the rows read, of them imported (or
// would import), merged into the existing records they matched (shown when
// any were), duplicates skipped and rejected (each row counted once, so
// they add up), then each rejected row with its field and reason, and
// each skipped row with what it matched. It comes into view with focus on its
// heading: the button that started the run stays where it was, or is gone.
// What to do next (`children`: ImportReportActions after a real run) sits
// right under the totals, before the rows listed.
// A vCard file's report speaks of cards where a CSV's speaks of rows. A
// stopped import says its rows after the last saved chunk were rolled back.
import { useLayoutEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ImportField, maxReportedRejections, type ImportStatus, type Rejection } from '../../../src-shared/transfer/import';
import { Alert } from '../../ui/Alert';
import { formatNumber } from '../../ui/format';
import { localText } from '../../ui/reason-text';

/** An import field's label; 'row' (the row, or the card, as a whole) and unknown names as they are. */
export function useFieldLabel(cards: boolean): (field: string) => string {
  const { t } = useTranslation();
  return (field) => {
    const known = ImportField.safeParse(field);
    if (known.success) return t(`transfer.fields.${known.data}`);
    return field === 'row' ? t(cards ? 'transfer.card' : 'transfer.row') : field;
  };
}

/** A titled table of listed rows: the row number, then `cells`; nothing when there are no rows. */
function RowList(props: {
  readonly title: string;
  readonly testId: string;
  readonly rowTestId: string;
  readonly columns: readonly string[];
  readonly rows: readonly Rejection[];
  readonly cells: (rejection: Rejection) => ReactNode[];
}) {
  if (props.rows.length === 0) return null;
  return (
    <>
      <h4>{props.title}</h4>
      <div className="rejects">
        <table className="table" data-testid={props.testId}>
          <thead>
            <tr>
              {props.columns.map((column) => (
                <th key={column} scope="col">
                  {column}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {props.rows.map((rejection) => (
              <tr key={`${rejection.row}-${rejection.field}-${rejection.code}`} data-testid={props.rowTestId}>
                <td>{rejection.row}</td>
                {props.cells(rejection).map((cell, index) => (
                  <td key={index}>{cell}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function Total({ testId, value, label, tone }: { readonly testId: string; readonly value: number; readonly label: string; readonly tone?: 'ok' | 'bad' }) {
  return (
    <div className={tone === undefined ? 'report__item' : `report__item report__item--${tone}`}>
      <span className="report__value tabular" data-testid={testId}>
        {formatNumber(value)}
      </span>
      <span className="report__label">{label}</span>
    </div>
  );
}

const isDuplicate = (rejection: Rejection): boolean => rejection.code === 'duplicate_in_file' || rejection.code === 'duplicate_in_vault';

/** `cards`: the file was vCard, whose rows are contact cards. */
export function ImportReport({ status, cards, children }: { readonly status: ImportStatus; readonly cards: boolean; readonly children?: ReactNode }) {
  const { t } = useTranslation();
  const fieldLabel = useFieldLabel(cards);
  const numberColumn = t(cards ? 'transfer.card' : 'transfer.row');
  const heading = useRef<HTMLHeadingElement>(null);
  // Before paint: the report arrives with an IPC answer, and its first frame must not show it out of view or unfocused.
  useLayoutEffect(() => {
    const element = heading.current;
    if (element === null) return;
    element.scrollIntoView({ block: 'start' });
    element.focus({ preventScroll: true });
  }, []);
  const notice =
    status.state === 'interrupted'
      ? t('transfer.interrupted')
      : status.state === 'cancelled'
        ? t(status.dryRun ? 'transfer.checkCancelled' : 'transfer.cancelled')
        : status.state === 'failed'
          ? t(status.dryRun ? 'transfer.checkFailed' : 'transfer.failed')
          : null;
  const rejected = status.rejections.filter((rejection) => !isDuplicate(rejection));
  const skipped = status.rejections.filter(isDuplicate);
  return (
    <section className="import-report" data-testid="import-report" aria-labelledby="import-report-title">
      <h3 id="import-report-title" ref={heading} tabIndex={-1}>
        {status.dryRun ? t('transfer.dryRunTitle') : t('transfer.reportTitle')}
      </h3>
      {notice === null ? null : (
        <Alert tone="warning">
          <p>{notice}</p>
          {/* A stop rolls back the chunk being written: its rows are neither counted nor in the vault. */}
          {status.state === 'cancelled' && !status.dryRun ? <p data-testid="report-rolled-back">{t('transfer.cancelledRolledBack')}</p> : null}
        </Alert>
      )}
      <p className="muted" data-testid="report-rows-read">
        {t(status.updated > 0 ? (cards ? 'transfer.cardsReadUpdating' : 'transfer.rowsReadUpdating') : cards ? 'transfer.cardsRead' : 'transfer.rowsRead', { count: status.processed })}
      </p>
      <div className="report">
        <Total testId="report-imported" value={status.imported} label={t(status.dryRun ? 'transfer.wouldImport' : 'transfer.imported')} tone="ok" />
        {status.updated > 0 ? <Total testId="report-updated" value={status.updated} label={t(status.dryRun ? 'transfer.wouldUpdate' : 'transfer.updated')} tone="ok" /> : null}
        <Total testId="report-duplicates" value={status.duplicates} label={t('transfer.duplicates')} />
        <Total testId="report-rejected" value={status.rejected} label={t('transfer.rejected')} tone="bad" />
      </div>
      {children}
      {status.rejections.length === 0 ? <p className="muted">{t(cards ? 'transfer.noRejectedCards' : 'transfer.noRejects')}</p> : null}
      <RowList
        title={t(cards ? 'transfer.rejectedCards' : 'transfer.rejectedRows')}
        testId="import-rejections"
        rowTestId="rejected-row"
        columns={[numberColumn, t('transfer.field'), t('transfer.reason')]}
        rows={rejected}
        cells={(rejection) => [
          fieldLabel(rejection.field),
          <>
            <strong>{t(`transfer.codes.${rejection.code}`)}</strong>
            {' · '}
            <span className="muted">{localText(rejection.message, rejection.reasons)}</span>
          </>,
        ]}
      />
      <RowList
        title={t(cards ? 'transfer.skippedCards' : 'transfer.skippedRows')}
        testId="import-skipped"
        rowTestId="skipped-row"
        columns={[numberColumn, t('transfer.matched')]}
        rows={skipped}
        cells={(rejection) => [
          <>
            {t(`transfer.codes.${rejection.code}`)}
            {' · '}
            <span className="muted">{localText(rejection.message, rejection.reasons)}</span>
          </>,
        ]}
      />
      {status.rejectionCount > status.rejections.length ? (
        <p className="faint small">{t('transfer.moreRejections', { count: maxReportedRejections })}</p>
      ) : null}
    </section>
  );
}
