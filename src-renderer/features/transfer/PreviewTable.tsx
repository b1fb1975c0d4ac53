// The first rows of an import as they would be imported, with each row's
// problems beside it; its first column numbers the rows (or a vCard's cards).
import { useTranslation } from 'react-i18next';
import type { ImportField, ImportPreview } from '../../../src-shared/transfer/import';
import { localText } from '../../ui/reason-text';

export function PreviewTable({ preview, fields, rowHeader }: { readonly preview: ImportPreview; readonly fields: readonly ImportField[]; readonly rowHeader: string }) {
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
              <td className={row.problems.length > 0 ? 'overdue' : 'faint'}>
                {row.problems.map((problem) => t('transfer.problemOf', { code: t(`transfer.codes.${problem.code}`), reason: localText(problem.message, problem.reasons) })).join(t('transfer.reasonJoiner'))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
