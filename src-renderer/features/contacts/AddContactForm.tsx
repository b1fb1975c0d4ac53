// The "Add contact" form. It checks the draft with the shared ContactDraft
// schema first (per-field messages), and still shows the main process's
// BAD_INPUT answer should the two ever disagree.
import { useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { Contact } from '../../../src-shared/domain/contact';
import { ContactDraft } from '../../../src-shared/domain/contact';
import { useApi } from '../../app/api-context';
import { t } from '../../app/i18n';
import { Alert } from '../../ui/Alert';
import { errorText } from '../../ui/error-text';
import { validate, type FieldErrors } from '../../ui/form-errors';
import { SubmitButton } from '../../ui/SubmitButton';
import { TextField } from '../../ui/TextField';

type Field = 'name' | 'email' | 'phone' | 'notes';
type Values = Record<Field, string>;

const empty: Values = { name: '', email: '', phone: '', notes: '' };
const order: readonly Field[] = ['name', 'email', 'phone', 'notes'];

export function AddContactForm({ onCreated }: { readonly onCreated: (contact: Contact) => void }) {
  const api = useApi();
  const [values, setValues] = useState<Values>(empty);
  const [errors, setErrors] = useState<FieldErrors<Field>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const nameRef = useRef<HTMLInputElement>(null);
  const formRef = useRef<HTMLFormElement>(null);

  const set = (field: Field) => (value: string) => {
    setValues((current) => ({ ...current, [field]: value }));
    setSaved(false);
  };

  function focusField(field: Field) {
    formRef.current?.querySelector<HTMLElement>(`[data-testid="contact-${field}"]`)?.focus();
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const checked = validate(ContactDraft, values);
    setFailure(null);
    setSaved(false);
    if (!checked.ok) {
      setErrors(checked.errors);
      const first = order.find((field) => checked.errors[field] !== undefined);
      if (first !== undefined) focusField(first);
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const contact = await api.invoke('contacts.create', checked.data);
      setValues(empty);
      setSaved(true);
      onCreated(contact);
      nameRef.current?.focus();
    } catch (error) {
      setFailure(errorText(error));
    } finally {
      setBusy(false);
    }
  }

  function submitFromNotes(event: KeyboardEvent<HTMLInputElement | HTMLTextAreaElement>) {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      formRef.current?.requestSubmit();
    }
  }

  return (
    <section className="card" aria-labelledby="add-contact-title">
      <h2 id="add-contact-title">{t('contacts.add.title')}</h2>
      <form ref={formRef} className="form" onSubmit={(event) => void submit(event)} noValidate data-testid="contact-form">
        <TextField
          label={t('contacts.add.name')}
          value={values.name}
          onChange={set('name')}
          error={errors.name}
          autoFocus
          required
          autoComplete="off"
          testId="contact-name"
          inputRef={nameRef}
        />
        <TextField
          label={t('contacts.add.email')}
          type="email"
          value={values.email}
          onChange={set('email')}
          error={errors.email}
          testId="contact-email"
        />
        <TextField
          label={t('contacts.add.phone')}
          type="tel"
          value={values.phone}
          onChange={set('phone')}
          error={errors.phone}
          testId="contact-phone"
        />
        <TextField
          label={t('contacts.add.notes')}
          multiline
          value={values.notes}
          onChange={set('notes')}
          error={errors.notes}
          hint={t('contacts.add.notesHint')}
          onKeyDown={submitFromNotes}
          testId="contact-notes"
        />
        {failure === null ? null : (
          <Alert tone="error" testId="contact-form-error">
            <p>{failure}</p>
          </Alert>
        )}
        {saved ? (
          <Alert tone="success" testId="contact-saved">
            <p>{t('contacts.add.saved')}</p>
          </Alert>
        ) : null}
        <SubmitButton testId="contact-submit" busy={busy} busyLabel={t('contacts.add.busy')}>
          {t('contacts.add.submit')}
        </SubmitButton>
      </form>
    </section>
  );
}
