// The selection bar's Tags…, Owner… and (tasks) Assign… dialogs: tags added
// to or taken away from every selected record (typed as in a record's form,
// separated by commas, or picked among the tags the list's records use most:
// `<entity>.tagsInUse`), or one new owner or assignee for all of them, chosen
// among the people this device can name. The change is checked by the schema the main process
// applies (BulkChange) before it is sent; a refusal (a record that would hold
// too many tags, one gone meanwhile) shows in the dialog, which stays open
// with what was typed. Done, the dialog closes and the bar's Undo toast shows.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { BulkChange } from '../../../src-shared/domain/common';
import type { ListEntity } from '../../../src-shared/domain/saved-view';
import { TaskBulkChange } from '../../../src-shared/domain/task';
import { Alert } from '../../ui/Alert';
import { Dialog, DialogCancel } from '../../ui/Dialog';
import { RadioGroup } from '../../ui/RadioGroup';
import { Failed, Loading } from '../../ui/States';
import { TextField } from '../../ui/TextField';
import { issueWords } from '../../ui/form-errors';
import { wordsText, type Words } from '../../ui/words';
import { ownerOptions } from './owner-options';
import { usePeople } from './people';
import { TagPicks, typedTags } from './TagPicks';

interface BulkDialogProps {
  readonly count: number;
  /** Applies the change (useBulkActions' edit): settles once done, rejects with a refusal. */
  readonly onApply: (change: TaskBulkChange) => Promise<void>;
  readonly onClose: () => void;
}

/**
 * A bulk dialog's Cancel and submit buttons (the submit waits while its call runs, and Cancel with it: closed
 * meanwhile, the call's answer closed whichever dialog was open by then).
 */
export function BulkDialogActions({ label, busy, testId }: { readonly label: string; readonly busy: boolean; readonly testId: string }) {
  // Cancel as the dialog's Esc and ×: one holding what was typed asks first (DialogCancel).
  return (
    <div className="form-actions">
      <DialogCancel />
      <button type="submit" className="button button--primary" data-testid={testId} aria-disabled={busy}>
        {busy ? <span className="spinner" aria-hidden="true" /> : null}
        {label}
      </button>
    </div>
  );
}

/** Runs a bulk dialog's call once at a time; closes the dialog on success, keeps the refusal's words on failure. */
export function useBulkApply<Change>(onApply: (change: Change) => Promise<void>, onClose: () => void) {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Words | null>(null);
  const apply = (change: Change) => {
    if (busy) return;
    setBusy(true);
    setFailure(null);
    onApply(change).then(onClose, (error: unknown) => {
      setFailure({ error });
      setBusy(false);
    });
  };
  return { busy, failure, apply };
}

export function BulkTagsDialog({ entity, count, onApply, onClose }: BulkDialogProps & { readonly entity: ListEntity }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<'addTags' | 'removeTags'>('addTags');
  const [text, setText] = useState('');
  const [error, setError] = useState<Words | undefined>(undefined);
  const { busy, failure, apply } = useBulkApply(onApply, onClose);

  const edit = (value: string) => {
    setText(value);
    setError(undefined);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const tags = typedTags(text);
    const parsed = BulkChange.safeParse({ kind, tags });
    const issue = parsed.success ? undefined : parsed.error.issues[0];
    if (!parsed.success) {
      setError(issue === undefined ? { key: 'bulk.tagsHint' } : issueWords(issue));
      return;
    }
    setError(undefined);
    apply(parsed.data);
  };

  return (
    <Dialog title={t('bulk.tagsTitle', { count })} onClose={onClose} testId="bulk-tags-dialog" size="small" dirty={text.trim() !== ''} busy={busy}>
      <form className="form" onSubmit={submit} noValidate>
        <RadioGroup
          options={[
            { value: 'addTags', label: t('bulk.addTags'), testId: 'bulk-tags-add' },
            { value: 'removeTags', label: t('bulk.removeTags'), testId: 'bulk-tags-remove' },
          ]}
          value={kind}
          onChange={setKind}
          name={{ label: t('bulk.tagsMode') }}
          className="segmented"
          testId="bulk-tags-mode"
        />
        <TextField
          label={t('bulk.tagsLabel')}
          value={text}
          onChange={edit}
          testId="bulk-tags-input"
          hint={t('bulk.tagsHint')}
          error={error}
          autoComplete="off"
          required
        />
        <TagPicks entity={entity} text={text} onChange={edit} testId="bulk-tags-in-use" />
        {failure !== null ? (
          <Alert tone="error" testId="bulk-edit-failed">
            {wordsText(failure)}
          </Alert>
        ) : null}
        <BulkDialogActions label={t(kind === 'addTags' ? 'bulk.applyAdd' : 'bulk.applyRemove', { count })} busy={busy} testId="bulk-tags-apply" />
      </form>
    </Dialog>
  );
}

/** Words of the owner and assignee dialogs. */
const personWords = {
  owner: { title: 'bulk.ownerTitle', label: 'bulk.newOwner', apply: 'bulk.applyOwner' },
  assignee: { title: 'bulk.assigneeTitle', label: 'bulk.newAssignee', apply: 'bulk.applyAssignee' },
} as const;

/**
 * One new owner (or, for tasks, assignee) for the whole selection, among the people this device can name, the user
 * first. Until `session.user` has told who the user is, the dialog says it is reading them, or that it could not
 * with Try again, not a form: its select showed "Me" while holding no one, and Apply did nothing.
 */
export function BulkPersonDialog(props: BulkDialogProps & { readonly field: 'owner' | 'assignee' }) {
  const { t } = useTranslation();
  const { me, failure, reload } = usePeople();
  const { field, count, onClose } = props;
  if (me !== null) return <BulkPersonForm {...props} me={me} />;
  return (
    <Dialog title={t(personWords[field].title, { count })} onClose={onClose} testId={`bulk-${field}-dialog`} size="small">
      {failure === null ? (
        <Loading testId="bulk-people-loading" />
      ) : (
        <Failed title={t('bulk.peopleFailed')} message={wordsText({ error: failure })} onRetry={reload} testId="bulk-people-failed" />
      )}
    </Dialog>
  );
}

function BulkPersonForm({ count, onApply, onClose, field, me }: BulkDialogProps & { readonly field: 'owner' | 'assignee'; readonly me: string }) {
  const { t } = useTranslation();
  const { names } = usePeople();
  const options = ownerOptions([me, ...names.keys()], me, names);
  const [picked, setPicked] = useState(me);
  // A person the directory no longer names is not kept behind another one's label: the select holds what it shows.
  const person = options.some((option) => option.value === picked) ? picked : me;
  const [refused, setRefused] = useState<Words | null>(null);
  const { busy, failure, apply } = useBulkApply(onApply, onClose);
  const words = personWords[field];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = TaskBulkChange.safeParse(field === 'owner' ? { kind: 'owner', ownerId: person } : { kind: 'assignee', assigneeId: person });
    if (!parsed.success) {
      // Said, not swallowed: Apply never does nothing without a word.
      const issue = parsed.error.issues[0];
      setRefused(issue === undefined ? { error: parsed.error } : issueWords(issue));
      return;
    }
    setRefused(null);
    apply(parsed.data);
  };
  const shown = refused ?? failure;

  return (
    <Dialog title={t(words.title, { count })} onClose={onClose} testId={`bulk-${field}-dialog`} size="small" busy={busy}>
      <form className="form" onSubmit={submit}>
        <div className="field">
          <label htmlFor={`bulk-${field}`}>{t(words.label)}</label>
          <select id={`bulk-${field}`} data-testid={`bulk-${field}-select`} value={person} onChange={(event) => setPicked(event.target.value)}>
            {options.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </div>
        {shown !== null ? (
          <Alert tone="error" testId="bulk-edit-failed">
            {wordsText(shown)}
          </Alert>
        ) : null}
        <BulkDialogActions label={t(words.apply)} busy={busy} testId={`bulk-${field}-apply`} />
      </form>
    </Dialog>
  );
}
