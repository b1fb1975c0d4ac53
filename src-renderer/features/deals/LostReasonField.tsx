// The lost reason of a deal being lost (the stage move's dialog): a text box,
// and under it the reasons to pick with one press: those the team's deals
// already give most (deals.lostReasons), then common ones in the UI's
// language, each once whatever its case, at most eight. A pick fills the box
// (still editable) and puts the focus back in it, so the same words come back
// for the same reason and the lost deals can be counted by it.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { lostReasonsOffered } from '../../../src-shared/domain/deal';
import { useApi } from '../../app/api-context';

const commonReasons = ['price', 'competitor', 'budget', 'timing', 'noDecision', 'silent'] as const;

export interface LostReasonFieldProps {
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly autoFocus: boolean;
}

export function LostReasonField({ value, onChange, autoFocus }: LostReasonFieldProps) {
  const { t } = useTranslation();
  const api = useApi();
  const input = useRef<HTMLInputElement>(null);
  const [used, setUsed] = useState<readonly string[]>([]);

  useEffect(() => {
    let live = true;
    api.invoke('deals.lostReasons', {}).then(
      ({ reasons }) => {
        if (live) setUsed(reasons);
      },
      // Without the team's reasons, the common ones still show.
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api]);

  const seen = new Set<string>();
  const offered = [...used, ...commonReasons.map((key) => t(`pipeline.lostReasonChoices.${key}`))].filter((reason) => {
    const folded = reason.toLocaleLowerCase();
    if (seen.has(folded)) return false;
    seen.add(folded);
    return true;
  });

  return (
    <div className="field">
      <label htmlFor="lost-reason-input">{t('pipeline.lostReason')}</label>
      <input
        ref={input}
        id="lost-reason-input"
        value={value}
        maxLength={500}
        autoFocus={autoFocus}
        aria-describedby="lost-reason-picks"
        data-testid="lost-reason-input"
        onChange={(event) => onChange(event.target.value)}
      />
      <div className="chip-set lost-reason-picks" id="lost-reason-picks" role="group" aria-label={t('pipeline.lostReasonPick')} data-testid="lost-reason-picks">
        {offered.slice(0, lostReasonsOffered).map((reason) => (
          <button
            key={reason}
            type="button"
            className="chip"
            aria-pressed={reason === value}
            data-testid="lost-reason-pick"
            onClick={() => {
              onChange(reason);
              input.current?.focus();
            }}
          >
            {reason}
          </button>
        ))}
      </div>
    </div>
  );
}
