// Adds an existing contact to a deal: pick the contact, Link.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../../ui/Dialog';
import { RefPicker } from '../records/RefPicker';

export interface LinkContactDialogProps {
  readonly onLink: (contactId: string) => void;
  readonly onClose: () => void;
}

export function LinkContactDialog({ onLink, onClose }: LinkContactDialogProps) {
  const { t } = useTranslation();
  const [contactId, setContactId] = useState('');
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (contactId !== '') onLink(contactId);
  }
  return (
    <Dialog title={t('detail.addContact')} onClose={onClose} testId="link-contact" size="small">
      <form className="form" onSubmit={submit}>
        <div className="field">
          <label htmlFor="link-contact-picker">{t('field.contact')}</label>
          <RefPicker id="link-contact-picker" kind="contact" value={contactId} onChange={setContactId} autoFocus data-testid="link-contact-picker" />
        </div>
        <div className="form-actions">
          <button type="button" className="button button--secondary" onClick={onClose}>
            {t('action.cancel')}
          </button>
          <button type="submit" className="button button--primary" disabled={contactId === ''} data-testid="link-contact-confirm">
            {t('action.save')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
