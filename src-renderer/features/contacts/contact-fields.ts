// The editable fields of a contact, in form order.
import { masksUntilShown } from '../../../src-shared/domain/common';
import { contactSensitivity, preferredChannels } from '../../../src-shared/domain/contact';
import type { FieldDef } from '../records/fields';

export const contactFields: readonly FieldDef[] = [
  { key: 'name', label: 'field.name', kind: 'text', required: true },
  { key: 'title', label: 'field.title', kind: 'text' },
  { key: 'accountId', label: 'field.account', kind: 'ref', refKind: 'account' },
  {
    key: 'preferredChannel',
    label: 'field.preferredChannel',
    kind: 'select',
    options: preferredChannels.map((value) => ({ value, label: `channel.${value}` as const })),
  },
  { key: 'emails', label: 'field.emails', kind: 'lines', hint: 'hint.emails', seams: 'email', link: 'email' },
  { key: 'phones', label: 'field.phones', kind: 'lines', hint: 'hint.phones', link: 'phone' },
  { key: 'address', label: 'field.address', kind: 'address' },
  { key: 'tags', label: 'field.tags', kind: 'tags', hint: 'hint.tags', wide: true, tagsOf: 'contacts' },
  { key: 'notes', label: 'field.notes', kind: 'longText', sensitive: masksUntilShown(contactSensitivity.notes) },
];

export const newContactInputs = {
  name: '',
  title: '',
  accountId: '',
  preferredChannel: 'any',
  emails: '',
  phones: '',
  address: { street: '', city: '', region: '', postalCode: '', country: '' },
  tags: '',
  notes: '',
} as const;
