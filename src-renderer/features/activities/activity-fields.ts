// The editable fields of an activity, in form order.
import { activityKinds, activitySensitivity } from '../../../src-shared/domain/activity';
import { masksUntilShown } from '../../../src-shared/domain/common';
import type { FieldDef } from '../records/fields';

/** An activity's notes: read on its own page and on the timelines of the records it is linked to, masked alike. */
export const activityBodyField: FieldDef = {
  key: 'body',
  label: 'field.body',
  kind: 'longText',
  sensitive: masksUntilShown(activitySensitivity.body),
};

export const activityFields: readonly FieldDef[] = [
  {
    key: 'kind',
    label: 'field.kind',
    kind: 'select',
    required: true,
    options: activityKinds.map((value) => ({ value, label: `activityKind.${value}` as const })),
  },
  { key: 'occurredAt', label: 'field.occurredAt', kind: 'datetime', required: true },
  { key: 'subject', label: 'field.subject', kind: 'text', wide: true },
  { key: 'contactId', label: 'field.contact', kind: 'ref', refKind: 'contact' },
  { key: 'accountId', label: 'field.account', kind: 'ref', refKind: 'account' },
  { key: 'dealId', label: 'field.deal', kind: 'ref', refKind: 'deal' },
  { key: 'durationMinutes', label: 'field.durationMinutes', kind: 'number' },
  { key: 'outcome', label: 'field.outcome', kind: 'text', wide: true },
  activityBodyField,
  { key: 'tags', label: 'field.tags', kind: 'tags', hint: 'hint.tags', wide: true, tagsOf: 'activities' },
];
