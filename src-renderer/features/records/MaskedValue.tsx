// A value the masking rule hides (`masksUntilShown`: notes, activity bodies)
// as it first shows: dots, and "Show" beside them. A record's page and the
// timelines show such values through this, one value at a time, so a reveal
// happens in one place only: the reveal audit of the design ("every reveal is
// audited", not built yet) belongs in `onClick` here. Nothing is logged today.
import { useTranslation } from 'react-i18next';

export interface MaskedValueProps {
  /** An id for the dots (what the value is, for a control's aria-labelledby); the button stays out of it. */
  readonly textId?: string | undefined;
  readonly testId: string;
  /** What "Show" reveals, for its accessible name (e.g. "Show notes: Intro call"); the visible word stays "Show". */
  readonly label?: string;
  readonly onReveal: () => void;
}

export function MaskedValue({ textId, testId, label, onReveal }: MaskedValueProps) {
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
