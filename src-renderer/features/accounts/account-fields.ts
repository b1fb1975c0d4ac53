// The editable fields of an account, in form order.
import type { FieldDef } from '../records/fields';

export const accountFields: readonly FieldDef[] = [
  { key: 'name', label: 'field.name', kind: 'text', required: true },
  { key: 'industry', label: 'field.industry', kind: 'text' },
  { key: 'website', label: 'field.website', kind: 'text', hint: 'hint.website', seams: 'url', link: 'web' },
  { key: 'territory', label: 'field.territory', kind: 'text' },
  { key: 'address', label: 'field.address', kind: 'address' },
  { key: 'tags', label: 'field.tags', kind: 'tags', hint: 'hint.tags', wide: true, tagsOf: 'accounts' },
];

export const newAccountInputs = {
  name: '',
  industry: '',
  website: '',
  territory: '',
  address: { street: '', city: '', region: '', postalCode: '', country: '' },
  tags: '',
} as const;
