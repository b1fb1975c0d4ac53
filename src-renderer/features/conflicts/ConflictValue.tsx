// A value of a conflict's field as the detail page shows it (a date as a
// date, an amount in its currency, a person by name, a deal's contacts by
// their names); a field no page shows as plain text, and no value (or an
// empty list) as "Empty" (no trash time as "Not in the trash"). A hidden value
// of a record no longer on this device stays dots and says why, with no Show:
// its reveal could not be logged (records.reveal answers NOT_FOUND).
import { useTranslation } from 'react-i18next';
import type { JsonValue, SyncedEntity } from '../../../src-shared/sync/protocol';
import { FieldValue, isMasked } from '../records/FieldValue';
import { RecordName } from '../records/names';
import { PersonName } from '../records/people';
import { plainValue, type ConflictField } from './conflict-fields';

export interface ConflictValueProps {
  readonly field: ConflictField;
  readonly value: JsonValue | null;
  readonly record: Readonly<Record<string, unknown>>;
  /** The conflict's record: "Show" on a hidden value logs its reveal under it (reveal-log.ts); null: no longer on this device. */
  readonly of: { readonly entity: SyncedEntity; readonly id: string } | null;
}

export function ConflictValue({ field, value, record, of }: ConflictValueProps) {
  const { t } = useTranslation();
  const empty = <span className="faint">{t('conflicts.none')}</span>;
  // No time the record went to the trash: it is out of it (restored), not an empty field.
  if (value === null && field.kind === 'field' && field.def.key === 'deletedAt') return <span className="faint">{t('conflicts.notInTrash')}</span>;
  if (value === null) return empty;
  switch (field.kind) {
    case 'field': {
      const { def } = field;
      // An amount without a currency to read it in is shown as the number it is.
      if (def.kind === 'money' && typeof record[def.currencyKey ?? 'currency'] !== 'string') return <span className="tabular">{plainValue(value)}</span>;
      if (of === null && isMasked(def, value, false)) {
        return (
          <span className="masked">
            <span className="masked__dots" aria-label={t('sensitivity.masked')}>
              {'•••••••••'}
            </span>{' '}
            <span className="faint small" data-testid="conflict-masked-gone">
              {t('conflicts.maskedGone')}
            </span>
          </span>
        );
      }
      // Keyed by the value: one shown with Show is that value only, and a newer one a pull brings is masked again.
      if (of === null) return <FieldValue key={JSON.stringify(value)} def={def} record={{ ...record, [def.key]: value }} />;
      return <FieldValue key={JSON.stringify(value)} def={def} record={{ ...record, id: of.id, [def.key]: value }} entity={of.entity} />;
    }
    case 'person':
      return typeof value === 'string' ? <PersonName id={value} /> : empty;
    case 'records': {
      const ids = Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string') : [];
      if (ids.length === 0) return empty;
      return (
        <span className="value-text">
          {ids.map((id, index) => (
            <span key={id}>
              {index === 0 ? null : t('conflicts.fieldJoiner')}
              <RecordName kind={field.refKind} id={id} fallback={t('conflicts.gone')} />
            </span>
          ))}
        </span>
      );
    }
    case 'record':
    case 'other': {
      const text = plainValue(value);
      return text === '' ? empty : <span className="value-text">{text}</span>;
    }
  }
}
