// Turns a zod schema's issues into one translated message per form field. The
// rules come from the shared schema (the same one the main process enforces),
// classified as the main process classifies an import's (fieldRuleOf); only
// the wording comes from the renderer's i18n catalogue.
import type { z } from 'zod';
import { fieldRuleOf } from '../../src-shared/ipc/reasons';
import { fieldRuleText } from './reason-text';

export type FieldErrors<Field extends string> = Partial<Record<Field, string>>;

export type Validation<Data, Field extends string> =
  | { readonly ok: true; readonly data: Data }
  | { readonly ok: false; readonly errors: FieldErrors<Field> };

export function issueText(issue: z.core.$ZodIssue): string {
  return fieldRuleText(fieldRuleOf(issue));
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
