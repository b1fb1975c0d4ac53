// A value the masking rule hides (`masksUntilShown`: notes, activity bodies)
// as it first shows: dots, and "Show" beside them. A record's page, the
// timelines and the conflicts show such values through this, one value at a
// time. `onReveal` of every caller logs the reveal first (reveal-log.ts,
// `records.reveal`): the edit button and F2 reveal too, without this button.
import { useTranslation } from 'react-i18next';

export interface MaskedValueProps {
  /** An id for the dots (what the value is, for a control's aria-labelledby); the button stays out of it. */
  readonly textId?: string | undefined;
  readonly testId: string;
  /** What "Show" reveals, for its accessible name (e.g. "Show notes: Intro call"); the visible word stays "Show". */
  readonly label?: string;
  readonly onReveal: () => void;
  /** The reveal is on its way (its access-log entry waits behind an import or a sync). */
  readonly busy?: boolean | undefined;
}

export function MaskedValue({ textId, testId, label, onReveal, busy = false }: MaskedValueProps) {
  const { t } = useTranslation();
  return (
    <span className="masked">
      <span className="masked__dots" id={textId} aria-label={t('sensitivity.masked')}>
        {'•••••••••'}
      </span>
      <button
        type="button"
        className="link-button small"
        title={t('sensitivity.sensitiveHint')}
        aria-label={label}
        data-testid={testId}
        aria-busy={busy || undefined}
        onClick={(event) => {
          event.stopPropagation();
          onReveal();
        }}
      >
        {t('sensitivity.reveal')}
      </button>
    </span>
  );
}
