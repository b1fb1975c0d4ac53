// Column mapping of a CSV import: each column of the file, an example value
// (its first non-empty one, mapped or ignored: ImportPreview.samples), and the
// FieldVault field it fills (or Ignore). Locked while an import or check
// runs (`disabled`): its report is of the mapping it started with.
import { useTranslation } from 'react-i18next';
import {
  accountImportFields,
  contactImportFields,
  type ColumnMapping,
  type ImportEntity,
  type ImportField,
  type ImportPreview,
} from '../../../src-shared/transfer/import';

export interface MappingTableProps {
  readonly entity: ImportEntity;
  readonly preview: ImportPreview;
  readonly mapping: ColumnMapping;
  readonly onChange: (mapping: ColumnMapping) => void;
  readonly disabled?: boolean;
}

export function MappingTable({ entity, preview, mapping, onChange, disabled = false }: MappingTableProps) {
  const { t } = useTranslation();
  const fields: readonly ImportField[] = entity === 'contacts' ? contactImportFields : accountImportFields;

  function set(column: number, value: string) {
    const field = fields.find((candidate) => candidate === value) ?? null;
    onChange(preview.headers.map((_, index) => (index === column ? field : (mapping[index] ?? null))));
  }

  return (
    <table className="mapping" data-testid="import-mapping">
      <thead>
        <tr>
          <th scope="col">{t('transfer.column')}</th>
          <th scope="col">{t('transfer.sample')}</th>
          <th scope="col">{t('transfer.targetField')}</th>
        </tr>
      </thead>
      <tbody>
        {preview.headers.map((header, index) => {
          const field = mapping[index] ?? null;
          // The column's own example, whatever it is mapped to (ignored columns too).
          const sample = preview.samples[index] ?? '';
          return (
            <tr key={`${index}-${header}`}>
              <th scope="row">{header}</th>
              <td className="sample" title={sample}>
                {sample}
              </td>
              <td>
                <select
                  className="input"
                  aria-label={t('transfer.targetFieldOf', { header })}
                  value={field ?? ''}
                  disabled={disabled}
                  data-testid={`mapping-${index}`}
                  onChange={(event) => set(index, event.target.value)}
                >
                  <option value="">{t('transfer.ignore')}</option>
                  {fields.map((candidate) => (
                    <option key={candidate} value={candidate}>
                      {t(`transfer.fields.${candidate}`)}
                    </option>
                  ))}
                </select>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
