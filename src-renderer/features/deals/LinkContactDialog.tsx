// Adds an existing contact to a deal: pick the contact, Save. The dialog
// stays open, with the pick, until the deal took it: a refusal (the deal
// has its 50 contacts, the contact went meanwhile) shows under the picker,
// as does a name typed over the pick and never picked. A deal that has its
// 50 contacts says so in words of its own, before asking (the schema's
// "Must be at most 50" said nothing of contacts), and again if the deal
// filled up meanwhile. While the link is on its way, Esc does not close the
// dialog (a refusal would have had nowhere to show) and Save keeps the focus.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { maxDealContacts } from '../../../src-shared/domain/deal';
import { BridgeError } from '../../api/errors';
import { Dialog } from '../../ui/Dialog';
import { SubmitButton } from '../../ui/SubmitButton';
import { refusedField } from '../../ui/form-errors';
import { wordsText, type Words } from '../../ui/words';
import { RefPicker } from '../records/RefPicker';

export interface LinkContactDialogProps {
  /** Resolves once the deal has the contact; rejects with the refusal. */
  readonly onLink: (contactId: string) => Promise<void>;
  readonly onClose: () => void;
  /** How many contacts the deal names now. */
  readonly contactCount: number;
}

const full: Words = { key: 'detail.dealContactsFull', params: { max: maxDealContacts } };

/** Whether the refusal is the deal's contact list at its size limit. */
function isFull(failure: unknown): boolean {
  const reason = failure instanceof BridgeError ? failure.reason : undefined;
  return reason?.code === 'invalid_request' && reason.path.startsWith('patch.contactIds') && reason.rule.code === 'too_big';
}

export function LinkContactDialog({ onLink, onClose, contactCount }: LinkContactDialogProps) {
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
    if (contactCount >= maxDealContacts) {
      setError(full);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await onLink(contactId);
      onClose();
    } catch (failure) {
      setError(isFull(failure) ? full : (refusedField(failure, ['contactIds'])?.words ?? { error: failure }));
      setBusy(false);
    }
  }

  return (
    <Dialog title={t('detail.addContact')} onClose={onClose} testId="link-contact" size="small" busy={busy}>
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
          <SubmitButton testId="link-contact-confirm" busy={busy} busyLabel={t('action.saving')} disabled={contactId === ''}>
            {t('action.save')}
          </SubmitButton>
        </div>
      </form>
    </Dialog>
  );
}
