// The record an activity or task is about, as one line: the contact if any,
// else the deal, else the account; and the tasks' and activities' Related column.
import { useTranslation } from 'react-i18next';
import { Icon } from '../../ui/icons';
import type { Column } from './list-spec';
import { RecordName } from './names';

export interface Linked {
  readonly contactId: string | null;
  readonly accountId: string | null;
  readonly dealId: string | null;
}

/** Whether the record is about a contact, deal or account at all (Today leaves the line out when not). */
export function hasRelated(record: Linked): boolean {
  return record.contactId !== null || record.dealId !== null || record.accountId !== null;
}

export function RelatedName({ record }: { readonly record: Linked }) {
  const { t } = useTranslation();
  if (record.contactId !== null) {
    return (
      <span className="related">
        <Icon name="contact" size={14} />
        <RecordName kind="contact" id={record.contactId} fallback={t('status.none')} />
      </span>
    );
  }
  if (record.dealId !== null) {
    return (
      <span className="related">
        <Icon name="deal" size={14} />
        <RecordName kind="deal" id={record.dealId} fallback={t('status.none')} />
      </span>
    );
  }
  if (record.accountId !== null) {
    return (
      <span className="related">
        <Icon name="account" size={14} />
        <RecordName kind="account" id={record.accountId} fallback={t('status.none')} />
      </span>
    );
  }
  return <span className="faint">{t('status.none')}</span>;
}

/** The Related column of the tasks and activities lists. */
export const relatedColumn: Column<Linked> = {
  id: 'related',
  label: 'field.related',
  width: 'minmax(10rem, 1.4fr)',
  isEmpty: (row) => !hasRelated(row),
  render: (row) => <RelatedName record={row} />,
};
