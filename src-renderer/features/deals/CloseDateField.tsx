// The close date a move into a won or lost stage sets (the stage move's
// dialog, the selection bar's Stage…): a date box, the user's local today
// by default (the dialog's state), required.
import { useTranslation } from 'react-i18next';

export interface CloseDateFieldProps {
  /** The input's id and test id (each dialog keeps its own, as its tests name them). */
  readonly id: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
}

export function CloseDateField({ id, value, onChange }: CloseDateFieldProps) {
  const { t } = useTranslation();
  return (
    <div className="field">
      <label htmlFor={id}>{t('pipeline.closeDate')}</label>
      <input id={id} type="date" required value={value} data-testid={id} onChange={(event) => onChange(event.target.value)} />
    </div>
  );
}
