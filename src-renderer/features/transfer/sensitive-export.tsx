// The choice an export asks for when its list has sensitive fields (notes, an
// activity's details: masked on screen behind "Show"): they are left out of
// the file unless the user ticks "Include …" for this export. Unticked each
// time; never remembered.
import { useTranslation } from 'react-i18next';
import type { ListEntity } from '../../../src-shared/domain/saved-view';
import { sensitiveExportFields } from '../../../src-shared/transfer/export';
import type { Words } from '../../ui/words';

const fieldLabels: Readonly<Record<string, 'field.notes' | 'field.body'>> = { notes: 'field.notes', body: 'field.body' };

/** The list's sensitive fields as the UI names them ("Notes"), joined; '' when it has none. */
export function useSensitiveFieldWords(entity: ListEntity): string {
  const { t } = useTranslation();
  return sensitiveExportFields[entity]
    .map((field) => {
      const label = fieldLabels[field];
      return label === undefined ? field : t(label);
    })
    .join(t('transfer.fieldsJoin'));
}

/** "5,000 rows exported", or "…, without Notes" when an export left `leftOut` out ('' for none). */
export function exportedWords(rows: number, leftOut: string): Words {
  return leftOut === '' ? { key: 'transfer.exported', params: { count: rows } } : { key: 'transfer.exportedWithout', params: { count: rows, fields: leftOut } };
}

export interface IncludeSensitiveProps {
  readonly entity: ListEntity;
  readonly checked: boolean;
  readonly onChange: (checked: boolean) => void;
}

/** "Include Notes in the file", with why they are left out otherwise; nothing for a list with no sensitive field. */
export function IncludeSensitive({ entity, checked, onChange }: IncludeSensitiveProps) {
  const { t } = useTranslation();
  const fields = useSensitiveFieldWords(entity);
  if (fields === '') return null;
  return (
    <div className="field">
      <p className="muted small" data-testid="export-sensitive-note">
        {t('transfer.sensitiveLeftOut', { fields })}
      </p>
      <label className="check">
        <input type="checkbox" checked={checked} data-testid="export-include-sensitive" onChange={(event) => onChange(event.target.checked)} />
        <span>{t('transfer.includeSensitive', { fields })}</span>
      </label>
    </div>
  );
}
