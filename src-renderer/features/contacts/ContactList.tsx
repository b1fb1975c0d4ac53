// The contact rows as an accessible table.
import type { Contact } from '../../../src-shared/domain/contact';
import { t } from '../../app/i18n';

export function ContactList({ contacts }: { readonly contacts: readonly Contact[] }) {
  return (
    <div className="table-wrap">
      <table className="table" data-testid="contact-list">
        <thead>
          <tr>
            <th scope="col">{t('contacts.column.name')}</th>
            <th scope="col">{t('contacts.column.email')}</th>
            <th scope="col">{t('contacts.column.phone')}</th>
          </tr>
        </thead>
        <tbody>
          {contacts.map((contact) => (
            <tr key={contact.id} data-testid="contact-row">
              <th scope="row">
                <span className="avatar" aria-hidden="true">
                  {contact.name.slice(0, 1).toUpperCase()}
                </span>
                <span className="contact-name">
                  {contact.name}
                  {contact.notes === '' ? null : <span className="contact-notes">{contact.notes}</span>}
                </span>
              </th>
              <td>{contact.email === '' ? <span className="muted">—</span> : contact.email}</td>
              <td>{contact.phone === '' ? <span className="muted">—</span> : contact.phone}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
