// Quick "log activity" box at the top of a timeline: pick call, meeting,
// email or note, type what happened, Log. Checked with the shared
// ActivityDraft schema; the record the page shows is linked automatically.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ActivityDraft, activityKinds, type ActivityKind } from '../../../src-shared/domain/activity';
import { useApi } from '../../app/api-context';
import { errorText } from '../../ui/error-text';
import { issuesByField } from '../../ui/form-errors';
import { useToasts } from '../../ui/toasts';
import { ActivityKindIcon } from '../activities/ActivityKindIcon';
import { isComposing } from '../../ui/ime';

export interface Links {
  readonly contactId?: string | null;
  readonly accountId?: string | null;
  readonly dealId?: string | null;
}

export function ActivityComposer({ links, onLogged }: { readonly links: Links; readonly onLogged: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const toasts = useToasts();
  const [kind, setKind] = useState<ActivityKind>('call');
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const parsed = ActivityDraft.safeParse({ kind, subject, body, occurredAt: Date.now(), ...links });
    if (!parsed.success) {
      const errors = issuesByField(parsed.error.issues, ['subject', 'body']);
      setError(errors.subject ?? errors.body ?? t('validation.invalid'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.invoke('activities.create', parsed.data);
      setSubject('');
      setBody('');
      toasts.show({ message: t('composer.logged'), tone: 'success', testId: 'activity-logged' });
      onLogged();
    } catch (failure) {
      setError(errorText(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="composer" onSubmit={(event) => void submit(event)} data-testid="activity-composer" noValidate>
      <div className="composer__kinds" role="group" aria-label={t('field.kind')}>
        {activityKinds.map((value) => (
          <button
            key={value}
            type="button"
            className="composer__kind"
            aria-pressed={kind === value}
            data-testid={`composer-kind-${value}`}
            onClick={() => setKind(value)}
          >
            <ActivityKindIcon kind={value} />
            {t(`activityKind.${value}`)}
          </button>
        ))}
      </div>
      <input
        className="input"
        aria-label={t('field.subject')}
        placeholder={t('composer.subjectPlaceholder')}
        value={subject}
        data-testid="composer-subject"
        onChange={(event) => setSubject(event.target.value)}
      />
      <textarea
        className="input composer__body"
        aria-label={t('field.body')}
        placeholder={t('composer.bodyPlaceholder')}
        rows={2}
        value={body}
        data-testid="composer-body"
        onChange={(event) => setBody(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && !isComposing(event)) {
            event.preventDefault();
            event.currentTarget.form?.requestSubmit();
          }
        }}
      />
      {error === null ? null : (
        <p className="field__error" data-testid="composer-error">
          {error}
        </p>
      )}
      <div className="composer__actions">
        <button type="submit" className="button button--primary button--small" disabled={busy} data-testid="composer-submit">
          {busy ? <span className="spinner" aria-hidden="true" /> : null}
          {t('composer.log')}
        </button>
      </div>
    </form>
  );
}
