// The filter editor under a list's toolbar: the controls the entity's spec
// names, edited as a draft and applied together. The draft is checked with
// the entity's shared query schema; problems show beside their control,
// which points at its message (aria-describedby) and takes the focus.
// Opened, it takes the focus on its first control (it sits after the toolbar's
// other buttons); Esc closes it like Cancel, and Apply, Cancel and Esc give the
// focus back to the button that opened it before the panel leaves, so a
// keyboard user never lands on the page.
import { useEffect, useId, useLayoutEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { i18n, type MessageKey } from '../../app/i18n';
import { removedStageName } from '../deals/stages';
import { isComposing } from '../../ui/ime';
import type { FieldErrors } from '../../ui/form-errors';
import { wordsText } from '../../ui/words';
import type { FilterControl, ListSpec, Option } from './list-spec';
import { formError } from './query-check';
import { type FilterState, type ListState } from './list-state';

export interface ChoiceSets {
  readonly owner: readonly Option[];
  readonly assignee: readonly Option[];
  readonly stage: readonly Option[];
  readonly stageKind: readonly Option[];
  readonly kind: readonly Option[];
  readonly status: readonly Option[];
  readonly priority: readonly Option[];
}

export interface FilterPanelProps<Row extends { readonly id: string }> {
  readonly spec: ListSpec<Row>;
  readonly state: ListState;
  readonly choices: ChoiceSets;
  /** What Clear sets the draft to: a built-in tab's own filters ("Open deals"), none on a saved view. */
  readonly clearTo: FilterState;
  readonly onApply: (filter: FilterState) => void;
  readonly onClose: () => void;
}

type ListKey = 'stageIds' | 'stageKinds' | 'kinds' | 'statuses' | 'priorities';
const multi: ReadonlyArray<{ control: FilterControl; key: ListKey; set: keyof ChoiceSets; label: MessageKey }> = [
  { control: 'stageKind', key: 'stageKinds', set: 'stageKind', label: 'filter.stageKind' },
  { control: 'stage', key: 'stageIds', set: 'stage', label: 'filter.stage' },
  { control: 'kind', key: 'kinds', set: 'kind', label: 'filter.kind' },
  { control: 'status', key: 'statuses', set: 'status', label: 'filter.status' },
  { control: 'priority', key: 'priorities', set: 'priority', label: 'filter.priority' },
];
const people: ReadonlyArray<{ control: 'owner' | 'assignee'; key: 'ownerId' | 'assigneeId'; label: MessageKey; anyone: MessageKey }> = [
  { control: 'owner', key: 'ownerId', label: 'filter.owner', anyone: 'filter.anyOwner' },
  { control: 'assignee', key: 'assigneeId', label: 'filter.assignee', anyone: 'filter.anyOwner' },
];
const texts: ReadonlyArray<{ control: FilterControl; key: 'territory' | 'industry' | 'tags'; label: MessageKey }> = [
  { control: 'territory', key: 'territory', label: 'filter.territory' },
  { control: 'industry', key: 'industry', label: 'filter.industry' },
  { control: 'tags', key: 'tags', label: 'filter.tags' },
];

/**
 * The choices, and after them each value the filter holds that is not among them (a stage a saved view names
 * that was removed since): before, such a value filtered the list with no chip to show it or take it away.
 * While the choices are not read yet (none), a held value shows as it is, not as removed.
 */
function withHeldValues(options: readonly Option[], held: readonly string[], removed: (value: string) => string): readonly Option[] {
  const known = new Set(options.map((option) => option.value));
  const extra = held.filter((value) => !known.has(value)).map((value) => ({ value, label: options.length === 0 ? value : removed(value) }));
  return extra.length === 0 ? options : [...options, ...extra];
}

/**
 * The chip of a value the filter holds that is no longer a choice: a removed stage that was one of the default
 * stages by its default name in the UI language (its id is English), any other by its id.
 */
export function removedChoiceLabel(control: FilterControl, value: string): string {
  return i18n.t('filter.removedChoice', { value: control === 'stage' ? removedStageName(value) : value });
}

export function FilterPanel<Row extends { readonly id: string }>(props: FilterPanelProps<Row>) {
  const { t } = useTranslation();
  const { spec, choices } = props;
  const [draft, setDraft] = useState<FilterState>(props.state.filter);
  const [errors, setErrors] = useState<FieldErrors<string>>({});
  const idBase = useId();
  const form = useRef<HTMLFormElement>(null);
  const focusInvalid = useRef(false);
  // The Filter button (focused by its press or click) the focus goes back to.
  const [opener] = useState(() => (document.activeElement instanceof HTMLElement ? document.activeElement : null));
  const errorId = (control: FilterControl) => `${idBase}-${control}-error`;
  /** What a control carries when the check found a problem with it. */
  const invalid = (control: FilterControl) =>
    errors[control] === undefined ? {} : { 'aria-invalid': true as const, 'aria-describedby': errorId(control) };

  // After a refused Apply, focus goes to the first control with a problem.
  useLayoutEffect(() => {
    if (!focusInvalid.current) return;
    focusInvalid.current = false;
    form.current?.querySelector<HTMLElement>('[aria-invalid="true"]:not(:disabled)')?.focus();
  }, [errors]);
  useEffect(() => {
    form.current?.querySelector<HTMLElement>('input:not(:disabled), select:not(:disabled), button')?.focus();
  }, []);

  /** Gives the focus back to the opener when the panel holds it, then runs `leave` (which takes the panel away). */
  function handBack(leave: () => void) {
    if (form.current?.contains(document.activeElement) === true) opener?.focus();
    leave();
  }

  function onKeyDown(event: KeyboardEvent<HTMLFormElement>) {
    if (event.key !== 'Escape' || isComposing(event)) return;
    event.preventDefault();
    handBack(props.onClose);
  }

  const has = (control: FilterControl) => spec.filters.includes(control);
  const set = (patch: Partial<FilterState>) => setDraft((current) => ({ ...current, ...patch }));

  function toggle(key: ListKey, value: string) {
    const current = draft[key];
    set({ [key]: current.includes(value) ? current.filter((item) => item !== value) : [...current, value] });
  }

  /**
   * A From or To the user left half-typed holds "" in Chromium, as a blank one does (half-typed-date.ts): read
   * as it is, the list was filtered by the other end alone, or not at all, with no word of it.
   */
  function halfTypedRange(): boolean {
    return ['filter-from', 'filter-to'].some((testId) => {
      const input = form.current?.querySelector(`[data-testid="${testId}"]`);
      return input instanceof HTMLInputElement && !input.disabled && input.validity.badInput;
    });
  }

  function apply(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (halfTypedRange()) {
      focusInvalid.current = true;
      setErrors({ dateRange: { key: 'validation.dateIncomplete' } });
      return;
    }
    const checked = spec.check({ ...props.state, filter: draft });
    if (!checked.ok) {
      focusInvalid.current = true;
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    handBack(() => props.onApply(draft));
  }

  const error = (control: FilterControl) => {
    const words = errors[control];
    return words === undefined ? null : (
      <p className="field__error" id={errorId(control)} data-testid={`filter-${control}-error`}>
        {wordsText(words)}
      </p>
    );
  };

  return (
    <form ref={form} className="filter-panel" onSubmit={apply} onKeyDown={onKeyDown} data-testid="filter-panel" noValidate>
      <div className="filter-panel__grid">
        {people.filter(({ control }) => has(control)).map(({ control, key, label, anyone }) => (
          <div className="field" key={key}>
            <label htmlFor={`filter-${control}`}>{t(label)}</label>
            <select id={`filter-${control}`} value={draft[key]} onChange={(event) => set({ [key]: event.target.value })} {...invalid(control)}>
              <option value="">{t(anyone)}</option>
              {choices[control].map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </select>
            {error(control)}
          </div>
        ))}
        {texts.filter(({ control }) => has(control)).map(({ control, key, label }) => (
          <div className="field" key={key}>
            <label htmlFor={`filter-${key}`}>{t(label)}</label>
            <input
              id={`filter-${key}`}
              data-testid={`filter-${key}`}
              value={draft[key]}
              onChange={(event) => set({ [key]: event.target.value })}
              {...invalid(control)}
            />
            {error(control)}
          </div>
        ))}
        {has('dateRange') ? (
          <fieldset className="field filter-panel__range">
            <legend className="field__label">{t('filter.dateField')}</legend>
            <select
              aria-label={t('filter.dateField')}
              data-testid="filter-date-field"
              value={draft.dateField}
              onChange={(event) => set({ dateField: event.target.value })}
            >
              <option value="">{t('form.none')}</option>
              {spec.dateFields.map((option) => (
                <option key={option.field} value={option.field}>
                  {t(option.label)}
                </option>
              ))}
            </select>
            <input
              type="date"
              aria-label={t('filter.from')}
              data-testid="filter-from"
              {...invalid('dateRange')}
              value={draft.from}
              disabled={draft.dateField === ''}
              onChange={(event) => set({ from: event.target.value })}
            />
            <input
              type="date"
              aria-label={t('filter.to')}
              data-testid="filter-to"
              {...invalid('dateRange')}
              value={draft.to}
              disabled={draft.dateField === ''}
              onChange={(event) => set({ to: event.target.value })}
            />
            {error('dateRange')}
          </fieldset>
        ) : null}
      </div>
      {multi.filter(({ control }) => has(control)).map(({ control, key, set: setName, label }) => (
        <fieldset className="filter-panel__choices" key={key}>
          <legend className="field__label">{t(label)}</legend>
          <div className="chip-set" {...(errors[control] === undefined ? {} : { 'aria-describedby': errorId(control) })}>
            {withHeldValues(choices[setName], draft[key], (value) => removedChoiceLabel(control, value)).map((option) => (
              <button
                key={option.value}
                type="button"
                className="chip"
                aria-pressed={draft[key].includes(option.value)}
                data-testid={`filter-${control}-${option.value}`}
                onClick={() => toggle(key, option.value)}
              >
                {option.label}
              </button>
            ))}
          </div>
          {error(control)}
        </fieldset>
      ))}
      {errors[formError] === undefined ? null : (
        <p className="field__error" role="alert" data-testid="filter-form-error">
          {wordsText(errors[formError])}
        </p>
      )}
      <div className="form-actions">
        <button type="button" className="button button--ghost" onClick={() => setDraft(props.clearTo)}>
          {t('filter.clear')}
        </button>
        <button type="button" className="button button--secondary" data-testid="filter-cancel" onClick={() => handBack(props.onClose)}>
          {t('action.cancel')}
        </button>
        <button type="submit" className="button button--primary" data-testid="filter-apply">
          {t('action.apply')}
        </button>
      </div>
    </form>
  );
}
