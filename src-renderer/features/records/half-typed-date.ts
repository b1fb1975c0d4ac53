// A date or date-time input the user left half-typed (a segment empty, or a
// year of six digits) holds the value "" in Chromium, the same as one left
// blank: read as it is, a stray Backspace in Due saved "no due date" and a
// reminder one segment short was dropped without a word. The browser marks
// such an input `validity.badInput`; this reads that mark, so the form can
// refuse it at the field instead. A number input the browser cannot read
// ("4e") is marked the same way, and so is a record picker holding a name
// typed and never picked (RefPicker's data-unpicked).
import type { Words } from '../../ui/words';
import type { FieldDef } from './fields';

/**
 * What to say of the input of `def` in `element` when it is a date or date-time the browser holds half-typed,
 * or a number it cannot read ("4e", "5-": also "" to the page, and a New activity's Duration was saved as 0).
 */
export function halfTypedDate(def: FieldDef, element: Element | null | undefined): Words | undefined {
  // A name typed in a record picker and never picked from its list (RefPicker marks it).
  if (def.kind === 'ref') return element instanceof HTMLInputElement && element.dataset['unpicked'] === 'true' ? { key: 'validation.refUnpicked' } : undefined;
  if (def.kind !== 'date' && def.kind !== 'datetime' && def.kind !== 'number') return undefined;
  if (!(element instanceof HTMLInputElement) || !element.validity.badInput) return undefined;
  if (def.kind === 'number') return { key: 'validation.number' };
  return { key: def.kind === 'date' ? 'validation.dateIncomplete' : 'validation.dateTimeIncomplete' };
}

/** The fields of `defs` whose inputs in `form` (found by test id, as FieldEditor marks them) are half-typed dates or unreadable numbers. */
export function halfTypedDates(defs: readonly FieldDef[], form: HTMLElement): Record<string, Words> {
  const problems: Record<string, Words> = {};
  for (const def of defs) {
    const problem = halfTypedDate(def, form.querySelector(`[data-testid="${def.testId ?? `field-${def.key}`}"]`));
    if (problem !== undefined) problems[def.key] = problem;
  }
  return problems;
}
