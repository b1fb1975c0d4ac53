// The activity composer's kind (call, meeting, email, note) as a WAI-ARIA
// radio group: one Tab stop, on the chosen kind; Right and Down choose the
// next kind, Left and Up the previous one (wrapping), Home and End the first
// and last, and the focus moves with the choice; a click, Space or Enter
// chooses the kind pressed. The chosen kind is filled like a chosen chip
// (detail.css), which is not how the focus ring looks.
import { useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { activityKinds, type ActivityKind } from '../../../src-shared/domain/activity';
import { rovingIndex } from '../../ui/roving';
import { ActivityKindIcon } from '../activities/ActivityKindIcon';

export interface ActivityKindRadiosProps {
  readonly kind: ActivityKind;
  readonly onChange: (kind: ActivityKind) => void;
}

export function ActivityKindRadios({ kind, onChange }: ActivityKindRadiosProps) {
  const { t } = useTranslation();
  const radios = useRef(new Map<ActivityKind, HTMLButtonElement>());

  function onKeyDown(event: KeyboardEvent<HTMLButtonElement>, index: number) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const target = rovingIndex(event.key, index, activityKinds.length, 'both');
    const next = target === null ? undefined : activityKinds[target];
    if (next === undefined) return;
    event.preventDefault();
    onChange(next);
    radios.current.get(next)?.focus();
  }

  return (
    <div className="composer__kinds" role="radiogroup" aria-label={t('field.kind')} data-testid="composer-kinds">
      {activityKinds.map((value, index) => (
        <button
          key={value}
          ref={(element) => {
            if (element === null) radios.current.delete(value);
            else radios.current.set(value, element);
          }}
          type="button"
          role="radio"
          className="composer__kind"
          aria-checked={kind === value}
          tabIndex={kind === value ? 0 : -1}
          data-testid={`composer-kind-${value}`}
          onClick={() => onChange(value)}
          onKeyDown={(event) => onKeyDown(event, index)}
        >
          <ActivityKindIcon kind={value} />
          {t(`activityKind.${value}`)}
        </button>
      ))}
    </div>
  );
}
