// The name form of a list's view bar, for a new view and for renaming one.
// A name is refused at the field, with the focus left (or put back) on it,
// before anything is sent: an empty one, and one another view of the list
// has already (viewNameKey: case and accents aside), since two tabs of one
// name could not be told apart. The main process checks the name again and
// answers `view_name_taken`, worded the same way. A built-in tab's name, in
// any UI language and compared the same way, is refused too (default-view.ts). Esc (from anywhere
// in the form) or Cancel leaves the form as it came; its Save stays focusable while it saves (`aria-disabled`),
// as disabling the focused button would drop the focus to the page.
import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { maxViewNameChars, viewNameKey } from '../../../src-shared/domain/saved-view';
import { BridgeError } from '../../api/errors';
import { isComposing } from '../../ui/ime';
import { wordsText, type Words } from '../../ui/words';

export interface ViewNameFormProps {
  /** The name the field starts with: empty for a new view, the view's own when renaming it. */
  readonly initial: string;
  /** The names of the list's other views (the one renamed aside). */
  readonly others: readonly string[];
  /** The names of the list's built-in tabs, in every UI language. */
  readonly builtIn: readonly string[];
  /** Saves under the name; rejects with the failure to show at the field. */
  readonly onSave: (name: string) => Promise<void>;
  readonly onCancel: () => void;
  readonly testId: string;
}

export function ViewNameForm({ initial, others, builtIn, onSave, onCancel, testId }: ViewNameFormProps) {
  const { t } = useTranslation();
  const [name, setName] = useState(initial);
  const [problem, setProblem] = useState<Words | null>(null);
  const [saving, setSaving] = useState(false);
  // Also a ref: two submits in one turn both see the state from before either.
  const savingNow = useRef(false);
  const input = useRef<HTMLInputElement>(null);
  const errorId = useId();

  /** What is wrong with the name before it is sent, if anything. */
  function refusal(trimmed: string): Words | null {
    if (trimmed === '') return { key: 'views.nameRequired' };
    const key = viewNameKey(trimmed);
    if (builtIn.some((name) => viewNameKey(name) === key)) return { key: 'views.nameBuiltIn', params: { name: trimmed } };
    const same = others.find((other) => viewNameKey(other) === key);
    return same === undefined ? null : { key: 'views.nameTaken', params: { name: same } };
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    // A second Enter or click while the first save is on its way would save the view twice.
    if (savingNow.current) return;
    const trimmed = name.trim();
    const refused = refusal(trimmed);
    if (refused !== null) {
      setProblem(refused);
      input.current?.focus();
      return;
    }
    savingNow.current = true;
    setSaving(true);
    try {
      await onSave(trimmed);
    } catch (error) {
      setProblem(error instanceof BridgeError && error.reason?.code === 'view_name_taken' ? { key: 'views.nameTaken', params: { name: trimmed } } : { error });
      input.current?.focus();
    } finally {
      savingNow.current = false;
      setSaving(false);
    }
  }

  return (
    <form
      className="viewbar__form"
      onSubmit={(event) => void submit(event)}
      // On the form, not the field: Esc leaves from Save and Cancel too (as the filter panel's does).
      onKeyDown={(event) => {
        if (event.key !== 'Escape' || isComposing(event)) return;
        event.preventDefault();
        onCancel();
      }}
      noValidate
      data-testid={testId}
    >
      <input
        ref={input}
        className="input"
        aria-label={t('views.name')}
        placeholder={t('views.name')}
        value={name}
        maxLength={maxViewNameChars}
        autoFocus
        aria-invalid={problem !== null}
        aria-describedby={problem === null ? undefined : errorId}
        data-testid="view-name"
        // A name being renamed is selected whole, so typing replaces it.
        onFocus={(event) => {
          if (initial !== '') event.currentTarget.select();
        }}
        onChange={(event) => {
          setName(event.target.value);
          setProblem(null);
        }}
      />
      <button type="submit" className="button button--primary button--small" aria-disabled={saving} aria-busy={saving} data-testid="view-save-confirm">
        {t('action.save')}
      </button>
      <button type="button" className="button button--ghost button--small" data-testid="view-name-cancel" onClick={onCancel}>
        {t('action.cancel')}
      </button>
      {problem === null ? null : (
        <span id={errorId} className="field__error" role="alert" data-testid="view-name-error">
          {wordsText(problem)}
        </span>
      )}
    </form>
  );
}
