// One labelled input for a FieldDef, used by create dialogs and inline edits:
// text, textarea, select, date, date-time, number, money, record picker, the
// five-part address, and tags (with the entity's tags in use as chips).
// Errors are linked with aria-describedby, and kept as words (ui/words.ts),
// worded as drawn so they follow a language switch. What is typed as text
// (not a date, number, amount or choice) is set dir="auto": a Hebrew or Arabic
// value is typed and shown right to left, its punctuation in place. A
// message about one part of an address (its postal code too long) marks that
// input alone and names the part; one about the whole address marks all five.
import { useId, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { LongTextCounter } from '../../ui/LongTextCounter';
import { wordsText, type Words } from '../../ui/words';
import { addressParts, type AddressPart, type FieldDef, type InputValue } from './fields';
import { RefPicker } from './RefPicker';
import { TagPicks } from './TagPicks';

export interface FieldEditorProps {
  readonly def: FieldDef;
  readonly value: InputValue;
  readonly onChange: (value: InputValue) => void;
  readonly error?: Words | undefined;
  /** An address: the messages about its parts (fields.ts partErrors). */
  readonly partErrors?: Partial<Record<AddressPart, Words>> | undefined;
  readonly autoFocus?: boolean;
  /** Inline edits hide the label visually (the field's row already shows it). */
  readonly compact?: boolean;
  readonly onKeyDown?: (event: KeyboardEvent<HTMLElement>) => void;
  readonly testId?: string;
}

const inputTypes = { text: 'text', date: 'date', datetime: 'datetime-local', number: 'number', money: 'text', currency: 'text' } as const;

export function FieldEditor({ def, value, onChange, error, partErrors = {}, autoFocus, compact, onKeyDown, testId }: FieldEditorProps) {
  const { t } = useTranslation();
  const id = useId();
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const countId = `${id}-count`;
  const text = typeof value === 'string' ? value : '';
  const counted = def.kind === 'longText';
  const invalidParts = addressParts.filter((part) => partErrors[part] !== undefined);
  const partErrorId = (part: AddressPart) => `${id}-error-${part}`;
  const describedBy = [error === undefined ? null : errorId, def.hint === undefined || compact === true ? null : hintId, counted ? countId : null]
    .filter((part) => part !== null)
    .join(' ');
  const common = {
    id,
    'aria-invalid': error !== undefined,
    'aria-describedby': describedBy === '' ? undefined : describedBy,
    'aria-required': def.required,
    autoFocus,
    onKeyDown,
    'data-testid': testId ?? def.testId ?? `field-${def.key}`,
  };

  function control() {
    switch (def.kind) {
      case 'longText':
      case 'lines':
        return <textarea {...common} dir="auto" rows={def.kind === 'lines' ? 3 : 5} value={text} onChange={(event) => onChange(event.target.value)} />;
      case 'select':
        return (
          <select {...common} value={text} onChange={(event) => onChange(event.target.value)}>
            {(def.options ?? []).map((option) => (
              <option key={option.value} value={option.value}>
                {typeof option.label === 'string' ? t(option.label) : option.label.text}
              </option>
            ))}
          </select>
        );
      case 'ref':
        return <RefPicker {...common} kind={def.refKind ?? 'account'} value={text} onChange={onChange} />;
      case 'address':
        if (typeof value === 'string') return null;
        return (
          <div className="address-editor" role="group" aria-labelledby={`${id}-label`}>
            {addressParts.map((part, index) => (
              <input
                key={part}
                className={`address-editor__${part}`}
                dir="auto"
                aria-label={t(`field.${part}`)}
                placeholder={t(`field.${part}`)}
                value={value[part]}
                autoFocus={autoFocus === true && index === 0}
                onKeyDown={onKeyDown}
                // Each part says the address was refused, and why: the group's error named no input before. A part's own
                // message marks that part alone (before, a long postal code marked all five).
                aria-invalid={common['aria-invalid'] || partErrors[part] !== undefined}
                aria-describedby={partErrors[part] === undefined ? common['aria-describedby'] : [partErrorId(part), common['aria-describedby']].filter((ids) => ids !== undefined).join(' ')}
                data-testid={`field-address-${part}`}
                onChange={(event) => onChange({ ...value, [part]: event.target.value })}
              />
            ))}
          </div>
        );
      case 'tags':
        return (
          <>
            <input {...common} type="text" dir="auto" value={text} onChange={(event) => onChange(event.target.value)} />
            {def.tagsOf === undefined ? null : <TagPicks entity={def.tagsOf} text={text} onChange={onChange} onKeyDown={onKeyDown} testId={`${common['data-testid']}-picks`} />}
          </>
        );
      default:
        return (
          <input
            {...common}
            type={inputTypes[def.kind]}
            dir={def.kind === 'text' ? 'auto' : undefined}
            inputMode={def.kind === 'money' ? 'decimal' : undefined}
            maxLength={def.kind === 'currency' ? 3 : undefined}
            value={text}
            onChange={(event) => onChange(event.target.value)}
          />
        );
    }
  }

  const label = t(def.label);
  return (
    <div
      className={[
        'field',
        error === undefined && invalidParts.length === 0 ? '' : 'field--invalid',
        def.wide === true || def.kind === 'address' || def.kind === 'longText' ? 'field--wide' : '',
      ].join(' ')}
    >
      <label id={`${id}-label`} htmlFor={def.kind === 'address' ? undefined : id} className={compact === true ? 'visually-hidden' : undefined}>
        {label}
        {def.required === true && compact !== true ? <span className="field__required" aria-hidden="true">{' *'}</span> : null}
      </label>
      {control()}
      {counted ? <LongTextCounter id={countId} length={text.length} /> : null}
      {def.hint === undefined || compact === true ? null : (
        <p className="field__hint" id={hintId}>
          {t(def.hint)}
        </p>
      )}
      {error === undefined ? null : (
        <p className="field__error" id={errorId} data-testid={`${common['data-testid']}-error`}>
          {wordsText(error)}
        </p>
      )}
      {invalidParts.map((part) => {
        const problem = partErrors[part];
        return problem === undefined ? null : (
          <p key={part} className="field__error" id={partErrorId(part)} data-testid={`field-address-${part}-error`}>
            {wordsText({ key: 'validation.addressPart', params: { part: { key: `field.${part}` }, problem } })}
          </p>
        );
      })}
    </div>
  );
}
