// What an import does with a row matching a record already in FieldVault (or
// an earlier row): skip it (the default), update the record with its values,
// or import it anyway. Under Update, a hint says what an update keeps; it
// sits under that choice and is its description for a screen reader. Locked
// while an import or check runs (`disabled`).
import { Fragment, useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportDuplicates } from '../../../src-shared/transfer/import';

/** The choices as offered (skip first: it is the default). */
const duplicateChoices = [
  ['skip', 'transfer.duplicatesSkip'],
  ['update', 'transfer.duplicatesUpdate'],
  ['import', 'transfer.duplicatesImport'],
] as const satisfies readonly (readonly [ImportDuplicates, string])[];

export interface DuplicatesChoiceProps {
  readonly value: ImportDuplicates;
  readonly onChange: (choice: ImportDuplicates) => void;
  readonly disabled?: boolean;
}

export function DuplicatesChoice({ value, onChange, disabled = false }: DuplicatesChoiceProps) {
  const { t } = useTranslation();
  const hintId = useId();
  return (
    <fieldset className="import__duplicates" data-testid="import-duplicates" disabled={disabled}>
      <legend>{t('transfer.duplicatesLegend')}</legend>
      {duplicateChoices.map(([choice, label]) => (
        <Fragment key={choice}>
          <label className="check">
            <input
              type="radio"
              name="import-duplicates"
              value={choice}
              checked={value === choice}
              onChange={() => onChange(choice)}
              aria-describedby={choice === 'update' && value === 'update' ? hintId : undefined}
            />
            <span>{t(label)}</span>
          </label>
          {choice === 'update' && value === 'update' ? (
            <p id={hintId} className="faint small" data-testid="import-update-hint">
              {t('transfer.duplicatesUpdateHint')}
            </p>
          ) : null}
        </Fragment>
      ))}
    </fieldset>
  );
}
