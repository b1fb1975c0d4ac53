// Turns a zod schema's issues into one translated message per form field. The
// rules come from the shared schema (the same one the main process enforces);
// only the wording comes from the renderer's i18n catalogue.
import type { z } from 'zod';
import { i18n } from '../app/i18n';

export type FieldErrors<Field extends string> = Partial<Record<Field, string>>;

export type Validation<Data, Field extends string> =
  | { readonly ok: true; readonly data: Data }
  | { readonly ok: false; readonly errors: FieldErrors<Field> };

function sizeText(origin: string, bound: number, small: boolean): string {
  if (origin === 'string') {
    if (small) return bound <= 1 ? i18n.t('validation.required') : i18n.t('validation.tooShort', { min: bound });
    return i18n.t('validation.tooLong', { max: bound });
  }
  if (origin === 'array' || origin === 'set') {
    return small ? i18n.t('validation.required') : i18n.t('validation.tooBig', { max: bound });
  }
  if (origin === 'date') return i18n.t('validation.date');
  return small ? i18n.t('validation.tooSmall', { min: bound }) : i18n.t('validation.tooBig', { max: bound });
}

export function issueText(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'too_small':
      return sizeText(issue.origin, Number(issue.minimum), true);
    case 'too_big':
      return sizeText(issue.origin, Number(issue.maximum), false);
    case 'invalid_format':
      if (issue.format === 'email') return i18n.t('validation.email');
      if (issue.format === 'url') return i18n.t('validation.url');
      if (issue.format === 'date' || issue.format === 'datetime') return i18n.t('validation.date');
      return i18n.t('validation.invalid');
    case 'invalid_value':
      return i18n.t('validation.choice');
    case 'invalid_union': {
      // e.g. "empty, or a web address": the branch that got furthest names the real problem.
      const telling = issue.errors.flat().find((inner) => inner.code !== 'invalid_value' && inner.code !== 'invalid_type');
      return telling === undefined ? i18n.t('validation.invalid') : issueText(telling);
    }
    case 'invalid_type':
      if (issue.expected === 'number' || issue.expected === 'int') return i18n.t('validation.number');
      if (issue.expected === 'date') return i18n.t('validation.date');
      return i18n.t('validation.required');
    default:
      return i18n.t('validation.invalid');
  }
}

/** Parses `values` with `schema`; on failure, the first issue of each named field. */
export function validate<Schema extends z.ZodType, Field extends string>(
  schema: Schema,
  values: Record<Field, unknown>,
): Validation<z.output<Schema>, Field> {
  const parsed = schema.safeParse(values);
  if (parsed.success) return { ok: true, data: parsed.data };
  const fields = Object.keys(values).filter((key): key is Field => key in values);
  return { ok: false, errors: issuesByField(parsed.error.issues, fields) };
}

/** The first message per field among `fields`, from a list of zod issues. */
export function issuesByField<Field extends string>(
  issues: readonly z.core.$ZodIssue[],
  fields: readonly Field[],
): FieldErrors<Field> {
  const errors: FieldErrors<Field> = {};
  const known = new Set<string>(fields);
  for (const issue of issues) {
    const field = issue.path[0];
    if (typeof field !== 'string' || !known.has(field)) continue;
    const key = field as Field;
    errors[key] ??= issueText(issue);
  }
  return errors;
}

export function hasErrors(errors: FieldErrors<string>): boolean {
  return Object.values(errors).some((message) => message !== undefined);
}
