// The first rows of an import as they would be imported, with each row's
// problems beside it, or the record it would update (by name); its first column
// numbers the rows (or a vCard's cards).
import { useTranslation } from 'react-i18next';
import type { ImportEntity, ImportField, ImportPreview } from '../../../src-shared/transfer/import';
import { localText } from '../../ui/reason-text';

/** What a row that updates a record says, by entity: naming the record, or (gone meanwhile) not. */
const updatesText = { contacts: 'transfer.updatesContact', accounts: 'transfer.updatesAccount' } as const satisfies Record<ImportEntity, string>;
const updatesNamedText = { contacts: 'transfer.updatesNamedContact', accounts: 'transfer.updatesNamedAccount' } as const satisfies Record<ImportEntity, string>;

export function PreviewTable({
  entity,
  preview,
  fields,
  rowHeader,
}: {
  readonly entity: ImportEntity;
  readonly preview: ImportPreview;
  readonly fields: readonly ImportField[];
  readonly rowHeader: string;
}) {
  const { t } = useTranslation();
  return (
    <div className="preview-wrap">
      <table className="table" data-testid="import-preview">
        <thead>
          <tr>
            <th scope="col">{rowHeader}</th>
            {fields.map((field) => (
              <th scope="col" key={field}>
                {t(`transfer.fields.${field}`)}
              </th>
            ))}
            <th scope="col">{t('transfer.reason')}</th>
          </tr>
        </thead>
        <tbody>
          {preview.rows.map((row) => (
            <tr key={row.row} className={row.problems.length > 0 ? 'has-problem' : undefined}>
              <td className="tabular">{row.row}</td>
              {fields.map((field) => (
                <td key={field} title={row.values[field] ?? ''}>
                  {row.values[field] ?? ''}
                </td>
              ))}
              {row.problems.length > 0 ? (
                <td className="overdue preview__reason">
                  {row.problems.map((problem) => t('transfer.problemOf', { code: t(`transfer.codes.${problem.code}`), reason: localText(problem.message, problem.reasons) })).join(t('transfer.reasonJoiner'))}
                </td>
              ) : (
                <td className="faint preview__reason" data-testid={row.updates === null ? undefined : 'import-preview-updates'}>
                  {row.updates === null
                    ? null
                    : row.record === null
                      ? t(updatesText[entity], { key: t(`transfer.duplicateKeys.${row.updates}`) })
                      : t(updatesNamedText[entity], { key: t(`transfer.duplicateKeys.${row.updates}`), name: row.record.name })}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
