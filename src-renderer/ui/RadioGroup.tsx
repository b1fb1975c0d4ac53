// A one-of-N choice as a WAI-ARIA radio group of buttons: one Tab stop, on
// the chosen option; Right and Down choose the next option, Left and Up the
// previous one (wrapping), Home and End the first and last, and the focus
// moves with the choice; a click, Space or Enter chooses the option pressed.
// Used by the composer's activity kind, the theme and the deals views.
import { useEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { rovingIndex } from './roving';

export interface RadioOption<T extends string> {
  readonly value: T;
  readonly label: ReactNode;
  readonly testId: string;
}

export interface RadioGroupProps<T extends string> {
  readonly options: readonly RadioOption<T>[];
  readonly value: T;
  readonly onChange: (value: T) => void;
  /** The group's name: its text, or the id of the element that shows it. */
  readonly name: { readonly label: string } | { readonly labelledBy: string };
  readonly className: string;
  readonly optionClassName?: string;
  readonly testId?: string;
  /** Focus the chosen option when the group first shows (a group on the page a choice led to). */
  readonly focusOnMount?: boolean;
}

export function RadioGroup<T extends string>({ options, value, onChange, name, className, optionClassName, testId, focusOnMount = false }: RadioGroupProps<T>) {
  const radios = useRef(new Map<T, HTMLButtonElement>());
  // Only when the group first shows: later choices move the focus themselves. After the layout
  // effects, the workspace's among them, which put the focus at the top of a page just opened.
  const mountFocus = useRef(focusOnMount ? value : null);
  useEffect(() => {
    if (mountFocus.current !== null) radios.current.get(mountFocus.current)?.focus();
  }, []);

  function onKeyDown(event: KeyboardEvent<HTMLButtonElement>, index: number) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const target = rovingIndex(event.key, index, options.length, 'both');
    const next = target === null ? undefined : options[target];
    if (next === undefined) return;
    event.preventDefault();
    radios.current.get(next.value)?.focus();
    onChange(next.value);
  }

  return (
    <div
      className={className}
      role="radiogroup"
      {...('label' in name ? { 'aria-label': name.label } : { 'aria-labelledby': name.labelledBy })}
      {...(testId === undefined ? {} : { 'data-testid': testId })}
    >
      {options.map((option, index) => (
        <button
          key={option.value}
          ref={(element) => {
            if (element === null) radios.current.delete(option.value);
            else radios.current.set(option.value, element);
          }}
          type="button"
          role="radio"
          {...(optionClassName === undefined ? {} : { className: optionClassName })}
          aria-checked={value === option.value}
          tabIndex={value === option.value ? 0 : -1}
          data-testid={option.testId}
          onClick={() => onChange(option.value)}
          onKeyDown={(event) => onKeyDown(event, index)}
        >
          {option.label}
        </button>
      ))}
    </div>
  );
}
