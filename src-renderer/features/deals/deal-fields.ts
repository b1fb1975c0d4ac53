// The editable fields of a deal, in form order. The stage options come from
// the vault's pipeline, so they are passed in.
import type { FieldDef, SelectOption } from '../records/fields';

export function dealFields(stageOptions: readonly SelectOption[]): readonly FieldDef[] {
  return [
    { key: 'name', label: 'field.name', kind: 'text', required: true, wide: true },
    { key: 'accountId', label: 'field.account', kind: 'ref', refKind: 'account' },
    { key: 'stageId', label: 'field.stage', kind: 'select', options: stageOptions, required: true },
    { key: 'amount', label: 'field.amount', kind: 'money', currencyKey: 'currency', hint: 'hint.amount' },
    { key: 'currency', label: 'field.currency', kind: 'currency', required: true, amountKey: 'amount' },
    { key: 'expectedCloseDate', label: 'field.expectedCloseDate', kind: 'date', required: true },
    { key: 'probability', label: 'field.probability', kind: 'number', percent: true },
    { key: 'tags', label: 'field.tags', kind: 'tags', hint: 'hint.tags', wide: true, tagsOf: 'deals' },
  ];
}

export const dealLostReasonField: FieldDef = { key: 'lostReason', label: 'field.lostReason', kind: 'text', wide: true };
