// Quick "log activity" box at the top of a timeline: pick call, meeting,
// email or note (a radio group: ActivityKindRadios), type what happened, Log.
// The "l" shortcut (useShortcuts) brings it into view with the focus on the
// subject, from anywhere on the page. Checked with the shared
// ActivityDraft schema; the record the page shows is linked automatically.
// A refused subject or body points at its message (aria-invalid,
// aria-describedby) and takes the focus; a failed call's message is an alert.
// Each message is kept as words (ui/words.ts), worded as drawn.
// An activity with neither a subject nor details is not logged: it would be a
// bare "Call" on the timeline. The rule is the composer's, not ActivityDraft's:
// the New activity dialog can log one by its outcome, duration or tags, and
// activities from other devices and older versions stay valid.
// While Log runs its button stays focusable (aria-disabled: a disabled button
// would drop the focus to the page); once logged, a focus still in the form
// (on Log, or in the notes after Ctrl+Enter) goes to the subject, ready for
// the next entry; only what was logged is cleared (text typed while it saved
// stays, for the next Log). A record in the trash
// (useRecordReadOnly) has no composer, and so no "l": nothing is logged on it
// until restored; one trashed (by a sync) while the composer holds text keeps
// it, with Log off and a note saying why, until the restore.
import { useEffect, useId, useLayoutEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ActivityDraft, type ActivityKind } from '../../../src-shared/domain/activity';
import { useApi } from '../../app/api-context';
import { useUnsavedChanges } from '../../app/router';
import { issuesByField, refusedField } from '../../ui/form-errors';
import { useToasts } from '../../ui/toasts';
import { wordsText, type Words } from '../../ui/words';
import { isComposing } from '../../ui/ime';
import { LongTextCounter } from '../../ui/LongTextCounter';
import { logAfterLinkKey, useLogActivityAction } from '../shell/log-activity';
import { ActivityKindRadios } from './ActivityKindRadios';
import { useRecordReadOnly } from './read-only';

export interface Links {
  readonly contactId?: string | null;
  readonly accountId?: string | null;
  readonly dealId?: string | null;
}

export interface ActivityComposerProps {
  readonly links: Links;
  readonly onLogged: () => void;
}

export function ActivityComposer(props: ActivityComposerProps) {
  const readOnly = useRecordReadOnly();
  // Held here, not in the form: a sync that trashes the record while something is typed keeps the form (Log
  // off, saying why) and its text, which came back with the record's restore; before, the form went, and the
  // typing with it, unasked.
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  if (readOnly && subject.trim() === '' && body.trim() === '') return null;
  return <ComposerForm {...props} readOnly={readOnly} subject={subject} setSubject={setSubject} body={body} setBody={setBody} />;
}

/**
 * The "l" shortcut, offered while the record is not in the trash. Its page left (or the record trashed), the
 * "Log the call" a link offered goes too: pressed later, it opened the composer of whatever page was on screen,
 * and the call was logged against another record.
 */
function LogShortcut({ onLog }: { readonly onLog: (as?: ActivityKind) => void }) {
  useLogActivityAction(onLog);
  const toasts = useToasts();
  useEffect(() => () => toasts.withdraw(logAfterLinkKey), [toasts]);
  return null;
}

interface ComposerFormProps extends ActivityComposerProps {
  readonly readOnly: boolean;
  readonly subject: string;
  readonly setSubject: (change: (current: string) => string) => void;
  readonly body: string;
  readonly setBody: (change: (current: string) => string) => void;
}

function ComposerForm({ links, onLogged, readOnly, subject, setSubject, body, setBody }: ComposerFormProps) {
  const { t } = useTranslation();
  const api = useApi();
  const toasts = useToasts();
  const [kind, setKind] = useState<ActivityKind>('call');
  const [error, setError] = useState<{ readonly message: Words; readonly field: 'subject' | 'body' | null } | null>(null);
  const [busy, setBusy] = useState(false);
  // Also a ref: a second press before the re-render would log the activity twice.
  const busyNow = useRef(false);
  const errorId = `${useId()}-error`;
  const countId = `${errorId}-count`;
  const formElement = useRef<HTMLFormElement>(null);
  const subjectInput = useRef<HTMLInputElement>(null);
  const bodyInput = useRef<HTMLTextAreaElement>(null);
  const goToComposer = (as?: ActivityKind) => {
    if (as !== undefined) setKind(as);
    formElement.current?.scrollIntoView({ block: 'nearest' });
    subjectInput.current?.focus({ preventScroll: true });
  };
  // Keep editing goes back to the notes when only they hold text.
  useUnsavedChanges(subject.trim() !== '' || body.trim() !== '', subject.trim() === '' && body.trim() !== '' ? bodyInput : subjectInput);

  // After a refused Log, focus goes to the field the message is about.
  useLayoutEffect(() => {
    if (error?.field === 'subject') subjectInput.current?.focus();
    else if (error?.field === 'body') bodyInput.current?.focus();
  }, [error]);

  /** What a field carries while the message is about it. */
  const invalid = (field: 'subject' | 'body') =>
    error?.field === field ? { 'aria-invalid': true as const, 'aria-describedby': errorId } : {};

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busyNow.current) return;
    // In the trash nothing is logged on the record until it is restored: the text waits for that.
    if (readOnly) return;
    if (subject.trim() === '' && body.trim() === '') {
      setError({ message: { key: 'composer.empty' }, field: 'subject' });
      return;
    }
    // Notes of only spaces and new lines are no notes: the timeline drew an empty block for them (and, masked, a
    // Show over nothing). Notes with text go as typed, their indent and blank lines kept.
    const parsed = ActivityDraft.safeParse({ kind, subject, body: body.trim() === '' ? '' : body, occurredAt: Date.now(), ...links });
    if (!parsed.success) {
      const errors = issuesByField(parsed.error.issues, ['subject', 'body']);
      const field = errors.subject !== undefined ? 'subject' : errors.body !== undefined ? 'body' : null;
      setError({ message: errors.subject ?? errors.body ?? { key: 'validation.invalid' }, field });
      return;
    }
    const form = event.currentTarget;
    busyNow.current = true;
    setBusy(true);
    setError(null);
    try {
      await api.invoke('activities.create', parsed.data);
      // Only what was logged goes: text typed while it saved stays (it cleared it, unlogged and with nothing to ask).
      setSubject((current) => (current === subject ? '' : current));
      setBody((current) => (current === body ? '' : current));
      if (form.contains(document.activeElement)) subjectInput.current?.focus();
      toasts.show({ message: { key: 'composer.logged' }, tone: 'success', testId: 'activity-logged' });
      onLogged();
    } catch (failure) {
      const refused = refusedField(failure, ['subject', 'body'] as const);
      setError(refused === null ? { message: { error: failure }, field: null } : { message: refused.words, field: refused.field });
    } finally {
      busyNow.current = false;
      setBusy(false);
    }
  }

  return (
    <form className="composer" ref={formElement} onSubmit={(event) => void submit(event)} data-testid="activity-composer" noValidate>
      {readOnly ? null : <LogShortcut onLog={goToComposer} />}
      <ActivityKindRadios kind={kind} onChange={setKind} />
      <input
        className="input"
        aria-label={t('field.subject')}
        placeholder={t('composer.subjectPlaceholder')}
        value={subject}
        ref={subjectInput}
        {...invalid('subject')}
        aria-keyshortcuts="l"
        data-testid="composer-subject"
        dir="auto"
        onChange={(event) => {
          const next = event.target.value;
          setSubject(() => next);
        }}
      />
      <textarea
        className="input composer__body"
        aria-label={t('field.body')}
        placeholder={t('composer.bodyPlaceholder')}
        rows={2}
        value={body}
        ref={bodyInput}
        {...invalid('body')}
        aria-describedby={error?.field === 'body' ? `${errorId} ${countId}` : countId}
        data-testid="composer-body"
        dir="auto"
        onChange={(event) => {
          const next = event.target.value;
          setBody(() => next);
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && !isComposing(event)) {
            event.preventDefault();
            event.currentTarget.form?.requestSubmit();
          }
        }}
      />
      <LongTextCounter id={countId} length={body.length} />
      {error === null ? null : (
        <p className="field__error" id={errorId} role={error.field === null ? 'alert' : undefined} data-testid="composer-error">
          {wordsText(error.message)}
        </p>
      )}
      <div className="composer__actions">
        <button
          type="submit"
          className="button button--primary button--small"
          aria-disabled={busy || readOnly}
          aria-busy={busy}
          aria-describedby={readOnly ? `${errorId}-trashed` : undefined}
          data-testid="composer-submit"
        >
          {busy ? <span className="spinner" aria-hidden="true" /> : null}
          {t('composer.log')}
        </button>
        {readOnly ? (
          <span className="field__hint" id={`${errorId}-trashed`} data-testid="composer-trashed">
            {t('composer.trashed')}
          </span>
        ) : null}
      </div>
    </form>
  );
}
