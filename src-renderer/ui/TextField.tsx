// A labelled input (or textarea) with an optional hint and an inline error
// that is announced to screen readers and linked through aria-describedby.
// A message shown elsewhere in the form (an alert after a refused submit) can
// mark the field invalid and describe it too (`invalid`, `describedBy`).
// A password field warns while Caps Lock is on (CapsLockHint). The error is
// words, worded as drawn, so it follows a language switch.
import { useId, useState, type ChangeEvent, type KeyboardEvent, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { CapsLockHint } from './CapsLockHint';
import { wordsText, type Words } from './words';

export interface TextFieldProps {
  readonly label: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly testId: string;
  readonly type?: 'text' | 'password' | 'email' | 'tel';
  readonly error?: Words | undefined;
  /** Invalid for a message outside the field, whose element `describedBy` names. */
  readonly invalid?: boolean;
  readonly describedBy?: string;
  readonly hint?: string;
  readonly autoFocus?: boolean;
  readonly autoComplete?: string;
  readonly multiline?: boolean;
  readonly required?: boolean;
  readonly disabled?: boolean;
  /** Kept as it is (while a form sends it, say) yet focusable: a disabled field drops the focus to the page. */
  readonly readOnly?: boolean;
  readonly inputRef?: Ref<HTMLInputElement>;
  readonly onKeyDown?: (event: KeyboardEvent<HTMLInputElement | HTMLTextAreaElement>) => void;
}

export function TextField(props: TextFieldProps) {
  // Re-render on a language switch: the error is worded here.
  useTranslation();
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const [focused, setFocused] = useState(false);
  const describedBy = [props.hint === undefined ? null : hintId, props.error === undefined ? null : errorId, props.describedBy ?? null]
    .filter((part) => part !== null)
    .join(' ');
  const shared = {
    id,
    value: props.value,
    'data-testid': props.testId,
    'aria-invalid': props.error !== undefined || props.invalid === true,
    'aria-describedby': describedBy === '' ? undefined : describedBy,
    'aria-required': props.required,
    autoFocus: props.autoFocus,
    disabled: props.disabled,
    readOnly: props.readOnly,
    onKeyDown: props.onKeyDown,
    spellCheck: false,
    // A Hebrew or Arabic name is typed and shown right to left, with its punctuation in place.
    dir: 'auto',
  };
  return (
    <div className={props.error === undefined ? 'field' : 'field field--invalid'}>
      <label htmlFor={id}>{props.label}</label>
      {props.multiline === true ? (
        <textarea
          {...shared}
          rows={4}
          onChange={(event: ChangeEvent<HTMLTextAreaElement>) => props.onChange(event.target.value)}
        />
      ) : (
        <input
          {...shared}
          ref={props.inputRef}
          type={props.type ?? 'text'}
          autoComplete={props.autoComplete ?? 'off'}
          onChange={(event: ChangeEvent<HTMLInputElement>) => props.onChange(event.target.value)}
          onFocus={() => setFocused(true)}
          onBlur={() => setFocused(false)}
        />
      )}
      {props.type === 'password' ? <CapsLockHint testId={`${props.testId}-caps-lock`} active={focused} /> : null}
      {props.hint === undefined ? null : (
        <p className="field__hint" id={hintId}>
          {props.hint}
        </p>
      )}
      {props.error === undefined ? null : (
        <p className="field__error" id={errorId} data-testid={`${props.testId}-error`}>
          {wordsText(props.error)}
        </p>
      )}
    </div>
  );
}
