// Adds an existing contact to a deal: pick the contact, Save. The dialog
// stays open, with the pick, until the deal took it: a refusal (the deal
// has its 50 contacts, the contact went meanwhile) shows under the picker,
// as does a name typed over the pick and never picked.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../../ui/Dialog';
import { refusedField } from '../../ui/form-errors';
import { wordsText, type Words } from '../../ui/words';
import { RefPicker } from '../records/RefPicker';

export interface LinkContactDialogProps {
  /** Resolves once the deal has the contact; rejects with the refusal. */
  readonly onLink: (contactId: string) => Promise<void>;
  readonly onClose: () => void;
}

export function LinkContactDialog({ onLink, onClose }: LinkContactDialogProps) {
  const { t } = useTranslation();
  const [contactId, setContactId] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Words | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (contactId === '' || busy) return;
    // A name typed over the pick and never picked (RefPicker keeps it, marked): Save would link the earlier pick.
    if (event.currentTarget.querySelector('[data-unpicked="true"]') !== null) {
      setError({ key: 'validation.refUnpicked' });
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await onLink(contactId);
      onClose();
    } catch (failure) {
      setError(refusedField(failure, ['contactIds'])?.words ?? { error: failure });
      setBusy(false);
    }
  }

  return (
    <Dialog title={t('detail.addContact')} onClose={onClose} testId="link-contact" size="small">
      <form className="form" onSubmit={(event) => void submit(event)}>
        <div className="field">
          <label htmlFor="link-contact-picker">{t('field.contact')}</label>
          <RefPicker
            id="link-contact-picker"
            kind="contact"
            value={contactId}
            onChange={(picked) => {
              setContactId(picked);
              setError(null);
            }}
            autoFocus
            data-testid="link-contact-picker"
          />
          {error === null ? null : (
            <p className="field__error" role="alert" data-testid="link-contact-error">
              {wordsText(error)}
            </p>
          )}
        </div>
        <div className="form-actions">
          <button type="button" className="button button--secondary" onClick={onClose}>
            {t('action.cancel')}
          </button>
          <button type="submit" className="button button--primary" disabled={contactId === '' || busy} data-testid="link-contact-confirm">
            {busy ? <span className="spinner" aria-hidden="true" /> : null}
            {t('action.save')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
