// Turns a zod schema's issues into one translated message per form field. The
// rules come from the shared schema (the same one the main process enforces);
// only the wording comes from the renderer's i18n table.
import type { z } from 'zod';
import { t } from '../app/i18n';

export type FieldErrors<Field extends string> = Partial<Record<Field, string>>;

export type Validation<Data, Field extends string> =
  | { readonly ok: true; readonly data: Data }
  | { readonly ok: false; readonly errors: FieldErrors<Field> };

export function issueText(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'too_small':
      return Number(issue.minimum) <= 1 ? t('validation.required') : t('validation.tooShort', { min: Number(issue.minimum) });
    case 'too_big':
      return t('validation.tooLong', { max: Number(issue.maximum) });
    case 'invalid_format':
      return issue.format === 'email' ? t('validation.email') : t('validation.invalid');
    default:
      return t('validation.invalid');
  }
}

/** Parses `values` with `schema`; on failure, the first issue of each named field. */
export function validate<Schema extends z.ZodType, Field extends string>(
  schema: Schema,
  values: Record<Field, string>,
): Validation<z.output<Schema>, Field> {
  const parsed = schema.safeParse(values);
  if (parsed.success) return { ok: true, data: parsed.data };
  const errors: FieldErrors<Field> = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0];
    if (typeof field !== 'string' || !Object.prototype.hasOwnProperty.call(values, field)) continue;
    const key = field as Field;
    errors[key] ??= issueText(issue);
  }
  return { ok: false, errors };
}

export function hasErrors(errors: FieldErrors<string>): boolean {
  return Object.values(errors).some((message) => message !== undefined);
}
