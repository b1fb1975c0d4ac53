// The editable fields of an activity, in form order.
import { activityKinds } from '../../../src-shared/domain/activity';
import type { FieldDef } from '../records/fields';

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
  { key: 'body', label: 'field.body', kind: 'longText', sensitive: true },
  { key: 'tags', label: 'field.tags', kind: 'tags', hint: 'hint.tags', wide: true },
];
