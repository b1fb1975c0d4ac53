// The activity composer's kind (call, meeting, email, note) as a radio group
// (ui/RadioGroup.tsx). The chosen kind is filled like a chosen chip
// (detail.css), which is not how the focus ring looks.
import { useTranslation } from 'react-i18next';
import { activityKinds, type ActivityKind } from '../../../src-shared/domain/activity';
import { RadioGroup } from '../../ui/RadioGroup';
import { ActivityKindIcon } from '../activities/ActivityKindIcon';

export interface ActivityKindRadiosProps {
  readonly kind: ActivityKind;
  readonly onChange: (kind: ActivityKind) => void;
}

export function ActivityKindRadios({ kind, onChange }: ActivityKindRadiosProps) {
  const { t } = useTranslation();
  const options = activityKinds.map((value) => ({
    value,
    testId: `composer-kind-${value}`,
    label: (
      <>
        <ActivityKindIcon kind={value} />
        {t(`activityKind.${value}`)}
      </>
    ),
  }));
  return (
    <RadioGroup
      options={options}
      value={kind}
      onChange={onChange}
      name={{ label: t('field.kind') }}
      className="composer__kinds"
      optionClassName="composer__kind"
      testId="composer-kinds"
    />
  );
}
